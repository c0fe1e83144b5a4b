import { html, nothing, type TemplateResult } from 'lit';
import type { I18nController } from '../shared/i18n.js';
import type { AppointmentCreated, Procedure, TimeWindow } from '../shared/types.js';
import './translations/index.js';

/** What the booking shows besides its steps: the documents to prepare, and the booking accepted or waiting on the device. */

/** The list of documents under a heading one level below the view's (`level` 3 under the main heading, 4 under a step's). */
export function renderDocuments(i18n: I18nController, procedure: Pick<Procedure, 'documents'>, id: string, level: 3 | 4): TemplateResult {
  const title = i18n.t('appointmentDocumentsTitle');
  return html`<div part="documents">
    ${level === 3 ? html`<h3 part="subheading" id=${id}>${title}</h3>` : html`<h4 part="subheading" id=${id}>${title}</h4>`}
    ${procedure.documents.length
      ? html`<ul part="document-list" aria-labelledby=${id}>
          ${procedure.documents.map((doc) => html`<li part="document">${doc.name}</li>`)}
        </ul>`
      : html`<p part="hint">${i18n.t('appointmentNoDocuments')}</p>`}
  </div>`;
}

/** The booking accepted: reference, when, the calendar file, what to prepare and the personal link. Its heading takes focus. */
export function renderBookingConfirmation(i18n: I18nController, result: AppointmentCreated, when: (window: TimeWindow) => string, timeZone: string): TemplateResult {
  return html`<div part="confirmation">
    <h2 part="heading" id="heading" tabindex="-1">${i18n.t('appointmentConfirmedTitle')}</h2>
    <p part="reference">${i18n.t('appointmentReference', { reference: result.reference })}</p>
    ${result.confirmBy ? html`<p part="confirm-email">${i18n.t('appointmentConfirmByEmail', { time: i18n.time(new Date(result.confirmBy), timeZone) })}</p>` : nothing}
    <p part="when">${result.procedure.name}: ${when(result.slot)}</p>
    <p part="calendar"><a part="calendar-link" href=${result.calendarUrl} download="${result.reference}.ics">${i18n.t('appointmentAddToCalendar')}</a></p>
    ${renderDocuments(i18n, result.procedure, 'confirmed-documents-title', 3)}
    <h3 part="subheading">${i18n.t('appointmentNextTitle')}</h3>
    <p part="emailed">${i18n.t('appointmentEmailed')}</p>
    <p part="view"><a part="view-link" href=${result.appointmentUrl}>${i18n.t('appointmentViewLink')}</a></p>
  </div>`;
}

/** The booking waiting on the device for a connection, also after a reload, with what it books; its heading takes focus. */
export function renderBookingQueued(i18n: I18nController, chosen: unknown): TemplateResult {
  return html`<div part="queued">
    <h2 part="heading" id="heading" tabindex="-1">${i18n.t('appointmentQueuedTitle')}</h2>
    <p part="queued-text">${i18n.t('appointmentQueuedText')}</p>
    ${chosen}
  </div>`;
}
