import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { backoff, sendJson } from './api.js';
import { ApiError, toFinError } from './errors.js';

/** A submission to deliver: a POST of `body` to the absolute `url`. */
export interface OutboxEntry {
  url: string;
  body: unknown;
  /** Sent with every attempt, so the server runs the submission once however often it arrives. */
  idempotencyKey: string;
  /** What the widget submitted (e.g. `callback`), so it can recognise its own items. */
  kind: string;
}

export interface PendingItem extends OutboxEntry {
  id: number;
  createdAt: number;
  attempts: number;
}

/** An item the server refused for good; kept so nothing a citizen submitted disappears silently. */
export interface FailedItem extends PendingItem {
  failedAt: number;
  error: { code: string; message: string; status: number };
}

interface OutboxSchema extends DBSchema {
  pending: { key: number; value: PendingItem };
  failed: { key: number; value: FailedItem };
}

export type OutboxEventType = 'queued' | 'sent' | 'failed';

/** `queued` when stored, `sent` with the server's answer, `failed` with the error that made it give up. */
export class OutboxEvent extends Event {
  constructor(
    type: OutboxEventType,
    readonly item: PendingItem,
    readonly result?: unknown,
    readonly error?: FailedItem['error'],
  ) {
    super(type);
  }
}

export interface OutboxOptions {
  /** IndexedDB database name; one outbox per name. */
  name?: string;
  /** Milliseconds one delivery attempt may take. */
  timeout?: number;
  /** First retry delay after a failed flush; it doubles (with jitter) up to `maxRetryDelay`. */
  retryDelay?: number;
  maxRetryDelay?: number;
}

/**
 * Submissions that could not be sent yet, stored in IndexedDB so they survive a reload or a crash,
 * delivered in order when the connection returns. An item leaves `pending` only once the server
 * answered; a Web Lock makes tabs (and copies of the bundle) take turns, and the Idempotency-Key
 * makes the one unavoidable duplicate — a crash between the answer and the delete — harmless.
 */
export class Outbox extends EventTarget {
  readonly name: string;
  private readonly timeout: number;
  private readonly retryDelay: number;
  private readonly maxRetryDelay: number;
  private db?: Promise<IDBPDatabase<OutboxSchema>>;
  private flushing?: Promise<void>;
  private flushAgain = false;
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private readonly onOnline = () => void this.flush();

  constructor(options: OutboxOptions = {}) {
    super();
    this.name = options.name ?? 'finestreta-outbox';
    this.timeout = options.timeout ?? 15_000;
    this.retryDelay = options.retryDelay ?? 2_000;
    this.maxRetryDelay = options.maxRetryDelay ?? 5 * 60_000;
  }

  /** Delivers what a previous page left behind and whatever is queued whenever the browser goes online. */
  start(): void {
    this.stopped = false;
    window.removeEventListener('online', this.onOnline);
    window.addEventListener('online', this.onOnline);
    void this.flush();
  }

  /** Stops listening and retrying and lets go of the database (so it can be upgraded or deleted); stored items stay. */
  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.db?.then((db) => db.close(), () => undefined);
    this.db = undefined;
  }

  async enqueue(entry: OutboxEntry): Promise<PendingItem> {
    const db = await this.open();
    const record = { ...entry, createdAt: Date.now(), attempts: 0 } as PendingItem;
    // The store assigns ids in insertion order, which is the delivery order.
    const id = await db.add('pending', record);
    const item = { ...record, id };
    this.dispatchEvent(new OutboxEvent('queued', item));
    // Not at once: the request just failed, so give the network a moment first.
    if (!this.timer) this.scheduleRetry();
    return item;
  }

  async pending(): Promise<PendingItem[]> {
    return (await this.open()).getAll('pending');
  }

  async failed(): Promise<FailedItem[]> {
    return (await this.open()).getAll('failed');
  }

  /** Sends pending items in order until none is left or the network fails again. Never rejects. */
  flush(): Promise<void> {
    if (this.flushing) {
      // Something may have been queued after the running flush looked: look once more when it ends.
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.flushAgain = false;
        await this.exclusively(() => this.drain()).catch(() => this.scheduleRetry());
      } while (this.flushAgain);
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.db ??= openDB<OutboxSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('pending', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('failed', { keyPath: 'id' });
      },
    });
    return this.db;
  }

  /** One flush at a time across tabs; browsers without Web Locks rely on the Idempotency-Key alone. */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (locks) await locks.request(`finestreta-outbox:${this.name}`, work);
    else await work();
  }

  private async drain(): Promise<void> {
    // Offline: the `online` event will call again; trying now would only grow the backoff.
    if (!navigator.onLine) return;
    const db = await this.open();
    for (;;) {
      const [item] = await db.getAll('pending', undefined, 1);
      if (!item) break;
      try {
        const result = await sendJson(item.url, {
          method: 'POST',
          body: item.body,
          idempotencyKey: item.idempotencyKey,
          timeout: this.timeout,
        });
        await db.delete('pending', item.id);
        this.dispatchEvent(new OutboxEvent('sent', item, result));
      } catch (cause) {
        const error = toFinError(cause);
        if (error.recoverable) {
          await db.put('pending', { ...item, attempts: item.attempts + 1 });
          this.scheduleRetry();
          return;
        }
        const status = error instanceof ApiError ? error.status : 0;
        await this.moveToFailed(db, item, { code: error.code, message: error.message, status });
      }
    }
    this.failures = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async moveToFailed(db: IDBPDatabase<OutboxSchema>, item: PendingItem, error: FailedItem['error']) {
    const tx = db.transaction(['pending', 'failed'], 'readwrite');
    await Promise.all([tx.objectStore('failed').put({ ...item, error, failedAt: Date.now() }), tx.objectStore('pending').delete(item.id), tx.done]);
    this.dispatchEvent(new OutboxEvent('failed', item, undefined, error));
  }

  private scheduleRetry() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, backoff(this.failures++, this.retryDelay, this.maxRetryDelay));
  }
}

let shared: Outbox | undefined;

/** The page's outbox, started on first use so items left by a previous visit go out. */
export function getOutbox(): Outbox {
  if (!shared) {
    shared = new Outbox();
    shared.start();
  }
  return shared;
}
