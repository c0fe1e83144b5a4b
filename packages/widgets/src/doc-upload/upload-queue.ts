import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient, backoff, newIdempotencyKey } from '../shared/api.js';
import type { FinError } from '../shared/errors.js';
import type { I18nController } from '../shared/i18n.js';
import { FinUploadCompleteEvent, FinUploadProgressEvent, type UploadFileDetail } from './events.js';
import { checkFile, DocumentError, type Usage } from './files.js';
import { formatPercent } from './labels.js';
import { ownerKey, type PendingUpload, type UploadStore } from './store.js';
import type { Transfer, Transport } from './transport.js';
import type { MyDocuments } from './types.js';

export const TOKEN_INVALID = 'FIN_ERR_TOKEN_INVALID';
/** The server no longer has the upload (it expired, or finished elsewhere): the same file starts over. */
const UPLOAD_NOT_FOUND = 'FIN_ERR_UPLOAD_NOT_FOUND';

/**
 * Where a file is: `preparing` (read and shrunk), `queued`, `uploading`, `paused` by the citizen,
 * `interrupted` (the connection or the server failed; it goes on by itself), `refused` (for good,
 * with the reason) or `done`.
 */
export type ItemStatus = 'preparing' | 'queued' | 'uploading' | 'paused' | 'interrupted' | 'refused' | 'done';

export interface Item {
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
export const COUNTED: readonly ItemStatus[] = ['queued', 'uploading', 'paused', 'interrupted'];

/** Where the files go: the server, council and link in effect. */
export interface UploadTarget {
  api: string;
  council: string;
  token: string;
}

/** What the queue needs of the element that hosts it. */
export interface UploadQueueOptions {
  /** The server, council and token in effect; undefined while one of them is unknown. */
  target(): UploadTarget | undefined;
  transport(): Transport;
  store(): UploadStore;
  i18n: I18nController;
  /** Says something in the polite live region. */
  announce(text: string): void;
  /** Dispatches one of the element's `fin-*` events. */
  emit(event: Event): void;
  /** Reports a failure as `fin-error`. */
  reportError(error: unknown): void;
  /** Runs async work whose unexpected failure must not reach the page. */
  guard(work: Promise<unknown>): void;
  /** Loads the case again: it holds a new document, or no longer takes this link's files. */
  refresh(): Promise<unknown>;
  /** The row of the button pressed is gone: focus goes somewhere that still makes sense. */
  removed(): void;
}

/**
 * The files of one link on their way to the case, one at a time: a phone's upload link is
 * narrow, and the limits stay simple to hold. Files waiting are kept in the device's store, so
 * after a reload or a crash they go on without being chosen again; one window at a time resumes
 * them (see `claim`). A dropped connection is retried with backoff and when the browser is back online.
 */
export class UploadQueue implements ReactiveController {
  private list: Item[] = [];
  private readonly transfers = new Map<string, Transfer>();
  /** Whose files these are in the store, once known (see `ownerKey`). */
  private owner?: Promise<string>;
  private restoredFor?: string;
  /** Lets go of this link's waiting files, for another window (or this element, reconnected) to take them. */
  private releaseClaim?: () => void;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly onOnline = () => this.resumeInterrupted();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: UploadQueueOptions,
  ) {
    host.addController(this);
  }

  /** The files, in the order they were chosen (restored ones first). */
  get items(): readonly Item[] {
    return this.list;
  }

  private set items(items: Item[]) {
    this.list = items;
    this.host.requestUpdate();
  }

  hostConnected() {
    window.addEventListener('online', this.onOnline);
    // Reconnected, it claims and restores the link's waiting files again (see hostUpdate).
    this.host.requestUpdate();
  }

  hostDisconnected() {
    window.removeEventListener('online', this.onOnline);
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

  hostUpdate() {
    const target = this.options.target();
    // A removed element may still render once; it must not take the link's files back then.
    if (!target || !this.host.isConnected) return;
    const args = `${target.api}|${target.council}|${target.token}`;
    if (args !== this.restoredFor) {
      this.restoredFor = args;
      this.list = [];
      this.owner = ownerKey(target.api, target.council, target.token);
      this.options.guard(this.restore(this.owner, args));
    }
  }

  private patch(id: string, changes: Partial<Item>) {
    this.items = this.list.map((item) => (item.id === id ? { ...item, ...changes } : item));
  }

  private item(id: string): Item | undefined {
    return this.list.find((item) => item.id === id);
  }

  private detail(item: Item): UploadFileDetail {
    return { id: item.id, fileName: item.fileName, expected: item.expected };
  }

  private t(...args: Parameters<I18nController['t']>): string {
    return this.options.i18n.t(...args);
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
    const pending = await this.options.store().list(key);
    if (args !== this.restoredFor) return;
    // Files chosen while the store was read are already in the list.
    const restored = pending.filter((upload) => !this.item(upload.id)).map((upload) => itemOf(upload));
    this.items = [...restored, ...this.list];
    const resuming = restored.filter((item) => item.status === 'queued').length;
    if (resuming) this.options.announce(this.t('docUploadAnnounceRestored', { count: resuming }));
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

  /** What the case holds plus what is on its way, for the limits. */
  private usage(data: MyDocuments): Usage {
    const known = new Set(data.documents.map((d) => d.id));
    const counted = this.list.filter((item) => COUNTED.includes(item.status) || (item.status === 'done' && !known.has(item.documentId ?? '')));
    return { files: data.usage.files + counted.length, bytes: data.usage.bytes + counted.reduce((sum, item) => sum + item.size, 0) };
  }

  /** Prepares, checks and queues the chosen files for `expected` one by one, so each check counts the ones before it. */
  async add(files: File[], data: MyDocuments, expected: string | null) {
    const owner = await this.owner;
    if (!owner) return;
    const { prepareFile } = await import('./prepare.js');
    for (const file of files) {
      const id = newIdempotencyKey();
      this.items = [...this.list, { id, fileName: file.name, expected, status: 'preparing', size: file.size, sent: 0, type: file.type, uploadUrl: null, announced: 0, attempts: 0 }];
      const prepared = await prepareFile(file, file.name, data.limits.types);
      const refusal = checkFile(prepared, data.limits, this.usage(data));
      const item = { fileName: prepared.name, size: prepared.blob.size, type: prepared.type ?? file.type };
      if (refusal) {
        this.options.reportError(refusal);
        this.patch(id, { ...item, status: 'refused', error: refusal });
        continue;
      }
      await this.options.store().put({ id, owner, expected, fileName: item.fileName, type: item.type, blob: prepared.blob, uploadUrl: null, paused: false, createdAt: Date.now() });
      this.patch(id, { ...item, status: 'queued', blob: prepared.blob });
      this.pump();
    }
  }

  private pump() {
    if (!this.host.isConnected || this.list.some((item) => item.status === 'uploading')) return;
    const next = this.list.find((item) => item.status === 'queued');
    if (next) this.send(next);
  }

  private send(item: Item) {
    const target = this.options.target();
    if (!item.blob || !target) return;
    const client = new ApiClient(target.api, target.council);
    const metadata: Record<string, string> = { filename: item.fileName, filetype: item.type };
    if (item.expected) metadata.expected = item.expected;
    this.patch(item.id, { status: 'uploading', error: undefined });
    this.options.announce(this.t('docUploadAnnounceStart', { name: item.fileName }));
    const transfer = this.options.transport()(
      item.blob,
      { endpoint: client.url(client.councilPath('/uploads')), uploadUrl: item.uploadUrl, token: target.token, metadata },
      {
        onUrl: (url) => {
          this.patch(item.id, { uploadUrl: url });
          this.options.guard(this.options.store().update(item.id, { uploadUrl: url }));
        },
        onProgress: (sent, total) => this.progress(item.id, sent, total),
        onSuccess: (documentId) => this.options.guard(this.succeeded(item.id, documentId)),
        onError: (error) => this.options.guard(this.failed(item.id, error)),
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
      this.options.announce(this.t('docUploadAnnounceProgress', { name: item.fileName, percent: formatPercent(quarter / 4, this.options.i18n.locale) }));
    }
    this.patch(id, changes);
    this.options.emit(new FinUploadProgressEvent(this.detail(item), sent, total));
  }

  private async succeeded(id: string, documentId: string | null) {
    this.transfers.delete(id);
    const item = this.item(id);
    if (!item) return;
    this.patch(id, { status: 'done', sent: item.size, documentId, blob: undefined, attempts: 0 });
    this.options.announce(this.t('docUploadAnnounceDone', { name: item.fileName }));
    this.options.emit(new FinUploadCompleteEvent(this.detail(item), documentId));
    this.pump();
    await this.options.store().delete(id);
    await this.options.refresh();
  }

  private async failed(id: string, error: FinError) {
    this.transfers.delete(id);
    const item = this.item(id);
    if (!item) return;
    this.options.reportError(error);
    if (error.code === UPLOAD_NOT_FOUND && item.uploadUrl) {
      this.patch(id, { status: 'queued', uploadUrl: null, sent: 0 });
      await this.options.store().update(id, { uploadUrl: null });
    } else if (error.recoverable) {
      this.patch(id, { status: 'interrupted', error, attempts: item.attempts + 1 });
      this.scheduleRetry(item.attempts);
    } else {
      // The server will never take this file from this link: nothing is worth keeping on the device.
      this.patch(id, { status: 'refused', error, blob: undefined });
      await this.options.store().delete(id);
      if (error.code === TOKEN_INVALID || error.code === DocumentError.caseClosed) await this.options.refresh();
    }
    this.pump();
  }

  /** The connection or the server may be back later even when the browser thinks it is online all along. */
  private scheduleRetry(attempt: number) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.resumeInterrupted(), backoff(attempt, 5_000, 60_000));
  }

  resumeInterrupted() {
    clearTimeout(this.retryTimer);
    this.items = this.list.map((item) => (item.status === 'interrupted' ? { ...item, status: 'queued' } : item));
    this.pump();
  }

  async pause(id: string) {
    const item = this.item(id);
    if (!item) return;
    const transfer = this.transfers.get(id);
    this.transfers.delete(id);
    this.patch(id, { status: 'paused' });
    this.options.announce(this.t('docUploadAnnouncePaused', { name: item.fileName }));
    await Promise.all([transfer?.pause(), this.options.store().update(id, { paused: true })]);
    this.pump();
  }

  async resume(id: string) {
    this.patch(id, { status: 'queued', error: undefined });
    this.pump();
    await this.options.store().update(id, { paused: false });
  }

  async cancel(id: string) {
    const item = this.item(id);
    if (!item) return;
    const transfer = this.transfers.get(id);
    this.transfers.delete(id);
    this.items = this.list.filter((i) => i.id !== id);
    this.options.announce(this.t('docUploadAnnounceCancelled', { name: item.fileName }));
    await this.options.store().delete(id);
    this.pump();
    // The server forgets the partial upload; if it cannot be told now, it expires there unused.
    await transfer?.cancel().catch(() => undefined);
    this.options.removed();
  }

  dismiss(id: string) {
    this.items = this.list.filter((i) => i.id !== id);
    this.options.removed();
  }
}

function itemOf(upload: PendingUpload): Item {
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
