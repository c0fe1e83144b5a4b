import type { PageBrand } from '../branding/index.js';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import { escape, simplePage } from '../pages/templates.js';
import { SITE_TEXTS } from '../pages/texts.js';
import { formatCode } from './code.js';
import { localize } from '../councils/language.js';
import type { Verified } from './service.js';
import { VERIFY_TEXTS } from './texts.js';

/** What the form page's address says: the code typed (if any) and the council whose page it is. */
export interface VerifyAddress {
  language: Language;
  code?: string;
  /** A council's id and name when its own site links here with `?council=`. */
  council?: { id: string; name: string };
}

export type VerifyProblem = { kind: 'notFound' } | { kind: 'tooMany'; minutes: number };

/** Links to the same page in the other languages. */
export function languageSwitch(current: Language, link: (language: Language) => string): string {
  const items = LANGUAGES.map((language) => {
    const currentAttr = language === current ? ' aria-current="true"' : '';
    return `<li><a href="${escape(link(language))}" lang="${language}" hreflang="${language}"${currentAttr}>${escape(SITE_TEXTS[language].languageName)}</a></li>`;
  });
  return `<nav class="language-switch" aria-label="${escape(SITE_TEXTS[current].languageNav)}"><ul>${items.join('')}</ul></nav>`;
}

/**
 * The form that asks for a code: a labelled field with its hint and, after a code that found
 * nothing, an error summary linking to it (GOV.UK's pattern, which works without script) and
 * the field marked invalid. The message is the same whatever was wrong with the code.
 */
export function verifyFormPage(address: VerifyAddress, problem?: VerifyProblem, brand?: PageBrand): string {
  const t = VERIFY_TEXTS[address.language];
  const message = problem && (problem.kind === 'notFound' ? t.notFound : t.tooMany(problem.minutes));
  const summary = message
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${escape(t.errorSummary)}</h2>
<p><a href="#code">${escape(message)}</a></p>
</div>`
    : '';
  const describedBy = message ? 'code-hint code-error' : 'code-hint';
  const link = (language: Language) =>
    `/verify?${new URLSearchParams({ ...(address.council && { council: address.council.id }), ...(address.code && { code: address.code }), lang: language })}`;
  const body = `${languageSwitch(address.language, link)}
${summary}
<p>${escape(t.intro)}</p>
${address.council ? `<p>${escape(t.councilIntro(address.council.name))}</p>` : ''}
<form class="verify-form" method="get" action="/verify">
<input type="hidden" name="lang" value="${address.language}">
${address.council ? `<input type="hidden" name="council" value="${escape(address.council.id)}">` : ''}
<div class="field${message ? ' field--error' : ''}">
<label for="code">${escape(t.codeLabel)}</label>
<p id="code-hint" class="hint">${escape(t.codeHint)}</p>
${message ? `<p id="code-error" class="error-message">${escape(message)}</p>` : ''}
<input id="code" name="code" type="text" value="${escape(address.code ?? '')}" required maxlength="80" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="${describedBy}"${message ? ' aria-invalid="true"' : ''}>
</div>
<button type="submit">${escape(t.submit)}</button>
</form>`;
  return simplePage({ language: address.language, brand, title: t.title, documentTitle: message ? `${t.errorPrefix}${t.title}` : t.title, body: `<div class="verify">${body}</div>` });
}

/** A size in kilobytes or megabytes, as the language writes it. */
function fileSize(bytes: number, language: Language): string {
  const [value, unit] = bytes < 1_000_000 ? [Math.max(1, Math.round(bytes / 1000)), 'kilobyte'] : [Math.round(bytes / 100_000) / 10, 'megabyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/** What a code found: the document's facts, its fingerprint, and the original to download. */
export function verifiedPage(language: Language, code: string, { document, council, procedureName }: Verified, brand?: PageBrand): string {
  const t = VERIFY_TEXTS[language];
  const timeZone = council?.timeZone ?? 'UTC';
  const registered = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'long', timeStyle: 'long' }).format(new Date(document.registered_at));
  const facts: Array<[string, string]> = [
    [t.councilLabel, council?.name ?? document.council_id],
    [t.kindLabel, t.kinds[document.kind]],
    [t.entryLabel, document.entry_number],
    [t.dateLabel, registered],
    [t.procedureLabel, localize(procedureName, language, council?.defaultLanguage)],
    [t.codeShownLabel, formatCode(code)],
  ];
  const download = `/api/verify/${encodeURIComponent(formatCode(code))}/document`;
  const body = `${languageSwitch(language, (other) => `/verify/${formatCode(code)}?lang=${other}`)}
<p role="status">${escape(t.foundIntro)}</p>
<dl class="verify-facts">
${facts.map(([label, value]) => `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>`).join('\n')}
<dt>${escape(t.sha256Label)}</dt><dd><code class="fingerprint">${escape(document.sha256 ?? '')}</code></dd>
</dl>
<p><a class="verify-download" href="${escape(download)}" download>${escape(t.download(fileSize(document.bytes ?? 0, language)))}</a></p>
<p>${escape(t.sealNote)}</p>
<p><a href="/verify?lang=${language}">${escape(t.another)}</a></p>`;
  return simplePage({ language, brand, title: t.foundTitle, body: `<div class="verify">${body}</div>` });
}
