import type { CitizenProcedure } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FinElement } from '../../shared/base-element.js';
import { saveFile } from '../../shared/save-file.js';
import { FetchTask } from '../../shared/task.js';
import { baseStyles } from '../../shared/theme.js';
import { styles } from './citizen-receipt.styles.js';
import { ProcedureApi } from './procedure-api.js';
import './translations/index.js';

/** Where the citizen's receipt is: not due (not signed), being made after the signature, or made. */
type ReceiptState = { name: 'none' } | { name: 'preparing' } | { name: 'ready'; entryNumber: string };

function receiptState(view: CitizenProcedure | undefined): ReceiptState {
  if (view?.receipt) return { name: 'ready', entryNumber: view.receipt.entryNumber };
  // The agent's signature moves the procedure on to its receipt step; the receipt follows.
  return view?.current === 'receipt' ? { name: 'preparing' } : { name: 'none' };
}

/**
 * The citizen's receipt of their registered application: "being prepared" once the agent has
 * signed, then "ready" with its registry entry number and a download of the sealed PDF. Both are
 * announced politely to screen readers as they happen. The PDF is fetched with the personal
 * link's token and handed to the browser as a file, so it downloads from a council's own site
 * and the token stays out of the browser's history. A calendar's link does not open the receipt:
 * the citizen is sent to their personal link.
 *
 * Inside the call `<fin-citizen-procedure>` hands it the procedure as it changes; on its own (the
 * personal link after the call) it reads the procedure itself, and offers to look again while the
 * receipt is being made.
 *
 * @summary The citizen's receipt, to download as soon as it is made.
 * @tagname fin-citizen-receipt
 *
 * @fires fin-error - Loading or the download failed: `{code, message, recoverable}`.
 *
 * @csspart base - The receipt's box (absent before the signature).
 * @csspart heading - "Your receipt is ready", or "Your receipt".
 * @csspart status - "Your receipt is being prepared".
 * @csspart entry - The registry entry: `entry-term`, `entry-number`.
 * @csspart hint - What the receipt is, and where to download it from a calendar's link.
 * @csspart download-button - Downloads the sealed PDF.
 * @csspart check-button - Looks again while the receipt is being prepared (on its own only).
 * @csspart error - The download failed.
 * @csspart announcer - The polite live region.
 */
export class FinCitizenReceipt extends FinElement {
  static override styles = [baseStyles, styles];

  /** The personal link's token. */
  @property() token?: string;

  /** `calendar` when the page was opened from a calendar's link, which cannot download the receipt. */
  @property() access: 'full' | 'calendar' = 'full';

  /** The procedure as the call's panel last read it; without it, the element reads it itself. */
  @property({ attribute: false }) procedure?: CitizenProcedure;

  @state() private busy = false;
  @state() private failed = false;
  @state() private announcement = '';

  /** The state last shown, to announce only a change. */
  private shown?: ReceiptState['name'];

  private readonly own = new FetchTask(this, {
    args: () => (!this.procedure && this.councilId && this.token ? ([this.apiBase, this.councilId, this.token, this.i18n.lang] as const) : undefined),
    task: ([api, council, token, lang], signal) => new ProcedureApi(api, council, token).view(lang, signal),
    onError: (error) => this.reportError(error),
  });

  private get receipt(): ReceiptState {
    return receiptState(this.procedure ?? this.own.value);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const receipt = this.receipt;
    // What is there on arrival is shown, not announced.
    if (this.shown !== undefined && receipt.name !== this.shown) {
      if (receipt.name === 'preparing') this.announcement = this.i18n.t('myReceiptPreparing');
      if (receipt.name === 'ready') this.announcement = this.i18n.t('myReceiptReadyAnnounce', { number: receipt.entryNumber });
    }
    if (this.procedure || this.own.value) this.shown = receipt.name;
  }

  private async download(entryNumber: string) {
    if (this.busy || !this.councilId || !this.token) return;
    this.busy = true;
    this.failed = false;
    try {
      const bytes = await new ProcedureApi(this.apiBase, this.councilId, this.token).receipt();
      saveFile(bytes, this.i18n.t('myReceiptFileName', { number: entryNumber.replace(/[^\w-]+/g, '-') }), 'application/pdf');
      this.announcement = this.i18n.t('myReceiptDownloaded');
    } catch (error) {
      this.reportError(error);
      this.failed = true;
    } finally {
      this.busy = false;
    }
  }

  protected renderContent() {
    const receipt = this.receipt;
    return html`${receipt.name === 'ready' ? this.renderReady(receipt.entryNumber) : receipt.name === 'preparing' ? this.renderPreparing() : nothing}
      <p part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>`;
  }

  private renderPreparing() {
    const checking = this.own.status === 'pending';
    return html`<section part="base" aria-labelledby="receipt-heading">
      <h3 part="heading" id="receipt-heading">${this.i18n.t('myReceiptTitle')}</h3>
      <p part="status">${this.i18n.t('myReceiptPreparing')}</p>
      ${this.procedure
        ? nothing
        : html`<p part="hint">${this.i18n.t('myReceiptPreparingLater')}</p>
            <button part="check-button" type="button" aria-disabled=${checking ? 'true' : 'false'} @click=${() => checking || this.guard(this.own.retry())}>
              ${this.i18n.t('myReceiptCheck')}
            </button>`}
    </section>`;
  }

  private renderReady(entryNumber: string) {
    return html`<section part="base" aria-labelledby="receipt-heading">
      <h3 part="heading" id="receipt-heading">${this.i18n.t('myReceiptReady')}</h3>
      <p part="entry"><span part="entry-term">${this.i18n.t('myReceiptEntry')}</span> <strong part="entry-number">${entryNumber}</strong></p>
      <p part="hint">${this.i18n.t('myReceiptHint')}</p>
      ${this.access === 'calendar'
        ? html`<p part="hint">${this.i18n.t('myReceiptCalendarLink')}</p>`
        : html`${this.failed ? html`<p part="error" role="alert">${this.i18n.t('myReceiptDownloadFailed')}</p>` : nothing}
            <button part="download-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.download(entryNumber))}>
              ${this.i18n.t(this.busy ? 'myReceiptDownloading' : 'myReceiptDownload')}
            </button>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-citizen-receipt': FinCitizenReceipt;
  }
}
