import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { backoff, sendAnsweringChallenges } from './api.js';
import { ApiError, ErrorCode, toFinError } from './errors.js';

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

/** Why an item left the outbox unsent: the server refused it, or it waited too long. */
export interface OutboxError {
  code: string;
  message: string;
  /** The HTTP status of a refusal; 0 for an item that expired. */
  status: number;
}

interface OutboxSchema extends DBSchema {
  pending: { key: number; value: PendingItem };
}

/** 1: `pending`, and `failed` that kept refused items; 2: `failed` gone, refused items are not kept. */
const DB_VERSION = 2;

/** How long a submission may wait on the device: it holds personal data, and a day-old request is stale. */
export const OUTBOX_MAX_AGE = 24 * 60 * 60_000;

export type OutboxEventType = 'queued' | 'sent' | 'failed';

/**
 * `queued` when stored, `sent` with the server's answer, `failed` with why it left unsent (the
 * server refused it, or `FIN_ERR_OUTBOX_EXPIRED`). Either way the item is gone from the device.
 */
export class OutboxEvent extends Event {
  constructor(
    type: OutboxEventType,
    readonly item: PendingItem,
    readonly result?: unknown,
    readonly error?: OutboxError,
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
  /** Milliseconds an item may wait before it is dropped unsent; 24 hours. */
  maxAge?: number;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/**
 * Submissions that could not be sent yet, stored in IndexedDB so they survive a reload or a crash,
 * delivered in order when the connection returns. An item leaves `pending` only once the server
 * answered; a Web Lock makes tabs (and copies of the bundle) take turns, and the Idempotency-Key
 * makes the one unavoidable duplicate — a crash between the answer and the delete — harmless.
 * Items hold personal data, so nothing stays longer than it must: a delivered or refused item is
 * deleted at once, and one still unsent after `maxAge` is deleted unsent and reported `failed`.
 */
export class Outbox extends EventTarget {
  readonly name: string;
  private readonly timeout: number;
  private readonly retryDelay: number;
  private readonly maxRetryDelay: number;
  private readonly maxAge: number;
  private readonly now: () => number;
  private db?: Promise<IDBPDatabase<OutboxSchema>>;
  /** Expiry runs one at a time, so whoever waits on it sees everything it dropped. */
  private expiring: Promise<void> = Promise.resolve();
  /** Items this page dropped unsent, for a widget that looks after they went (see `takeExpired`). */
  private expired: PendingItem[] = [];
  private expiryTimer?: ReturnType<typeof setTimeout>;
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
    this.maxAge = options.maxAge ?? OUTBOX_MAX_AGE;
    this.now = options.now ?? (() => Date.now());
  }

  /** Delivers what a previous page left behind and whatever is queued whenever the browser goes online. */
  start(): void {
    this.stopped = false;
    window.removeEventListener('online', this.onOnline);
    window.addEventListener('online', this.onOnline);
    void this.flush();
  }

  /** Stops listening and retrying and lets go of the database (so it can be upgraded or deleted) and of what expired; stored items stay. */
  stop(): void {
    this.stopped = true;
    this.expired = [];
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    void this.db?.then((db) => db.close(), () => undefined);
    this.db = undefined;
  }

  async enqueue(entry: OutboxEntry): Promise<PendingItem> {
    const db = await this.open();
    const record = { ...entry, createdAt: this.now(), attempts: 0 } as PendingItem;
    // The store assigns ids in insertion order, which is the delivery order.
    const id = await db.add('pending', record);
    const item = { ...record, id };
    this.dispatchEvent(new OutboxEvent('queued', item));
    // Not at once: the request just failed, so give the network a moment first.
    if (!this.timer) this.scheduleRetry();
    if (!this.expiryTimer) this.scheduleExpiry(record.createdAt);
    return item;
  }

  /** The items waiting to be sent; any that waited longer than `maxAge` are dropped first. */
  async pending(): Promise<PendingItem[]> {
    await this.expire();
    return (await this.open()).getAll('pending');
  }

  /**
   * Items this page dropped unsent because they expired, that `match` (a widget's own), each
   * given once: a widget that appears after they went can still tell the citizen.
   */
  async takeExpired(match: (item: PendingItem) => boolean): Promise<PendingItem[]> {
    await this.expire();
    const taken = this.expired.filter(match);
    this.expired = this.expired.filter((item) => !taken.includes(item));
    return taken;
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
    this.db ??= openDB<OutboxSchema>(this.name, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) db.createObjectStore('pending', { keyPath: 'id', autoIncrement: true });
        // Version 1 kept refused items, personal data included, in a store this schema no longer names.
        else if (oldVersion < 2) (db as unknown as IDBPDatabase).deleteObjectStore('failed');
      },
    });
    return this.db;
  }

  /** Drops the items older than `maxAge`, reporting each as `failed`, and waits for the next one to come due. */
  private expire(): Promise<void> {
    // A run that failed (storage gone) rejects for its own caller only; the next run tries afresh.
    this.expiring = this.expiring.catch(() => undefined).then(async () => {
      const db = await this.open();
      const cutoff = this.now() - this.maxAge;
      const tx = db.transaction('pending', 'readwrite');
      const dropped: PendingItem[] = [];
      let oldestLeft: number | undefined;
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
        if (cursor.value.createdAt <= cutoff) {
          dropped.push(cursor.value);
          await cursor.delete();
        } else {
          oldestLeft = Math.min(oldestLeft ?? Infinity, cursor.value.createdAt);
        }
      }
      await tx.done;
      this.expired.push(...dropped);
      for (const item of dropped) this.dispatchEvent(new OutboxEvent('failed', item, undefined, EXPIRED));
      clearTimeout(this.expiryTimer);
      this.expiryTimer = undefined;
      if (oldestLeft !== undefined) this.scheduleExpiry(oldestLeft);
    });
    return this.expiring;
  }

  /** While the page stays open, the item created at `createdAt` is dropped when it comes due, and the citizen told. */
  private scheduleExpiry(createdAt: number) {
    if (this.stopped) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      void this.expire().catch(() => undefined);
    }, Math.max(0, createdAt + this.maxAge - this.now()));
  }

  /** One flush at a time across tabs; browsers without Web Locks rely on the Idempotency-Key alone. */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (locks) await locks.request(`finestreta-outbox:${this.name}`, work);
    else await work();
  }

  private async drain(): Promise<void> {
    // Whatever is too old goes first, online or not: it is not to be sent any more.
    await this.expire();
    // Offline: the `online` event will call again; trying now would only grow the backoff.
    if (!navigator.onLine) return;
    const db = await this.open();
    for (;;) {
      const [item] = await db.getAll('pending', undefined, 1);
      if (!item) break;
      // It came due while earlier items were being sent.
      if (item.createdAt <= this.now() - this.maxAge) {
        await this.expire();
        continue;
      }
      try {
        const result = await sendAnsweringChallenges(item.url, {
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
        // Refused for good: the widget that is waiting for it shows why; the device keeps nothing.
        await db.delete('pending', item.id);
        this.dispatchEvent(new OutboxEvent('failed', item, undefined, { code: error.code, message: error.message, status }));
      }
    }
    this.failures = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
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

const EXPIRED: OutboxError = {
  code: ErrorCode.outboxExpired,
  message: 'Not sent within 24 hours: deleted from this device, it has to be made again.',
  status: 0,
};

let shared: Outbox | undefined;

/** The page's outbox, started on first use so items left by a previous visit go out. */
export function getOutbox(): Outbox {
  if (!shared) {
    shared = new Outbox();
    shared.start();
  }
  return shared;
}
