import type { DeskProcedure } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FinElement } from '../../shared/base-element.js';
import { ErrorCode } from '../../shared/errors.js';
import { renderHeading } from '../../shared/heading.js';
import type { MessageKey } from '../../shared/i18n.js';
import { FetchTask } from '../../shared/task.js';
import { baseStyles } from '../../shared/theme.js';
import '../translations/index.js';
import { styles } from './case-receipt.styles.js';
import { ProcedureApi } from './desk-api.js';
import { FinProcedureChangeEvent } from './procedure-events.js';

type DeskReceipt = NonNullable<DeskProcedure['receipt']>;

/** Why the receipt could not be made, in the agent's words; anything else is "try again". */
const REMAKE_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_TIMESTAMP_UNAVAILABLE: 'deskReceiptErrorTimestamp',
  FIN_ERR_SEAL_NOT_CONFIGURED: 'deskReceiptErrorSeal',
  FIN_ERR_AGREEMENT_NOT_SIGNED: 'deskReceiptErrorNotSigned',
  [ErrorCode.network]: 'deskExportErrorNetwork',
  [ErrorCode.timeout]: 'deskExportErrorNetwork',
};

/**
 * The receipt of a case, for the agent: once made, its registry entry, when it was registered,
 * the SHA-256 of the sealed PDF and a download (which the server records in the case's evidence).
 * A signed case without one — its seal or timestamp failed — can have it made again; the failure
 * is said in words. Before the signature it shows nothing.
 *
 * In the call, the procedure's panel hands it the procedure as it changes, so a receipt made a
 * moment after the signature shows (and is announced) then; in the case's details it reads the
 * procedure itself.
 *
 * @summary The receipt of a case, for the agent.
 * @tagname fin-case-receipt
 *
 * @fires fin-procedure-change - The receipt was made again: `{procedure}` as it now stands.
 * @fires fin-error - Loading or making the receipt failed: `{code, message, recoverable}`.
 *
 * @csspart base - The receipt's box (absent before the signature).
 * @csspart heading - "Receipt"; it takes focus once the receipt is made again.
 * @csspart fields - The entry, when it was registered and the hash: `field`, `term`, `value`, `sha256`.
 * @csspart download-link - Downloads the sealed PDF.
 * @csspart hint - That downloads are recorded.
 * @csspart state-text - The signed case's receipt is not made yet.
 * @csspart remake-button - Makes the receipt again.
 * @csspart error - Loading or making it failed (an alert).
 * @csspart retry-button - Tries loading again.
 * @csspart announcer - The polite live region (the receipt made).
 */
export class FinCaseReceipt extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The case (appointment) whose receipt this is. */
  @property({ attribute: 'case-id' }) caseId = '';

  /** The procedure as the panel around last read it; without it, the element reads it itself. */
  @property({ attribute: false }) procedure?: DeskProcedure;

  /** Level (1–6) of the heading. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 4;

  @state() private busy = false;
  @state() private problem?: MessageKey;
  @state() private announcement = '';
  /** The procedure as the last "make again" left it, newer than `procedure` until that catches up. */
  @state() private remade?: DeskProcedure;

  /** The receipt's entry last shown, to announce only a receipt that appears while shown. */
  private shown?: string | null;

  private readonly own = new FetchTask(this, {
    args: () => (!this.procedure && this.caseId ? ([this.apiBase, this.caseId, this.i18n.lang] as const) : undefined),
    task: ([api, id, lang], signal) => new ProcedureApi(api, id).read(lang, signal),
    onError: (error) => this.reportError(error),
  });

  private get current(): DeskProcedure | undefined {
    const given = this.procedure ?? this.own.value;
    return this.remade && (!given || this.remade.revision > given.revision) ? this.remade : given;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const current = this.current;
    if (!current) return;
    const entry = current.receipt?.entryNumber ?? null;
    if (this.shown !== undefined && entry && entry !== this.shown) this.announcement = this.i18n.t('deskReceiptMade', { number: entry });
    this.shown = entry;
  }

  private async remake() {
    if (this.busy || !this.caseId) return;
    this.busy = true;
    this.problem = undefined;
    const api = new ProcedureApi(this.apiBase, this.caseId);
    try {
      await api.makeReceipt();
      const procedure = await api.read(this.i18n.lang);
      this.remade = procedure;
      this.emit(new FinProcedureChangeEvent(procedure));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#receipt-heading')?.focus();
    } catch (error) {
      this.problem = REMAKE_ERRORS[this.reportError(error).code] ?? 'deskReceiptError';
    } finally {
      this.busy = false;
    }
  }

  protected renderContent() {
    const current = this.current;
    const announcer = html`<p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
    if (!current) {
      return this.own.status === 'error'
        ? html`<p part="error" role="alert">${this.i18n.t('deskReceiptLoadError')}</p>
            <button part="retry-button" type="button" @click=${() => this.guard(this.own.retry())}>${this.i18n.t('retry')}</button>`
        : announcer;
    }
    if (!current.agreement.signature) return announcer;
    return html`<section part="base" aria-labelledby="receipt-heading">
      ${renderHeading(this.headingLevel, 4, 'heading', 'receipt-heading', this.i18n.t('deskReceiptTitle'))}
      ${current.receipt ? this.renderMade(current.receipt) : this.renderMissing()} ${announcer}
    </section>`;
  }

  private renderMade(receipt: DeskReceipt) {
    const registered = new Date(receipt.registeredAt);
    const field = (term: MessageKey, value: unknown) => html`<div part="field"><dt part="term">${this.i18n.t(term)}</dt><dd part="value">${value}</dd></div>`;
    return html`<dl part="fields">
        ${field('deskReceiptEntry', receipt.entryNumber)}
        ${field('deskReceiptRegistered', html`<time datetime=${receipt.registeredAt}>${this.i18n.format({ dateStyle: 'long', timeStyle: 'medium' }).format(registered)}</time>`)}
        ${field('deskReceiptSha256', html`<code part="sha256">${receipt.sha256}</code>`)}
      </dl>
      <p>
        <a part="download-link" href=${new ProcedureApi(this.apiBase, this.caseId).receiptUrl()} download aria-describedby="receipt-download-hint">${this.i18n.t('deskReceiptDownload')}</a>
      </p>
      <p part="hint" id="receipt-download-hint">${this.i18n.t('deskReceiptDownloadHint')}</p>`;
  }

  private renderMissing() {
    return html`<p part="state-text">${this.i18n.t('deskReceiptMissing')}</p>
      ${this.problem ? html`<p part="error" role="alert">${this.i18n.t(this.problem)}</p>` : nothing}
      <button part="remake-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.remake())}>
        ${this.i18n.t(this.busy ? 'deskReceiptRemaking' : 'deskReceiptRemake')}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-case-receipt': FinCaseReceipt;
  }
}
