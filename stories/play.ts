/**
 * Drives a widget from a story's `play` function the way a person would: typing fires `input`,
 * choosing fires `change`. Story canvases cannot reach into shadow roots with Testing Library.
 */
export async function settled(element: Element): Promise<HTMLElement & { shadowRoot: ShadowRoot }> {
  const el = element as HTMLElement & { updateComplete?: Promise<unknown>; shadowRoot: ShadowRoot };
  await el.updateComplete;
  return el;
}

/**
 * Waits until `selector` matches inside the element's shadow root. The timeout only ends a wait
 * for what never comes; it is long because the Storybook sweep renders three stories at once.
 */
export async function find<T extends Element = HTMLElement>(element: Element, selector: string, timeout = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = element.shadowRoot?.querySelector<T>(selector);
    if (found) return found;
    if (Date.now() - started > timeout) throw new Error(`${selector} did not appear in <${element.localName}>`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function type(element: Element, selector: string, text: string): Promise<void> {
  const input = await find<HTMLInputElement | HTMLTextAreaElement>(element, selector);
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('blur'));
}

export async function check(element: Element, selector: string): Promise<void> {
  const input = await find<HTMLInputElement>(element, selector);
  input.checked = true;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

export async function click(element: Element, selector: string): Promise<void> {
  (await find(element, selector)).click();
}
