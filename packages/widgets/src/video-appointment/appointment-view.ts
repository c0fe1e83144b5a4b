import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FinCallSession } from '../call/call-session.js';
import type { CallModel, CloseReason } from '../call/call-state.js';
import type { FinCallEndEvent, FinDocumentRequestEvent } from '../call/events.js';
import '../call/session.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { alternativesOf } from '../shared/slot-picker.js';
import { ApiError } from '../shared/errors.js';
import { FinAppointmentChangeEvent, FinJoinEvent, type AppointmentChange } from '../shared/events.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { pickerDay } from '../shared/slot-picker.js';
import { APPOINTMENT_STATE_LABELS, renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { AppointmentSlots, AppointmentState, MyAppointment, TimeWindow } from '../shared/types.js';
import { AppointmentEvents } from './appointment-events.js';
import { remaining } from './booking.js';
import { renderAppointmentSlotTaken, renderSlotChoice, renderStatus, renderUnavailable, whenText, type SlotTaken } from './slot-choice.js';
import { styles } from './video-appointment.styles.js';
import './translations/index.js';
import './view-translations/index.js';

/** Elements shown in some states only, loaded when the view first shows them. */
const NESTED: Record<string, () => Promise<unknown>> = {
  'doc-upload': () => import('../doc-upload/index.js'),
  'satisfaction-survey': () => import('../satisfaction-survey/index.js'),
  'fin-citizen-procedure': () => import('./procedure/index.js'),
  'fin-citizen-receipt': () => import('./procedure/receipt.js'),
};

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
  abandoned: 'appointmentAbandonedText',
};

/** The summary, or one of the two changes the citizen can make. */
type MineView = 'summary' | 'reschedule' | 'cancel';

/**
 * The appointment behind a personal link, inside `<video-appointment>`, kept live from the
 * server's event stream: a countdown, "Join the video call" when the call opens and then the call
 * (`<fin-call-session>`), the state as it changes (in the call, completed), changing the time or
 * cancelling, the documents, and the survey once completed.
 *
 * @summary The citizen's appointment from its personal link.
 * @tagname fin-appointment-view
 *
 * @fires fin-appointment-change - The citizen moved or cancelled the appointment.
 * @fires fin-join - The citizen pressed "Join the video call" and was checked in.
 * @fires fin-call-end - The video call is over for the citizen.
 * @fires fin-error - Loading or a change failed.
 *
 * @slot documents - Where the documents to prepare go; by default `<doc-upload>` for this appointment.
 */
export class FinAppointmentView extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The personal link's token (or a calendar file's). */
  @property() token?: string;

  @state() private mineView: MineView = 'summary';
  @state() private now = Date.now();
  @state() private announcement = '';
  @state() private actionError?: MessageKey;
  @state() private success = '';
  @state() private busy = false;
  @state() private newSlot = '';
  @state() private newSlotError?: MessageKey;
  @state() private slotTaken?: SlotTaken;
  @state() private day = '';
  /** Since "Join": the call's session is shown. */
  @state() private calling = false;
  /** How the call ended on this page, once it did. */
  @state() private callEnd?: CloseReason;
  /** The call once joined, which the procedure beside it follows. */
  @state() private callClient?: CallModel;

  private clock?: ReturnType<typeof setTimeout>;
  private wasJoinable?: boolean;

  private readonly mine = new FetchTask(this, {
    args: () => (this.councilId && this.token ? ([this.apiBase, this.councilId, this.token, this.i18n.lang] as const) : undefined),
    task: ([api, council, token, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<MyAppointment>(client.councilPath('/appointments/mine'), { query: { token, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  /** Free times of the appointment's procedure, while rescheduling. */
  private readonly slots = new FetchTask(this, {
    args: () => {
      const procedure = this.mineView === 'reschedule' ? this.mine.value?.procedure.id : undefined;
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

  constructor() {
    super();
    // Once the appointment is shown, its state follows the server's; the controller lives as long as the view.
    new AppointmentEvents(this, {
      url: () => (this.mine.value && this.token ? this.client.url(this.client.councilPath('/appointments/mine/events'), { token: this.token, lang: this.i18n.lang }) : undefined),
      onAppointment: (appointment) => this.show(appointment),
    });
  }

  override connectedCallback() {
    super.connectedCallback();
    this.tick();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
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
    if (slots) this.day = pickerDay(this.freeSlots(), slots.timeZone, this.day, this.newSlot);
    const appointment = this.mine.value;
    if (appointment) {
      const joinable = this.joinable(appointment);
      // Said once, when the window opens while the page is open; not on every minute's tick.
      if (this.wasJoinable === false && joinable) this.announcement = this.i18n.t('appointmentJoinNow');
      this.wasJoinable = joinable;
    }
  }

  /** The slots to offer: not the one the appointment already has. */
  private freeSlots(): TimeWindow[] {
    const current = this.mine.value?.slot.start;
    return (this.slots.value?.slots ?? []).filter((slot) => slot.start !== current);
  }

  private timeZone(): string {
    return this.mine.value?.timeZone ?? this.slots.value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** Moves focus after the next render, so it lands on what the view now shows. */
  private async focusPart(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

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
      return await this.client.post<T>(this.client.councilPath(`/appointments/mine/${path}`), { token: this.token, ...body });
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

  /** Checks in, then the session loads the call's code and checks the camera and microphone. */
  private async join() {
    if (this.busy) return;
    const appointment = await this.act('check-in', {});
    if (!appointment) return;
    this.show(appointment);
    this.calling = true;
    this.emit(new FinJoinEvent(appointment.reference));
    await this.focusPart('[part~="call"]');
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
    await this.changed('rescheduled', appointment, this.i18n.t('appointmentRescheduled', { when: whenText(this.i18n, appointment.slot, appointment.timeZone) }));
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

  /** The agent asked for a document during the call: the documents section offers to photograph or choose it, and says so. */
  private async offerDocument(event: FinDocumentRequestEvent) {
    const upload = this.renderRoot.querySelector('doc-upload');
    if (!upload) return;
    event.preventDefault();
    upload.scrollIntoView({ block: 'nearest' });
    await customElements.whenDefined('doc-upload');
    await upload.capture(event.detail.document.id);
  }

  protected renderContent() {
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
        ${status === 'error' ? renderUnavailable(this.i18n, 'appointmentMineUnavailable', () => this.guard(this.mine.retry())) : nothing}`;
    }
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || this.busy ? 'true' : 'false'}>
      ${body} ${renderStatus(loading ? this.i18n.t('appointmentMineLoading') : this.announcement)}
    </section>`;
  }

  private renderAppointment(appointment: MyAppointment) {
    const tz = appointment.timeZone;
    return html`<div part="appointment">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('appointmentMineTitle')}</h2>
      ${this.success ? html`<p part="success" role="status" tabindex="-1">${this.success}</p>` : nothing}
      ${this.actionError ? html`<p part="error action-error" role="alert" tabindex="-1">${this.i18n.t(this.actionError)}</p>` : nothing}
      <dl part="details">
        <div part="detail"><dt part="term">${this.i18n.t('appointmentReferenceLabel')}</dt><dd part="value reference">${appointment.reference}</dd></div>
        <div part="detail"><dt part="term">${this.i18n.t('appointmentProcedure')}</dt><dd part="value">${appointment.procedure.name}</dd></div>
        <div part="detail">
          <dt part="term">${this.i18n.t('appointmentWhenLabel')}</dt>
          <dd part="value when"><time datetime=${appointment.slot.start}>${whenText(this.i18n, appointment.slot, tz)}</time></dd>
        </div>
        <div part="detail">
          <dt part="term">${this.i18n.t('appointmentStateLabel')}</dt>
          <dd part="value">${renderStateBadge(appointment.state, this.i18n.t(APPOINTMENT_STATE_LABELS[appointment.state]))}</dd>
        </div>
      </dl>
      ${this.calling
        ? this.renderOpen(appointment)
        : CLOSED_TEXTS[appointment.state]
          ? this.renderEnd(appointment)
          : this.mineView === 'reschedule'
            ? this.renderReschedule()
            : this.mineView === 'cancel'
              ? this.renderCancel()
              : this.renderOpen(appointment)}
    </div>`;
  }

  /**
   * What a closed appointment says, its receipt, and the survey once it took place (the agent
   * ending the call completes it, live news or not). The receipt shows beside the call until the
   * page leaves it, then here for as long as the personal link works.
   */
  private renderEnd(appointment: MyAppointment) {
    const closed = CLOSED_TEXTS[appointment.state];
    const completed = appointment.state === 'completed' || this.callEnd === 'agentHungUp';
    const receipt = appointment.state === 'completed' && appointment.access === 'full' && !this.calling;
    return html`${closed ? html`<p part="closed-text">${this.i18n.t(closed)}</p>` : nothing}
      ${receipt
        ? html`<fin-citizen-receipt part="receipt" api=${this.apiBase} council=${this.councilId ?? nothing} lang=${this.i18n.lang} token=${this.token ?? nothing}></fin-citizen-receipt>`
        : nothing}
      ${completed ? this.renderSurvey() : nothing}`;
  }

  private renderOpen(appointment: MyAppointment) {
    const before = this.now < Date.parse(appointment.joinOpensAt) && !appointment.canJoin;
    return html`${before && !this.calling ? this.renderCountdown(appointment) : nothing}
      ${this.calling ? html`${this.renderCall(appointment)} ${this.renderEnd(appointment)}` : nothing}
      ${this.joinable(appointment) && !this.calling
        ? html`<button part="join-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.join())}>
            ${this.i18n.t('appointmentJoin')}
          </button>`
        : nothing}
      ${appointment.access === 'full'
        ? html`<section part="documents-section" aria-labelledby="mine-documents-title">
            <slot name="documents">
              <h3 part="subheading" id="mine-documents-title">${this.i18n.t('appointmentDocumentsTitle')}</h3>
              <doc-upload part="doc-upload" heading-level="4" api=${this.apiBase} council=${this.councilId ?? nothing} lang=${this.i18n.lang} token=${this.token ?? nothing}></doc-upload>
            </slot>
          </section>`
        : nothing}
      ${(appointment.canReschedule || appointment.canCancel) && !this.calling
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

  /**
   * The session starts the call on `fin-device-ready` before the event bubbles out of it, so its
   * client is there to hand to the procedure beside the call (anew after "try again").
   */
  private renderCall(appointment: MyAppointment) {
    return html`<fin-call-session
      part="call"
      exportparts="retry-button"
      call-id=${appointment.id}
      display-name=${appointment.name}
      lang=${this.i18n.lang}
      .api=${this.apiBase}
      .credentials=${{ token: this.token ?? '' }}
      @fin-call-end=${(event: FinCallEndEvent) => (this.callEnd = event.detail.reason)}
      @fin-document-request=${(event: FinDocumentRequestEvent) => this.guard(this.offerDocument(event))}
      @fin-device-ready=${(event: Event) => (this.callClient = (event.currentTarget as FinCallSession).client)}
    >
      ${this.callClient
        ? html`<fin-citizen-procedure slot="side" part="procedure" api=${this.apiBase} council=${this.councilId ?? nothing} lang=${this.i18n.lang} token=${this.token ?? nothing} access=${appointment.access} .client=${this.callClient}></fin-citizen-procedure>`
        : nothing}
    </fin-call-session>`;
  }

  /** The satisfaction survey of this appointment: the server accepts the personal link's token for it, not a calendar's. */
  private renderSurvey() {
    if (this.mine.value?.access !== 'full') return nothing;
    return html`<satisfaction-survey part="survey" api=${this.apiBase} council=${this.councilId ?? ''} lang=${this.i18n.lang} token=${this.token ?? ''} heading-level="3"></satisfaction-survey>`;
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
    const taken = this.slotTaken;
    return html`<div part="reschedule" role="group" aria-labelledby="step-heading">
      <h3 part="step-heading" id="step-heading" tabindex="-1">${this.i18n.t('appointmentRescheduleTitle')}</h3>
      ${taken
        ? renderAppointmentSlotTaken({
            i18n: this.i18n,
            timeZone: this.timeZone(),
            taken,
            busy: this.busy,
            resubmit: 'appointmentRescheduleHere',
            onChoose: (start) => (this.slotTaken = { ...taken, choice: start }),
            onResubmit: () => this.guard(this.reschedule(taken.choice)),
          })
        : nothing}
      <div part="field" aria-describedby=${error ? 'reschedule-error' : nothing}>
        ${error ? html`<p part="field-error" id="reschedule-error" tabindex="-1" role="alert">${this.i18n.t(error)}</p>` : nothing}
        ${renderSlotChoice({
          i18n: this.i18n,
          slots: this.slots,
          free: this.freeSlots(),
          day: this.day,
          time: this.newSlot,
          onDay: (day) => (this.day = day),
          onTime: (start) => {
            this.newSlot = start;
            if (start) this.newSlotError = undefined;
          },
          onRetry: () => this.guard(this.slots.retry()),
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
    'fin-appointment-view': FinAppointmentView;
  }
}
