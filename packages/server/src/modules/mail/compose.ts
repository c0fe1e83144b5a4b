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
