import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import type { MessageKey } from '../shared/i18n.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { AuditEntry, AuditPage } from '../shared/types.js';
import { styles } from './desk-agents.styles.js';
import './translations/index.js';

const ACTIONS: Record<AuditEntry['action'], MessageKey> = {
  'agent.invited': 'deskAuditInvited',
  'agent.invitationRenewed': 'deskAuditInvitationRenewed',
  'agent.invitationAccepted': 'deskAuditInvitationAccepted',
  'agent.roleChanged': 'deskAuditRoleChanged',
  'agent.habilitationChanged': 'deskAuditHabilitationChanged',
  'agent.disabled': 'deskAuditDisabled',
  'agent.enabled': 'deskAuditEnabled',
  'agent.passwordSet': 'deskAuditPasswordSet',
};

/**
 * The council's audit log, for its administrators: who invited, changed, disabled or enabled which
 * agent and when, newest first, older pages on request.
 *
 * @summary The desk's view of the council's audit log (administrators only).
 * @tagname fin-desk-audit
 *
 * @fires fin-error - Loading the log failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart list - The entries.
 * @csspart entry - One entry: when, and who did what to whom.
 * @csspart more-button - Loads older entries.
 * @csspart empty-state - Said when nothing is logged yet.
 * @csspart error - What failed.
 */
export class FinDeskAudit extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the session cookie. */
  protected static override requiresCouncil = false;

  /** Older pages loaded on request, after the first. */
  @state() private older: AuditEntry[] = [];
  @state() private next: number | null = null;
  @state() private failed = false;

  private readonly first = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: async ([api], signal) => {
      const page = await new ApiClient(api, undefined, { credentials: 'include' }).get<AuditPage>('/api/desk/audit', { signal });
      this.older = [];
      this.next = page.next;
      return page;
    },
    onError: (error) => this.reportError(error),
  });

  /** Reads the log again from its newest entry, after a change made elsewhere in the desk. */
  reload(): Promise<void> {
    return this.first.retry();
  }

  private async more() {
    if (this.next === null) return;
    this.failed = false;
    try {
      const page = await new ApiClient(this.apiBase, undefined, { credentials: 'include' }).get<AuditPage>('/api/desk/audit', { query: { before: String(this.next) } });
      this.older = [...this.older, ...page.entries];
      this.next = page.next;
    } catch (error) {
      this.reportError(error);
      this.failed = true;
    }
  }

  private renderEntry(entry: AuditEntry) {
    const actor = entry.actor?.name ?? this.i18n.t('deskAuditByCommand');
    const target = entry.target ? `${entry.target.name} (${entry.target.email})` : '';
    const at = this.i18n.format({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(entry.at));
    return html`<li part="entry"><time datetime=${entry.at}>${at}</time> · ${this.i18n.t(ACTIONS[entry.action], { actor, target })}</li>`;
  }

  protected renderContent() {
    const entries = this.first.value ? [...this.first.value.entries, ...this.older] : undefined;
    return html`<section part="base" aria-labelledby="audit-heading">
      <h2 part="heading" id="audit-heading">${this.i18n.t('deskAuditTitle')}</h2>
      <p>${this.i18n.t('deskAuditIntro')}</p>
      ${this.first.status === 'error' || this.failed ? html`<p part="error" role="alert">${this.i18n.t('deskAuditLoadError')}</p>` : nothing}
      ${entries?.length === 0 ? html`<p part="empty-state">${this.i18n.t('deskAuditEmpty')}</p>` : nothing}
      ${entries?.length ? html`<ul part="list">${entries.map((entry) => this.renderEntry(entry))}</ul>` : nothing}
      ${this.next !== null ? html`<button part="more-button" type="button" @click=${() => this.guard(this.more())}>${this.i18n.t('deskAuditMore')}</button>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-desk-audit': FinDeskAudit;
  }
}
