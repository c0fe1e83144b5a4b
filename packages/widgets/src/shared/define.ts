/**
 * Registers `tag` unless it already is. Loading the bundle twice, or two copies of it (a CMS
 * plugin and a theme each adding the script), must never throw into the host page: the first
 * definition wins and later ones are skipped.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  // Through a local name, so the manifest analyzer does not read this helper as an element called "tag".
  const registry = window.customElements;
  if (registry.get(tag)) return;
  try {
    registry.define(tag, element);
  } catch {
    // Another copy may register the same tag between the check and here, or this exact class may
    // already be registered under another tag; either way the page keeps working without this one.
  }
}
