import type { PageBrand } from '../branding/index.js';
import type { Language } from '../councils/schemas.js';
import { escape } from '../pages/templates.js';

/** A part of a message, written once and rendered both as plain text and as HTML. */
export type MailBlock =
  | { paragraph: string }
  | { facts: Array<[label: string, value: string]> }
  | { heading: string }
  | { list: string[] }
  | { link: { intro: string; label: string; url: string } };

/**
 * The text and HTML bodies of a citizen's email from the same blocks, so the two never say
 * different things. Everything is plain text here; the HTML escapes it.
 */
export function composeMail(language: Language, blocks: MailBlock[]): { text: string; html: string } {
  const text = blocks.map((block) => {
    if ('paragraph' in block) return block.paragraph;
    if ('heading' in block) return block.heading;
    if ('facts' in block) return block.facts.map(([label, value]) => `${label}: ${value}`).join('\n');
    if ('list' in block) return block.list.map((item) => `- ${item}`).join('\n');
    return `${block.link.intro}\n${block.link.url}`;
  });
  const html = blocks.map((block) => {
    if ('paragraph' in block) return `<p>${escape(block.paragraph)}</p>`;
    if ('heading' in block) return `<h2>${escape(block.heading)}</h2>`;
    if ('facts' in block) return `<dl>${block.facts.map(([label, value]) => `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>`).join('')}</dl>`;
    if ('list' in block) return `<ul>${block.list.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;
    return `<p>${escape(block.link.intro)}<br><a href="${escape(block.link.url)}">${escape(block.link.label)}</a></p>`;
  });
  return {
    text: `${text.join('\n\n')}\n`,
    html: `<!doctype html><html lang="${language}"><body>\n${html.join('\n')}\n</body></html>`,
  };
}

/** "dilluns, 23 de novembre de 2026, 10:00–10:30 (Europe/Madrid)": the window in the council's own time. */
export function formatWindow(start: Date, end: Date, language: Language, timeZone: string): string {
  const day = new Intl.DateTimeFormat(language, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(start);
  const time = new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${day}, ${time.format(start)}–${time.format(end)} (${timeZone})`;
}

/**
 * A message's HTML with the council's banner first: its logo (the inline attachment `cid`), whose
 * text alternative is the name, so the name beside it is hidden from screen readers; the name
 * alone without a logo. Styles are inline, the only ones mail clients keep.
 */
export function withCouncilHeader(html: string, brand: PageBrand, cid: string | undefined): string {
  const name = escape(brand.name);
  const logo = cid && brand.logo
    ? `<img src="cid:${escape(cid)}" alt="${name}" width="${brand.logo.width}" height="${brand.logo.height}" style="vertical-align:middle;border:0"> `
    : '';
  const header = `<div style="border-bottom:4px solid ${brand.color};padding:0 0 8px;margin:0 0 16px">${logo}<strong style="font-size:18px;vertical-align:middle"${logo ? ' aria-hidden="true"' : ''}>${name}</strong></div>`;
  const body = /<body[^>]*>/.exec(html);
  return body ? `${html.slice(0, body.index + body[0].length)}\n${header}${html.slice(body.index + body[0].length)}` : `${header}\n${html}`;
}
