import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';

/**
 * A heading at `level`, kept within 1–6, `fallback` standing for a level that is not a number: the
 * page sets an element's place in its outline with `heading-level`. It takes focus from code only
 * (`tabindex="-1"`), for when what it heads changes.
 */
export function renderHeading(level: number, fallback: number, part: string, id: string, text: string) {
  const tag = unsafeStatic(`h${Math.min(6, Math.max(1, Math.trunc(level) || fallback))}`);
  return staticHtml`<${tag} part=${part} id=${id} tabindex="-1">${text}</${tag}>`;
}
