import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { CaseEvent } from '../shared/types.js';
import { styles } from './evidence-export.styles.js';
import { renderHistory } from './case-history.js';
import './translations/index.js';

/**
 * A case's history for the agent, read from its evidence log: a callback's, whose queue shows no
 * details view of its own. Each event in words, in the desk's language.
 *
 * @summary The history of one case, in words.
 * @tagname fin-case-history
 *
 * @fires fin-error - Loading the history failed: `{code, message, recoverable}`.
 *
 * @csspart status - "Loading the history…".
 * @csspart error - The message shown when the history cannot be loaded.
 * @csspart retry-button - The button that tries again.
 * @csspart events - The list of events, oldest first.
 * @csspart event - An event: when, what, and who.
 */
export class FinCaseHistory extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The case whose history this is. */
  @property({ attribute: 'case-id' }) caseId?: string;

  /** The council's time zone, in which the events' times are read. */
  @property({ attribute: 'time-zone' }) timeZone?: string;

  private readonly log = new FetchTask(this, {
    args: () => (this.caseId ? ([this.apiBase, this.caseId] as const) : undefined),
    task: ([api, id], signal) =>
      new ApiClient(api, undefined, { credentials: 'include' }).get<{ events: CaseEvent[] }>(`/api/desk/cases/${encodeURIComponent(id)}/evidence`, { signal }),
    onError: (error) => this.reportError(error),
  });

  private when(iso: string): string {
    const format = this.i18n.format({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: this.timeZone });
    return format.format(new Date(iso));
  }

  protected renderContent() {
    const { status, value } = this.log;
    if (value) return renderHistory({ i18n: this.i18n, appointment: { events: value.events, recordings: [] }, root: this.renderRoot, when: (iso) => this.when(iso) });
    if (status === 'error') {
      return html`<p part="error" role="alert">${this.i18n.t('deskHistoryError')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(this.log.retry())}>${this.i18n.t('retry')}</button>`;
    }
    return html`<p part="status">${this.i18n.t('deskHistoryLoading')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-case-history': FinCaseHistory;
  }
}
