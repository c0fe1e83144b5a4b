import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient, backoff, newIdempotencyKey } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError, ErrorCode, type FinError } from '../shared/errors.js';
import type { MessageKey } from '../shared/i18n.js';
import { renderStateBadge } from '../shared/state-badge.js';
import { FetchTask } from '../shared/task.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { FinUploadCompleteEvent, FinUploadProgressEvent, type UploadFileDetail } from './events.js';
import { checkFile, DocumentError, prepareFile, type Usage } from './files.js';
import { ownerKey, UploadStore, type PendingUpload } from './store.js';
import { styles } from './doc-upload.styles.js';
import { tusTransport, type Transfer, type Transport } from './transport.js';
import { formatBytes, STATUS_LABELS, TYPE_NAMES } from './labels.js';
import type { CaseDocument, MyDocuments, UploadLimits } from './types.js';
import './translations/index.js';

const TOKEN_INVALID = 'FIN_ERR_TOKEN_INVALID';
/** The server no longer has the upload (it expired, or finished elsewhere): the same file starts over. */
const UPLOAD_NOT_FOUND = 'FIN_ERR_UPLOAD_NOT_FOUND';

/**
 * Where a file is: `preparing` (read and shrunk), `queued`, `uploading`, `paused` by the citizen,
 * `interrupted` (the connection or the server failed; it goes on by itself), `refused` (for good,
 * with the reason) or `done`.
 */
type ItemStatus = 'preparing' | 'queued' | 'uploading' | 'paused' | 'interrupted' | 'refused' | 'done';

interface Item {
  id: string;
  fileName: string;
  expected: string | null;
  status: ItemStatus;
  /** Bytes of the file as sent. */
  size: number;
  sent: number;
  blob?: Blob;
  type: string;
  uploadUrl: string | null;
  error?: FinError;
  documentId?: string | null;
  /** The last quarter of the progress said aloud, so a screen reader hears 25 %, 50 %, 75 %, not every chunk. */
  announced: number;
  attempts: number;
}

/** Files the case's limits already count: sent, or on their way. */
const COUNTED: readonly ItemStatus[] = ['queued', 'uploading', 'paused', 'interrupted'];

const ERROR_TEXTS: Partial<Record<string, MessageKey>> = {
  [DocumentError.type]: 'docUploadErrorType',
  [DocumentError.tooLarge]: 'docUploadErrorTooLarge',
  [DocumentError.limit]: 'docUploadErrorLimit',
  [DocumentError.infected]: 'docUploadErrorInfected',
  [DocumentError.unreadable]: 'docUploadErrorUnreadable',
  [DocumentError.caseClosed]: 'docUploadErrorClosed',
  [TOKEN_INVALID]: 'docUploadErrorToken',
  [ErrorCode.network]: 'docUploadOffline',
};

/**
 * Sends documents to a case from a personal or upload-only link. It lists the documents the
 * case's procedure expects (missing, received, accepted, or rejected with the agent's reason) and
 * takes files from a drop zone, the file picker or, on a phone, the rear camera. Photos are made
 * smaller in the browser first; type and size are checked against the case's limits before
 * sending. Uploads are resumable (tus): a dropped connection continues where it stopped, and the
 * files waiting to be sent are kept on the device, so after a reload or a crash they go on
 * without being chosen again.
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
 * @csspart drop-zone - Where files can be dropped; also `dragging` while files are over it.
 * @csspart drop-text - Its text.
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

  @state() private items: Item[] = [];
  /** The expected document chosen for the next files; undefined until the citizen chooses, '' for "another document". */
  @state() private target?: string;
  /** The expected document the office asked for through `capture()`. */
  @state() private requested?: string;
  @state() private dragging = false;
  @state() private announcement = '';

  private readonly transfers = new Map<string, Transfer>();
  /** Whose files these are in the store, once known (see `ownerKey`). */
  private owner?: Promise<string>;
  private restoredFor?: string;
  /** Lets go of this link's waiting files, for another window (or this element, reconnected) to take them. */
  private releaseClaim?: () => void;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly onOnline = () => this.resumeInterrupted();
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

  /** The token in effect: the attribute, else the link's `token`, taken out of the page's address and kept for the tab. */
  private get effectiveToken(): string | undefined {
    return this.token || addressToken('token', { purpose: 'documents', council: this.councilId });
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    // Reconnected, it claims and restores the link's waiting files again (see willUpdate).
    this.requestUpdate();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.retryTimer);
    // Stopped, not cancelled: the server keeps what it has and the next connection goes on from there.
    for (const [id, transfer] of this.transfers) {
      void transfer.pause().catch(() => undefined);
      this.patch(id, { status: 'queued' });
    }
    this.transfers.clear();
    this.releaseClaim?.();
    this.releaseClaim = undefined;
    // Connected again, it takes the waiting files back from the store like a fresh page would.
    this.restoredFor = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const token = this.effectiveToken;
    const council = this.councilId;
    // A removed element may still render once; it must not take the link's files back then.
    if (!token || !council || !this.isConnected) return;
    const args = `${this.apiBase}|${council}|${token}`;
    if (args !== this.restoredFor) {
      this.restoredFor = args;
      this.items = [];
      this.owner = ownerKey(this.apiBase, council, token);
      this.guard(this.restore(this.owner, args));
    }
  }

  /**
   * Opens the camera (on a phone or tablet) or the file picker for the expected document `expectedId`,
   * e.g. when the agent asks for it during the call. Browsers open pickers only right after a click or
   * a key press; otherwise the request is shown with its buttons and takes focus, one tap away.
   */
  async capture(expectedId: string): Promise<void> {
    this.target = expectedId;
    this.requested = expectedId;
    const name = this.mine.value?.expected.find((e) => e.id === expectedId)?.name;
    if (name) this.announce(this.i18n.t('docUploadRequested', { name }));
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>(this.hasCamera() ? '#camera' : '#file');
    try {
      if (!input) throw new Error('not shown yet');
      input.showPicker();
    } catch {
      this.renderRoot.querySelector<HTMLElement>('[part~="request"]')?.focus();
    }
  }

  /** Phones and tablets get "Take a photo"; the capture attribute means nothing to a desktop browser. */
  private hasCamera(): boolean {
    return window.matchMedia?.('(pointer: coarse)').matches ?? false;
  }

  // ---- The queue ----

  private patch(id: string, changes: Partial<Item>) {
    this.items = this.items.map((item) => (item.id === id ? { ...item, ...changes } : item));
  }

  private item(id: string): Item | undefined {
    return this.items.find((item) => item.id === id);
  }

  private announce(text: string) {
    this.announcement = text;
  }

  private detail(item: Item): UploadFileDetail {
    return { id: item.id, fileName: item.fileName, expected: item.expected };
  }

  /** Files left by an earlier visit of this link: they go on at once, except those the citizen paused. */
  private async restore(owner: Promise<string>, args: string) {
    for (const transfer of this.transfers.values()) void transfer.pause().catch(() => undefined);
    this.transfers.clear();
    this.releaseClaim?.();
    this.releaseClaim = undefined;
    const key = await owner;
    const release = await this.claim(key);
    if (args !== this.restoredFor) return release();
    this.releaseClaim = release;
    const pending = await this.store.list(key);
    if (args !== this.restoredFor) return;
    // Files chosen while the store was read are already in the list.
    const restored = pending.filter((upload) => !this.item(upload.id)).map((upload) => this.itemOf(upload));
    this.items = [...restored, ...this.items];
    const resuming = restored.filter((item) => item.status === 'queued').length;
    if (resuming) this.announce(this.i18n.t('docUploadAnnounceRestored', { count: resuming }));
    this.pump();
  }

  /**
   * Resolves, with the way to let go, once this window holds the link's waiting files. With the same link open in two windows,
   * only one resumes them (two would send the same file twice); the other takes over when it closes.
   * Files chosen in a window are sent by that window either way.
   */
  private claim(owner: string): Promise<() => void> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return Promise.resolve(() => undefined);
    return new Promise((claimed) => {
      void locks.request(`finestreta-uploads:${owner}`, () => new Promise<void>((release) => claimed(release)));
    });
  }

  private itemOf(upload: PendingUpload): Item {
    return {
      id: upload.id,
      fileName: upload.fileName,
      expected: upload.expected,
      status: upload.paused ? 'paused' : 'queued',
      size: upload.blob.size,
      sent: 0,
      blob: upload.blob,
      type: upload.type,
      uploadUrl: upload.uploadUrl,
      announced: 0,
      attempts: 0,
    };
  }

  /** What the case holds plus what is on its way, for the limits. */
  private usage(data: MyDocuments): Usage {
    const known = new Set(data.documents.map((d) => d.id));
    const counted = this.items.filter((item) => COUNTED.includes(item.status) || (item.status === 'done' && !known.has(item.documentId ?? '')));
    return { files: data.usage.files + counted.length, bytes: data.usage.bytes + counted.reduce((sum, item) => sum + item.size, 0) };
  }

  /** Prepares, checks and queues the chosen files one by one, so each check counts the ones before it. */
  private async addFiles(files: File[]) {
    const data = this.mine.value;
    const owner = await this.owner;
    if (!data || !owner || !files.length) return;
    const expected = this.currentTarget(data) || null;
    this.requested = undefined;
    for (const file of files) {
      const id = newIdempotencyKey();
      this.items = [...this.items, { id, fileName: file.name, expected, status: 'preparing', size: file.size, sent: 0, type: file.type, uploadUrl: null, announced: 0, attempts: 0 }];
      const prepared = await prepareFile(file, file.name, data.limits.types);
      const refusal = checkFile(prepared, data.limits, this.usage(data));
      const item = { fileName: prepared.name, size: prepared.blob.size, type: prepared.type ?? file.type };
      if (refusal) {
        this.reportError(refusal);
        this.patch(id, { ...item, status: 'refused', error: refusal });
        continue;
      }
      await this.store.put({ id, owner, expected, fileName: item.fileName, type: item.type, blob: prepared.blob, uploadUrl: null, paused: false, createdAt: Date.now() });
      this.patch(id, { ...item, status: 'queued', blob: prepared.blob });
      this.pump();
    }
  }

  /** One file at a time: a phone's upload link is narrow, and the limits stay simple to hold. */
  private pump() {
    if (!this.isConnected || this.items.some((item) => item.status === 'uploading')) return;
    const next = this.items.find((item) => item.status === 'queued');
    if (next) this.send(next);
  }

  private send(item: Item) {
    const token = this.effectiveToken;
    const council = this.councilId;
    if (!item.blob || !token || !council) return;
    const client = new ApiClient(this.apiBase, council);
    const metadata: Record<string, string> = { filename: item.fileName, filetype: item.type };
    if (item.expected) metadata.expected = item.expected;
    this.patch(item.id, { status: 'uploading', error: undefined });
    this.announce(this.i18n.t('docUploadAnnounceStart', { name: item.fileName }));
    const transfer = this.transport(
      item.blob,
      { endpoint: client.url(client.councilPath('/uploads')), uploadUrl: item.uploadUrl, token, metadata },
      {
        onUrl: (url) => {
          this.patch(item.id, { uploadUrl: url });
          this.guard(this.store.update(item.id, { uploadUrl: url }));
        },
        onProgress: (sent, total) => this.progress(item.id, sent, total),
        onSuccess: (documentId) => this.guard(this.succeeded(item.id, documentId)),
        onError: (error) => this.guard(this.failed(item.id, error)),
      },
    );
    this.transfers.set(item.id, transfer);
    transfer.start();
  }

  private progress(id: string, sent: number, total: number) {
    const item = this.item(id);
    if (!item || item.status !== 'uploading') return;
    const quarter = Math.floor((sent / Math.max(1, total)) * 4);
    const changes: Partial<Item> = { sent, size: total };
    if (quarter > item.announced && quarter < 4) {
      changes.announced = quarter;
      this.announce(this.i18n.t('docUploadAnnounceProgress', { name: item.fileName, percent: this.percent(quarter / 4) }));
    }
    this.patch(id, changes);
    this.emit(new FinUploadProgressEvent(this.detail(item), sent, total));
  }

  private async succeeded(id: string, documentId: string | null) {
    this.transfers.delete(id);
    const item = this.item(id);
    if (!item) return;
    this.patch(id, { status: 'done', sent: item.size, documentId, blob: undefined, attempts: 0 });
    this.announce(this.i18n.t('docUploadAnnounceDone', { name: item.fileName }));
    this.emit(new FinUploadCompleteEvent(this.detail(item), documentId));
    this.pump();
    await this.store.delete(id);
    await this.mine.retry();
  }

  private async failed(id: string, error: FinError) {
    this.transfers.delete(id);
    const item = this.item(id);
    if (!item) return;
    this.reportError(error);
    if (error.code === UPLOAD_NOT_FOUND && item.uploadUrl) {
      this.patch(id, { status: 'queued', uploadUrl: null, sent: 0 });
      await this.store.update(id, { uploadUrl: null });
    } else if (error.recoverable) {
      this.patch(id, { status: 'interrupted', error, attempts: item.attempts + 1 });
      this.scheduleRetry(item.attempts);
    } else {
      // The server will never take this file from this link: nothing is worth keeping on the device.
      this.patch(id, { status: 'refused', error, blob: undefined });
      await this.store.delete(id);
      if (error.code === TOKEN_INVALID || error.code === DocumentError.caseClosed) await this.mine.retry();
    }
    this.pump();
  }

  /** The connection or the server may be back later even when the browser thinks it is online all along. */
  private scheduleRetry(attempt: number) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.resumeInterrupted(), backoff(attempt, 5_000, 60_000));
  }

  private resumeInterrupted() {
    clearTimeout(this.retryTimer);
    this.items = this.items.map((item) => (item.status === 'interrupted' ? { ...item, status: 'queued' } : item));
    this.pump();
  }

  private async pause(id: string) {
    const item = this.item(id);
    if (!item) return;
    const transfer = this.transfers.get(id);
    this.transfers.delete(id);
    this.patch(id, { status: 'paused' });
    this.announce(this.i18n.t('docUploadAnnouncePaused', { name: item.fileName }));
    await Promise.all([transfer?.pause(), this.store.update(id, { paused: true })]);
    this.pump();
  }

  private async resume(id: string) {
    this.patch(id, { status: 'queued', error: undefined });
    this.pump();
    await this.store.update(id, { paused: false });
  }

  private async cancel(id: string) {
    const item = this.item(id);
    if (!item) return;
    const transfer = this.transfers.get(id);
    this.transfers.delete(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.announce(this.i18n.t('docUploadAnnounceCancelled', { name: item.fileName }));
    await this.store.delete(id);
    this.pump();
    // The server forgets the partial upload; if it cannot be told now, it expires there unused.
    await transfer?.cancel().catch(() => undefined);
    this.focusAfterRemoval();
  }

  private dismiss(id: string) {
    this.items = this.items.filter((i) => i.id !== id);
    this.focusAfterRemoval();
  }

  /** The button pressed is gone with its row: focus goes somewhere that still makes sense. */
  private focusAfterRemoval() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#file')?.focus());
  }

  // ---- Choosing files ----

  /** The expected document new files are for: the citizen's choice, else the first still needed. */
  private currentTarget(data: MyDocuments): string {
    if (this.target !== undefined && (this.target === '' || data.expected.some((e) => e.id === this.target))) return this.target;
    return data.expected.find((e) => e.status === 'missing' || e.status === 'rejected')?.id ?? '';
  }

  private onPicked(event: Event) {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same file again (after a refusal, say) fires `change` again.
    input.value = '';
    this.guard(this.addFiles(files));
  }

  private onDragOver(event: DragEvent) {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.dragging = false;
    this.guard(this.addFiles([...(event.dataTransfer?.files ?? [])]));
  }

  private async addFor(expectedId: string) {
    this.target = expectedId;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#file')?.click();
  }

  // ---- Formatting ----

  private size(bytes: number): string {
    return formatBytes(bytes, this.i18n.locale);
  }

  private percent(fraction: number): string {
    return new Intl.NumberFormat(this.i18n.locale, { style: 'percent' }).format(fraction);
  }

  private typeNames(limits: UploadLimits, type: 'conjunction' | 'disjunction'): string {
    return new Intl.ListFormat(this.i18n.locale, { type }).format(limits.types.map((t) => TYPE_NAMES[t] ?? t));
  }

  private errorText(item: Item, limits?: UploadLimits): string {
    const code = item.error?.code ?? '';
    const key = ERROR_TEXTS[code] ?? 'docUploadErrorFailed';
    return this.i18n.t(key, {
      name: item.fileName,
      size: this.size(item.size),
      types: limits ? this.typeNames(limits, 'disjunction') : 'PDF, JPEG, PNG',
      max: limits ? this.size(limits.maxFileBytes) : '',
      count: limits?.maxFiles ?? 0,
      total: limits ? this.size(limits.maxTotalBytes) : '',
    });
  }

  private expectedName(id: string | null): string | undefined {
    return id ? this.mine.value?.expected.find((e) => e.id === id)?.name : undefined;
  }

  // ---- Rendering ----

  private heading(offset: 0 | 1, part: string, id: string, text: string) {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
    const tag = unsafeStatic(`h${level}`);
    return staticHtml`<${tag} part=${part} id=${id}>${text}</${tag}>`;
  }

  protected renderContent() {
    const { status, value, error } = this.mine;
    const loading = !value && (status === 'initial' || status === 'pending');
    const invalid = !this.effectiveToken || (!value && status === 'error' && (error?.code === TOKEN_INVALID || (error instanceof ApiError && (error.status === 401 || error.status === 404))));
    let body: unknown;
    if (invalid) body = html`<p part="error" role="alert">${this.i18n.t('docUploadInvalid')}</p>`;
    else if (value) body = this.renderCase(value);
    else if (status === 'error') {
      body = html`<p part="error" role="alert">${this.i18n.t('docUploadUnavailable')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(this.mine.retry())}>${this.i18n.t('retry')}</button>`;
    } else body = html`<p part="status" role="status">${this.i18n.t('docUploadLoading')}</p>`;
    return html`<section part="base" aria-labelledby="doc-upload-heading" aria-busy=${loading ? 'true' : 'false'}>
      ${this.heading(0, 'heading', 'doc-upload-heading', this.i18n.t('docUploadTitle'))} ${body}
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  private renderCase(data: MyDocuments) {
    const { limits } = data;
    const { open, reference, procedure } = data.case;
    return html`<p part="intro">
        ${this.i18n.t('docUploadReference', { reference })}${procedure ? html` · ${procedure.name}` : nothing}
        ${open
          ? html`<br />
              ${this.i18n.t('docUploadLimits', {
                types: this.typeNames(limits, 'conjunction'),
                size: this.size(limits.maxFileBytes),
                count: limits.maxFiles,
                total: this.size(limits.maxTotalBytes),
              })}`
          : nothing}
      </p>
      ${open ? nothing : html`<p part="closed">${this.i18n.t('docUploadClosed')}</p>`} ${this.renderExpected(data)} ${open ? this.renderSend(data) : nothing}
      ${this.renderQueue(limits)} ${this.renderDocuments(data.documents)}`;
  }

  private renderExpected(data: MyDocuments) {
    const rejection = (id: string) =>
      [...data.documents].reverse().find((d) => d.expected === id && d.state === 'rejected' && d.rejectionReason)?.rejectionReason;
    return html`${this.heading(1, 'subheading', 'doc-upload-expected', this.i18n.t('docUploadExpectedTitle'))}
      ${data.expected.length
        ? html`<ul part="expected-list" aria-labelledby="doc-upload-expected">
            ${data.expected.map((expected) => {
              const reason = expected.status === 'rejected' ? rejection(expected.id) : undefined;
              const needed = data.case.open && (expected.status === 'missing' || expected.status === 'rejected');
              return html`<li part="expected expected-${expected.status}">
                <span part="expected-name">${expected.name}</span>
                ${renderStateBadge(expected.status, this.i18n.t(STATUS_LABELS[expected.status]))}
                ${reason ? html`<p part="reason">${this.i18n.t('docUploadReason', { reason })}</p>` : nothing}
                ${needed
                  ? html`<button part="add-button" type="button" @click=${() => this.guard(this.addFor(expected.id))}>
                      ${this.i18n.t('docUploadAddFile')}<span class="visually-hidden"> ${expected.name}</span>
                    </button>`
                  : nothing}
              </li>`;
            })}
          </ul>`
        : html`<p part="hint">${this.i18n.t('docUploadNoExpected')}</p>`}`;
  }

  private renderSend(data: MyDocuments) {
    const target = this.currentTarget(data);
    const accept = data.limits.types.join(',');
    const camera = this.hasCamera();
    const requested = this.requested ? data.expected.find((e) => e.id === this.requested) : undefined;
    return html`<div part="send" role="group" aria-labelledby="doc-upload-send">
      ${this.heading(1, 'subheading', 'doc-upload-send', this.i18n.t('docUploadSendTitle'))}
      ${requested ? html`<p part="request" tabindex="-1">${this.i18n.t('docUploadRequested', { name: requested.name })}</p>` : nothing}
      ${data.expected.length
        ? html`<p part="field">
            <label part="label" for="expected">${this.i18n.t('docUploadFor')}</label>
            <select part="select" id="expected" @change=${(event: Event) => (this.target = (event.target as HTMLSelectElement).value)}>
              ${data.expected.map((e) => html`<option value=${e.id} ?selected=${e.id === target}>${e.name}</option>`)}
              <option value="" ?selected=${target === ''}>${this.i18n.t('docUploadForOther')}</option>
            </select>
          </p>`
        : nothing}
      <div
        part="drop-zone${this.dragging ? ' dragging' : ''}"
        @dragover=${(event: DragEvent) => this.onDragOver(event)}
        @dragleave=${() => (this.dragging = false)}
        @drop=${(event: DragEvent) => this.onDrop(event)}
      >
        <p part="drop-text">${this.i18n.t(this.dragging ? 'docUploadDropNow' : 'docUploadDrop')}</p>
        <div part="pickers">
          <input class="file-input" id="file" type="file" multiple accept=${accept} @change=${(event: Event) => this.onPicked(event)} />
          <label part="choose-button" for="file">${this.i18n.t('docUploadChoose')}</label>
          ${camera
            ? html`<input class="file-input" id="camera" type="file" accept="image/*" capture="environment" @change=${(event: Event) => this.onPicked(event)} />
                <label part="camera-button" for="camera">${this.i18n.t('docUploadTakePhoto')}</label>`
            : nothing}
        </div>
        <p part="hint">${this.i18n.t('docUploadPhotoHint')}</p>
      </div>
    </div>`;
  }

  private renderQueue(limits: UploadLimits) {
    if (!this.items.length) return nothing;
    return html`${this.heading(1, 'subheading', 'doc-upload-queue', this.i18n.t('docUploadQueueTitle'))}
      <ul part="file-list" aria-labelledby="doc-upload-queue">
        ${this.items.map((item) => this.renderItem(item, limits))}
      </ul>`;
  }

  private renderItem(item: Item, limits: UploadLimits) {
    const forName = this.expectedName(item.expected);
    const fraction = item.size ? item.sent / item.size : 0;
    const progressId = `progress-${item.id}`;
    const button = (label: MessageKey, action: () => Promise<void> | void) =>
      html`<button part="action-button" type="button" @click=${() => this.guard(Promise.resolve(action()))}>
        ${this.i18n.t(label)}<span class="visually-hidden"> ${item.fileName}</span>
      </button>`;
    let statusText: string;
    switch (item.status) {
      case 'preparing':
        statusText = this.i18n.t('docUploadPreparing');
        break;
      case 'queued':
        statusText = item.sent ? this.i18n.t('docUploadProgressValue', this.progressParams(item, fraction)) : this.i18n.t('docUploadWaiting');
        break;
      case 'paused':
        statusText = `${this.i18n.t('docUploadPaused')} · ${this.percent(fraction)}`;
        break;
      case 'done':
        statusText = this.i18n.t('docUploadDone');
        break;
      default:
        statusText = this.i18n.t('docUploadProgressValue', this.progressParams(item, fraction));
    }
    const showProgress = item.status !== 'refused' && item.status !== 'preparing';
    return html`<li part="file file-${item.status}">
      <span part="file-name">${item.fileName}</span>
      ${forName ? html`<span part="file-for">${this.i18n.t('docUploadFileFor', { name: forName })}</span>` : nothing}
      ${showProgress
        ? html`<progress part="progress" id=${progressId} max=${item.size || 1} .value=${item.status === 'done' ? item.size || 1 : item.sent} aria-label=${this.i18n.t('docUploadProgressLabel', { name: item.fileName })}></progress>`
        : nothing}
      ${item.status !== 'refused' ? html`<span part="file-status">${statusText}</span>` : nothing}
      ${item.error && (item.status === 'refused' || item.status === 'interrupted')
        ? html`<p part="file-error" role="alert">${this.errorText(item, limits)}</p>`
        : nothing}
      <div part="file-actions">
        ${item.status === 'uploading' || item.status === 'queued' ? button('docUploadPause', () => this.pause(item.id)) : nothing}
        ${item.status === 'paused' ? button('docUploadResume', () => this.resume(item.id)) : nothing}
        ${item.status === 'interrupted' ? button('docUploadRetry', () => this.resumeInterrupted()) : nothing}
        ${COUNTED.includes(item.status) ? button('docUploadCancel', () => this.cancel(item.id)) : nothing}
        ${item.status === 'refused' || item.status === 'done' ? button('docUploadRemove', () => this.dismiss(item.id)) : nothing}
      </div>
    </li>`;
  }

  private progressParams(item: Item, fraction: number) {
    return { percent: this.percent(fraction), sent: this.size(item.sent), total: this.size(item.size) };
  }

  private renderDocuments(documents: CaseDocument[]) {
    const date = this.i18n.format({ day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
    return html`${this.heading(1, 'subheading', 'doc-upload-documents', this.i18n.t('docUploadReceivedTitle'))}
      ${documents.length
        ? html`<ul part="documents" aria-labelledby="doc-upload-documents">
            ${documents.map((doc) => {
              const forName = this.expectedName(doc.expected);
              return html`<li part="document">
                <span part="document-name">${doc.fileName}</span>
                ${renderStateBadge(doc.state, this.i18n.t(STATUS_LABELS[doc.state]))}
                ${forName ? html`<span part="file-for">${this.i18n.t('docUploadFileFor', { name: forName })}</span>` : nothing}
                <span part="document-meta">${this.i18n.t('docUploadDocumentMeta', { size: this.size(doc.bytes), date: date.format(new Date(doc.uploadedAt)) })}</span>
                ${doc.state === 'rejected' && doc.rejectionReason ? html`<p part="reason">${this.i18n.t('docUploadReason', { reason: doc.rejectionReason })}</p>` : nothing}
              </li>`;
            })}
          </ul>`
        : html`<p part="hint">${this.i18n.t('docUploadNoDocuments')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'doc-upload': DocUpload;
  }
}
