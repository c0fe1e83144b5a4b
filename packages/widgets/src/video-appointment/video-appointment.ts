import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { alternativesOf, NAME_MAX, parsePhone } from '../shared/contact-fields.js';
import { ApiError, type FinError } from '../shared/errors.js';
import { focusFirst, renderErrorSummary } from '../shared/error-summary.js';
import { FinQueuedEvent, FinSubmitEvent } from '../shared/events.js';
import { renderConsentField, renderFieldError, renderHoneypot, renderInputField } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { normaliseIdDocument } from '../shared/id-document.js';
import { getOutbox, type OutboxEvent } from '../shared/outbox.js';
import { pickerDay, renderChoice, renderDayTimePicker, renderSlotTaken } from '../shared/slot-picker.js';
import { ProofOfWorkController } from '../shared/proof-of-work.js';
import { SubmissionKey, submitOrQueue } from '../shared/submit.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type {
  AppointmentCreated,
  AppointmentProcedures,
  AppointmentRequest,
  AppointmentSlots,
  Council,
  Procedure,
  TimeWindow,
} from '../shared/types.js';
import { zoneName } from '../shared/zoned.js';
import { emptyValues, FIELDS, serverFieldError, stepOf, STEPS, validate, type Field, type FieldErrors, type Step, type Values } from './booking.js';
import { APPOINTMENT_VIEW_PARTS } from './appointment-view.js';
import { CALL_GUEST_PARTS } from './call-guest.js';
import { styles } from './video-appointment.styles.js';
import './translations/index.js';

const KIND = 'appointment';

/** Problems with the booking as a whole, not with one field. */
const FORM_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_RATE_LIMITED: 'appointmentErrorRateLimited',
  FIN_ERR_SUBMISSION_REJECTED: 'appointmentErrorRejected',
  FIN_ERR_OUTBOX_EXPIRED: 'appointmentErrorQueueExpired',
};

type BookingView = { name: 'form' } | { name: 'queued'; idempotencyKey: string } | { name: 'confirmed'; result: AppointmentCreated };

interface SlotTaken {
  alternatives: TimeWindow[];
  choice: string;
}

interface BookingData {
  procedures: Procedure[];
  council: Council;
}

/**
 * A video appointment with the council. Without a token it books one: the procedure (with its
 * duration and the documents to prepare), a day and a time in the council's time zone, the
 * citizen's contact details; offline, the booking waits on the device. With the token of the
 * personal link (attribute, or `?token=` in the page's address) it shows that appointment, live:
 * a countdown, "Join the video call" when the call opens, changing the time or cancelling
 * (`<fin-appointment-view>`). With an invitation it lets an interpreter or supervisor into the call
 * (`<fin-call-guest>`). Their parts are this element's.
 *
 * @summary Book a video appointment, or manage one from its personal link.
 * @tagname video-appointment
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 * @attr procedure - The id of the procedure to preselect when booking.
 * @attr token - The personal link's token: shows that appointment. Defaults to `token` in the page's address, which the element takes out of the address bar and keeps for the tab (a reload still works).
 * @attr call - The appointment's id, which names its video call, when the server's answer does not carry it. Defaults to `call` in the page's address.
 * @attr invite - An invitation's token for an interpreter or supervisor: with `call`, the element joins that call as a guest. Defaults to `invite` in the page's address, taken out of the address bar and kept for the tab.
 *
 * @fires fin-submit - The council booked the appointment: `{kind: "appointment", result: {reference, state, procedure, slot, token, appointmentUrl, calendarUrl}}`.
 * @fires fin-queued - There was no connection: the booking was saved on the device, `{kind: "appointment", idempotencyKey}`.
 * @fires fin-appointment-change - The citizen moved or cancelled the appointment: `{change: "rescheduled" | "cancelled", reference, appointment}`.
 * @fires fin-join - The citizen pressed "Join the video call" and was checked in: `{reference}`. The call opens next.
 * @fires fin-call-end - The video call is over for the citizen: `{reason}`.
 * @fires fin-error - Loading or sending failed: `{code, message, recoverable}`.
 *
 * @slot documents - Where the documents to prepare go in appointment mode; by default `<doc-upload>` for this appointment: what is expected, what arrived, and sending files.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading; it receives focus when the whole view changes.
 * @csspart intro - The introduction under the heading.
 * @csspart status - The polite live region (loading, sending, the join window opening).
 * @csspart error - A message shown when the service cannot be reached or an action failed.
 * @csspart retry-button - The button that tries loading again.
 * @csspart progress - "Step 1 of 3".
 * @csspart step-heading - A step's heading; it receives focus when the step changes.
 * @csspart subheading - A heading inside the element (documents, slot taken, confirmation sections).
 * @csspart error-summary - The list of problems shown after a failed step; it takes focus.
 * @csspart error-summary-title - Its title.
 * @csspart error-summary-list - The list of problems.
 * @csspart form-error - A problem with the booking as a whole.
 * @csspart error-link - A link in it that moves focus to the field concerned.
 * @csspart form - The booking form (one step at a time).
 * @csspart field - A label or legend, its hint, its error and its control (the consent's also has the part `consent`).
 * @csspart fieldset - A group of radio buttons (procedures, days, times).
 * @csspart procedures - The procedure picker's group (also has the part `fieldset`).
 * @csspart days - The day picker's group (also has the part `fieldset`).
 * @csspart day-list - Its choices (also has the part `choices`).
 * @csspart times - The time picker's group for the chosen day (also has the part `fieldset`).
 * @csspart time-list - Its choices (also has the part `choices`).
 * @csspart legend - A group's legend.
 * @csspart label - A field's label.
 * @csspart hint - A field's hint.
 * @csspart field-error - A field's error message.
 * @csspart input - A text input.
 * @csspart phone-normalised - The phone number as the council will read it.
 * @csspart choices - A list of radio buttons.
 * @csspart choice - One radio button with its label; the chosen one also has the part `checked`.
 * @csspart radio - A radio button.
 * @csspart choice-label - A radio button's text.
 * @csspart procedure-name - A procedure's name in the picker.
 * @csspart duration - A procedure's duration.
 * @csspart day-name - A day's date in the day picker.
 * @csspart day-count - How many free times the day has.
 * @csspart zone-note - Which clock the times are on.
 * @csspart chosen - The procedure (and time) chosen in the earlier steps.
 * @csspart documents - The documents to prepare: a heading and a list.
 * @csspart documents-section - In appointment mode, the section around the `documents` slot.
 * @csspart doc-upload - In it, by default, the `<doc-upload>` element (its own parts are inside it).
 * @csspart document-list - The list of documents.
 * @csspart document - One document.
 * @csspart checkbox - The consent checkbox.
 * @csspart checkbox-label - Its label; also has the part `label`.
 * @csspart consent-text - Its text.
 * @csspart privacy-link - The link to the council's privacy notice.
 * @csspart actions - A row of buttons.
 * @csspart back-button - Goes back a step (or out of a change) keeping what was entered.
 * @csspart next-button - Goes on to the next step.
 * @csspart submit-button - Books the appointment, or confirms a change.
 * @csspart no-slots - Shown when there are no free times in the coming days.
 * @csspart no-slots-hint - What to do then.
 * @csspart slot-taken - Shown when the chosen time was taken meanwhile, with the next free times.
 * @csspart slot-taken-text - What happened and what to do.
 * @csspart resubmit-button - Books (or moves to) the time chosen among them.
 * @csspart confirmation - The confirmation shown once the appointment is booked.
 * @csspart reference - The appointment's public reference.
 * @csspart when - The appointment's date and time, with the time zone named.
 * @csspart calendar - The paragraph with the calendar link.
 * @csspart view - The paragraph with the personal link.
 * @csspart calendar-link - Downloads the appointment as an .ics file.
 * @csspart confirm-email - Where the council asks for it: confirm from the emailed link in time, or the place is freed.
 * @csspart emailed - "We have sent you an email with your personal link".
 * @csspart view-link - The personal link to see and change the appointment.
 * @csspart queued - The message shown while the booking waits on the device for a connection.
 * @csspart queued-text - Its explanation.
 * @csspart appointment - The appointment shown from the personal link.
 * @csspart details - Its details.
 * @csspart detail - One detail: a term and its value.
 * @csspart term - A detail's name.
 * @csspart value - A detail's value.
 * @csspart badge - The appointment's state, in words; also has the part `state-<state>`.
 * @csspart countdown - The time left before the call opens.
 * @csspart join-hint - When joining becomes possible.
 * @csspart join-button - "Join the video call".
 * @csspart call - The call (`<fin-call-session>`): "Loading the video call…", the device check, then the call; their own parts are inside it.
 * @csspart change-buttons - The reschedule and cancel buttons.
 * @csspart reschedule-button - Opens the choice of a new time.
 * @csspart cancel-button - Opens the cancellation's confirmation.
 * @csspart reschedule - The choice of a new time.
 * @csspart cancel - The cancellation's confirmation.
 * @csspart cancel-text - What cancelling means.
 * @csspart success - What the last change did.
 * @csspart closed-text - What a cancelled, completed or missed appointment means.
 * @csspart survey - The satisfaction survey (`<satisfaction-survey>`) shown once the appointment is completed.
 * @csspart invalid - The message for a link that does not work.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Hints and secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Panels.
 * @cssprop --fin-color-border - Borders and field outlines.
 * @cssprop --fin-color-error - Error messages and invalid fields.
 * @cssprop --fin-color-success - The confirmation's accent.
 * @cssprop --fin-color-primary - Buttons, links and the chosen options.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class VideoAppointment extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The id of the procedure to preselect when booking; an unknown id leaves the choice to the citizen. */
  @property() procedure?: string;

  /** The personal link's token; without it, the element reads `token` from the page's address, and books when there is none. */
  @property() token?: string;

  /** The appointment's id for its video call; without it, `call` in the page's address. */
  @property() call?: string;

  /** A guest's invitation token (interpreter, supervisor); without it, `invite` in the page's address. */
  @property() invite?: string;

  // Booking mode.
  @state() private view: BookingView = { name: 'form' };
  @state() private step: Step = 0;
  @state() private values: Values = emptyValues();
  @state() private day = '';
  @state() private touched = new Set<Field>();
  /** The steps the citizen tried to leave: their errors show in full. */
  @state() private attempted = new Set<Step>();
  @state() private busy = false;
  @state() private serverErrors: FieldErrors = {};
  @state() private formError?: MessageKey;
  @state() private slotTaken?: SlotTaken;
  /** During a flood the server asks for a proof of work, which can take a few seconds. */
  private readonly proofOfWork = new ProofOfWorkController(this);

  private readonly submissionKey = new SubmissionKey();

  private readonly booking = new FetchTask(this, {
    args: () => (this.councilId && !this.effectiveToken && !this.guest ? ([this.apiBase, this.councilId, this.i18n.lang] as const) : undefined),
    task: async ([api, council, lang], signal): Promise<BookingData> => {
      const client = new ApiClient(api, council);
      const [list, details] = await Promise.all([
        client.get<AppointmentProcedures>(client.councilPath('/appointments/procedures'), { query: { lang }, signal }),
        client.get<Council>(client.councilPath(), { query: { lang }, signal }),
      ]);
      return { procedures: list.procedures, council: details };
    },
    onError: (error) => this.reportError(error),
  });

  /** Free times of the procedure being booked (from step 2) or rescheduled. */
  private readonly slots = new FetchTask(this, {
    args: () => {
      const procedure = this.step > 0 ? this.values.procedure : undefined;
      return this.councilId && procedure ? ([this.apiBase, this.councilId, procedure, this.i18n.lang] as const) : undefined;
    },
    task: ([api, council, procedure, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<AppointmentSlots>(client.councilPath('/appointments/slots'), { query: { procedure, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  private readonly onSent = (event: Event) => {
    const { item, result } = event as OutboxEvent;
    if (this.view.name !== 'queued' || item.idempotencyKey !== this.view.idempotencyKey) return;
    this.guard(this.confirm(result as AppointmentCreated));
  };

  private readonly onFailed = (event: Event) => {
    const { item, error } = event as OutboxEvent;
    if (this.view.name !== 'queued' || item.idempotencyKey !== this.view.idempotencyKey || !error) return;
    this.view = { name: 'form' };
    this.guard(this.showFailure(new ApiError(error.code, error.message, false, error.status)));
  };

  /** The token in effect: the attribute, else the link's `token`, taken out of the page's address and kept for the tab. */
  private get effectiveToken(): string | undefined {
    return this.token || addressToken('token', { purpose: 'appointment', council: this.councilId });
  }

  /** A guest's invitation, with the call it is for. */
  private get guest(): { invite: string; call: string } | undefined {
    const invite = this.invite || addressToken('invite', { purpose: 'call', council: this.councilId });
    const call = this.call || new URLSearchParams(location.search).get('call');
    return !this.effectiveToken && invite && call ? { invite, call } : undefined;
  }

  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  override connectedCallback() {
    super.connectedCallback();
    getOutbox().addEventListener('sent', this.onSent);
    getOutbox().addEventListener('failed', this.onFailed);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    getOutbox().removeEventListener('sent', this.onSent);
    getOutbox().removeEventListener('failed', this.onFailed);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const procedures = this.booking.value?.procedures;
    if (procedures && !procedures.some((p) => p.id === this.values.procedure)) {
      const preselected = procedures.find((p) => p.id === this.procedure)?.id ?? (procedures.length === 1 ? procedures[0].id : '');
      if (preselected || this.values.procedure) this.values = { ...this.values, procedure: preselected };
    }
    const slots = this.slots.value;
    if (slots) this.day = pickerDay(this.freeSlots(slots), slots.timeZone, this.day, this.values.slot);
  }

  /** The slots to offer. */
  private freeSlots(slots: AppointmentSlots): TimeWindow[] {
    return slots.slots;
  }

  private timeZone(fallback?: string): string {
    return this.slots.value?.timeZone ?? fallback ?? this.booking.value?.council.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private range(window: TimeWindow): string {
    const tz = this.timeZone();
    return this.i18n.t('appointmentTimeRange', { start: this.i18n.time(new Date(window.start), tz), end: this.i18n.time(new Date(window.end), tz) });
  }

  /** "Thursday 26 November 2026, 10:00–10:30 (Central European Time)": the council's clock, named. */
  private when(window: TimeWindow, timeZone = this.timeZone()): string {
    const start = new Date(window.start);
    return this.i18n.t('appointmentWhenValue', {
      day: this.i18n.format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(start),
      start: this.i18n.time(start, timeZone),
      end: this.i18n.time(new Date(window.end), timeZone),
      zone: zoneName(timeZone, this.i18n.locale, start),
    });
  }

  private duration(minutes: number): string {
    return new Intl.NumberFormat(this.i18n.locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  }

  /** Moves focus after the next render, so it lands on what the view now shows. */
  private async focusPart(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // ---- Booking ----

  private set(field: keyof Values, value: string | boolean) {
    this.values = { ...this.values, [field]: value };
    const key = field as Field;
    if (this.serverErrors[key]) {
      const rest = { ...this.serverErrors };
      delete rest[key];
      this.serverErrors = rest;
    }
  }

  private touch(field: Field) {
    if (!this.touched.has(field)) this.touched = new Set(this.touched).add(field);
  }

  private errors(): FieldErrors {
    return { ...validate(this.values), ...this.serverErrors };
  }

  /** Errors of the current step's fields, in order. */
  private stepErrors(step: Step): [Field, MessageKey][] {
    const errors = this.errors();
    return (STEPS[step].fields as readonly Field[]).filter((field) => errors[field]).map((field) => [field, errors[field]!]);
  }

  private shown(field: Field): MessageKey | undefined {
    if (!this.attempted.has(stepOf(field)) && !this.touched.has(field)) return undefined;
    return this.errors()[field];
  }

  private message(key: MessageKey): string {
    return this.i18n.t(key, key === 'appointmentErrorNameTooLong' ? { count: NAME_MAX } : {});
  }

  private async goTo(step: Step) {
    this.step = step;
    this.formError = undefined;
    await this.focusPart('[part~="step-heading"]');
  }

  private async next(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    this.attempted = new Set(this.attempted).add(this.step);
    this.formError = undefined;
    if (this.stepErrors(this.step).length) return this.focusPart('[part~="error-summary"]');
    if (this.step < 2) return this.goTo((this.step + 1) as Step);
    this.slotTaken = undefined;
    // A field of an earlier step may have been changed by the server's verdict meanwhile.
    const first = FIELDS.find((field) => this.errors()[field]);
    if (first) return this.goTo(stepOf(first));
    await this.send(this.values.slot);
  }

  private body(slot: string): AppointmentRequest {
    const { values } = this;
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

  private async send(slot: string) {
    const body = this.body(slot);
    const idempotencyKey = this.submissionKey.for(body);
    this.busy = true;
    try {
      const result = await submitOrQueue<AppointmentCreated>(this.client, this.client.councilPath('/appointments'), body, { kind: KIND, idempotencyKey });
      this.submissionKey.settle();
      if (result.queued) {
        this.view = { name: 'queued', idempotencyKey };
        this.emit(new FinQueuedEvent(KIND, idempotencyKey));
        await this.focusPart('[part~="heading"]');
      } else {
        await this.confirm(result.data);
      }
    } catch (error) {
      const failure = this.reportError(error);
      this.submissionKey.settle(failure);
      await this.showFailure(failure);
    } finally {
      this.busy = false;
    }
  }

  private async showFailure(failure: FinError) {
    const apiError = failure instanceof ApiError ? failure : undefined;
    this.step = 2;
    if (failure.code === 'FIN_ERR_SLOT_TAKEN') {
      const alternatives = alternativesOf(apiError);
      this.slotTaken = { alternatives, choice: alternatives[0]?.start ?? '' };
      void this.slots.retry();
      return this.focusPart('[part~="slot-taken"] h3');
    }
    const fieldError = serverFieldError(failure.code, apiError?.field);
    if (fieldError) {
      const [field, key] = fieldError;
      this.serverErrors = { ...this.serverErrors, [field]: key };
      this.touched = new Set(this.touched).add(field);
      const step = stepOf(field);
      this.attempted = new Set(this.attempted).add(step);
      if (field === 'slot') void this.slots.retry();
      this.step = step;
    } else {
      this.formError = FORM_ERRORS[failure.code] ?? 'appointmentErrorSendFailed';
    }
    await this.focusPart('[part~="error-summary"]');
  }

  private async confirm(result: AppointmentCreated) {
    this.view = { name: 'confirmed', result };
    this.emit(new FinSubmitEvent(KIND, result));
    await this.focusPart('[part~="heading"]');
  }

  private resubmit() {
    const choice = this.slotTaken?.choice;
    if (!choice || this.busy) return;
    this.values = { ...this.values, slot: choice };
    this.day = '';
    this.slotTaken = undefined;
    this.guard(this.send(choice));
  }

  private focusField(event: Event, field: string) {
    event.preventDefault();
    const radios: Partial<Record<string, string[]>> = {
      procedure: ['input[name="procedure"]:checked', 'input[name="procedure"]'],
      slot: ['input[name="time"]:checked', 'input[name="time"]', 'input[name="day"]:checked', 'input[name="day"]'],
    };
    focusFirst(this.renderRoot, radios[field] ?? [`#${field}`]);
  }

  // ---- Rendering ----

  /** The personal link's view, a guest's call, or booking. */
  protected renderContent() {
    const token = this.effectiveToken;
    if (token) {
      return html`<fin-appointment-view
        exportparts=${APPOINTMENT_VIEW_PARTS}
        .api=${this.apiBase}
        .council=${this.councilId}
        lang=${this.i18n.lang}
        .strings=${this.strings}
        token=${token}
        >${this.forwardedDocuments()}</fin-appointment-view
      >`;
    }
    const guest = this.guest;
    if (guest) {
      return html`<fin-call-guest
        exportparts=${CALL_GUEST_PARTS}
        .api=${this.apiBase}
        .council=${this.councilId}
        lang=${this.i18n.lang}
        .strings=${this.strings}
        invite=${guest.invite}
        call=${guest.call}
      ></fin-call-guest>`;
    }
    return this.renderBooking();
  }

  /** The page's own `documents` content, passed on; without it the view shows its `<doc-upload>` (a slot passed on always counts as filled). */
  private forwardedDocuments() {
    return this.querySelector(':scope > [slot="documents"]') ? html`<slot name="documents" slot="documents"></slot>` : nothing;
  }

  private renderStatus(text: string) {
    return html`<p part="status" role="status">${text}</p>`;
  }

  private renderUnavailable(key: MessageKey, retry: () => Promise<void>) {
    return html`<p part="error" role="alert">${this.i18n.t(key)}</p>
      <button part="retry-button" type="button" @click=${() => this.guard(retry())}>${this.i18n.t('retry')}</button>`;
  }

  private renderBooking() {
    const { status, value } = this.booking;
    const loading = !value && (status === 'initial' || status === 'pending');
    let body: unknown;
    if (this.view.name === 'confirmed') body = this.renderConfirmation(this.view.result);
    else if (this.view.name === 'queued') body = this.renderQueued();
    else
      body = html`<h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentTitle')}</h2>
        ${value ? html`<p part="intro">${this.i18n.t('appointmentIntro')}</p>` : nothing}
        ${status === 'error' && !value ? this.renderUnavailable('appointmentUnavailable', () => this.booking.retry()) : nothing}
        ${value ? this.renderSteps(value) : nothing}`;
    const sending = this.busy;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || sending ? 'true' : 'false'}>
      ${body} ${this.renderStatus(loading ? this.i18n.t('appointmentLoading') : sending ? this.i18n.t(this.proofOfWork.solving ? 'appointmentProving' : 'appointmentSending') : '')}
    </section>`;
  }

  private renderSteps(data: BookingData) {
    if (!data.procedures.length) return html`<p part="no-slots">${this.i18n.t('appointmentNoProcedures')}</p>`;
    const step = this.step;
    const summary = this.attempted.has(step) || this.formError;
    return html`<p part="progress">${this.i18n.t('appointmentStep', { step: step + 1, count: STEPS.length })}</p>
      <h3 part="step-heading" id="step-heading" tabindex="-1">${this.i18n.t(STEPS[step].heading)}</h3>
      ${summary
        ? renderErrorSummary({
            title: this.i18n.t('appointmentErrorSummaryTitle'),
            formError: step === 2 && this.formError ? this.i18n.t(this.formError) : undefined,
            items: this.attempted.has(step) ? this.stepErrors(step).map(([field, key]) => ({ field, message: this.message(key) })) : [],
            onLink: (event, field) => this.focusField(event, field),
          })
        : nothing}
      ${step === 2 && this.slotTaken ? this.renderSlotTaken(this.slotTaken, () => this.resubmit()) : nothing}
      <form part="form" novalidate aria-labelledby="step-heading" @submit=${(event: SubmitEvent) => this.guard(this.next(event))}>
        ${step === 0 ? this.renderProcedures(data.procedures) : step === 1 ? this.renderWhenStep(data.procedures) : this.renderDetails(data)}
        <div part="actions">
          ${step > 0
            ? html`<button part="back-button" type="button" @click=${() => this.guard(this.goTo((step - 1) as Step))}>${this.i18n.t('appointmentBack')}</button>`
            : nothing}
          ${step < 2
            ? html`<button part="next-button" type="submit">${this.i18n.t('appointmentContinue')}</button>`
            : html`<button part="submit-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
                ${this.i18n.t(this.busy ? 'appointmentSending' : 'appointmentSubmit')}
              </button>`}
        </div>
      </form>`;
  }

  private renderError(field: string, error: MessageKey | undefined) {
    return renderFieldError(field, error && this.message(error));
  }

  /** The list of documents under a heading one level below the view's (`level` 3 under the main heading, 4 under a step's). */
  private renderDocuments(procedure: Pick<Procedure, 'documents'>, id: string, level: 3 | 4) {
    const title = this.i18n.t('appointmentDocumentsTitle');
    return html`<div part="documents">
      ${level === 3 ? html`<h3 part="subheading" id=${id}>${title}</h3>` : html`<h4 part="subheading" id=${id}>${title}</h4>`}
      ${procedure.documents.length
        ? html`<ul part="document-list" aria-labelledby=${id}>
            ${procedure.documents.map((doc) => html`<li part="document">${doc.name}</li>`)}
          </ul>`
        : html`<p part="hint">${this.i18n.t('appointmentNoDocuments')}</p>`}
    </div>`;
  }

  private renderProcedures(procedures: Procedure[]) {
    const error = this.shown('procedure');
    const chosen = procedures.find((p) => p.id === this.values.procedure);
    return html`<fieldset part="field fieldset procedures" aria-describedby=${error ? 'procedure-error' : nothing}>
        <legend part="legend">${this.i18n.t('appointmentProcedure')}</legend>
        ${this.renderError('procedure', error)}
        <div part="choices">
          ${procedures.map((p, index) =>
            renderChoice(
              'procedure',
              p.id,
              p.id === this.values.procedure,
              html`<span part="procedure-name">${p.name}</span> <span part="duration">${this.duration(p.durationMinutes)}</span>`,
              () => {
                this.set('procedure', p.id);
                if (this.values.slot) this.set('slot', '');
                this.day = '';
              },
              index === 0 ? 'procedure' : undefined,
            ),
          )}
        </div>
      </fieldset>
      ${chosen ? this.renderDocuments(chosen, 'documents-title', 4) : nothing}`;
  }

  private renderChosen(procedures: Procedure[]) {
    const procedure = procedures.find((p) => p.id === this.values.procedure);
    if (!procedure) return nothing;
    return html`<p part="chosen">${this.i18n.t('appointmentChosenProcedure', { procedure: procedure.name, duration: this.duration(procedure.durationMinutes) })}</p>`;
  }

  private renderPicker(slots: AppointmentSlots, time: string, onTime: (start: string) => void) {
    const tz = slots.timeZone;
    return html`<p part="zone-note hint">${this.i18n.t('appointmentZoneNote', { zone: zoneName(tz, this.i18n.locale) })}</p>
      ${renderDayTimePicker({
        i18n: this.i18n,
        timeZone: tz,
        slots: this.freeSlots(slots),
        day: this.day,
        time,
        labels: {
          day: this.i18n.t('appointmentDay'),
          dayFree: (count) => this.i18n.t('appointmentDayFree', { count }),
          timesOn: (day) => this.i18n.t('appointmentTimesOn', { day }),
          range: (window) => this.range(window),
        },
        onDay: (day, daySlots) => {
          this.day = day;
          if (!daySlots.some((s) => s.start === time)) onTime('');
        },
        onTime,
      })}`;
  }

  /** The slots' loading, failure and emptiness, or the picker. */
  private renderSlots(time: string, onTime: (start: string) => void) {
    const { status, value } = this.slots;
    if (status === 'error' && !value) return this.renderUnavailable('appointmentSlotsUnavailable', () => this.slots.retry());
    if (!value || status === 'pending') return this.renderStatus(this.i18n.t('appointmentSlotsLoading'));
    if (!this.freeSlots(value).length) {
      return html`<div part="no-slots">
        <h4 part="subheading">${this.i18n.t('appointmentNoSlotsTitle')}</h4>
        <p part="no-slots-hint">${this.i18n.t('appointmentNoSlotsHint')}</p>
      </div>`;
    }
    return this.renderPicker(value, time, onTime);
  }

  private renderWhenStep(procedures: Procedure[]) {
    const error = this.shown('slot');
    return html`${this.renderChosen(procedures)}
      <div part="field" id="slot" tabindex="-1" aria-describedby=${error ? 'slot-error' : nothing}>
        ${this.renderError('slot', error)}
        ${this.renderSlots(this.values.slot, (start) => {
          this.set('slot', start);
          if (start) this.touch('slot');
        })}
      </div>`;
  }

  private renderInput(field: 'name' | 'email' | 'phone' | 'idDocument', type: string, autocomplete: string, label: MessageKey, hint?: MessageKey) {
    const error = this.shown(field);
    const normalised = field === 'phone' && this.touched.has('phone') && !error ? parsePhone(this.values.phone) : undefined;
    return renderInputField({
      id: field,
      type,
      autocomplete,
      label: this.i18n.t(label),
      hint: hint && this.i18n.t(hint),
      error: error && this.message(error),
      required: field !== 'idDocument',
      value: this.values[field],
      normalised: normalised && this.i18n.t('appointmentPhoneNormalised', { phone: normalised.display }),
      onInput: (value) => this.set(field, value),
      onBlur: () => this.touch(field),
    });
  }

  private renderDetails({ procedures, council }: BookingData) {
    const error = this.shown('consent');
    const slot = this.slots.value?.slots.find((s) => s.start === this.values.slot);
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
        checked: this.values.consent,
        onChange: (checked) => {
          this.set('consent', checked);
          this.touch('consent');
        },
      })}
      ${renderHoneypot(this.i18n.t('appointmentHoneypot'), this.values.website, (value) => this.set('website', value))}`;
  }

  private renderSlotTaken(taken: SlotTaken, onResubmit: () => void) {
    return renderSlotTaken({
      i18n: this.i18n,
      timeZone: this.timeZone(),
      alternatives: taken.alternatives,
      choice: taken.choice,
      busy: this.busy,
      labels: {
        title: this.i18n.t('appointmentSlotTakenTitle'),
        text: this.i18n.t('appointmentSlotTakenText'),
        none: this.i18n.t('appointmentSlotTakenNone'),
        legend: this.i18n.t('appointmentAlternatives'),
        resubmit: this.i18n.t(this.effectiveToken ? 'appointmentRescheduleHere' : 'appointmentResubmit'),
        range: (window) => this.range(window),
      },
      onChoose: (start) => (this.slotTaken = { ...taken, choice: start }),
      onResubmit,
    });
  }

  private renderConfirmation(result: AppointmentCreated) {
    const zone = this.timeZone();
    return html`<div part="confirmation">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentConfirmedTitle')}</h2>
      <p part="reference">${this.i18n.t('appointmentReference', { reference: result.reference })}</p>
      ${result.confirmBy
        ? html`<p part="confirm-email">${this.i18n.t('appointmentConfirmByEmail', { time: this.i18n.time(new Date(result.confirmBy), zone) })}</p>`
        : nothing}
      <p part="when">${result.procedure.name}: ${this.when(result.slot, zone)}</p>
      <p part="calendar"><a part="calendar-link" href=${result.calendarUrl} download="${result.reference}.ics">${this.i18n.t('appointmentAddToCalendar')}</a></p>
      ${this.renderDocuments(result.procedure, 'confirmed-documents-title', 3)}
      <h3 part="subheading">${this.i18n.t('appointmentNextTitle')}</h3>
      <p part="emailed">${this.i18n.t('appointmentEmailed')}</p>
      <p part="view"><a part="view-link" href=${result.appointmentUrl}>${this.i18n.t('appointmentViewLink')}</a></p>
    </div>`;
  }

  private renderQueued() {
    return html`<div part="queued">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentQueuedTitle')}</h2>
      <p part="queued-text">${this.i18n.t('appointmentQueuedText')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-appointment': VideoAppointment;
  }
}
