import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ErrorCode } from '../shared/errors.js';
import { renderHeading } from '../shared/heading.js';
import type { MessageKey } from '../shared/i18n.js';
import { saveFile } from '../shared/save-file.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './evidence-export.styles.js';
import './translations/index.js';

/** ETSI EN 319 162's media type of an ASiC-E container. */
const ASICE = 'application/vnd.etsi.asic-e+zip';

/**
 * The server seals the manifest and may ask a timestamp authority before the first byte; a case
 * with long recordings takes seconds more. Not repeated on failure: each export is logged.
 */
const EXPORT_TIMEOUT_MS = 120_000;

/** Why the export failed, in the agent's words; anything else is "try again". */
const ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_SEAL_NOT_CONFIGURED: 'deskExportErrorSeal',
  FIN_ERR_CASE_NOT_FOUND: 'deskExportErrorNotFound',
  [ErrorCode.network]: 'deskExportErrorNetwork',
  [ErrorCode.timeout]: 'deskExportErrorNetwork',
};

/**
 * The export of a case's sealed evidence as an ASiC-E container (ETSI EN 319 162) for a court or
 * an auditor: the evidence log, recordings, documents, identity stills and receipt, sealed by the
 * council. The button says it is busy while the server prepares the container, which is then
 * saved as `<reference>.asice`; a failure is said in words. The server records each export in
 * the case's evidence.
 *
 * @summary Export a case's sealed evidence, for the agent.
 * @tagname fin-evidence-export
 *
 * @fires fin-error - The export failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - "Evidence".
 * @csspart hint - What the container holds and that the export is recorded.
 * @csspart export-button - Exports the evidence; it says when it is busy.
 * @csspart error - The export failed (an alert).
 * @csspart announcer - The polite live region (the export saved).
 */
export class FinEvidenceExport extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The case whose evidence this is. */
  @property({ attribute: 'case-id' }) caseId = '';

  /** The case's reference, which names the file. */
  @property() reference = '';

  /** Level (1–6) of the heading. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 4;

  @state() private busy = false;
  @state() private problem?: MessageKey;
  @state() private announcement = '';

  private async export() {
    if (this.busy || !this.caseId) return;
    this.busy = true;
    this.problem = undefined;
    this.announcement = '';
    try {
      const client = new ApiClient(this.apiBase, undefined, { credentials: 'include', retries: 0, timeout: EXPORT_TIMEOUT_MS });
      const bytes = await client.bytes(`/api/desk/cases/${encodeURIComponent(this.caseId)}/evidence.asice`);
      const file = `${this.reference || this.caseId}.asice`;
      saveFile(bytes, file, ASICE);
      this.announcement = this.i18n.t('deskExported', { file });
    } catch (error) {
      this.problem = ERRORS[this.reportError(error).code] ?? 'deskExportError';
    } finally {
      this.busy = false;
    }
  }

  protected renderContent() {
    return html`<section part="base" aria-labelledby="export-heading" aria-busy=${this.busy ? 'true' : 'false'}>
      ${renderHeading(this.headingLevel, 4, 'heading', 'export-heading', this.i18n.t('deskExportTitle'))}
      <p part="hint" id="export-hint">${this.i18n.t('deskExportHint')}</p>
      ${this.problem ? html`<p part="error" role="alert">${this.i18n.t(this.problem)}</p>` : nothing}
      <button part="export-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} aria-describedby="export-hint" @click=${() => this.guard(this.export())}>
        ${this.i18n.t(this.busy ? 'deskExporting' : 'deskExport')}
      </button>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-evidence-export': FinEvidenceExport;
  }
}
