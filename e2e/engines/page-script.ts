/**
 * What the smoke looks for, found inside the page by what a person reads: a field by its label, a
 * button, tab or heading by its text, a text anywhere. Shadow roots are searched through, as a
 * person does not see them. The search runs in the page, identical under every driver.
 */
export interface Query {
  /** The element whose shadow tree is searched (`call-me-form`); the whole document when absent. */
  host?: string;
  /** field: a form control named by its label; choice: the label of a radio or checkbox, which is what a person clicks; button: one enabled; css: a selector. */
  kind: 'field' | 'choice' | 'button' | 'heading' | 'text' | 'css';
  /** A regular expression's source matched against the normalised text (or the selector, for css). */
  name: string;
}

/**
 * The in-page search, as source text: drivers serialise what they send to the page, and a
 * function compiled by tsx would carry its helpers (`__name`) along, which the page lacks.
 */
export const LOCATE = String.raw`(query) => {
  const norm = (text) => (text || '').replace(/\s+/g, ' ').trim();
  const pattern = query.kind === 'css' ? null : new RegExp(query.name);
  const roots = [];
  const walk = (root) => {
    roots.push(root);
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
  };
  if (query.host) for (const host of document.querySelectorAll(query.host)) walk(host.shadowRoot || host);
  else walk(document);
  const shown = (element) => element.getClientRects().length > 0;
  const named = (element) => pattern.test(norm(element.getAttribute('aria-label') || element.textContent));
  for (const root of roots) {
    if (query.kind === 'css') {
      const found = root.querySelector(query.name);
      if (found) return found;
      continue;
    }
    if (query.kind === 'field' || query.kind === 'choice') {
      for (const label of root.querySelectorAll('label')) {
        if (!pattern.test(norm(label.textContent))) continue;
        const control = label.control || (label.htmlFor && root.getElementById(label.htmlFor)) || label.querySelector('input, select, textarea');
        if (!control || control.disabled) continue;
        if (query.kind === 'field' && shown(control)) return control;
        if (query.kind === 'choice' && shown(label)) return label;
      }
      continue;
    }
    const selector = { button: 'button, [role="button"], [role="tab"], a[href]', heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]', text: '*' }[query.kind];
    // A disabled button is not there to press yet, as a person sees it greyed out while the last press is answered.
    const usable = (element) => query.kind !== 'button' || !(element.disabled || element.getAttribute('aria-disabled') === 'true');
    const candidates = [...root.querySelectorAll(selector)].filter((element) => shown(element) && named(element) && usable(element));
    // The innermost match: the element that holds the text, not every ancestor of it.
    const innermost = candidates.filter((element) => !candidates.some((other) => other !== element && element.contains(other)));
    if (innermost.length) return innermost[0];
  }
  return null;
}`;
