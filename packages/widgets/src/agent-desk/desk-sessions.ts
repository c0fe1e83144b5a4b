import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { cardListStyles } from './card-list.styles.js';
import './translations/index.js';

/** One of the agent's sessions, as `/api/desk/sessions` lists it. */
export interface DeskSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox", "Linux" from a User-Agent: enough to tell the office's computer from a phone. */
export function describeBrowser(userAgent: string | null): { browser: string; system: string } | undefined {
  if (!userAgent) return undefined;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return browser && system ? { browser, system } : undefined;
}

/**
 * Where the signed-in agent has the desk open: each session with its browser, address, when it
 * began and was last used, the current one marked. An agent ends any other one, a browser left
 * signed in at another desk or a lost phone; its open pages stop at once.
 *
 * @summary The desk's list of the agent's own sessions.
 * @tagname fin-desk-sessions
 *
 * @fires fin-error - Loading the sessions or ending one failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart list - The sessions.
 * @csspart session - One session.
 * @csspart badge - "This browser", on the current one.
 * @csspart facts - When it began and was last used, and from which address.
 * @csspart end-button - Ends that session (not shown on the current one: the desk's sign-out does).
 * @csspart announcer - The polite live region that says which session was ended.
 * @csspart error - What failed.
 */
export class FinDeskSessions extends FinElement {
  static override styles = [baseStyles, cardListStyles];

  /** The agent comes from the session cookie. */
  protected static override requiresCouncil = false;

  @state() private announcement = '';
  @state() private error = '';
  @state() private busy = '';

  private readonly sessions = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: ([api], signal) => new ApiClient(api, undefined, { credentials: 'include' }).get<{ sessions: DeskSession[] }>('/api/desk/sessions', { signal }),
    onError: (error) => this.reportError(error),
  });

  private device(session: DeskSession): string {
    const described = describeBrowser(session.userAgent);
    return described ? this.i18n.t('deskSessionsBrowserOn', described) : this.i18n.t('deskSessionsUnknownBrowser');
  }

  private async end(session: DeskSession) {
    this.busy = session.id;
    this.error = '';
    try {
      await new ApiClient(this.apiBase, undefined, { credentials: 'include' }).delete(`/api/desk/sessions/${encodeURIComponent(session.id)}`);
      this.announcement = this.i18n.t('deskSessionsEnded', { device: this.device(session) });
      await this.sessions.retry();
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t('deskSessionsEndError');
    } finally {
      this.busy = '';
    }
  }

  private when(iso: string): string {
    return this.i18n.format({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private renderSession(session: DeskSession) {
    const heading = `session-${session.id}`;
    return html`<li part="session">
      <h3 id=${heading}>
        ${this.device(session)}${session.current ? html` · <span part="badge">${this.i18n.t('deskSessionsThisBrowser')}</span>` : nothing}
      </h3>
      <dl part="facts">
        <dt>${this.i18n.t('deskSessionsStarted')}</dt>
        <dd>${this.when(session.createdAt)}</dd>
        <dt>${this.i18n.t('deskSessionsLastUsed')}</dt>
        <dd>${this.when(session.lastSeenAt)}</dd>
        ${session.address
          ? html`<dt>${this.i18n.t('deskSessionsAddress')}</dt>
              <dd>${session.address}</dd>`
          : nothing}
      </dl>
      ${session.current
        ? nothing
        : html`<button
            part="end-button"
            type="button"
            aria-describedby=${heading}
            aria-disabled=${this.busy === session.id ? 'true' : 'false'}
            @click=${() => !this.busy && this.guard(this.end(session))}
          >
            ${this.i18n.t('deskSessionsEnd')}
          </button>`}
    </li>`;
  }

  protected renderContent() {
    const sessions = this.sessions.value?.sessions;
    return html`<section part="base" aria-labelledby="sessions-heading">
        <h2 part="heading" id="sessions-heading">${this.i18n.t('deskSessionsTitle')}</h2>
        <p>${this.i18n.t('deskSessionsIntro')}</p>
        ${this.sessions.status === 'error' ? html`<p part="error" role="alert">${this.i18n.t('deskSessionsLoadError')}</p>` : nothing}
        ${sessions ? html`<ul part="list">${sessions.map((session) => this.renderSession(session))}</ul>` : nothing}
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      </section>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-desk-sessions': FinDeskSessions;
  }
}
