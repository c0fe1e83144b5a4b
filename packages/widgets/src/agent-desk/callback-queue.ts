import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError } from '../shared/errors.js';
import type { MessageKey } from '../shared/i18n.js';
import { renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { Agent, CallbackOutcome, CallbackSlots, CallbackState, DeskCallback, Topic } from '../shared/types.js';
import { fetchTeam, renderAgentFilter, renderReassign } from './callback-supervision.js';
import { styles } from './callback-queue.styles.js';
import { DeskSubscription, eventData, type DeskEventStream } from './desk-events.js';
import { supervises } from './roles.js';
import './translations/index.js';

/** What the state filter offers; `open` is requested, assigned, in progress and to call again. */
export const STATE_FILTERS = ['open', 'completed', 'failed', 'cancelled', 'all'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

const FILTER_LABELS: Record<StateFilter, MessageKey> = {
  open: 'deskFilterStateOpen',
  completed: 'deskFilterStateCompleted',
  failed: 'deskFilterStateFailed',
  cancelled: 'deskFilterStateCancelled',
  all: 'deskFilterStateAll',
};

const STATE_LABELS: Record<CallbackState, MessageKey> = {
  requested: 'deskStateRequested',
  assigned: 'deskStateAssigned',
  in_progress: 'deskStateInProgress',
  retry: 'deskStateRetry',
  completed: 'deskStateCompleted',
  failed: 'deskStateFailed',
  cancelled: 'deskStateCancelled',
};

const OUTCOMES: [CallbackOutcome, MessageKey][] = [
  ['reached', 'deskOutcomeReached'],
  ['no_answer', 'deskOutcomeNoAnswer'],
  ['wrong_number', 'deskOutcomeWrongNumber'],
  ['gave_up', 'deskOutcomeGaveUp'],
];

const ALREADY_CLAIMED = 'FIN_ERR_CALLBACK_ALREADY_CLAIMED';
const NOT_DUE = 'FIN_ERR_CALLBACK_NOT_DUE';
const IN_PROGRESS = 'FIN_ERR_CALLBACK_IN_PROGRESS';
/** The longest a timer waits (about 24.8 days); a later time is looked at again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

type Action = 'claim' | 'start' | 'outcome' | 'assign';

/** What the agent's latest action led to, kept on screen even when the callback leaves the filtered list. */
/** `set` with `id` in it or not, as a new set, so Lit sees the change. */
function toggled(set: Set<string>, id: string, present: boolean): Set<string> {
  const next = new Set(set);
  if (present) next.add(id);
  else next.delete(id);
  return next;
}

interface Latest {
  reference: string;
  text: string;
  surveyUrl?: string;
}

/** The server's `state` filter has no "all": the four groups together are all. `agent` is a supervisor's filter. */
async function fetchCallbacks(client: ApiClient, filter: StateFilter, topic: string, day: string, agent: string, lang: string, signal: AbortSignal): Promise<DeskCallback[]> {
  const states: StateFilter[] = filter === 'all' ? ['open', 'completed', 'failed', 'cancelled'] : [filter];
  const lists = await Promise.all(
    states.map((state) =>
      client.get<{ callbacks: DeskCallback[] }>('/api/desk/callbacks', { query: { state, topic: topic || undefined, day: day || undefined, agent: agent || undefined, lang }, signal }),
    ),
  );
  return lists.flatMap((list) => list.callbacks).sort((a, b) => a.slot.start.localeCompare(b.slot.start) || a.reference.localeCompare(b.reference));
}

/**
 * The callback queue of the agent's council, inside `<agent-desk>`: requests ordered by slot, with
 * filters, kept live through the server's event stream, and the actions each state allows. An
 * agent's queue is what nobody has and theirs; a supervisor sees everyone's, may filter it by agent
 * and hand a callback to another agent, or back to the queue.
 *
 * @summary The desk's live callback queue.
 * @tagname fin-callback-queue
 *
 * @fires fin-error - Loading, the live connection or an action failed: `{code, message, recoverable}`.
 *
 * @csspart filters - The filter form.
 * @csspart filter - A filter's label and control.
 * @csspart filter-label - A filter's label.
 * @csspart select - A filter's select.
 * @csspart input - The day filter.
 * @csspart announcer - The polite live region (new requests, a callback handed to this agent, connection).
 * @csspart action-error - A failed action's message.
 * @csspart latest - What the agent's latest action led to.
 * @csspart survey-link - The survey invitation link of a completed callback.
 * @csspart count - How many requests the list shows.
 * @csspart list - The list of callbacks.
 * @csspart item - One callback.
 * @csspart reference - Its reference (a heading).
 * @csspart badge - Its state, in words; also has the part `state-<state>`.
 * @csspart details - Its details.
 * @csspart detail - One detail: a term and its value.
 * @csspart term - A detail's name.
 * @csspart value - A detail's value.
 * @csspart phone-link - Its `tel:` link.
 * @csspart actions - Its action buttons.
 * @csspart action-button - An action button.
 * @csspart reassign-form - A supervisor's "Reassign" control of a callback.
 * @csspart reassign-label - Its label.
 * @csspart reassign-select - Its choice of agent (also has the part `select`).
 * @csspart reassign-button - Its button.
 * @csspart not-due - When the citizen agreed to be called from, in place of "Start call" until then.
 * @csspart outcome-form - The form that records the outcome of a call.
 * @csspart outcome-group - Its group of outcomes.
 * @csspart legend - The group's legend.
 * @csspart choice - One outcome with its label.
 * @csspart radio - An outcome's radio button.
 * @csspart field-error - "Choose the outcome of the call".
 * @csspart note-label - The note's label.
 * @csspart note - The optional note.
 * @csspart status - "Loading the callback requests…".
 * @csspart error - The message shown when the list cannot be loaded.
 * @csspart retry-button - The button that tries loading again.
 * @csspart empty-state - Shown when no callback matches the filters.
 * @csspart documents-disclosure - A callback's documents, opened on demand.
 * @csspart documents-summary - What opens them.
 * @csspart documents - The case's documents (`<fin-case-documents>`; its own parts are inside it).
 * @csspart history-disclosure - A callback's history, opened on demand.
 * @csspart history-summary - What opens it.
 * @csspart history - The case's history in words (`<fin-case-history>`; its own parts are inside it).
 * @csspart screen-help-button - "Screen help", on a callback the agent is calling (also has the part `action-button`).
 * @csspart screen-help - The screen help of that call (`<fin-desk-screen-help>`; its own parts are inside it).
 */
export class FinCallbackQueue extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The signed-in agent: whose callbacks are "mine". */
  @property({ attribute: false }) agent?: Agent;

  /** The desk's live event stream, shared with the appointment agenda; the list refreshes on its `callback` events. */
  @property({ attribute: false }) events?: DeskEventStream;

  @state() private filter: StateFilter = 'open';
  @state() private topicFilter = '';
  @state() private dayFilter = '';
  /** A supervisor's filter: one agent's callbacks, or everyone's. */
  @state() private agentFilter = '';
  @state() private busy = new Set<string>();
  @state() private outcomes = new Map<string, CallbackOutcome>();
  @state() private outcomeErrors = new Set<string>();
  @state() private announcement = '';
  @state() private actionError = '';
  @state() private latest?: Latest;
  @state() private connected = true;
  /** Callbacks whose documents the agent opened. */
  @state() private documentsOpen = new Set<string>();
  /** Callbacks whose history the agent opened. */
  @state() private historyOpen = new Set<string>();
  /** The callback whose screen help the agent opened: one at a time, as there is one phone. */
  @state() private screenHelp?: DeskCallback;

  private readonly subscription = new DeskSubscription(this, {
    type: 'callback',
    onEvent: (event) => this.onCallbackEvent(event),
    onStatus: () => (this.connected = this.events?.connected ?? true),
    refresh: () => this.guard(this.list.retry()),
  });
  private notes = new Map<string, string>();
  /** Callbacks an event said were taken by someone, until the list shows whose they are now. */
  private readonly handedOver = new Set<string>();
  /** Wakes the list when the next callback becomes callable, to offer its call then. */
  private wake?: ReturnType<typeof setTimeout>;

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  private readonly list = new FetchTask(this, {
    // The language too: the server names the topics in it.
    args: () => [this.apiBase, this.filter, this.topicFilter, this.dayFilter, this.agentFilter, this.i18n.lang] as const,
    task: ([api, filter, topic, day, agent, lang], signal) => fetchCallbacks(new ApiClient(api, undefined, { credentials: 'include' }), filter, topic, day, agent, lang, signal),
    onError: (error) => this.reportError(error),
  });

  /** The council's agents, for a supervisor only. */
  private readonly team = new FetchTask(this, {
    args: () => (supervises(this.agent) ? ([this.apiBase] as const) : undefined),
    task: ([api], signal) => fetchTeam(new ApiClient(api, undefined, { credentials: 'include' }), signal),
    onError: (error) => this.reportError(error),
  });

  /** The council's topics (for the filter) and time zone (for the slots), from its public slots endpoint. */
  private readonly councilInfo = new FetchTask(this, {
    args: () => (this.agent ? ([this.apiBase, this.agent.council.id, this.i18n.lang] as const) : undefined),
    task: ([api, council, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<CallbackSlots>(client.councilPath('/callbacks/slots'), { query: { lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  private readonly onCallbackEvent = (event: Event) => {
    const data = eventData(event);
    if (!data) return;
    const known = this.list.value?.find((callback) => callback.id === data.id);
    if (!known && data.state === 'requested' && typeof data.reference === 'string') this.announcement = this.i18n.t('deskNewCallback', { reference: data.reference });
    // Someone else's change that may have made it this agent's (a supervisor reassigned it): said
    // once the refreshed list shows it. Not the agent's own claim, whose answer is still on its way.
    if (data.state === 'assigned' && typeof data.id === 'string' && !this.busy.has(data.id) && known?.assignedAgent?.id !== this.agent?.id) this.handedOver.add(data.id);
    this.subscription.refreshSoon();
  };

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const mine = this.list.value?.filter((callback) => this.handedOver.has(callback.id) && callback.assignedAgent?.id === this.agent?.id);
    if (!mine?.length) return;
    for (const callback of mine) this.handedOver.delete(callback.id);
    this.announcement = this.i18n.t('deskAssignedToYou', { reference: mine.map((callback) => callback.reference).join(', ') });
  }

  private async act(callback: DeskCallback, action: Action, body?: unknown) {
    if (this.busy.has(callback.id)) return;
    this.handedOver.delete(callback.id);
    if (action === 'outcome') {
      const outcome = this.outcomes.get(callback.id);
      if (!outcome) {
        this.outcomeErrors = new Set(this.outcomeErrors).add(callback.id);
        return;
      }
      const note = this.notes.get(callback.id)?.trim();
      body = note ? { outcome, note } : { outcome };
    }
    this.busy = new Set(this.busy).add(callback.id);
    this.actionError = '';
    try {
      const updated = await this.client.post<DeskCallback>(`/api/desk/callbacks/${encodeURIComponent(callback.id)}/${action}`, body);
      if (action === 'outcome') this.recordLatest(updated);
      if (action === 'assign') {
        const { reference, assignedAgent } = updated;
        this.latest = { reference, text: assignedAgent ? this.i18n.t('deskReassigned', { name: assignedAgent.name }) : this.i18n.t('deskReassignedNobody') };
      }
      this.replace(updated);
    } catch (error) {
      const failure = this.reportError(error);
      this.actionError =
        failure.code === ALREADY_CLAIMED
          ? this.i18n.t('deskErrorAlreadyClaimed', { reference: callback.reference })
          : failure.code === NOT_DUE
            ? this.i18n.t('deskErrorNotDue', { reference: callback.reference })
            : failure.code === IN_PROGRESS
              ? this.i18n.t('deskErrorInProgress', { reference: callback.reference })
              : this.i18n.t('deskErrorAction');
      if (failure instanceof ApiError && failure.status === 409) this.subscription.refreshSoon();
    } finally {
      const busy = new Set(this.busy);
      busy.delete(callback.id);
      this.busy = busy;
    }
  }

  private recordLatest(callback: DeskCallback) {
    this.outcomes.delete(callback.id);
    this.notes.delete(callback.id);
    const { reference } = callback;
    if (callback.state === 'completed') {
      this.latest = { reference, text: this.i18n.t('deskCompleted'), surveyUrl: callback.surveyUrl };
    } else if (callback.state === 'retry') {
      const start = new Date(callback.slot.start);
      const day = this.i18n.format({ weekday: 'long', day: 'numeric', month: 'long', timeZone: this.timeZone }).format(start);
      const text = this.i18n.t('deskRequeued', { day, time: this.i18n.time(start, this.timeZone), attempt: callback.attempts + 1, max: callback.maxAttempts });
      this.latest = { reference, text };
    } else if (callback.state === 'failed' && callback.attempts >= callback.maxAttempts) {
      this.latest = { reference, text: this.i18n.t('deskNoMoreAttempts', { count: callback.attempts }) };
    } else {
      this.latest = { reference, text: this.i18n.t('deskFailed') };
    }
  }

  /** Shows the server's answer at once; the event it also caused brings the filtered list up to date. */
  private replace(updated: DeskCallback) {
    if (this.list.value) this.list.value = this.list.value.map((callback) => (callback.id === updated.id ? updated : callback));
    this.requestUpdate();
  }

  private get timeZone(): string {
    return this.councilInfo.value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    clearTimeout(this.wake);
    const now = Date.now();
    const next = Math.min(...(this.list.value ?? []).map((callback) => Date.parse(callback.callableFrom)).filter((at) => at > now));
    if (Number.isFinite(next)) this.wake = setTimeout(() => this.requestUpdate(), Math.min(next - now, LONGEST_TIMER_MS));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.wake);
  }

  protected renderContent() {
    const { status, value } = this.list;
    const loading = !value && (status === 'initial' || status === 'pending');
    return html`<div aria-busy=${status === 'pending' ? 'true' : 'false'}>
      ${this.renderFilters()}
      <p part="announcer" class="visually-hidden" role="status">${this.connected ? this.announcement : this.i18n.t('deskLiveReconnecting')}</p>
      ${this.actionError ? html`<p part="action-error error" role="alert">${this.actionError}</p>` : nothing}
      ${this.latest
        ? html`<p part="latest" role="status">
            ${this.i18n.t('deskLatestOutcome', { reference: this.latest.reference, text: this.latest.text })}
            ${this.latest.surveyUrl ? html`<a part="survey-link" href=${this.latest.surveyUrl} target="_blank" rel="noopener">${this.i18n.t('deskSurveyLink')}</a>` : nothing}
          </p>`
        : nothing}
      ${this.screenHelp ? this.renderScreenHelp(this.screenHelp) : nothing}
      ${loading ? html`<p part="status">${this.i18n.t('deskCallbacksLoading')}</p>` : nothing}
      ${status === 'error' && !value
        ? html`<p part="error" role="alert">${this.i18n.t('deskCallbacksError')}</p>
            <button part="retry-button" type="button" @click=${() => this.guard(this.list.retry())}>${this.i18n.t('retry')}</button>`
        : nothing}
      ${value ? this.renderList(value) : nothing}
    </div>`;
  }

  private renderFilters() {
    const topics = new Map<string, string>((this.councilInfo.value?.topics ?? []).map((t: Topic) => [t.id, t.name]));
    for (const callback of this.list.value ?? []) if (!topics.has(callback.topic.id)) topics.set(callback.topic.id, callback.topic.name);
    return html`<form part="filters" aria-label=${this.i18n.t('deskFilters')} @submit=${(event: Event) => event.preventDefault()}>
      <div part="filter">
        <label part="filter-label" for="filter-state">${this.i18n.t('deskFilterState')}</label>
        <select part="select" id="filter-state" @change=${(event: Event) => (this.filter = (event.target as HTMLSelectElement).value as StateFilter)}>
          ${STATE_FILTERS.map((filter) => html`<option value=${filter} ?selected=${filter === this.filter}>${this.i18n.t(FILTER_LABELS[filter])}</option>`)}
        </select>
      </div>
      <div part="filter">
        <label part="filter-label" for="filter-topic">${this.i18n.t('deskFilterTopic')}</label>
        <select part="select" id="filter-topic" @change=${(event: Event) => (this.topicFilter = (event.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.topicFilter}>${this.i18n.t('deskFilterTopicAll')}</option>
          ${[...topics].map(([id, name]) => html`<option value=${id} ?selected=${id === this.topicFilter}>${name}</option>`)}
        </select>
      </div>
      <div part="filter">
        <label part="filter-label" for="filter-day">${this.i18n.t('deskFilterDay')}</label>
        <input part="input" id="filter-day" type="date" .value=${live(this.dayFilter)} @change=${(event: Event) => (this.dayFilter = (event.target as HTMLInputElement).value)} />
      </div>
      ${this.team.value ? renderAgentFilter(this.i18n, this.team.value, this.agentFilter, (agent) => (this.agentFilter = agent)) : nothing}
    </form>`;
  }

  private renderList(callbacks: DeskCallback[]) {
    if (!callbacks.length) return html`<p part="empty-state">${this.i18n.t('deskCallbacksEmpty')}</p>`;
    return html`<p part="count">${this.i18n.t('deskCallbacksCount', { count: callbacks.length })}</p>
      <ol part="list">
        ${callbacks.map((callback) => this.renderItem(callback))}
      </ol>`;
  }

  private renderItem(callback: DeskCallback) {
    const start = new Date(callback.slot.start);
    const tz = this.timeZone;
    const slot = this.i18n.t('deskSlotValue', {
      day: this.i18n.format({ weekday: 'short', day: 'numeric', month: 'short', timeZone: tz }).format(start),
      start: this.i18n.time(start, tz),
      end: this.i18n.time(new Date(callback.slot.end), tz),
    });
    const headingId = `callback-${callback.id}`;
    return html`<li part="item">
      <article aria-labelledby=${headingId}>
        <h3 part="reference" id=${headingId}>
          ${callback.reference} ${renderStateBadge(callback.state, this.i18n.t(STATE_LABELS[callback.state]))}
        </h3>
        <dl part="details">
          <div part="detail"><dt part="term">${this.i18n.t('deskSlot')}</dt><dd part="value"><time datetime=${callback.slot.start}>${slot}</time></dd></div>
          <div part="detail"><dt part="term">${this.i18n.t('deskTopic')}</dt><dd part="value">${callback.topic.name}</dd></div>
          <div part="detail"><dt part="term">${this.i18n.t('deskName')}</dt><dd part="value">${callback.name}</dd></div>
          <div part="detail"><dt part="term">${this.i18n.t('deskPhone')}</dt><dd part="value"><a part="phone-link" href="tel:${callback.phone}">${callback.phone}</a></dd></div>
          ${callback.description ? html`<div part="detail"><dt part="term">${this.i18n.t('deskDescription')}</dt><dd part="value">${callback.description}</dd></div>` : nothing}
          <div part="detail"><dt part="term">${this.i18n.t('deskAttempts')}</dt><dd part="value">${this.i18n.t('deskAttemptsValue', { attempts: callback.attempts, max: callback.maxAttempts })}</dd></div>
          <div part="detail"><dt part="term">${this.i18n.t('deskAssigned')}</dt><dd part="value">${callback.assignedAgent?.name ?? this.i18n.t('deskUnassigned')}</dd></div>
          ${callback.notes.length
            ? html`<div part="detail"><dt part="term">${this.i18n.t('deskNotes')}</dt><dd part="value"><ul>${callback.notes.map((note) => html`<li>${note.agent}: ${note.text}</li>`)}</ul></dd></div>`
            : nothing}
        </dl>
        ${this.renderActions(callback)}
        ${this.team.value ? renderReassign(this.i18n, callback, this.team.value, this.busy.has(callback.id), (to) => this.guard(this.act(callback, 'assign', { agent: to }))) : nothing}
        <details part="documents-disclosure" @toggle=${(event: Event) => this.toggleDocuments(callback.id, (event.target as HTMLDetailsElement).open)}>
          <summary part="documents-summary">${this.i18n.t('deskDocumentsTitle')}<span class="visually-hidden"> ${callback.reference}</span></summary>
          ${this.documentsOpen.has(callback.id)
            ? html`<fin-case-documents part="documents" lang=${this.i18n.lang} api=${this.apiBase} case-id=${callback.id} .events=${this.events}></fin-case-documents>`
            : nothing}
        </details>
        <details part="history-disclosure" @toggle=${(event: Event) => this.toggleHistory(callback.id, (event.target as HTMLDetailsElement).open)}>
          <summary part="history-summary">${this.i18n.t('deskHistoryTitle')}<span class="visually-hidden"> ${callback.reference}</span></summary>
          ${this.historyOpen.has(callback.id)
            ? html`<fin-case-history part="history" lang=${this.i18n.lang} api=${this.apiBase} case-id=${callback.id} time-zone=${this.timeZone}></fin-case-history>`
            : nothing}
        </details>
      </article>
    </li>`;
  }

  /** The documents load when the agent opens them, not for every callback in the queue. */
  private toggleDocuments(id: string, open: boolean) {
    this.documentsOpen = toggled(this.documentsOpen, id, open);
  }

  /** So does the history. */
  private toggleHistory(id: string, open: boolean) {
    this.historyOpen = toggled(this.historyOpen, id, open);
  }

  private renderActions(callback: DeskCallback) {
    const mine = !callback.assignedAgent || callback.assignedAgent.id === this.agent?.id;
    if (!mine) return nothing;
    const busy = this.busy.has(callback.id);
    const button = (action: Action, label: MessageKey) =>
      html`<button part="action-button" type="button" ?disabled=${busy} @click=${() => this.guard(this.act(callback, action))}>
        ${this.i18n.t(label)}<span class="visually-hidden"> ${callback.reference}</span>
      </button>`;
    // The citizen agreed to a call from a time on: until then the call cannot start.
    const callableFrom = new Date(callback.callableFrom);
    const start =
      callableFrom.getTime() > Date.now()
        ? html`<p part="not-due">${this.i18n.t('deskCallableFrom', {
            day: this.i18n.format({ weekday: 'long', day: 'numeric', month: 'long', timeZone: this.timeZone }).format(callableFrom),
            time: this.i18n.time(callableFrom, this.timeZone),
          })}</p>`
        : button('start', 'deskStartCall');
    switch (callback.state) {
      case 'requested':
      case 'retry':
        return html`<div part="actions">${callback.assignedAgent ? nothing : button('claim', 'deskClaim')} ${start}</div>`;
      case 'assigned':
        return html`<div part="actions">${start}</div>`;
      case 'in_progress':
        return html`${callback.assignedAgent?.id === this.agent?.id
          ? html`<button part="action-button screen-help-button" type="button" @click=${() => (this.screenHelp = callback)}>
              ${this.i18n.t('deskScreenHelpButton')}<span class="visually-hidden"> ${callback.reference}</span>
            </button>`
          : nothing}
        ${this.renderOutcomeForm(callback, busy)}`;
      default:
        return nothing;
    }
  }

  /** Outside the list, whose items move as it refreshes: the panel, its code and its room stay. */
  private renderScreenHelp(callback: DeskCallback) {
    const { id, reference, name } = callback;
    return keyed(id, html`<fin-desk-screen-help part="screen-help" lang=${this.i18n.lang} api=${this.apiBase} callback-id=${id} reference=${reference}
      display-name=${this.agent?.name ?? ''} citizen-name=${name} time-zone=${this.timeZone} @fin-screen-help-close=${() => (this.screenHelp = undefined)}></fin-desk-screen-help>`);
  }

  private renderOutcomeForm(callback: DeskCallback, busy: boolean) {
    const id = callback.id;
    const error = this.outcomeErrors.has(id);
    const choose = (outcome: CallbackOutcome) => {
      this.outcomes = new Map(this.outcomes).set(id, outcome);
      const errors = new Set(this.outcomeErrors);
      errors.delete(id);
      this.outcomeErrors = errors;
    };
    return html`<form part="outcome-form" @submit=${(event: Event) => (event.preventDefault(), this.guard(this.act(callback, 'outcome')))}>
      <fieldset part="outcome-group" aria-describedby=${error ? `outcome-error-${id}` : nothing}>
        <legend part="legend">${this.i18n.t('deskOutcome')}</legend>
        ${error ? html`<p part="field-error" id="outcome-error-${id}">${this.i18n.t('deskErrorOutcomeRequired')}</p>` : nothing}
        ${OUTCOMES.map(
          ([outcome, label]) =>
            html`<label part="choice"
              ><input part="radio" type="radio" name="outcome-${id}" .value=${outcome} .checked=${live(this.outcomes.get(id) === outcome)} @change=${() => choose(outcome)} />
              ${this.i18n.t(label)}</label
            >`,
        )}
      </fieldset>
      <label part="note-label" for="note-${id}">${this.i18n.t('deskNote')}</label>
      <textarea part="note" id="note-${id}" rows="2" maxlength="2000" @input=${(event: Event) => this.notes.set(id, (event.target as HTMLTextAreaElement).value)}></textarea>
      <button part="action-button" type="submit" ?disabled=${busy}>
        ${this.i18n.t('deskRecordOutcome')}<span class="visually-hidden"> ${callback.reference}</span>
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-callback-queue': FinCallbackQueue;
  }
}
