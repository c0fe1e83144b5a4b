import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError } from '../shared/errors.js';
import { FetchTask } from '../shared/task.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { renderDocuments, renderExpected, renderIntro } from './case-view.js';
import { styles } from './doc-upload.styles.js';
import { renderFileList } from './file-list.js';
import { FilePicker } from './file-picker.js';
import { formatBytes } from './labels.js';
import { UploadStore } from './store.js';
import { tusTransport, type Transport } from './transport.js';
import type { MyDocuments } from './types.js';
import { TOKEN_INVALID, UploadQueue } from './upload-queue.js';
import type { DocUploadView } from './view.js';
import './translations/index.js';

/**
 * Sends documents to a case from a personal or upload-only link. It lists the documents the
 * case's procedure expects (missing, received, accepted, or rejected with the agent's reason) and
 * takes files from the file picker, a drop zone (where a mouse or trackpad can drag them) or, on a
 * phone, the rear camera. Photos are made smaller in the browser first; type and size are checked
 * against the case's limits before sending. Uploads are resumable (tus): a dropped connection
 * continues where it stopped, and the files waiting to be sent are kept on the device, so after a
 * reload or a crash they go on without being chosen again.
 *
 * @summary Send documents to a case, resumably, from a computer or a phone's camera.
 * @tagname doc-upload
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 * @attr token - The case's link token (personal link or upload-only link). Defaults to `token` in the page's address, which the element takes out of the address bar and keeps for the tab (a reload still works).
 * @attr heading-level - Level (1–6) of the element's heading, to fit the page's outline. Default 2.
 *
 * @fires fin-upload-progress - Bytes of a file reached the server: `{id, fileName, expected, bytesSent, bytesTotal}`.
 * @fires fin-upload-complete - The case holds the file: `{id, fileName, expected, documentId}`.
 * @fires fin-error - Loading failed, a file was refused or an upload failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading.
 * @csspart subheading - The headings of the sections.
 * @csspart intro - The case's reference and limits.
 * @csspart closed - Said instead of the section to send files when the case was cancelled.
 * @csspart status - "Loading your documents…".
 * @csspart error - The documents could not be loaded, or the link does not work.
 * @csspart retry-button - Tries loading again.
 * @csspart expected-list - The documents the office needs.
 * @csspart expected - One of them; also `expected-<status>`.
 * @csspart expected-name - Its name.
 * @csspart badge - A status in words; also `state-<status>`.
 * @csspart reason - Why the office rejected a document.
 * @csspart add-button - Sends a file for one expected document.
 * @csspart send - The section to send files.
 * @csspart request - What the office asked for during the call.
 * @csspart field - The choice of which document a file is.
 * @csspart label - Its label.
 * @csspart select - Its drop-down.
 * @csspart drop-zone - Where files can be dropped (with a mouse or trackpad); also `dragging` while files are over it.
 * @csspart drop-text - Its text.
 * @csspart pick-zone - In its place on a phone or tablet, where nothing can be dragged.
 * @csspart pick-text - "Choose a file or take a photo".
 * @csspart pickers - The file picker and camera buttons.
 * @csspart choose-button - The file picker's label, drawn as a button.
 * @csspart camera-button - The camera's label, drawn as a button (on phones and tablets).
 * @csspart hint - A hint.
 * @csspart file-list - The files being sent.
 * @csspart file - One; also `file-<status>`.
 * @csspart file-name - Its name.
 * @csspart file-for - Which document it is for.
 * @csspart progress - Its progress bar.
 * @csspart file-status - Its progress or state in words.
 * @csspart file-error - Why it was refused or stopped.
 * @csspart file-actions - Its buttons.
 * @csspart action-button - Pause, resume, cancel, try again, remove.
 * @csspart documents - The documents the case holds.
 * @csspart document - One of them.
 * @csspart document-name - Its file name.
 * @csspart document-meta - Its size and date.
 * @csspart announcer - The polite live region (progress, files sent, paused, restored).
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Hints.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - The drop zone and the lists.
 * @cssprop --fin-color-border - Borders.
 * @cssprop --fin-color-error - Refusals.
 * @cssprop --fin-color-success - Accepted documents.
 * @cssprop --fin-color-primary - Buttons and the progress bars.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class DocUpload extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The case's link token; without it, `token` in the page's address. */
  @property() token?: string;

  /** Level (1–6) of the element's heading; its sections' headings are one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /**
   * Sends one file; tus-js-client unless replaced (tests and stories put a stand-in here).
   * @internal
   */
  transport: Transport = tusTransport;

  /**
   * Where files waiting to be sent are kept.
   * @internal
   */
  store = new UploadStore();

  @state() private announcement = '';

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible' && this.mine.value) this.guard(this.mine.retry());
  };

  private readonly mine = new FetchTask(this, {
    args: () => (this.councilId && this.effectiveToken ? ([this.apiBase, this.councilId, this.effectiveToken, this.i18n.lang] as const) : undefined),
    task: ([api, council, token, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<MyDocuments>(client.councilPath('/documents/mine'), { query: { token, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  /** The section to send files: the document they are for, the drop zone, the picker and the camera. */
  private readonly picker = new FilePicker(
    this,
    (files) => this.addFiles(files),
    (work) => this.guard(work),
  );

  /** The files on their way, kept on the device until the case holds them. */
  private readonly queue = new UploadQueue(this, {
    target: () => {
      const token = this.effectiveToken;
      const council = this.councilId;
      return token && council ? { api: this.apiBase, council, token } : undefined;
    },
    transport: () => this.transport,
    store: () => this.store,
    i18n: this.i18n,
    announce: (text) => (this.announcement = text),
    emit: (event) => this.emit(event),
    reportError: (error) => this.reportError(error),
    guard: (work) => this.guard(work),
    refresh: () => this.mine.retry(),
    removed: () => this.picker.focus(),
  });

  private readonly view: DocUploadView = {
    i18n: this.i18n,
    heading: (offset, part, id, text) => {
      const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
      const tag = unsafeStatic(`h${level}`);
      return staticHtml`<${tag} part=${part} id=${id}>${text}</${tag}>`;
    },
    act: (work) => this.guard(Promise.resolve(work)),
    expectedName: (id) => (id ? this.mine.value?.expected.find((e) => e.id === id)?.name : undefined),
    size: (bytes) => formatBytes(bytes, this.i18n.locale),
  };

  /** The token in effect: the attribute, else the link's `token`, taken out of the page's address and kept for the tab. */
  private get effectiveToken(): string | undefined {
    return this.token || addressToken('token', { purpose: 'documents', council: this.councilId });
  }

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /**
   * Opens the camera (on a phone or tablet) or the file picker for the expected document `expectedId`,
   * e.g. when the agent asks for it during the call. Browsers open pickers only right after a click or
   * a key press; otherwise the request is shown with its buttons and takes focus, one tap away.
   */
  async capture(expectedId: string): Promise<void> {
    const name = this.mine.value?.expected.find((e) => e.id === expectedId)?.name;
    if (name) this.announcement = this.i18n.t('docUploadRequested', { name });
    await this.picker.request(expectedId);
  }

  /** Queues the chosen files for the document chosen, once the case is known. */
  private async addFiles(files: File[]) {
    const data = this.mine.value;
    if (!data || !files.length) return;
    await this.queue.add(files, data, this.picker.take(data));
  }

  protected renderContent() {
    const { status, value, error } = this.mine;
    const { view } = this;
    const loading = !value && (status === 'initial' || status === 'pending');
    const invalid = !this.effectiveToken || (!value && status === 'error' && (error?.code === TOKEN_INVALID || (error instanceof ApiError && (error.status === 401 || error.status === 404))));
    let body: unknown;
    if (invalid) body = html`<p part="error" role="alert">${this.i18n.t('docUploadInvalid')}</p>`;
    else if (value) {
      body = html`${renderIntro(view, value)} ${renderExpected(view, value, (id) => this.picker.addFor(id))}
        ${value.case.open ? this.picker.render(view, value) : nothing} ${renderFileList(view, this.queue, value.limits)}
        ${renderDocuments(view, value.documents)}`;
    } else if (status === 'error') {
      body = html`<p part="error" role="alert">${this.i18n.t('docUploadUnavailable')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(this.mine.retry())}>${this.i18n.t('retry')}</button>`;
    } else body = html`<p part="status" role="status">${this.i18n.t('docUploadLoading')}</p>`;
    return html`<section part="base" aria-labelledby="doc-upload-heading" aria-busy=${loading ? 'true' : 'false'}>
      ${view.heading(0, 'heading', 'doc-upload-heading', this.i18n.t('docUploadTitle'))} ${body}
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'doc-upload': DocUpload;
  }
}
