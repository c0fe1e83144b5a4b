import type { ApplicationDocument } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import { ErrorCode, FinError, isAbort } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/i18n.js';
import { renderApplicationDocument } from './application-document.js';
import { errorMessage } from './errors.js';
import { grouped, sha256Hex, shortFingerprint } from './fingerprint.js';
import { ProcedurePart } from './procedure-part.js';

/** The longest reason the citizen can give for not agreeing. */
const REASON_MAX = 500;

/** What was received: the bytes' fingerprint and the document read from those very bytes. */
interface Presented {
  sha256: string;
  document: ApplicationDocument;
}

/** `loading` → `ready` (choosing, or writing why not) → `sending`; `failed` when the document could not be read. */
type Stage =
  | { name: 'loading' }
  | { name: 'failed' }
  | { name: 'ready' | 'refusing' | 'sending'; presented: Presented; error?: MessageKey };

/**
 * The application presented for agreement: its bytes fetched as they are, hashed with SubtleCrypto,
 * the document rendered from those same bytes with their fingerprint, and the citizen's answer. "I
 * agree" carries the fingerprint, so the server can refuse it for any other document.
 */
export class AgreementRequest extends ProcedurePart<Stage> {
  private documentId?: string;
  protected stage: Stage = { name: 'loading' };
  private controller?: AbortController;
  private reason = '';

  hostDisconnected() {
    this.controller?.abort();
    this.documentId = undefined;
  }

  /** Fetches and reads the presented document; a newer load wins over an older one. */
  private async load(documentId: string) {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.documentId = documentId;
    this.reason = '';
    this.set({ name: 'loading' });
    try {
      const api = this.options.api();
      if (!api) return;
      const bytes = await api.document(documentId, controller.signal);
      const sha256 = await sha256Hex(bytes);
      const document = readDocument(bytes);
      if (controller === this.controller) this.set({ name: 'ready', presented: { sha256, document } });
    } catch (error) {
      if (controller !== this.controller || isAbort(error)) return;
      this.options.report(error);
      this.set({ name: 'failed' });
    }
  }

  private async answer(presented: Presented, agree: boolean) {
    const api = this.options.api();
    if (this.stage.name === 'sending' || !api || !this.documentId) return;
    const back = this.stage.name;
    this.set({ name: 'sending', presented });
    try {
      const reason = this.reason.trim();
      const view = await api.answer(agree ? { agree: true, sha256: presented.sha256 } : { agree: false, ...(reason ? { reason } : {}) });
      this.options.showView(view);
    } catch (error) {
      const failure = this.options.report(error);
      // Another document than the one read was presented meanwhile: read what is presented now.
      if (failure.code === 'FIN_ERR_AGREEMENT_MISMATCH') await this.load(this.documentId);
      else this.set({ name: back === 'refusing' ? 'refusing' : 'ready', presented });
      const stage = this.stage;
      if (stage.name === 'ready' || stage.name === 'refusing') this.set({ ...stage, error: errorMessage(failure) });
      await this.focus('[part~="agreement-error"]');
    }
  }

  render(documentId: string, guard: (work: Promise<unknown>) => void) {
    if (documentId !== this.documentId) guard(this.load(documentId));
    const { i18n } = this.options;
    const stage = this.stage;
    const heading = html`<h3 part="asked-heading" id="asked-heading" tabindex="-1">${i18n.t('myProcedureAgreementTitle')}</h3>`;
    if (stage.name === 'loading') return html`${heading}<p part="status">${i18n.t('myProcedureAgreementLoading')}</p>`;
    if (stage.name === 'failed') {
      return html`${heading}<p part="error" role="alert">${i18n.t('myProcedureError')}</p>
        <button part="retry-button" type="button" @click=${() => guard(this.load(documentId))}>${i18n.t('myProcedureRetry')}</button>`;
    }
    const { presented } = stage;
    const busy = stage.name === 'sending';
    const error = stage.error;
    return html`<div part="agreement" aria-busy=${busy ? 'true' : 'false'}>
      ${heading}
      <p part="hint">${i18n.t('myProcedureAgreementIntro')}</p>
      ${renderApplicationDocument(i18n, presented.document, 4)}
      <div part="fingerprint">
        <p part="fingerprint-short">
          ${i18n.t('myProcedureAgreementFingerprint')}: <code part="fingerprint-value">${shortFingerprint(presented.sha256)} …</code>
        </p>
        <details part="fingerprint-full">
          <summary part="fingerprint-summary">${i18n.t('myProcedureAgreementFingerprintFull')}</summary>
          <code part="fingerprint-value">${grouped(presented.sha256)}</code>
        </details>
        <p part="hint">${i18n.t('myProcedureAgreementFingerprintHelp')}</p>
      </div>
      ${error ? html`<p part="error agreement-error" role="alert" tabindex="-1">${i18n.t(error)}</p>` : nothing}
      ${busy ? html`<p part="status">${i18n.t('myProcedureAgreementSending')}</p>` : nothing}
      ${stage.name === 'refusing' ? this.renderRefusal(presented, guard) : this.renderChoice(presented, busy, guard)}
    </div>`;
  }

  private renderChoice(presented: Presented, busy: boolean, guard: (work: Promise<unknown>) => void) {
    const { i18n } = this.options;
    const disabled = busy ? 'true' : 'false';
    return html`<div part="actions">
      <button part="agree-button primary-button" type="button" aria-disabled=${disabled} @click=${() => guard(this.answer(presented, true))}>${i18n.t('myProcedureAgree')}</button>
      <button
        part="disagree-button"
        type="button"
        aria-disabled=${disabled}
        @click=${() => {
          if (busy) return;
          this.set({ name: 'refusing', presented });
          guard(this.focus('#disagree-reason'));
        }}
      >
        ${i18n.t('myProcedureDisagree')}
      </button>
    </div>`;
  }

  private renderRefusal(presented: Presented, guard: (work: Promise<unknown>) => void) {
    const { i18n } = this.options;
    return html`<div part="field">
        <label part="label" for="disagree-reason">${i18n.t('myProcedureDisagreeReason')}</label>
        <textarea part="input reason-input" id="disagree-reason" maxlength=${REASON_MAX} rows="3" .value=${this.reason} @input=${(event: Event) => (this.reason = (event.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div part="actions">
        <button part="disagree-send-button primary-button" type="button" @click=${() => guard(this.answer(presented, false))}>${i18n.t('myProcedureDisagreeSend')}</button>
        <button
          part="back-button"
          type="button"
          @click=${() => {
            this.set({ name: 'ready', presented });
            guard(this.focus('[part~="disagree-button"]'));
          }}
        >
          ${i18n.t('myProcedureDisagreeBack')}
        </button>
      </div>`;
  }
}

/** The document as its bytes say, decoded strictly: bytes that are not the UTF-8 JSON of a document are not shown as one. */
function readDocument(bytes: ArrayBuffer): ApplicationDocument {
  try {
    const document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as ApplicationDocument;
    if (typeof document?.title === 'string' && Array.isArray(document.sections)) return document;
  } catch {
    // Reported below as what it is: an answer that is not a document.
  }
  throw new FinError(ErrorCode.responseInvalid, 'The document presented is not an application document.', false);
}
