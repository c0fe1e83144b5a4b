import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { NAME_MAX, parsePhone, PhoneRulesController, readPhoneAs } from '../shared/contact-fields.js';
import { ApiError, type FinError } from '../shared/errors.js';
import { focusFirst, renderErrorSummary } from '../shared/error-summary.js';
import { focusPart, FormController } from '../shared/form-controller.js';
import { renderBoundInput, renderChoice, renderConsentField, renderFieldError, renderHoneypot } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { normaliseIdDocument } from '../shared/id-document.js';
import { ProofOfWorkController } from '../shared/proof-of-work-status.js';
import { pickerDay, pickerLabels, renderDayTimePicker } from '../shared/slot-picker.js';
import { SlotTakenController } from '../shared/slot-taken-controller.js';
import { SubmissionController } from '../shared/submission-controller.js';
import { FetchTask, offerTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { AppointmentCreated, AppointmentProcedures, AppointmentRequest, AppointmentSlots, Council, Procedure, TimeWindow } from '../shared/types.js';
import { zoneName } from '../shared/zoned.js';
import { emptyValues, FIELDS, serverFieldError, stepOf, STEPS, validate, type Field, type Step, type Values } from './booking.js';
import { renderBookingConfirmation, renderBookingQueued, renderDocuments } from './booking-views.js';
import { rangeText, renderStatus, renderUnavailable, whenText } from './slot-choice.js';
import { styles } from './video-appointment.styles.js';
import './translations/index.js';

const KIND = 'appointment';

/** Problems with the booking as a whole, not with one field. */
const FORM_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_RATE_LIMITED: 'appointmentErrorRateLimited',
  FIN_ERR_SUBMISSION_REJECTED: 'appointmentErrorRejected',
  FIN_ERR_OUTBOX_EXPIRED: 'appointmentErrorQueueExpired',
};

/**
 * The parts the booking's markup carries, for `<video-appointment>` to export under the same names:
 * a council's `video-appointment::part(submit-button)` reaches the booking's button.
 */
export const BOOKING_PARTS = 'actions, back-button, base, calendar, calendar-link, checkbox, checkbox-label, checked, choice, choice-label, choices, chosen, confirm-email, confirmation, consent, consent-text, day-count, day-list, day-name, days, document, document-list, documents, duration, emailed, error, error-link, error-summary, error-summary-list, error-summary-title, field, field-error, fieldset, form, form-error, heading, hint, input, intro, label, legend, next-button, no-slots, no-slots-hint, phone-normalised, privacy-link, procedure-name, procedures, progress, queued, queued-text, radio, reference, resubmit-button, retry-button, slot-taken, slot-taken-text, status, step-heading, subheading, submit-button, time-list, times, view, view-link, when, zone-note';

interface BookingData {
  procedures: Procedure[];
  council: Council;
}

/**
 * The booking of a video appointment, in three steps: the procedure (with its duration and the
 * documents to prepare), a day and a time on the council's clock, the citizen's details. Offline,
 * the booking waits on the device, and a reload shows it waiting until the outbox sends it.
 * Internal: `<video-appointment>` shows it when it has no personal link to open; its parts are
 * those `<video-appointment>` documents for booking, which it exports.
 *
 * @summary The booking form of `<video-appointment>`.
 * @tagname fin-video-booking
 *
 * @fires fin-submit - The council booked the appointment: `{kind: "appointment", result}`.
 * @fires fin-queued - There was no connection: the booking was saved on the device, `{kind: "appointment", idempotencyKey}`.
 * @fires fin-error - Loading or sending failed: `{code, message, recoverable}`.
 */
export class FinVideoBooking extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The id of the procedure to preselect; an unknown id leaves the choice to the citizen. */
  @property() procedure?: string;

  @state() private step: Step = 0;
  @state() private day = '';

  private readonly form = new FormController<Field, Values>(this, { fields: FIELDS, empty: emptyValues, validate });
  private readonly phoneRules = new PhoneRulesController(this);

  private readonly submission = new SubmissionController<AppointmentRequest, AppointmentCreated>(this, {
    kind: KIND,
    target: () => (this.councilId ? { client: this.client, path: this.client.councilPath('/appointments') } : undefined),
    restore: (body) => this.restore(body),
    onFailure: (failure) => this.showFailure(failure),
    reportError: (error) => this.reportError(error),
  });

  /** During a flood the server asks for a proof of work, which can take a few seconds. */
  private readonly proofOfWork = new ProofOfWorkController(this);

  private readonly slotTaken = new SlotTakenController(this, {
    i18n: this.i18n,
    texts: 'appointment',
    timeZone: () => this.timeZone,
    range: (window) => this.range(window),
    busy: () => this.submission.pending,
    refresh: () => this.slots.retry(),
    resubmit: (start) => {
      this.form.fill({ slot: start });
      this.day = '';
      this.guard(this.submission.submit(this.body(start)));
    },
  });

  private readonly data = offerTask(this, {
    where: () => [this.apiBase, this.councilId, this.i18n.lang],
    path: '/appointments/procedures',
    shape: (list: AppointmentProcedures, council): BookingData => ({ procedures: list.procedures, council }),
    onError: (error) => this.reportError(error),
  });


  /** Free times of the procedure chosen, from step 2 on. */
  private readonly slots = new FetchTask(this, {
    args: () => {
      const procedure = this.step > 0 ? this.form.values.procedure : undefined;
      return this.councilId && procedure ? ([this.apiBase, this.councilId, procedure, this.i18n.lang] as const) : undefined;
    },
    task: ([api, council, procedure, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<AppointmentSlots>(client.councilPath('/appointments/slots'), { query: { procedure, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const procedures = this.data.value?.procedures;
    const chosen = this.form.values.procedure;
    if (procedures && !procedures.some((p) => p.id === chosen)) {
      const preselected = procedures.find((p) => p.id === this.procedure)?.id ?? (procedures.length === 1 ? procedures[0].id : '');
      if (preselected || chosen) this.form.fill({ procedure: preselected });
    }
    const slots = this.slots.value;
    if (slots) this.day = pickerDay(slots.slots, slots.timeZone, this.day, this.form.values.slot);
  }

  /** The booking filled in again from one saved on the device, at its last step. */
  private restore(body: AppointmentRequest) {
    this.form.fill({
      procedure: body.procedure,
      slot: body.slot,
      name: body.name,
      email: body.email,
      phone: body.phone,
      idDocument: body.idDocument ?? '',
      consent: Boolean(body.consent),
    });
    this.step = 2;
  }

  private get timeZone(): string {
    return this.slots.value?.timeZone ?? this.data.value?.council.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private range(window: TimeWindow): string {
    return rangeText(this.i18n, window, this.timeZone);
  }

  private when(window: TimeWindow): string {
    return whenText(this.i18n, window, this.timeZone);
  }

  private duration(minutes: number): string {
    return new Intl.NumberFormat(this.i18n.locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  }

  private message(key: MessageKey): string {
    return this.i18n.t(key, key === 'appointmentErrorNameTooLong' ? { count: NAME_MAX } : {});
  }

  private async goTo(step: Step) {
    this.step = step;
    this.form.setFormError(undefined);
    await focusPart(this, '[part~="step-heading"]');
  }

  private async next(event: SubmitEvent) {
    event.preventDefault();
    if (this.submission.pending) return;
    if (this.form.values.phone.trim() && this.phoneRules.pending) await this.phoneRules.ready();
    if (this.form.attempt(STEPS[this.step].fields, `step${this.step}`).length) return focusPart(this, '[part~="error-summary"]');
    if (this.step < 2) return this.goTo((this.step + 1) as Step);
    this.slotTaken.clear();
    // A field of an earlier step may have been changed by the server's verdict meanwhile.
    const first = this.form.errorsOf()[0];
    if (first) return this.goTo(stepOf(first[0]));
    await this.submission.submit(this.body(this.form.values.slot));
  }

  private body(slot: string): AppointmentRequest {
    const values = this.form.values;
    const idDocument = normaliseIdDocument(values.idDocument);
    return {
      procedure: values.procedure,
      slot,
      name: values.name.trim(),
      email: values.email.trim(),
      phone: parsePhone(values.phone)?.e164 ?? values.phone.trim(),
      ...(idDocument ? { idDocument } : {}),
      consent: true,
      language: this.i18n.lang,
      website: values.website,
    };
  }

  private async showFailure(failure: FinError) {
    this.step = 2;
    if (await this.slotTaken.offer(failure)) return;
    const fieldError = serverFieldError(failure.code, failure instanceof ApiError ? failure.field : undefined);
    if (fieldError) {
      const [field] = fieldError;
      this.form.setServerError(...fieldError);
      this.step = stepOf(field);
      this.form.attempt(STEPS[this.step].fields, `step${this.step}`);
      if (field === 'slot') void this.slots.retry();
    } else {
      this.form.attempt(STEPS[2].fields, 'step2');
      this.form.setFormError(FORM_ERRORS[failure.code] ?? 'appointmentErrorSendFailed');
    }
    await focusPart(this, '[part~="error-summary"]');
  }

  private focusField(event: Event, field: string) {
    // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
    event.preventDefault();
    const radios: Partial<Record<string, string[]>> = {
      procedure: ['input[name="procedure"]:checked', 'input[name="procedure"]'],
      slot: ['input[name="time"]:checked', 'input[name="time"]', 'input[name="day"]:checked', 'input[name="day"]'],
    };
    focusFirst(this.renderRoot, radios[field] ?? [`#${field}`]);
  }

  protected renderContent() {
    const { status, value } = this.data;
    const loading = !value && (status === 'initial' || status === 'pending');
    const { status: sent, result, pending } = this.submission;
    let body: unknown;
    if (sent === 'done' && result) body = renderBookingConfirmation(this.i18n, result, (window) => this.when(window), this.timeZone);
    else if (sent === 'queued') body = renderBookingQueued(this.i18n, this.renderWaiting());
    else
      body = html`<h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentTitle')}</h2>
        ${value ? html`<p part="intro">${this.i18n.t('appointmentIntro')}</p>` : nothing}
        ${status === 'error' && !value ? this.renderUnavailable('appointmentUnavailable', () => this.data.retry()) : nothing}
        ${value ? this.renderSteps(value) : nothing}`;
    const said = loading ? this.i18n.t('appointmentLoading') : pending ? this.i18n.t(this.proofOfWork.solving ? 'appointmentProving' : 'appointmentSending') : '';
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || pending ? 'true' : 'false'}>
      ${body} ${renderStatus(said)}
    </section>`;
  }

  /** What the booking waiting on the device books: after a reload, the citizen sees which one it is. */
  private renderWaiting() {
    const procedures = this.data.value?.procedures ?? [];
    const procedure = procedures.find((p) => p.id === this.form.values.procedure);
    const start = this.form.values.slot;
    if (!procedure || !start) return nothing;
    const end = new Date(Date.parse(start) + procedure.durationMinutes * 60_000).toISOString();
    return html`${this.renderChosen(procedures)}
      <p part="chosen">${this.when({ start, end })}</p>`;
  }

  private renderUnavailable(key: MessageKey, retry: () => Promise<void>) {
    return renderUnavailable(this.i18n, key, () => this.guard(retry()));
  }

  private renderSteps(data: BookingData) {
    if (!data.procedures.length) return html`<p part="no-slots">${this.i18n.t('appointmentNoProcedures')}</p>`;
    const step = this.step;
    const attempted = this.form.hasAttempted(`step${step}`);
    const formError = step === 2 ? this.form.formError : undefined;
    const pending = this.submission.pending;
    return html`<p part="progress">${this.i18n.t('appointmentStep', { step: step + 1, count: STEPS.length })}</p>
      <h3 part="step-heading" id="step-heading" tabindex="-1">${this.i18n.t(STEPS[step].heading)}</h3>
      ${attempted || formError
        ? renderErrorSummary({
            title: this.i18n.t('appointmentErrorSummaryTitle'),
            formError: formError && this.i18n.t(formError),
            items: attempted ? this.form.errorsOf(STEPS[step].fields).map(([field, key]) => ({ field, message: this.message(key) })) : [],
            onLink: (event, field) => this.focusField(event, field),
          })
        : nothing}
      ${step === 2 ? this.slotTaken.render() : nothing}
      <form part="form" novalidate aria-labelledby="step-heading" @submit=${(event: SubmitEvent) => this.guard(this.next(event))}>
        ${step === 0 ? this.renderProcedures(data.procedures) : step === 1 ? this.renderWhenStep(data.procedures) : this.renderDetails(data)}
        <div part="actions">
          ${step > 0
            ? html`<button part="back-button" type="button" @click=${() => this.guard(this.goTo((step - 1) as Step))}>${this.i18n.t('appointmentBack')}</button>`
            : nothing}
          ${step < 2
            ? html`<button part="next-button" type="submit">${this.i18n.t('appointmentContinue')}</button>`
            : html`<button part="submit-button" type="submit" aria-disabled=${pending ? 'true' : 'false'}>
                ${this.i18n.t(pending ? 'appointmentSending' : 'appointmentSubmit')}
              </button>`}
        </div>
      </form>`;
  }

  private renderError(field: Field) {
    const error = this.form.shown(field);
    return renderFieldError(field, error && this.message(error));
  }

  private renderProcedures(procedures: Procedure[]) {
    const error = this.form.shown('procedure');
    const chosen = procedures.find((p) => p.id === this.form.values.procedure);
    return html`<fieldset part="field fieldset procedures" aria-describedby=${error ? 'procedure-error' : nothing}>
        <legend part="legend">${this.i18n.t('appointmentProcedure')}</legend>
        ${this.renderError('procedure')}
        <div part="choices">
          ${procedures.map((p, index) =>
            renderChoice(
              'procedure',
              p.id,
              p.id === this.form.values.procedure,
              html`<span part="procedure-name">${p.name}</span> <span part="duration">${this.duration(p.durationMinutes)}</span>`,
              () => {
                this.form.set('procedure', p.id);
                if (this.form.values.slot) this.form.set('slot', '');
                this.day = '';
              },
              index === 0 ? 'procedure' : undefined,
            ),
          )}
        </div>
      </fieldset>
      ${chosen ? renderDocuments(this.i18n, chosen, 'documents-title', 4) : nothing}`;
  }

  private renderChosen(procedures: Procedure[]) {
    const procedure = procedures.find((p) => p.id === this.form.values.procedure);
    if (!procedure) return nothing;
    return html`<p part="chosen">${this.i18n.t('appointmentChosenProcedure', { procedure: procedure.name, duration: this.duration(procedure.durationMinutes) })}</p>`;
  }

  /** The slots' loading, failure and emptiness, or the picker. */
  private renderSlots() {
    const { status, value } = this.slots;
    if (status === 'error' && !value) return this.renderUnavailable('appointmentSlotsUnavailable', () => this.slots.retry());
    if (!value || status === 'pending') return renderStatus(this.i18n.t('appointmentSlotsLoading'));
    if (!value.slots.length) {
      return html`<div part="no-slots">
        <h4 part="subheading">${this.i18n.t('appointmentNoSlotsTitle')}</h4>
        <p part="no-slots-hint">${this.i18n.t('appointmentNoSlotsHint')}</p>
      </div>`;
    }
    const time = this.form.values.slot;
    const onTime = (start: string) => {
      this.form.set('slot', start);
      if (start) this.form.reveal('slot');
    };
    return html`<p part="zone-note hint">${this.i18n.t('appointmentZoneNote', { zone: zoneName(value.timeZone, this.i18n.locale) })}</p>
      ${renderDayTimePicker({
        i18n: this.i18n,
        timeZone: value.timeZone,
        slots: value.slots,
        day: this.day,
        time,
        labels: pickerLabels(this.i18n, 'appointment', (window) => this.range(window)),
        onDay: (day, daySlots) => {
          this.day = day;
          if (!daySlots.some((s) => s.start === time)) onTime('');
        },
        onTime,
      })}`;
  }

  private renderWhenStep(procedures: Procedure[]) {
    const error = this.form.shown('slot');
    return html`${this.renderChosen(procedures)}
      <div part="field" id="slot" tabindex="-1" aria-describedby=${error ? 'slot-error' : nothing}>${this.renderError('slot')} ${this.renderSlots()}</div>`;
  }

  private renderInput(field: 'name' | 'email' | 'phone' | 'idDocument', type: string, autocomplete: string, label: MessageKey, hint?: MessageKey) {
    return renderBoundInput(this.form, field, {
      type,
      autocomplete,
      label: this.i18n.t(label),
      hint: hint && this.i18n.t(hint),
      required: field !== 'idDocument',
      message: (key) => this.message(key),
      phone: field === 'phone' ? readPhoneAs((phone) => this.i18n.t('appointmentPhoneNormalised', { phone })) : undefined,
    });
  }

  private renderDetails({ procedures, council }: BookingData) {
    const error = this.form.shown('consent');
    const slot = this.slots.value?.slots.find((s) => s.start === this.form.values.slot);
    return html`${this.renderChosen(procedures)} ${slot ? html`<p part="chosen">${this.when(slot)}</p>` : nothing}
      ${this.renderInput('name', 'text', 'name', 'appointmentName')}
      ${this.renderInput('email', 'email', 'email', 'appointmentEmail', 'appointmentEmailHint')}
      ${this.renderInput('phone', 'tel', 'tel', 'appointmentPhone', 'appointmentPhoneHint')}
      ${this.renderInput('idDocument', 'text', 'off', 'appointmentIdDocument', 'appointmentIdDocumentHint')}
      ${renderConsentField({
        text: this.i18n.t('appointmentConsent', { council: council.name }),
        privacyUrl: council.privacyUrl,
        privacyLabel: this.i18n.t('appointmentPrivacyLink'),
        error: error && this.message(error),
        checked: this.form.values.consent,
        onChange: (checked) => {
          this.form.set('consent', checked);
          this.form.reveal('consent');
        },
      })}
      ${renderHoneypot(this.i18n.t('appointmentHoneypot'), this.form.values.website, (value) => this.form.set('website', value))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-video-booking': FinVideoBooking;
  }
}
