import type { MrzReading } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { I18nController, MessageKey } from '../../shared/i18n.js';

/** A TD1 line as the DNI and the NIE card print it: 30 characters of A–Z, 0–9 and `<`. */
export const MRZ_LINE = /^[A-Z0-9<]{30}$/;

/** What the agent types is what the MRZ says: capitals, `<` kept, no spaces (a space is never in an MRZ). */
export const normaliseMrzLine = (value: string) => value.toUpperCase().replace(/\s+/g, '');

const FIELD_LABELS: Record<string, MessageKey> = {
  documentNumber: 'deskIdentityFieldDocumentNumber',
  idNumber: 'deskIdentityFieldIdNumber',
  surname: 'deskIdentityFieldSurname',
  givenNames: 'deskIdentityFieldGivenNames',
  birthDate: 'deskIdentityFieldBirthDate',
  expirationDate: 'deskIdentityFieldExpirationDate',
  nationality: 'deskIdentityFieldNationality',
  name: 'deskIdentityFieldName',
  composite: 'deskIdentityFieldComposite',
};

/** A field's name in the agent's language; a check digit is named by the field it checks. */
function fieldLabel(i18n: I18nController, field: string): string {
  const key = FIELD_LABELS[field.replace(/CheckDigit$/, '')];
  return key ? i18n.t(key) : field;
}

const DATE_FIELDS = new Set(['birthDate', 'expirationDate']);

function dateText(i18n: I18nController, value: string): string {
  if (value.startsWith('9999')) return i18n.t('deskIdentityMrzPermanent');
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : i18n.format({ day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export interface MrzFormOptions {
  i18n: I18nController;
  lines: readonly string[];
  /** Whether the agent tried to send lines of the wrong shape. */
  invalid: boolean;
  busy: boolean;
  onInput: (index: number, value: string) => void;
  onSubmit: () => void;
}

/** The three lines, typed as printed, each in its own monospace field. */
export function renderMrzForm({ i18n, lines, invalid, busy, onInput, onSubmit }: MrzFormOptions) {
  return html`<form part="mrz-form" novalidate @submit=${(event: Event) => (event.preventDefault(), onSubmit())}>
    <p part="hint" id="mrz-hint">${i18n.t('deskIdentityMrzHint')}</p>
    ${invalid ? html`<p part="field-error" id="mrz-error">${i18n.t('deskIdentityMrzLength')}</p>` : nothing}
    ${lines.map((line, index) => {
      const bad = invalid && !MRZ_LINE.test(line);
      return html`<label part="label" for="mrz-${index}">${i18n.t('deskIdentityMrzLine', { number: index + 1 })}</label>
        <input
          part="input mrz-line"
          id="mrz-${index}"
          type="text"
          maxlength="30"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          aria-describedby=${bad ? 'mrz-hint mrz-error' : 'mrz-hint'}
          aria-invalid=${bad ? 'true' : 'false'}
          .value=${live(line)}
          @input=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            const value = normaliseMrzLine(input.value);
            input.value = value;
            onInput(index, value);
          }}
        />`;
    })}
    <button part="action-button" type="submit" ?disabled=${busy}>${i18n.t('deskIdentityMrzSubmit')}</button>
  </form>`;
}

/** The MRZ as the server read it: whether it holds, expiry said loudly, every check digit and every comparison with the booking. */
export function renderMrzReading(i18n: I18nController, mrz: MrzReading) {
  const fields = Object.entries(mrz.fields).filter(([, value]) => value !== null) as Array<[string, string]>;
  return html`<div part="mrz-reading">
    <p part=${mrz.valid ? 'verdict verdict-good' : 'verdict verdict-bad'}>${i18n.t(mrz.valid ? 'deskIdentityMrzValid' : 'deskIdentityMrzInvalid')}</p>
    ${mrz.expired && mrz.fields.expirationDate
      ? html`<p part="warning">${i18n.t('deskIdentityMrzExpired', { date: dateText(i18n, mrz.fields.expirationDate) })}</p>`
      : nothing}
    <dl part="fields" aria-label=${i18n.t('deskIdentityMrzFields')}>
      ${fields.map(
        ([field, value]) =>
          html`<div part="field"><dt part="term">${fieldLabel(i18n, field)}</dt><dd part="value">${DATE_FIELDS.has(field) ? dateText(i18n, value) : value}</dd></div>`,
      )}
    </dl>
    <p part="subheading" id="mrz-checks">${i18n.t('deskIdentityMrzChecks')}</p>
    <ul part="checks" aria-labelledby="mrz-checks">
      ${mrz.checks.map(
        (check) =>
          html`<li part=${check.valid ? 'check check-good' : 'check check-bad'}>
            <span aria-hidden="true">${check.valid ? '✓' : '✗'}</span> ${fieldLabel(i18n, check.field)}:
            ${i18n.t(check.valid ? 'deskIdentityMrzRight' : 'deskIdentityMrzWrong')}
          </li>`,
      )}
    </ul>
    ${mrz.comparisons.length
      ? html`<table part="comparisons">
          <caption part="caption">${i18n.t('deskIdentityCompare')}</caption>
          <thead>
            <tr>
              <th part="column-header" scope="col">${i18n.t('deskIdentityCompareField')}</th>
              <th part="column-header" scope="col">${i18n.t('deskIdentityCompareBooked')}</th>
              <th part="column-header" scope="col">${i18n.t('deskIdentityCompareRead')}</th>
              <th part="column-header" scope="col">${i18n.t('deskIdentityCompareResult')}</th>
            </tr>
          </thead>
          <tbody>
            ${mrz.comparisons.map(
              (comparison) =>
                html`<tr part=${comparison.match ? 'comparison' : 'comparison comparison-bad'}>
                  <th part="cell" scope="row">${fieldLabel(i18n, comparison.field)}</th>
                  <td part="cell">${comparison.booked ?? '—'}</td>
                  <td part="cell">${comparison.read ?? '—'}</td>
                  <td part="cell">${i18n.t(comparison.match ? 'deskIdentityMatch' : 'deskIdentityMismatch')}</td>
                </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
  </div>`;
}
