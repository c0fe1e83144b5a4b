import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import type { MessageKey } from '../shared/i18n.js';
import { renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { DocumentError } from '../doc-upload/files.js';
import { formatBytes, STATUS_LABELS, TYPE_NAMES } from '../doc-upload/labels.js';
import type { CaseDocument, ExpectedDocument, UploadLink } from '../doc-upload/types.js';
import { styles } from './case-documents.styles.js';
import { DeskSubscription, eventData, type DeskEventStream } from './desk-events.js';
import './translations/index.js';

/** A document as the desk sees it: also the malware scan's verdict and when it was reviewed. */
export interface DeskDocument extends CaseDocument {
  /** `unavailable`: the scanner could not be reached when it arrived, so it was kept unscanned. */
  scan: 'clean' | 'not_configured' | 'unavailable';
  reviewedAt: string | null;
}

/** `GET /api/desk/cases/:id/documents`. */
export interface CaseDocumentsView {
  expected: ExpectedDocument[];
  documents: DeskDocument[];
}

/** `GET /api/desk/cases/:id/documents`, with the expected documents named in `lang`. */
export function getCaseDocuments(api: string, caseId: string, lang: string, signal: AbortSignal): Promise<CaseDocumentsView> {
  return new ApiClient(api, undefined, { credentials: 'include' }).get<CaseDocumentsView>(`/api/desk/cases/${encodeURIComponent(caseId)}/documents`, { query: { lang }, signal });
}

/** The longest reason the server keeps; the citizen reads it. */
export const REASON_MAX = 500;

/**
 * A case's documents inside the desk: what the procedure expects and what arrived, each file
 * previewed in place (PDF in a frame, images as images, decrypted by the server for agents of the
 * council only), downloaded, accepted or rejected with a reason the citizen reads. It refreshes
 * when the desk's event stream says the case's documents changed, and creates an upload-only
 * link to send to the citizen.
 *
 * @summary The documents of one case, for the agent.
 * @tagname fin-case-documents
 *
 * @fires fin-error - Loading, reviewing or creating a link failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - Its heading.
 * @csspart subheading - The headings of the expected documents and of the files.
 * @csspart announcer - The polite live region (a review saved, the documents changed).
 * @csspart status - "Loading the documents…".
 * @csspart error - The documents could not be loaded, or an action failed.
 * @csspart retry-button - Tries loading again.
 * @csspart expected-list - The documents expected.
 * @csspart expected - One; also `expected-<status>`.
 * @csspart badge - A status in words; also `state-<status>`.
 * @csspart empty-state - Nothing expected, or nothing received.
 * @csspart documents - The files received.
 * @csspart document - One file.
 * @csspart document-name - Its name; it takes focus after a review.
 * @csspart document-meta - What it is for, its type, size and date.
 * @csspart hash - Its SHA-256.
 * @csspart scan-warning - It could not be scanned for malware.
 * @csspart reason - Why it was rejected.
 * @csspart document-actions - Its buttons.
 * @csspart preview-button - Shows or hides the preview.
 * @csspart download-link - Downloads the file.
 * @csspart accept-button - Accepts it.
 * @csspart reject-button - Opens the reason to reject it.
 * @csspart preview - The preview: a frame for a PDF, an image otherwise.
 * @csspart reject-form - The reason and the confirmation.
 * @csspart label - A field's label.
 * @csspart textarea - The reason.
 * @csspart field-error - The reason is missing or too long.
 * @csspart confirm-button - Rejects the document.
 * @csspart cancel-button - Closes the reason without rejecting.
 * @csspart upload-link - The upload-only link.
 * @csspart link-button - Creates the link.
 * @csspart input - The link, to select and copy.
 * @csspart copy-button - Copies the link.
 * @csspart link-expires - Until when it works.
 */
export class FinCaseDocuments extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The case whose documents these are. */
  @property({ attribute: 'case-id' }) caseId?: string;

  /** The desk's live event stream; the panel refreshes on its `document` events for this case. */
  @property({ attribute: false }) events?: DeskEventStream;

  /** Level (1–6) of the panel's heading; its sections' headings are one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 4;

  @state() private previews = new Set<string>();
  /** The document whose reason is being written. */
  @state() private rejecting?: string;
  @state() private reason = '';
  @state() private reasonError?: MessageKey;
  @state() private busy = false;
  @state() private actionError?: MessageKey;
  @state() private announcement = '';
  @state() private link?: UploadLink;
  @state() private copied = false;

  private readonly subscription = new DeskSubscription(this, {
    type: 'document',
    onEvent: (event) => {
      if (eventData(event)?.id !== this.caseId) return;
      this.announcement = this.i18n.t('deskDocumentsChanged');
      this.subscription.refreshSoon();
    },
    refresh: () => this.guard(this.list.retry()),
  });

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  private readonly list = new FetchTask(this, {
    // The language too: the server names the expected documents in it.
    args: () => (this.caseId ? ([this.apiBase, this.caseId, this.i18n.lang] as const) : undefined),
    task: ([api, id, lang], signal) => getCaseDocuments(api, id, lang, signal),
    onError: (error) => this.reportError(error),
  });

  private contentUrl(doc: CaseDocument, download = false): string {
    return this.client.url(`/api/desk/documents/${encodeURIComponent(doc.id)}/content`, { download: download ? '1' : undefined });
  }

  private togglePreview(id: string) {
    const previews = new Set(this.previews);
    if (!previews.delete(id)) previews.add(id);
    this.previews = previews;
  }

  private async openReject(doc: CaseDocument) {
    this.rejecting = doc.id;
    this.reason = '';
    this.reasonError = undefined;
    this.actionError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#reason-${doc.id}`)?.focus();
  }

  private async closeReject(doc: CaseDocument) {
    this.rejecting = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#reject-${doc.id}`)?.focus();
  }

  private async review(doc: CaseDocument, decision: 'accepted' | 'rejected') {
    if (this.busy) return;
    const reason = this.reason.trim();
    if (decision === 'rejected') {
      this.reasonError = !reason ? 'deskDocumentsReasonRequired' : reason.length > REASON_MAX ? 'deskDocumentsReasonTooLong' : undefined;
      if (this.reasonError) {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(`#reason-${doc.id}`)?.focus();
        return;
      }
    }
    this.busy = true;
    this.actionError = undefined;
    try {
      const updated = await this.client.post<DeskDocument>(`/api/desk/documents/${encodeURIComponent(doc.id)}/review`, decision === 'rejected' ? { decision, reason } : { decision });
      const value = this.list.value;
      if (value) this.list.value = { ...value, documents: value.documents.map((d) => (d.id === updated.id ? updated : d)) };
      this.rejecting = undefined;
      this.announcement = this.i18n.t(decision === 'accepted' ? 'deskDocumentsAccepted' : 'deskDocumentsRejected', { name: doc.fileName });
      // The expected documents' statuses follow from the review: the server says which.
      this.subscription.refreshSoon();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#name-${doc.id}`)?.focus();
    } catch (error) {
      this.reportError(error);
      this.actionError = 'deskDocumentsReviewError';
    } finally {
      this.busy = false;
    }
  }

  private async createLink() {
    if (this.busy || !this.caseId) return;
    this.busy = true;
    this.actionError = undefined;
    this.copied = false;
    try {
      this.link = await this.client.post<UploadLink>(`/api/desk/cases/${encodeURIComponent(this.caseId)}/upload-links`);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#upload-link-url')?.select();
    } catch (error) {
      const failure = this.reportError(error);
      this.actionError = failure.code === DocumentError.caseClosed ? 'deskDocumentsLinkClosed' : 'deskDocumentsLinkError';
    } finally {
      this.busy = false;
    }
  }

  private async copyLink() {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link.url);
      this.copied = true;
      this.announcement = this.i18n.t('deskDocumentsLinkCopied');
    } catch {
      // Without clipboard access the link stays selected in its field, ready for Ctrl+C.
      this.renderRoot.querySelector<HTMLInputElement>('#upload-link-url')?.select();
    }
  }

  private size(bytes: number): string {
    return formatBytes(bytes, this.i18n.locale);
  }

  private heading(offset: 0 | 1, part: string, id: string, text: string) {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 4) + offset);
    const tag = unsafeStatic(`h${level}`);
    return staticHtml`<${tag} part=${part} id=${id}>${text}</${tag}>`;
  }

  protected renderContent() {
    const { status, value } = this.list;
    let body: unknown;
    if (value) body = this.renderLists(value);
    else if (status === 'error') {
      body = html`<p part="error" role="alert">${this.i18n.t('deskDocumentsError')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(this.list.retry())}>${this.i18n.t('retry')}</button>`;
    } else body = html`<p part="status">${this.i18n.t('deskDocumentsLoading')}</p>`;
    return html`<section part="base" aria-labelledby="case-documents-heading" aria-busy=${status === 'pending' ? 'true' : 'false'}>
      ${this.heading(0, 'heading', 'case-documents-heading', this.i18n.t('deskDocumentsTitle'))}
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
      ${this.actionError ? html`<p part="error" role="alert">${this.i18n.t(this.actionError)}</p>` : nothing} ${body} ${this.renderLink()}
    </section>`;
  }

  private renderLists({ expected, documents }: CaseDocumentsView) {
    return html`${this.heading(1, 'subheading', 'case-documents-expected', this.i18n.t('deskDocumentsExpected'))}
      ${expected.length
        ? html`<ul part="expected-list" aria-labelledby="case-documents-expected">
            ${expected.map(
              (e) => html`<li part="expected expected-${e.status}">${e.name} ${renderStateBadge(e.status, this.i18n.t(STATUS_LABELS[e.status]))}</li>`,
            )}
          </ul>`
        : html`<p part="empty-state">${this.i18n.t('deskDocumentsNoExpected')}</p>`}
      ${this.heading(1, 'subheading', 'case-documents-received', this.i18n.t('deskDocumentsReceived'))}
      ${documents.length
        ? html`<ul part="documents" aria-labelledby="case-documents-received">
            ${documents.map((doc) => this.renderDocument(doc, expected))}
          </ul>`
        : html`<p part="empty-state">${this.i18n.t('deskDocumentsNone')}</p>`}`;
  }

  private renderDocument(doc: DeskDocument, expected: ExpectedDocument[]) {
    const forName = expected.find((e) => e.id === doc.expected)?.name;
    const date = this.i18n.format({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(doc.uploadedAt));
    const previewing = this.previews.has(doc.id);
    const previewId = `preview-${doc.id}`;
    const hidden = html`<span class="visually-hidden"> ${doc.fileName}</span>`;
    return html`<li part="document">
      <p part="document-name" id="name-${doc.id}" tabindex="-1">
        ${doc.fileName} ${renderStateBadge(doc.state, this.i18n.t(STATUS_LABELS[doc.state]))}
      </p>
      <p part="document-meta">
        ${forName ? this.i18n.t('deskDocumentsFor', { name: forName }) : this.i18n.t('deskDocumentsForNone')} ·
        ${this.i18n.t('deskDocumentsMeta', { type: TYPE_NAMES[doc.contentType] ?? doc.contentType, size: this.size(doc.bytes), date })}
      </p>
      <p part="hash"><abbr title="SHA-256">${this.i18n.t('deskDocumentsHash')}</abbr> <code>${doc.sha256}</code></p>
      ${doc.scan === 'unavailable' ? html`<p part="scan-warning">${this.i18n.t('deskDocumentsUnscanned')}</p>` : nothing}
      ${doc.state === 'rejected' && doc.rejectionReason ? html`<p part="reason">${this.i18n.t('docUploadReason', { reason: doc.rejectionReason })}</p>` : nothing}
      <div part="document-actions">
        <button part="preview-button" type="button" aria-expanded=${previewing ? 'true' : 'false'} aria-controls=${previewId} @click=${() => this.togglePreview(doc.id)}>
          ${this.i18n.t(previewing ? 'deskDocumentsHidePreview' : 'deskDocumentsPreview')}${hidden}
        </button>
        <a part="download-link" href=${this.contentUrl(doc, true)} download=${doc.fileName}>${this.i18n.t('deskDocumentsDownload')}${hidden}</a>
        ${doc.state !== 'accepted'
          ? html`<button part="accept-button" type="button" ?disabled=${this.busy} @click=${() => this.guard(this.review(doc, 'accepted'))}>
              ${this.i18n.t('deskDocumentsAccept')}${hidden}
            </button>`
          : nothing}
        ${doc.state !== 'rejected' && this.rejecting !== doc.id
          ? html`<button part="reject-button" id="reject-${doc.id}" type="button" @click=${() => this.guard(this.openReject(doc))}>
              ${this.i18n.t('deskDocumentsReject')}${hidden}
            </button>`
          : nothing}
      </div>
      <div id=${previewId}>
        ${previewing
          ? doc.contentType === 'application/pdf'
            ? html`<iframe part="preview" title=${this.i18n.t('deskDocumentsPreviewTitle', { name: doc.fileName })} src=${this.contentUrl(doc)}></iframe>`
            : html`<img part="preview" alt=${this.i18n.t('deskDocumentsPreviewTitle', { name: doc.fileName })} src=${this.contentUrl(doc)} />`
          : nothing}
      </div>
      ${this.rejecting === doc.id ? this.renderRejectForm(doc) : nothing}
    </li>`;
  }

  private renderRejectForm(doc: CaseDocument) {
    const id = `reason-${doc.id}`;
    const error = this.reasonError;
    return html`<form part="reject-form" novalidate @submit=${(event: Event) => (event.preventDefault(), this.guard(this.review(doc, 'rejected')))}>
      <label part="label" for=${id}>${this.i18n.t('deskDocumentsReason')}</label>
      ${error ? html`<p part="field-error" id="${id}-error">${this.i18n.t(error, { count: REASON_MAX })}</p>` : nothing}
      <textarea
        part="textarea"
        id=${id}
        rows="3"
        required
        maxlength=${REASON_MAX}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        .value=${live(this.reason)}
        @input=${(event: Event) => {
          this.reason = (event.target as HTMLTextAreaElement).value;
          if (this.reasonError && this.reason.trim()) this.reasonError = undefined;
        }}
      ></textarea>
      <div part="document-actions">
        <button part="confirm-button" type="submit" ?disabled=${this.busy}>${this.i18n.t('deskDocumentsConfirmReject')}</button>
        <button part="cancel-button" type="button" @click=${() => this.guard(this.closeReject(doc))}>${this.i18n.t('deskDocumentsKeep')}</button>
      </div>
    </form>`;
  }

  private renderLink() {
    const link = this.link;
    const expires = link && this.i18n.format({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(link.expiresAt));
    return html`<div part="upload-link">
      <button part="link-button" type="button" ?disabled=${this.busy} @click=${() => this.guard(this.createLink())}>${this.i18n.t('deskDocumentsLinkCreate')}</button>
      ${link
        ? html`<label part="label" for="upload-link-url">${this.i18n.t('deskDocumentsLinkLabel')}</label>
            <input part="input" id="upload-link-url" type="url" readonly .value=${link.url} />
            <button part="copy-button" type="button" @click=${() => this.guard(this.copyLink())}>
              ${this.i18n.t(this.copied ? 'deskDocumentsLinkCopied' : 'deskDocumentsLinkCopy')}
            </button>
            <p part="link-expires">${this.i18n.t('deskDocumentsLinkExpires', { date: expires ?? '' })}</p>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-case-documents': FinCaseDocuments;
  }
}
