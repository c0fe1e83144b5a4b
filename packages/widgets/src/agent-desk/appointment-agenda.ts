import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import type { MessageKey } from '../shared/i18n.js';
import { APPOINTMENT_STATE_LABELS, renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { CallModel } from '../call/call-state.js';
import type { Agent, Council, DeskAppointment, DeskAppointmentDetails } from '../shared/types.js';
import { addDays, localDate } from '../shared/zoned.js';
import { renderAgendaCall, type AgendaCall } from './agenda-call.js';
import { styles } from './appointment-agenda.styles.js';
import { callDocuments } from './call-documents.js';
import { DeskSubscription, eventData, type DeskEventStream } from './desk-events.js';
import { renderHistory } from './case-history.js';
import { recordingUrl, renderRecording } from './recording.js';
import { supervises } from './roles.js';
import './translations/index.js';

/** How many days after today "upcoming" covers. */
export const UPCOMING_DAYS = 7;

/** A no-show can be recorded from the start time on, while the citizen has not come or not finished. */
export function canMarkNoShow(appointment: Pick<DeskAppointment, 'state' | 'slot'>, now: number): boolean {
  return (appointment.state === 'booked' || appointment.state === 'checked_in') && now >= Date.parse(appointment.slot.start);
}

const byStart = (list: DeskAppointment[]) => [...list].sort((a, b) => a.slot.start.localeCompare(b.slot.start) || a.reference.localeCompare(b.reference));


/**
 * The appointments of the agent's council, inside `<agent-desk>`: one day's agenda (today in the
 * council's time zone by default) and the next days', kept live through the desk's event stream.
 * An appointment opens to its contact details, the documents expected and its history; from its
 * start time on, the agent can mark that the citizen did not come. A booked or checked-in
 * appointment can start its video call (its code loads then): the agent's camera and microphone
 * check, who waits, admitting them, the call, inviting a third participant, the recording's
 * consent and state, and beside the call the procedure done in it (identity, documents,
 * application, agreement).
 *
 * @summary The desk's appointment agenda.
 * @tagname fin-appointment-agenda
 *
 * @fires fin-error - Loading, marking a no-show or the call failed: `{code, message, recoverable}`.
 * @fires fin-call-end - The agent's video call is over: `{reason}`.
 *
 * @csspart day-picker - The day's controls.
 * @csspart day-button - Previous day, today, next day.
 * @csspart label - The date input's label.
 * @csspart input - The date input.
 * @csspart announcer - The polite live region (new appointments, the connection, a no-show recorded).
 * @csspart section - The day's agenda, and the upcoming days'.
 * @csspart section-heading - Their headings.
 * @csspart count - How many appointments a section lists.
 * @csspart table - A list of appointments.
 * @csspart row - One appointment; the open one also has the part `selected`.
 * @csspart column-header - A column's header.
 * @csspart cell - A cell of a row.
 * @csspart time - Its time (also a cell).
 * @csspart reference - Its reference.
 * @csspart badge - Its state in words; also has the part `state-<state>`.
 * @csspart open-button - Opens its details.
 * @csspart status - "Loading the appointments…".
 * @csspart error - A list or the details could not be loaded, or the no-show failed.
 * @csspart retry-button - Tries loading again.
 * @csspart empty-state - No appointments in a section.
 * @csspart details - The open appointment.
 * @csspart details-heading - Its heading; it takes focus when it opens.
 * @csspart close-button - Back to the agenda.
 * @csspart fields - Its details list.
 * @csspart field - One detail: a term and its value.
 * @csspart term - A detail's name.
 * @csspart value - A detail's value.
 * @csspart phone-link - The citizen's `tel:` link.
 * @csspart email-link - The citizen's `mailto:` link.
 * @csspart subheading - The headings of the recordings and of the history.
 * @csspart recordings - The call's recordings.
 * @csspart recording - One recording.
 * @csspart recording-label - When it began.
 * @csspart recording-hint - That its players play together.
 * @csspart recording-parties - The players of a recording, one per party, kept playing together.
 * @csspart recording-party - One party's player with their name.
 * @csspart recording-party-name - The party's name.
 * @csspart recording-player - A player (`<video>`).
 * @csspart recording-evidence - The download of the whole recording, with its hash.
 * @csspart recording-download - The link to download it.
 * @csspart recording-hash - Its SHA-256, as the evidence log holds it.
 * @csspart documents - The case's documents (`<fin-case-documents>`; its own parts are inside it): expected, received, previewed and reviewed.
 * @csspart receipt - Once the application is signed, its receipt (`<fin-case-receipt>`; its own parts are inside it): entry, hash, download, or making it again. Beside the call while it is on.
 * @csspart export - The export of the case's sealed evidence as ASiC-E (`<fin-evidence-export>`; its own parts are inside it), for supervisors and administrators.
 * @csspart no-show - The no-show button with its hint.
 * @csspart events - Its history (the evidence log).
 * @csspart event-play-button - Plays the recording from where an event of the history happened.
 * @csspart event - One entry.
 * @csspart no-show-button - "Mark as no-show"; disabled before the start time.
 * @csspart no-show-hint - When it becomes possible.
 * @csspart start-call-button - "Start the video call".
 * @csspart join-supervisor-button - For a supervisor, on a call in progress: "Join as supervisor", a third party the agent and the citizen see.
 * @csspart call - The agent's call (`<fin-call-session>`): "Loading the video call…", the device check, then the call; its own parts are inside it.
 * @csspart procedure - Beside the call, the procedure done in it (`<fin-procedure-panel>`): its steps and the current one's view.
 */
export class FinAppointmentAgenda extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The signed-in agent, whose council's agenda this is. */
  @property({ attribute: false }) agent?: Agent;

  /** The desk's live event stream, shared with the callback queue; the agenda refreshes on its `appointment` events. */
  @property({ attribute: false }) events?: DeskEventStream;

  /** The day shown, `YYYY-MM-DD` in the council's zone; today until the agent picks another. */
  @state() private day = '';
  @state() private selected?: string;
  @state() private announcement = '';
  @state() private actionError = false;
  @state() private busy = false;
  @state() private connected = true;
  @state() private now = Date.now();
  /** The agent's call (`<fin-call-session>`), or the one a supervisor joined. */
  @state() private call?: AgendaCall;
  private calls = 0;
  /** The call joined, which the procedure's panel follows. */
  @state() private callClient?: CallModel;

  private readonly subscription = new DeskSubscription(this, {
    type: 'appointment',
    onEvent: (event) => this.onAppointmentEvent(event),
    onStatus: () => (this.connected = this.events?.connected ?? true),
    refresh: () => {
      this.guard(this.dayList.retry());
      this.guard(this.upcoming.retry());
      if (this.selected) this.guard(this.details.retry());
    },
  });
  private clock?: ReturnType<typeof setInterval>;

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  /** The council's time zone, from its public endpoint. */
  private readonly councilInfo = new FetchTask(this, {
    args: () => (this.agent ? ([this.apiBase, this.agent.council.id, this.i18n.lang] as const) : undefined),
    task: ([api, council, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<Council>(client.councilPath(), { query: { lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  private readonly dayList = new FetchTask(this, {
    // The language too, here and below: the server names the procedures in it.
    args: () => (this.day ? ([this.apiBase, this.day, this.i18n.lang] as const) : undefined),
    task: async ([api, day, lang], signal) => {
      const { appointments } = await new ApiClient(api, undefined, { credentials: 'include' }).get<{ appointments: DeskAppointment[] }>('/api/desk/appointments', {
        query: { day, lang },
        signal,
      });
      return byStart(appointments);
    },
    onError: (error) => this.reportError(error),
  });

  private readonly upcoming = new FetchTask(this, {
    args: () => (this.today ? ([this.apiBase, addDays(this.today, 1), addDays(this.today, UPCOMING_DAYS), this.i18n.lang] as const) : undefined),
    task: async ([api, from, to, lang], signal) => {
      const { appointments } = await new ApiClient(api, undefined, { credentials: 'include' }).get<{ appointments: DeskAppointment[] }>('/api/desk/appointments', {
        query: { from, to, lang },
        signal,
      });
      return byStart(appointments);
    },
    onError: (error) => this.reportError(error),
  });

  private readonly details = new FetchTask(this, {
    args: () => (this.selected ? ([this.apiBase, this.selected, this.i18n.lang] as const) : undefined),
    task: ([api, id, lang], signal) =>
      new ApiClient(api, undefined, { credentials: 'include' }).get<DeskAppointmentDetails>(`/api/desk/appointments/${encodeURIComponent(id)}`, { query: { lang }, signal }),
    onError: (error) => this.reportError(error),
  });

  /** The documents of the case in the call, with whether each arrived. */
  private readonly callDocuments = callDocuments(
    this,
    () => (this.call && !this.call.ended ? ([this.apiBase, this.call.id, this.i18n.lang, this.call.serial] as const) : undefined),
    (error) => this.reportError(error),
  );

  private readonly onAppointmentEvent = (event: Event) => {
    const data = eventData(event);
    if (!data) return;
    const known = [...(this.dayList.value ?? []), ...(this.upcoming.value ?? [])].some((a) => a.id === data.id);
    if (!known && data.state === 'booked' && typeof data.reference === 'string') this.announcement = this.i18n.t('deskAgendaNew', { reference: data.reference });
    this.subscription.refreshSoon();
  };

  /** Today in the council's zone, once the zone is known. */
  private get today(): string | undefined {
    const zone = this.councilInfo.value?.timeZone;
    return zone ? localDate(new Date(this.now), zone) : undefined;
  }

  private get timeZone(): string {
    return this.councilInfo.value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  override connectedCallback() {
    super.connectedCallback();
    // The no-show button depends on the clock; a minute is as fine as its times are shown.
    this.clock = setInterval(() => (this.now = Date.now()), 60_000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.clock);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (!this.day && this.today) this.day = this.today;
    // The desk widens while a call is on, so the video and the procedure fit side by side.
    this.toggleAttribute('in-call', this.callActive);
  }

  private async open(id: string) {
    this.selected = id;
    this.actionError = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="details-heading"]')?.focus();
  }

  private async close() {
    const id = this.selected;
    this.selected = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-open="${id}"]`)?.focus();
  }

  private async markNoShow(appointment: DeskAppointment) {
    if (this.busy) return;
    this.busy = true;
    this.actionError = false;
    try {
      const updated = await this.client.post<DeskAppointment>(`/api/desk/appointments/${encodeURIComponent(appointment.id)}/no-show`);
      this.announcement = this.i18n.t('deskAgendaNoShowDone', { reference: updated.reference });
      const replace = (list?: DeskAppointment[]) => list?.map((a) => (a.id === updated.id ? updated : a));
      this.dayList.value = replace(this.dayList.value);
      this.upcoming.value = replace(this.upcoming.value);
      if (this.details.value?.id === updated.id) this.details.value = { ...this.details.value, ...updated };
      this.subscription.refreshSoon();
    } catch (error) {
      this.reportError(error);
      this.actionError = true;
      this.subscription.refreshSoon();
    } finally {
      this.busy = false;
    }
  }

  /** The session loads the call's code only now (mediasoup-client included), then checks the agent's devices. */
  private startCall(appointment: Pick<DeskAppointment, 'id'>, asSupervisor = false) {
    if (this.callActive) return;
    this.call = { id: appointment.id, ended: false, serial: ++this.calls, asSupervisor };
    this.callClient = undefined;
  }

  /** The call closed: the appointment's state changed on the server. */
  private callEnded() {
    if (this.call) this.call = { ...this.call, ended: true };
    this.subscription.refreshSoon();
  }

  /** Back from the device check without a call: focus returns to the button that started it. */
  private async cancelCall() {
    this.call = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="start-call-button"]')?.focus();
  }

  private get callActive(): boolean {
    return Boolean(this.call && !this.call.ended);
  }

  private time(iso: string): string {
    return this.i18n.time(new Date(iso), this.timeZone);
  }

  private dayName(date: Date, weekday: 'long' | 'short' = 'long'): string {
    return this.i18n.format({ weekday, day: 'numeric', month: 'long', timeZone: this.timeZone }).format(date);
  }

  protected renderContent() {
    const busy = this.dayList.status === 'pending' || this.upcoming.status === 'pending';
    return html`<div aria-busy=${busy ? 'true' : 'false'}>
      <p part="announcer" class="visually-hidden" role="status">${this.connected ? this.announcement : this.i18n.t('deskLiveReconnecting')}</p>
      ${this.councilInfo.status === 'error' && !this.councilInfo.value
        ? html`<p part="error" role="alert">${this.i18n.t('deskAgendaError')}</p>
            <button part="retry-button" type="button" @click=${() => this.guard(this.councilInfo.retry())}>${this.i18n.t('retry')}</button>`
        : nothing}
      ${this.renderCall()} ${this.selected ? this.renderDetails() : this.renderAgenda()}
    </div>`;
  }

  /** Above the agenda and the details, so the call goes on while the agent looks at either; the procedure goes beside the call. */
  private renderCall() {
    const call = this.call;
    if (!call) return nothing;
    const appointment = [...(this.dayList.value ?? []), ...(this.upcoming.value ?? [])].find((a) => a.id === call.id);
    return renderAgendaCall({
      call,
      displayName: this.agent?.name ?? '',
      lang: this.i18n.lang,
      api: this.apiBase,
      documents: this.callDocuments.value?.caseId === call.id ? this.callDocuments.value.expected : (appointment?.procedure.documents ?? []),
      client: this.callClient,
      events: this.events,
      joined: (client) => (this.callClient = client),
      ended: () => this.callEnded(),
      cancelled: () => this.guard(this.cancelCall()),
    });
  }

  private renderAgenda() {
    if (!this.day) return html`<p part="status">${this.i18n.t('deskAgendaLoading')}</p>`;
    const dayDate = new Date(`${this.day}T12:00:00Z`);
    const dayTitle = this.i18n.t('deskAgendaDayTitle', {
      day: this.i18n.format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(dayDate),
    });
    return html`<form part="day-picker" aria-label=${this.i18n.t('deskAgendaDay')} @submit=${(event: Event) => event.preventDefault()}>
        <button part="day-button" type="button" @click=${() => (this.day = addDays(this.day, -1))}>${this.i18n.t('deskAgendaPreviousDay')}</button>
        <button part="day-button" type="button" ?disabled=${this.day === this.today} @click=${() => (this.day = this.today ?? this.day)}>${this.i18n.t('deskAgendaToday')}</button>
        <button part="day-button" type="button" @click=${() => (this.day = addDays(this.day, 1))}>${this.i18n.t('deskAgendaNextDay')}</button>
        <label part="label" for="agenda-day">${this.i18n.t('deskAgendaDay')}</label>
        <input
          part="input"
          id="agenda-day"
          type="date"
          required
          .value=${live(this.day)}
          @change=${(event: Event) => {
            const value = (event.target as HTMLInputElement).value;
            if (value) this.day = value;
          }}
        />
      </form>
      <section part="section" aria-labelledby="agenda-day-title">
        <h3 part="section-heading" id="agenda-day-title">${dayTitle}</h3>
        ${this.renderList(this.dayList, 'deskAgendaEmpty', false)}
      </section>
      <section part="section" aria-labelledby="agenda-upcoming-title">
        <h3 part="section-heading" id="agenda-upcoming-title">${this.i18n.t('deskAgendaUpcomingTitle')}</h3>
        ${this.renderList(this.upcoming, 'deskAgendaUpcomingEmpty', true)}
      </section>`;
  }

  private renderList(task: { status: string; value?: DeskAppointment[]; retry(): Promise<void> }, empty: MessageKey, withDay: boolean) {
    const { status, value } = task;
    if (!value && status === 'error') {
      return html`<p part="error" role="alert">${this.i18n.t('deskAgendaError')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(task.retry())}>${this.i18n.t('retry')}</button>`;
    }
    if (!value) return html`<p part="status">${this.i18n.t('deskAgendaLoading')}</p>`;
    if (!value.length) return html`<p part="empty-state">${this.i18n.t(empty)}</p>`;
    return html`<p part="count">${this.i18n.t('deskAgendaCount', { count: value.length })}</p>
      <table part="table">
        <thead>
          <tr>
            <th part="column-header" scope="col">${this.i18n.t('deskAgendaTime')}</th>
            <th part="column-header" scope="col">${this.i18n.t('deskAgendaReference')}</th>
            <th part="column-header" scope="col">${this.i18n.t('deskAgendaProcedure')}</th>
            <th part="column-header" scope="col">${this.i18n.t('deskAgendaCitizen')}</th>
            <th part="column-header" scope="col">${this.i18n.t('deskAgendaState')}</th>
            <th part="column-header" scope="col"><span class="visually-hidden">${this.i18n.t('deskAgendaOpen')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${value.map((appointment) => {
            const start = new Date(appointment.slot.start);
            const time = `${this.time(appointment.slot.start)}–${this.time(appointment.slot.end)}`;
            return html`<tr part="row">
              <td part="cell time"><time datetime=${appointment.slot.start}>${withDay ? `${this.dayName(start, 'short')}, ${time}` : time}</time></td>
              <th part="reference" scope="row">${appointment.reference}</th>
              <td part="cell">${appointment.procedure.name}</td>
              <td part="cell">${appointment.name}</td>
              <td part="cell">${renderStateBadge(appointment.state, this.i18n.t(APPOINTMENT_STATE_LABELS[appointment.state]))}</td>
              <td part="cell">
                <button part="open-button" type="button" data-open=${appointment.id} @click=${() => this.guard(this.open(appointment.id))}>
                  ${this.i18n.t('deskAgendaOpen')}<span class="visually-hidden"> ${appointment.reference}</span>
                </button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  private renderDetails() {
    const { status, value } = this.details;
    const shown = value && value.id === this.selected ? value : undefined;
    const reference = shown?.reference ?? [...(this.dayList.value ?? []), ...(this.upcoming.value ?? [])].find((a) => a.id === this.selected)?.reference ?? '';
    return html`<section part="details" aria-labelledby="details-heading">
      <h3 part="details-heading" id="details-heading" tabindex="-1">${this.i18n.t('deskAgendaDetailsTitle', { reference })}</h3>
      <button part="close-button" type="button" @click=${() => this.guard(this.close())}>${this.i18n.t('deskAgendaClose')}</button>
      ${this.actionError ? html`<p part="error" role="alert">${this.i18n.t('deskErrorAction')}</p>` : nothing}
      ${!shown && status === 'error'
        ? html`<p part="error" role="alert">${this.i18n.t('deskAgendaDetailsError')}</p>
            <button part="retry-button" type="button" @click=${() => this.guard(this.details.retry())}>${this.i18n.t('retry')}</button>`
        : nothing}
      ${!shown && status !== 'error' ? html`<p part="status">${this.i18n.t('deskAgendaDetailsLoading')}</p>` : nothing}
      ${shown ? this.renderAppointment(shown) : nothing}
    </section>`;
  }

  private renderAppointment(appointment: DeskAppointmentDetails) {
    const start = new Date(appointment.slot.start);
    const field = (term: MessageKey, value: unknown) => html`<div part="field"><dt part="term">${this.i18n.t(term)}</dt><dd part="value">${value}</dd></div>`;
    const allowed = canMarkNoShow(appointment, this.now);
    const open = appointment.state === 'booked' || appointment.state === 'checked_in';
    const callable = open || appointment.state === 'in_call';
    const inThisCall = this.call?.id === appointment.id && this.callActive;
    const language = new Intl.DisplayNames(this.i18n.locale, { type: 'language' }).of(appointment.language) ?? appointment.language;
    return html`<dl part="fields">
        ${field('deskAgendaState', renderStateBadge(appointment.state, this.i18n.t(APPOINTMENT_STATE_LABELS[appointment.state])))}
        ${field('deskSlot', html`<time datetime=${appointment.slot.start}>${this.dayName(start)}, ${this.time(appointment.slot.start)}–${this.time(appointment.slot.end)}</time>`)}
        ${field('deskAgendaProcedure', appointment.procedure.name)} ${field('deskName', appointment.name)}
        ${field('deskAgendaEmail', html`<a part="email-link" href="mailto:${appointment.email}">${appointment.email}</a>`)}
        ${field('deskPhone', html`<a part="phone-link" href="tel:${appointment.phone}">${appointment.phone}</a>`)}
        ${field('deskAgendaIdDocument', appointment.idDocument ?? this.i18n.t('deskAgendaNotGiven'))} ${field('deskAgendaLanguage', language)}
      </dl>
      ${callable && !inThisCall
        ? html`<p>
            <button part="start-call-button" type="button" ?disabled=${this.callActive} @click=${() => this.startCall(appointment)}>
              ${this.i18n.t(appointment.state === 'in_call' ? 'callStartAgain' : 'callStart')}
            </button>
            ${supervises(this.agent) && appointment.state === 'in_call'
              ? html`<button part="join-supervisor-button" type="button" ?disabled=${this.callActive} @click=${() => this.startCall(appointment, true)}>${this.i18n.t('deskAgendaJoinAsSupervisor')}</button>`
              : nothing}
          </p>`
        : nothing}
      <fin-case-documents part="documents" lang=${this.i18n.lang} api=${this.apiBase} case-id=${appointment.id} .events=${this.events}></fin-case-documents>
      ${inThisCall
        ? nothing
        : html`<fin-case-receipt part="receipt" lang=${this.i18n.lang} api=${this.apiBase} case-id=${appointment.id}></fin-case-receipt>
            ${supervises(this.agent)
              ? html`<fin-evidence-export part="export" lang=${this.i18n.lang} api=${this.apiBase} case-id=${appointment.id} reference=${appointment.reference}></fin-evidence-export>`
              : nothing}`}
      ${open
        ? html`<p part="no-show">
            <button
              part="no-show-button"
              type="button"
              ?disabled=${!allowed || this.busy}
              aria-describedby=${allowed ? nothing : 'no-show-hint'}
              @click=${() => this.guard(this.markNoShow(appointment))}
            >
              ${this.i18n.t('deskAgendaNoShow')}
            </button>
            ${allowed ? nothing : html`<span part="no-show-hint" id="no-show-hint">${this.i18n.t('deskAgendaNoShowLater', { time: this.time(appointment.slot.start) })}</span>`}
          </p>`
        : nothing}
      ${appointment.recordings.length
        ? html`<h4 part="subheading">${this.i18n.t('deskAgendaRecordings')}</h4>
            <ul part="recordings">
              ${appointment.recordings.map((recording) =>
                renderRecording({ i18n: this.i18n, src: recordingUrl(this.apiBase, appointment.id, recording.id), recording, time: (iso) => this.time(iso) }),
              )}
            </ul>`
        : nothing}
      <h4 part="subheading">${this.i18n.t('deskAgendaEvents')}</h4>
      ${renderHistory({ i18n: this.i18n, appointment, root: this.renderRoot, when: (iso) => `${this.dayName(new Date(iso), 'short')}, ${this.time(iso)}` })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-appointment-agenda': FinAppointmentAgenda;
  }
}
