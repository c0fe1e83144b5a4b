import type { CouncilConfig, Language } from '../councils/schemas.js';
import { escape, simplePage } from '../pages/templates.js';
import { languageSwitch } from '../registry/page.js';
import type { AxeReport } from './report.js';
import type { FeedbackField } from './service.js';
import { STATEMENT_TEXTS } from './texts.js';
import type { PageBrand } from '../branding/index.js';

/** What the form held when it comes back with an error, and which fields were wrong. */
export interface FormState {
  key: string;
  values: { message?: string; pageUrl?: string; name?: string; email?: string };
  errors: FeedbackField[];
}

const FIELD_IDS = { message: 'message', email: 'email', pageUrl: 'page-url' } as const;

const statementLink = (council: string, language: Language) => `/accessibility?${new URLSearchParams({ council, lang: language })}`;

function field(
  t: (typeof STATEMENT_TEXTS)[Language],
  options: { id: string; label: string; hint?: string; optional?: boolean; error?: string; value?: string; input: (describedBy: string, invalid: string) => string },
): string {
  const described = [options.hint && `${options.id}-hint`, options.error && `${options.id}-error`].filter(Boolean).join(' ');
  const describedBy = described ? ` aria-describedby="${described}"` : '';
  const invalid = options.error ? ' aria-invalid="true"' : '';
  return `<div class="field${options.error ? ' field--error' : ''}">
<label for="${options.id}">${escape(options.label)}${options.optional ? ` (${escape(t.optional)})` : ''}</label>
${options.hint ? `<p id="${options.id}-hint" class="hint">${escape(options.hint)}</p>` : ''}
${options.error ? `<p id="${options.id}-error" class="error-message">${escape(options.error)}</p>` : ''}
${options.input(describedBy, invalid)}
</div>`;
}

/** The feedback form: script-free, so it works under the strict CSP; errors as GOV.UK's summary linking to each field. */
function feedbackForm(council: CouncilConfig, language: Language, form: FormState): string {
  const t = STATEMENT_TEXTS[language];
  const errorText = { message: t.errorMessage, email: t.errorEmail, pageUrl: t.errorPageUrl };
  const error = (name: FormState['errors'][number]) => (form.errors.includes(name) ? errorText[name] : undefined);
  const summary = form.errors.length
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${escape(t.errorSummary)}</h2>
<ul>${form.errors.map((name) => `<li><a href="#${FIELD_IDS[name]}">${escape(errorText[name])}</a></li>`).join('')}</ul>
</div>`
    : '';
  const value = (name: keyof FormState['values']) => escape(form.values[name] ?? '');
  return `<section aria-labelledby="form-title">
<h2 id="form-title">${escape(t.formHeading)}</h2>
${summary}
<form method="post" action="/accessibility" novalidate>
<input type="hidden" name="council" value="${escape(council.id)}">
<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="key" value="${escape(form.key)}">
${field(t, { id: 'message', label: t.messageLabel, hint: t.messageHint, error: error('message'), input: (d, i) => `<textarea id="message" name="message" rows="6" maxlength="4000" required${d}${i}>${value('message')}</textarea>` })}
${field(t, { id: 'page-url', label: t.pageLabel, optional: true, error: error('pageUrl'), input: (d, i) => `<input id="page-url" name="pageUrl" type="url" maxlength="500" autocomplete="url" value="${value('pageUrl')}"${d}${i}>` })}
${field(t, { id: 'name', label: t.nameLabel, optional: true, input: (d, i) => `<input id="name" name="name" type="text" maxlength="200" autocomplete="name" value="${value('name')}"${d}${i}>` })}
${field(t, { id: 'email', label: t.emailLabel, hint: t.emailHint, optional: true, error: error('email'), input: (d, i) => `<input id="email" name="email" type="email" maxlength="254" autocomplete="email" spellcheck="false" value="${value('email')}"${d}${i}>` })}
<button type="submit">${escape(t.submit)}</button>
</form>
</section>`;
}

/**
 * A council's accessibility statement, in the sections of the EU model (Implementing Decision
 * (EU) 2018/1523): compliance status and non-accessible content from the release's axe report,
 * how and when it was prepared, feedback and contact with the form, and the enforcement procedure.
 */
export function statementPage(council: CouncilConfig, brand: PageBrand, language: Language, report: AxeReport, form: FormState): string {
  const t = STATEMENT_TEXTS[language];
  const date = (iso: string) => new Intl.DateTimeFormat(language, { timeZone: council.timeZone, dateStyle: 'long' }).format(new Date(iso));
  const stories = report.covered.filter((entry) => entry.kind === 'story').length;
  const pages = report.covered.filter((entry) => entry.kind === 'page').length;
  const contact = council.accessibility;
  const contactList = contact
    ? `<ul>
<li>${escape(t.contactLabel)}: <a href="mailto:${escape(contact.contactEmail)}">${escape(contact.contactEmail)}</a></li>
${contact.contactPhone ? `<li>${escape(t.phoneLabel)}: <a href="tel:${escape(contact.contactPhone.replace(/\s/g, ''))}">${escape(contact.contactPhone)}</a></li>` : ''}
</ul>`
    : '';
  const body = `<div class="verify statement">
${languageSwitch(language, (other) => statementLink(council.id, other))}
<p>${escape(t.intro(council.name))}</p>
<p>${escape(t.scope)}</p>
<h2>${escape(t.statusHeading)}</h2>
<p>${escape(report.violations.length ? t.partially : t.fully)}</p>
<h2>${escape(t.nonAccessibleHeading)}</h2>
${
  report.violations.length
    ? `<p>${escape(t.nonCompliant)}</p><ul>${report.violations.map((violation) => `<li lang="en">${escape(t.violation(violation.help, violation.where.length))}</li>`).join('')}</ul>`
    : `<p>${escape(t.noneFound)}</p>`
}
<h3>${escape(t.outOfScopeHeading)}</h3>
<ul>${t.outOfScope.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>
<h2>${escape(t.preparationHeading)}</h2>
<p>${escape(t.prepared(date(report.generatedAt)))}</p>
<p>${escape(t.method(report.axeVersion, stories, pages, report.rules.length))}</p>
<p>${escape(t.reviewed(date(report.generatedAt)))}</p>
<h2>${escape(t.feedbackHeading)}</h2>
<p>${escape(t.feedbackIntro)}</p>
${contactList}
<p>${escape(t.deadline)}</p>
${feedbackForm(council, language, form)}
<h2>${escape(t.enforcementHeading)}</h2>
<p>${escape(t.enforcement)}</p>
${contact?.complaintsUrl ? `<p><a href="${escape(contact.complaintsUrl)}">${escape(t.complaintsLink)}</a></p>` : ''}
</div>`;
  const title = form.errors.length ? `${t.errorPrefix}${t.title}` : t.title;
  return simplePage({ language, title: t.title, documentTitle: title, body, brand });
}

/** After the form: the reference and the date the answer is due by. */
export function receivedPage(council: CouncilConfig, brand: PageBrand, language: Language, received: { reference: string; answerBy: string; emailed: boolean }): string {
  const t = STATEMENT_TEXTS[language];
  const date = new Intl.DateTimeFormat(language, { timeZone: council.timeZone, dateStyle: 'long' }).format(new Date(received.answerBy));
  return simplePage({
    language,
    title: t.receivedTitle,
    brand,
    body: `<div role="status"><p>${escape(t.received(received.reference, date))}</p>${received.emailed ? `<p>${escape(t.receivedMail)}</p>` : ''}</div>
<p><a href="${escape(statementLink(council.id, language))}">${escape(t.back)}</a></p>`,
  });
}

/** `/accessibility` without a council: a link to each council's statement. */
export function councilsPage(language: Language, councils: Array<{ id: string; name: string }>, unknown: boolean): string {
  const t = STATEMENT_TEXTS[language];
  return simplePage({
    language,
    title: t.title,
    body: `${unknown ? `<p>${escape(t.unknownCouncil)}</p>` : ''}<p>${escape(t.pickCouncil)}</p>
<ul>${councils.map((council) => `<li><a href="${escape(statementLink(council.id, language))}">${escape(council.name)}</a></li>`).join('')}</ul>`,
  });
}
