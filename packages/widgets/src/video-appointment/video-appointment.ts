import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { alternativesOf } from '../shared/contact-fields.js';
import { ApiError } from '../shared/errors.js';
import { FinAppointmentChangeEvent, FinJoinEvent, type AppointmentChange } from '../shared/events.js';
import { renderInputField } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { pickerDay, renderDayTimePicker, renderSlotTaken } from '../shared/slot-picker.js';
import { APPOINTMENT_STATE_LABELS, renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { AppointmentSlots, AppointmentState, MyAppointment, TimeWindow } from '../shared/types.js';
import { zoneName } from '../shared/zoned.js';
import { remaining } from './booking.js';
import { styles } from './video-appointment.styles.js';
import { BOOKING_PARTS } from './video-booking.js';
import type { FinDocumentRequestEvent } from '../call/events.js';
import './translations/index.js';

/**
 * Elements shown inside some views only, loaded when a view first shows them: booking, the view
 * most people see, needs neither.
 */
const NESTED: Record<string, () => Promise<unknown>> = {
  'doc-upload': () => import('../doc-upload/index.js'),
  'satisfaction-survey': () => import('../satisfaction-survey/index.js'),
};

/** The call's code, loaded when the citizen joins. */
type CallModule = typeof import('../call/call.js');
type CallClient = InstanceType<CallModule['CallClient']>;

/** After "Join": the call's code loading, the device check, the call (waiting room included). */
type CallStage = { name: 'none' } | { name: 'loading' } | { name: 'check'; module: CallModule } | { name: 'call'; client: CallClient };

const TOKEN_INVALID = 'FIN_ERR_TOKEN_INVALID';

/** Why a change from the personal link was refused. */
const ACTION_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_APPOINTMENT_NOT_CHANGEABLE: 'appointmentErrorNotChangeable',
  FIN_ERR_APPOINTMENT_NOT_OPEN: 'appointmentErrorNotOpen',
  FIN_ERR_SLOT_UNAVAILABLE: 'appointmentErrorSlotUnavailable',
};

/** What a closed appointment says instead of the actions. */
const CLOSED_TEXTS: Partial<Record<AppointmentState, MessageKey>> = {
  cancelled: 'appointmentCancelledText',
  completed: 'appointmentCompletedText',
  no_show: 'appointmentNoShowText',
};

/** Appointment mode: the summary, or one of the two changes the citizen can make. */
type MineView = 'summary' | 'reschedule' | 'cancel';

interface SlotTaken {
  alternatives: TimeWindow[];
  choice: string;
}

/**
 * A video appointment with the council. Without a token it books one: the procedure (with its
 * duration and the documents to prepare), a day and a time in the council's time zone, the
 * citizen's contact details; offline, the booking waits on the device. With the token of the
 * personal link (attribute, or `?token=` in the page's address) it shows that appointment: a
 * countdown, "Join the video call" when the call opens, and changing the time or cancelling.
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
 * @csspart call-placeholder - Where the call will open once joined.
 * @csspart call - The device check and then the call (`<fin-device-check>`, `<fin-call-view>`; their own parts are inside them).
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

  // Appointment mode.
  @state() private day = '';
  @state() private busy = false;
  @state() private slotTaken?: SlotTaken;
  @state() private mineView: MineView = 'summary';
  @state() private now = Date.now();
  @state() private announcement = '';
  @state() private actionError?: MessageKey;
  @state() private success = '';
  @state() private joined = false;
  @state() private newSlot = '';
  @state() private newSlotError?: MessageKey;
  @state() private callStage: CallStage = { name: 'none' };
  @state() private guestName = '';
  @state() private guestNameError = false;

  private clock?: ReturnType<typeof setTimeout>;
  private wasJoinable?: boolean;

  /** Free times of the procedure being booked (from step 2) or rescheduled. */
  private readonly slots = new FetchTask(this, {
    args: () => {
      const procedure = this.effectiveToken && this.mineView === 'reschedule' ? this.mine.value?.procedure.id : undefined;
      return this.councilId && procedure ? ([this.apiBase, this.councilId, procedure, this.i18n.lang] as const) : undefined;
    },
    task: ([api, council, procedure, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<AppointmentSlots>(client.councilPath('/appointments/slots'), { query: { procedure, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  private readonly mine = new FetchTask(this, {
    args: () => (this.councilId && this.effectiveToken ? ([this.apiBase, this.councilId, this.effectiveToken, this.i18n.lang] as const) : undefined),
    task: ([api, council, token, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<MyAppointment>(client.councilPath('/appointments/mine'), { query: { token, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

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
    this.tick();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.callStage.name === 'call') void this.callStage.client.hangUp().catch(() => undefined);
    clearTimeout(this.clock);
  }

  /** Keeps `now` current on the minute, so the countdown changes when its text would and the join button appears on time. */
  private tick() {
    this.now = Date.now();
    clearTimeout(this.clock);
    this.clock = setTimeout(() => this.tick(), 60_000 - (this.now % 60_000) + 50);
  }

  protected override updated(changed: PropertyValues<this>) {
    super.updated(changed);
    for (const [tag, load] of Object.entries(NESTED)) {
      if (!customElements.get(tag) && this.renderRoot.querySelector(tag)) load().catch((error: unknown) => this.reportError(error));
    }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const slots = this.slots.value;
    if (slots) this.day = pickerDay(this.freeSlots(slots), slots.timeZone, this.day, this.newSlot);
    const appointment = this.mine.value;
    if (appointment) {
      const joinable = this.joinable(appointment);
      // Said once, when the window opens while the page is open; not on every minute's tick.
      if (this.wasJoinable === false && joinable) this.announcement = this.i18n.t('appointmentJoinNow');
      this.wasJoinable = joinable;
    }
  }

  /** The slots to offer: when rescheduling, not the one the appointment already has. */
  private freeSlots(slots: AppointmentSlots): TimeWindow[] {
    const current = this.effectiveToken ? this.mine.value?.slot.start : undefined;
    return slots.slots.filter((slot) => slot.start !== current);
  }

  private timeZone(fallback?: string): string {
    return this.mine.value?.timeZone ?? this.slots.value?.timeZone ?? fallback ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
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

  /** Moves focus after the next render, so it lands on what the view now shows. */
  private async focusPart(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // ---- Booking ----

  // ---- Appointment mode ----

  private joinable(appointment: MyAppointment): boolean {
    if (appointment.state !== 'booked' && appointment.state !== 'checked_in') return false;
    const opened = appointment.canJoin || this.now >= Date.parse(appointment.joinOpensAt);
    return opened && this.now < Date.parse(appointment.slot.end);
  }

  private show(appointment: MyAppointment) {
    this.mine.value = appointment;
    this.requestUpdate();
  }

  private async act<T extends MyAppointment>(path: string, body: Record<string, string>): Promise<T | undefined> {
    this.busy = true;
    this.actionError = undefined;
    try {
      return await this.client.post<T>(this.client.councilPath(`/appointments/mine/${path}`), { token: this.effectiveToken, ...body });
    } catch (error) {
      const failure = this.reportError(error);
      if (failure.code === 'FIN_ERR_SLOT_TAKEN') {
        const alternatives = alternativesOf(failure instanceof ApiError ? failure : undefined);
        this.slotTaken = { alternatives, choice: alternatives[0]?.start ?? '' };
        void this.slots.retry();
        await this.focusPart('[part~="slot-taken"] h3');
        return undefined;
      }
      if (failure.code === TOKEN_INVALID) void this.mine.retry();
      this.actionError = ACTION_ERRORS[failure.code] ?? 'appointmentErrorAction';
      await this.focusPart('[part~="action-error"]');
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async join() {
    if (this.busy) return;
    const appointment = await this.act('check-in', {});
    if (!appointment) return;
    this.show(appointment);
    this.joined = true;
    this.emit(new FinJoinEvent(appointment.reference));
    await this.focusPart('[part~="call-placeholder"]');
    await this.openCall();
  }

  /** Loads the call's code (mediasoup-client included) only now, then shows the device check. */
  private async openCall() {
    this.callStage = { name: 'loading' };
    try {
      const module = await import('../call/call.js');
      this.callStage = { name: 'check', module };
      await this.focusPart('[part~="call"]');
    } catch (error) {
      this.callStage = { name: 'none' };
      throw error;
    }
  }

  private startCall(module: CallModule, stream: MediaStream) {
    const guest = this.guest;
    const appointment = this.mine.value;
    const id = guest?.call ?? appointment?.id;
    const query: Record<string, string> = guest ? { invite: guest.invite } : { token: this.effectiveToken ?? '' };
    const displayName = guest ? this.guestName.trim() : appointment?.name;
    if (!id || !displayName) return;
    const client = new module.CallClient({ url: module.callUrl(this.apiBase, id, query), displayName, stream });
    this.callStage = { name: 'call', client };
    client.join().catch((error: unknown) => this.reportError(error));
  }

  private async openChange(view: MineView) {
    this.mineView = view;
    this.actionError = undefined;
    this.success = '';
    this.slotTaken = undefined;
    this.newSlot = '';
    this.newSlotError = undefined;
    await this.focusPart(view === 'summary' ? '[part~="heading"]' : '[part~="step-heading"]');
  }

  private async reschedule(slot = this.newSlot) {
    if (this.busy) return;
    if (!slot) {
      this.newSlotError = 'appointmentErrorSlotRequired';
      return this.focusPart('#reschedule-error');
    }
    this.slotTaken = undefined;
    const appointment = await this.act('reschedule', { slot });
    if (!appointment) return;
    await this.changed('rescheduled', appointment, this.i18n.t('appointmentRescheduled', { when: this.when(appointment.slot, appointment.timeZone) }));
  }

  private async cancel() {
    if (this.busy) return;
    const appointment = await this.act('cancel', {});
    if (!appointment) return;
    await this.changed('cancelled', appointment, this.i18n.t('appointmentCancelled'));
  }

  private async changed(change: AppointmentChange, appointment: MyAppointment, message: string) {
    this.show(appointment);
    this.mineView = 'summary';
    this.success = message;
    this.emit(new FinAppointmentChangeEvent(change, appointment.reference, appointment));
    await this.focusPart('[part~="success"]');
  }

  // ---- Rendering ----

  protected renderContent() {
    if (this.effectiveToken) return this.renderMine();
    return this.guest
      ? this.renderGuest()
      : html`<fin-video-booking
          exportparts=${BOOKING_PARTS}
          api=${this.apiBase}
          council=${this.councilId ?? nothing}
          lang=${this.i18n.lang}
          procedure=${this.procedure ?? nothing}
          .strings=${this.strings}
        ></fin-video-booking>`;
  }

  private async guestContinue(event: SubmitEvent) {
    event.preventDefault();
    this.guestNameError = !this.guestName.trim();
    if (this.guestNameError) return this.focusPart('#guest-name');
    await this.openCall();
  }

  /** An interpreter or supervisor invited by the agent: their name, the device check, the call. */
  private renderGuest() {
    return html`<section part="base" aria-labelledby="heading">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('callGuestTitle')}</h2>
      ${this.callStage.name === 'none'
        ? html`<p part="intro">${this.i18n.t('callGuestIntro')}</p>
            <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.guestContinue(event))}>
              ${renderInputField({
                id: 'guest-name',
                type: 'text',
                autocomplete: 'name',
                label: this.i18n.t('callGuestName'),
                error: this.guestNameError ? this.i18n.t('callGuestNameRequired') : undefined,
                required: true,
                value: this.guestName,
                onInput: (value) => (this.guestName = value),
                onBlur: () => undefined,
              })}
              <div part="actions"><button part="submit-button" type="submit">${this.i18n.t('callGuestContinue')}</button></div>
            </form>`
        : this.renderCall()}
    </section>`;
  }

  private renderStatus(text: string) {
    return html`<p part="status" role="status">${text}</p>`;
  }

  private renderUnavailable(key: MessageKey, retry: () => Promise<void>) {
    return html`<p part="error" role="alert">${this.i18n.t(key)}</p>
      <button part="retry-button" type="button" @click=${() => this.guard(retry())}>${this.i18n.t('retry')}</button>`;
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

  private renderMine() {
    const { status, value, error } = this.mine;
    const loading = !value && (status === 'initial' || status === 'pending');
    const invalid = !value && status === 'error' && (error?.code === TOKEN_INVALID || (error instanceof ApiError && error.status === 401));
    let body: unknown = nothing;
    if (invalid) {
      body = html`<div part="invalid">
        <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentInvalidTitle')}</h2>
        <p part="error" role="alert">${this.i18n.t('appointmentInvalidText')}</p>
      </div>`;
    } else if (value) {
      body = this.renderAppointment(value);
    } else {
      body = html`<h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentMineTitle')}</h2>
        ${status === 'error' ? this.renderUnavailable('appointmentMineUnavailable', () => this.mine.retry()) : nothing}`;
    }
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || this.busy ? 'true' : 'false'}>
      ${body} ${this.renderStatus(loading ? this.i18n.t('appointmentMineLoading') : this.announcement)}
    </section>`;
  }

  private renderAppointment(appointment: MyAppointment) {
    const tz = appointment.timeZone;
    const closed = CLOSED_TEXTS[appointment.state];
    return html`<div part="appointment">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentMineTitle')}</h2>
      ${this.success ? html`<p part="success" role="status" tabindex="-1">${this.success}</p>` : nothing}
      ${this.actionError ? html`<p part="error action-error" role="alert" tabindex="-1">${this.i18n.t(this.actionError)}</p>` : nothing}
      <dl part="details">
        <div part="detail"><dt part="term">${this.i18n.t('appointmentReferenceLabel')}</dt><dd part="value reference">${appointment.reference}</dd></div>
        <div part="detail"><dt part="term">${this.i18n.t('appointmentProcedure')}</dt><dd part="value">${appointment.procedure.name}</dd></div>
        <div part="detail">
          <dt part="term">${this.i18n.t('appointmentWhenLabel')}</dt>
          <dd part="value when"><time datetime=${appointment.slot.start}>${this.when(appointment.slot, tz)}</time></dd>
        </div>
        <div part="detail">
          <dt part="term">${this.i18n.t('appointmentStateLabel')}</dt>
          <dd part="value">${renderStateBadge(appointment.state, this.i18n.t(APPOINTMENT_STATE_LABELS[appointment.state]))}</dd>
        </div>
      </dl>
      ${closed
        ? html`<p part="closed-text">${this.i18n.t(closed)}</p>
            ${appointment.state === 'completed' ? this.renderSurvey() : nothing}`
        : this.mineView === 'reschedule'
          ? this.renderReschedule()
          : this.mineView === 'cancel'
            ? this.renderCancel()
            : this.renderOpen(appointment)}
    </div>`;
  }

  private renderOpen(appointment: MyAppointment) {
    const joinable = this.joinable(appointment);
    const before = this.now < Date.parse(appointment.joinOpensAt) && !appointment.canJoin;
    return html`${before ? this.renderCountdown(appointment) : nothing}
      ${this.callStage.name !== 'none' ? this.renderCall() : nothing}
      ${joinable
        ? this.joined
          ? this.callStage.name === 'none' || this.callStage.name === 'loading'
            ? html`<p part="call-placeholder" role="status" tabindex="-1">${this.i18n.t('appointmentCallOpensHere')}</p>`
            : nothing
          : html`<button part="join-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.join())}>
              ${this.i18n.t('appointmentJoin')}
            </button>`
        : nothing}
      ${appointment.access === 'full'
        ? html`<section part="documents-section" aria-labelledby="mine-documents-title">
            <slot name="documents">
              <h3 part="subheading" id="mine-documents-title">${this.i18n.t('appointmentDocumentsTitle')}</h3>
              <doc-upload part="doc-upload" heading-level="4" api=${this.apiBase} council=${this.councilId ?? nothing} lang=${this.i18n.lang} token=${this.effectiveToken ?? nothing}></doc-upload>
            </slot>
          </section>`
        : nothing}
      ${(appointment.canReschedule || appointment.canCancel) && this.callStage.name === 'none'
        ? html`<div part="change-buttons">
            ${appointment.canReschedule
              ? html`<button part="reschedule-button" type="button" @click=${() => this.guard(this.openChange('reschedule'))}>${this.i18n.t('appointmentReschedule')}</button>`
              : nothing}
            ${appointment.canCancel
              ? html`<button part="cancel-button" type="button" @click=${() => this.guard(this.openChange('cancel'))}>${this.i18n.t('appointmentCancel')}</button>`
              : nothing}
          </div>`
        : nothing}`;
  }

  private renderCall() {
    const stage = this.callStage;
    if (stage.name === 'check') {
      return html`<div part="call" tabindex="-1">
        <fin-device-check
          lang=${this.i18n.lang}
          @fin-device-ready=${(event: CustomEvent<{ stream: MediaStream }>) => this.startCall(stage.module, event.detail.stream)}
        ></fin-device-check>
      </div>`;
    }
    if (stage.name === 'call') {
      const failed = stage.client.state === 'closed' && stage.client.closeReason === 'failed';
      // The agent ending the call completes the appointment: the moment to ask how it went.
      const completed = stage.client.state === 'closed' && stage.client.closeReason === 'agentHungUp' && !this.guest;
      return html`<div part="call" @fin-call-end=${() => this.requestUpdate()} @fin-document-request=${(event: FinDocumentRequestEvent) => this.guard(this.offerDocument(event))}>
        <fin-call-view lang=${this.i18n.lang} .client=${stage.client}></fin-call-view>
        ${failed ? html`<button part="retry-button" type="button" @click=${() => this.guard(this.openCall())}>${this.i18n.t('retry')}</button>` : nothing}
      </div>
      ${completed ? this.renderSurvey() : nothing}`;
    }
    return html`<p part="call" role="status">${this.i18n.t('callLoading')}</p>`;
  }

  /** The agent asked for a document during the call: the documents section offers to photograph or choose it, and says so. */
  private async offerDocument(event: FinDocumentRequestEvent) {
    const upload = this.renderRoot.querySelector('doc-upload');
    if (!upload) return;
    event.preventDefault();
    upload.scrollIntoView({ block: 'nearest' });
    await customElements.whenDefined('doc-upload');
    await upload.capture(event.detail.document.id);
  }

  /** The satisfaction survey of this appointment: the server accepts the personal link's token for it, not a calendar's. */
  private renderSurvey() {
    if (this.mine.value?.access !== 'full') return nothing;
    return html`<satisfaction-survey
      part="survey"
      api=${this.apiBase}
      council=${this.councilId ?? ''}
      lang=${this.i18n.lang}
      token=${this.effectiveToken ?? ''}
      heading-level="3"
    ></satisfaction-survey>`;
  }

  /** Days, hours and minutes to the start, in words; a timer, so screen readers read it when asked rather than every minute. */
  private renderCountdown(appointment: MyAppointment) {
    const left = remaining(this.now, Date.parse(appointment.slot.start));
    const units = (
      [
        ['day', left.days],
        ['hour', left.hours],
        ['minute', left.minutes],
      ] as const
    )
      .filter(([, n]) => n > 0)
      .map(([unit, n]) => new Intl.NumberFormat(this.i18n.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
    const text = units.length ? new Intl.ListFormat(this.i18n.locale, { type: 'conjunction' }).format(units) : this.i18n.t('appointmentLessThanMinute');
    const opens = new Date(appointment.joinOpensAt);
    return html`<p part="countdown" role="timer" aria-live="off">${this.i18n.t('appointmentCountdown', { time: text })}</p>
      <p part="join-hint hint">${this.i18n.t('appointmentJoinOpens', { time: this.i18n.time(opens, appointment.timeZone) })}</p>`;
  }

  private renderReschedule() {
    const error = this.newSlotError;
    return html`<div part="reschedule" role="group" aria-labelledby="step-heading">
      <h3 part="step-heading" id="step-heading" tabindex="-1">${this.i18n.t('appointmentRescheduleTitle')}</h3>
      ${this.slotTaken ? this.renderSlotTaken(this.slotTaken, () => this.guard(this.reschedule(this.slotTaken?.choice))) : nothing}
      <div part="field" aria-describedby=${error ? 'reschedule-error' : nothing}>
        ${error ? html`<p part="field-error" id="reschedule-error" tabindex="-1" role="alert">${this.i18n.t(error)}</p>` : nothing}
        ${this.renderSlots(this.newSlot, (start) => {
          this.newSlot = start;
          if (start) this.newSlotError = undefined;
        })}
      </div>
      <div part="actions">
        <button part="back-button" type="button" @click=${() => this.guard(this.openChange('summary'))}>${this.i18n.t('appointmentKeepTime')}</button>
        <button part="submit-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.reschedule())}>
          ${this.i18n.t('appointmentRescheduleConfirm')}
        </button>
      </div>
    </div>`;
  }

  private renderCancel() {
    return html`<div part="cancel" role="group" aria-labelledby="step-heading">
      <h3 part="step-heading" id="step-heading" tabindex="-1">${this.i18n.t('appointmentCancelTitle')}</h3>
      <p part="cancel-text">${this.i18n.t('appointmentCancelText')}</p>
      <div part="actions">
        <button part="back-button" type="button" @click=${() => this.guard(this.openChange('summary'))}>${this.i18n.t('appointmentCancelKeep')}</button>
        <button part="submit-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.cancel())}>
          ${this.i18n.t('appointmentCancelConfirm')}
        </button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-appointment': VideoAppointment;
  }
}
