import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './accessibility-feedback.styles.js';
import { cardListStyles } from './card-list.styles.js';
import './translations/index.js';

/** A barrier someone reported from the accessibility statement, as `/api/desk/accessibility/reports` lists it. */
export interface AccessibilityReport {
  id: string;
  reference: string;
  state: 'new' | 'acknowledged';
  message: string;
  pageUrl: string | null;
  name: string | null;
  email: string | null;
  language: 'ca' | 'es' | 'en';
  receivedAt: string;
  answerBy: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/**
 * The accessibility reports of the agent's council (RD 1112/2018 art. 10.2), newest first: what
 * the person wrote, where, how to reach them and the date the answer is due by; an agent marks
 * a new one acknowledged once they take it in hand.
 *
 * @summary The desk's list of accessibility reports.
 * @tagname fin-accessibility-feedback
 *
 * @fires fin-error - Loading the reports or acknowledging one failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart count - How many are new.
 * @csspart list - The reports.
 * @csspart report - One report.
 * @csspart badge - Its state (new, acknowledged).
 * @csspart message - What the person wrote.
 * @csspart facts - When it came, when the answer is due, where, from whom.
 * @csspart acknowledge-button - Marks a new report acknowledged.
 * @csspart empty-state - Shown when there are no reports.
 * @csspart announcer - The polite live region that says what was acknowledged.
 * @csspart error - What failed.
 */
export class FinAccessibilityFeedback extends FinElement {
  static override styles = [baseStyles, cardListStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  @state() private announcement = '';
  @state() private error = '';
  @state() private busy = '';

  private readonly reports = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: ([api], signal) => new ApiClient(api, undefined, { credentials: 'include' }).get<{ reports: AccessibilityReport[] }>('/api/desk/accessibility/reports', { signal }),
    onError: (error) => this.reportError(error),
  });

  private async acknowledge(report: AccessibilityReport) {
    this.busy = report.id;
    this.error = '';
    try {
      await new ApiClient(this.apiBase, undefined, { credentials: 'include' }).post(`/api/desk/accessibility/reports/${encodeURIComponent(report.id)}/acknowledge`, {});
      this.announcement = this.i18n.t('deskA11yAcknowledged', { reference: report.reference });
      await this.reports.retry();
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t('deskA11yAcknowledgeError');
    } finally {
      this.busy = '';
    }
  }

  private date(iso: string): string {
    return this.i18n.format({ dateStyle: 'long' }).format(new Date(iso));
  }

  private renderReport(report: AccessibilityReport) {
    const isNew = report.state === 'new';
    return html`<li part="report" aria-labelledby="report-${report.id}">
      <h3 id="report-${report.id}">
        ${report.reference} ·
        <span part="badge">${this.i18n.t(isNew ? 'deskA11yStateNew' : 'deskA11yStateAcknowledged')}</span>
      </h3>
      <p part="message" lang=${report.language}>${report.message}</p>
      <dl part="facts">
        <dt>${this.i18n.t('deskA11yReceived')}</dt>
        <dd>${this.date(report.receivedAt)}</dd>
        <dt>${this.i18n.t('deskA11yAnswerBy')}</dt>
        <dd>${this.date(report.answerBy)}</dd>
        ${report.pageUrl
          ? html`<dt>${this.i18n.t('deskA11yPage')}</dt>
              <dd><a href=${report.pageUrl} rel="noopener noreferrer" target="_blank">${report.pageUrl}</a></dd>`
          : nothing}
        <dt>${this.i18n.t('deskA11yFrom')}</dt>
        <dd>
          ${report.name ?? this.i18n.t('deskA11yAnonymous')}${report.email ? html` · <a href="mailto:${report.email}">${report.email}</a>` : nothing}
        </dd>
      </dl>
      ${isNew
        ? html`<button part="acknowledge-button" type="button" aria-disabled=${this.busy === report.id ? 'true' : 'false'} @click=${() => !this.busy && this.guard(this.acknowledge(report))}>
            ${this.i18n.t('deskA11yAcknowledge', { reference: report.reference })}
          </button>`
        : html`<p>${this.i18n.t('deskA11yAcknowledgedBy', { name: report.acknowledgedBy ?? '', date: this.date(report.acknowledgedAt!) })}</p>`}
    </li>`;
  }

  protected renderContent() {
    const reports = this.reports.value?.reports;
    const fresh = reports?.filter((report) => report.state === 'new').length ?? 0;
    return html`<section part="base" aria-labelledby="a11y-heading">
        <h2 part="heading" id="a11y-heading">${this.i18n.t('deskA11yTitle')}</h2>
        <p>${this.i18n.t('deskA11yIntro')}</p>
        ${this.reports.status === 'error' ? html`<p part="error" role="alert">${this.i18n.t('deskA11yLoadError')}</p>` : nothing}
        ${reports
          ? reports.length
            ? html`<p part="count">${this.i18n.t('deskA11yCount', { count: fresh })}</p>
                <ul part="list">
                  ${reports.map((report) => this.renderReport(report))}
                </ul>`
            : html`<p part="empty-state">${this.i18n.t('deskA11yEmpty')}</p>`
          : nothing}
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      </section>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-accessibility-feedback': FinAccessibilityFeedback;
  }
}
