import { html, nothing, type TemplateResult } from 'lit';
import type { I18nController } from '../shared/i18n.js';
import { dayLabel } from '../shared/slot-picker.js';
import type { CallbackCreated } from '../shared/types.js';
import './translations/index.js';

/** What the citizen sees once the request left the form: accepted (when, reference, how to cancel), or waiting on the device. */

/** The accepted request; its heading takes focus. */
export function renderConfirmation(i18n: I18nController, timeZone: string, result: CallbackCreated, emailed: boolean): TemplateResult {
  const start = new Date(result.slot.start);
  const window = i18n.t('callMeConfirmedWindow', {
    day: dayLabel(i18n, start, timeZone),
    start: i18n.time(start, timeZone),
    end: i18n.time(new Date(result.slot.end), timeZone),
  });
  return html`<div part="confirmation">
    <h2 part="heading" id="heading" tabindex="-1">${i18n.t('callMeConfirmedTitle')}</h2>
    <p part="reference">${i18n.t('callMeReference', { reference: result.reference })}</p>
    ${result.confirmBy
      ? html`<p part="confirm-email">${i18n.t('callMeConfirmByEmail', { time: i18n.time(new Date(result.confirmBy), timeZone) })}</p>`
      : nothing}
    <p part="window">${window}</p>
    <h3 part="subheading">${i18n.t('callMeNextTitle')}</h3>
    <p part="next">${i18n.t('callMeNext')}</p>
    <h3 part="subheading">${i18n.t('callMeCancelTitle')}</h3>
    <p part="cancel"><a part="cancel-link" href=${result.cancelUrl}>${i18n.t('callMeCancelLink')}</a></p>
    <p part="cancel-hint">${i18n.t(emailed ? 'callMeCancelEmailed' : 'callMeCancelKeep')}</p>
  </div>`;
}

/** While the request waits on the device for a connection. */
export function renderQueued(i18n: I18nController): TemplateResult {
  return html`<div part="queued">
    <h2 part="heading" id="heading" tabindex="-1">${i18n.t('callMeQueuedTitle')}</h2>
    <p part="queued-text">${i18n.t('callMeQueuedText')}</p>
  </div>`;
}
