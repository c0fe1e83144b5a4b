import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { cardListStyles } from './card-list.styles.js';
import { DeskSubscription, type DeskEventStream } from './desk-events.js';
import './translations/index.js';

/** Something that failed in the background, as `/api/desk/incidents` lists it. */
export interface DeskIncident {
  id: string;
  kind: 'recording' | 'email' | 'registration' | 'seal';
  /** Which job of the kind: `reminder-24h`, `receipt`, `archive-timestamp`… */
  subject: string;
  /** The error's code: `ECONNREFUSED`, `FIN_ERR_…`. */
  reason: string;
  count: number;
  firstAt: string;
  lastAt: string;
  resolvedAt: string | null;
  resolvedBy: 'retry' | 'agent' | null;
  case: { id: string; reference: string } | null;
}

const KINDS = {
  recording: 'deskIncidentsKindRecording',
  email: 'deskIncidentsKindEmail',
  registration: 'deskIncidentsKindRegistration',
  seal: 'deskIncidentsKindSeal',
} as const;

/**
 * What failed in the background in the council — a call's recording, an email to a citizen, a
 * registration, a seal — for its supervisors: open ones first, each with its case, the error's
 * code, when it first and last failed and how many times; a retry that succeeds resolves it, and
 * a supervisor marks one dealt with once they have (the citizen was phoned instead). It reloads
 * whenever the desk's event stream announces an incident.
 *
 * @summary The desk's list of background failures, for supervisors.
 * @tagname fin-desk-incidents
 *
 * @fires fin-error - Loading the incidents or resolving one failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart count - How many are open.
 * @csspart list - The incidents.
 * @csspart incident - One incident.
 * @csspart badge - Its state (open, resolved).
 * @csspart facts - Its case, error, how many times and when.
 * @csspart resolve-button - Marks an open incident dealt with.
 * @csspart empty-state - Shown when nothing failed.
 * @csspart announcer - The polite live region that says what was marked dealt with.
 * @csspart error - What failed.
 */
export class FinDeskIncidents extends FinElement {
  static override styles = [baseStyles, cardListStyles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The desk's live event stream; the list reloads on its `incident` events. */
  @property({ attribute: false }) events?: DeskEventStream;

  @state() private announcement = '';
  @state() private error = '';
  @state() private busy = '';

  private readonly incidents = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: ([api], signal) => new ApiClient(api, undefined, { credentials: 'include' }).get<{ incidents: DeskIncident[] }>('/api/desk/incidents', { signal }),
    onError: (error) => this.reportError(error),
  });

  private readonly refresh = () => void this.incidents.retry();
  private readonly live = new DeskSubscription(this, { type: 'incident', onEvent: () => this.live.refreshSoon(), refresh: this.refresh });

  private async resolve(incident: DeskIncident) {
    this.busy = incident.id;
    this.error = '';
    try {
      await new ApiClient(this.apiBase, undefined, { credentials: 'include' }).post(`/api/desk/incidents/${encodeURIComponent(incident.id)}/resolve`, {});
      this.announcement = this.i18n.t('deskIncidentsResolved', { what: this.what(incident) });
      await this.incidents.retry();
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t('deskIncidentsResolveError');
    } finally {
      this.busy = '';
    }
  }

  private what(incident: DeskIncident): string {
    const kind = this.i18n.t(KINDS[incident.kind]);
    return incident.case ? this.i18n.t('deskIncidentsWhatOfCase', { kind, reference: incident.case.reference }) : kind;
  }

  private when(iso: string): string {
    return this.i18n.format({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private renderIncident(incident: DeskIncident) {
    const heading = `incident-${incident.id}`;
    const open = incident.resolvedAt === null;
    return html`<li part="incident">
      <h3 id=${heading}>
        ${this.what(incident)} ·
        <span part="badge">${this.i18n.t(open ? 'deskIncidentsOpen' : incident.resolvedBy === 'retry' ? 'deskIncidentsRecovered' : 'deskIncidentsDealtWith')}</span>
      </h3>
      <dl part="facts">
        <dt>${this.i18n.t('deskIncidentsJob')}</dt>
        <dd><code>${incident.subject}</code></dd>
        <dt>${this.i18n.t('deskIncidentsReason')}</dt>
        <dd><code>${incident.reason}</code></dd>
        <dt>${this.i18n.t('deskIncidentsTimes')}</dt>
        <dd>${this.i18n.t('deskIncidentsTimesValue', { count: incident.count })}</dd>
        <dt>${this.i18n.t('deskIncidentsFirst')}</dt>
        <dd>${this.when(incident.firstAt)}</dd>
        <dt>${this.i18n.t('deskIncidentsLast')}</dt>
        <dd>${this.when(incident.lastAt)}</dd>
        ${incident.resolvedAt
          ? html`<dt>${this.i18n.t('deskIncidentsResolvedAt')}</dt>
              <dd>${this.when(incident.resolvedAt)}</dd>`
          : nothing}
      </dl>
      ${open
        ? html`<button
            part="resolve-button"
            type="button"
            aria-describedby=${heading}
            aria-disabled=${this.busy === incident.id ? 'true' : 'false'}
            @click=${() => !this.busy && this.guard(this.resolve(incident))}
          >
            ${this.i18n.t('deskIncidentsResolve')}
          </button>`
        : nothing}
    </li>`;
  }

  protected renderContent() {
    const incidents = this.incidents.value?.incidents;
    const open = incidents?.filter((incident) => incident.resolvedAt === null).length ?? 0;
    return html`<section part="base" aria-labelledby="incidents-heading">
        <h2 part="heading" id="incidents-heading">${this.i18n.t('deskIncidentsTitle')}</h2>
        <p>${this.i18n.t('deskIncidentsIntro')}</p>
        ${this.incidents.status === 'error' ? html`<p part="error" role="alert">${this.i18n.t('deskIncidentsLoadError')}</p>` : nothing}
        ${incidents
          ? incidents.length
            ? html`<p part="count">${this.i18n.t('deskIncidentsCount', { count: open })}</p>
                <ul part="list">
                  ${[...incidents].sort((a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null)).map((incident) => this.renderIncident(incident))}
                </ul>`
            : html`<p part="empty-state">${this.i18n.t('deskIncidentsEmpty')}</p>`
          : nothing}
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      </section>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-desk-incidents': FinDeskIncidents;
  }
}
