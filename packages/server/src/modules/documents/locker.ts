import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Lock, Locker, RequestRelease } from '@tus/server';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

/** How long the lock's moments last; the defaults suit a deployment, tests shorten them. */
export interface LockTimings {
  /** How long a lock outlives its holder's last renewal: how long a crashed process blocks an upload. */
  leaseMs: number;
  /** How often a holder renews its lease and looks whether it was asked to let go. */
  renewMs: number;
  /** How often a waiting request tries again. */
  pollMs: number;
  /** How long a request waits for the lock before it is refused (tus's own default). */
  acquireTimeoutMs: number;
}

/**
 * A lease shorter than the time a request waits, so a request that arrives just after a process
 * died still gets the lock in its own wait; renewed often enough that a holder asked to let go
 * notices well within tus's three seconds of draining.
 */
export const DEFAULT_LOCK_TIMINGS: LockTimings = { leaseMs: 15_000, renewMs: 1_000, pollMs: 100, acquireTimeoutMs: 30_000 };

/**
 * tus's answer when the lock could not be taken in time: 423 Locked, which clients (ours and
 * tus-js-client) retry, where tus's own `ERR_LOCK_TIMEOUT` would be a 500.
 */
export const UPLOAD_LOCKED = { status_code: 423, body: 'The upload is being written by another request: try again shortly' } as const;

/**
 * tus's `Locker` with the locks in the database, so that one request at a time writes an upload
 * whichever process serves it (the same code on SQLite, where there is one process, and on
 * PostgreSQL). A lock is a row with a lease rather than a PostgreSQL advisory lock: an advisory
 * lock lives in a session, so each upload being written would hold one of the pool's connections
 * for the whole of its PATCH, and a slow client could starve the pool; a row costs a renewal
 * every second and frees itself `leaseMs` after its holder died.
 *
 * A newer request for the same upload (a client that reconnected while its old PATCH still holds
 * the lock) asks the holder to let go, as tus's MemoryLocker does, by marking the row; the holder
 * sees the mark at its next renewal and calls tus's `requestRelease`. The mark travels through
 * the row rather than a notification, so it reaches the holder in any process, on either
 * database, without depending on the listening connection.
 */
export class DatabaseLocker implements Locker {
  constructor(
    readonly db: Kysely<Database>,
    readonly log: FastifyBaseLogger,
    readonly timings: LockTimings = DEFAULT_LOCK_TIMINGS,
  ) {}

  newLock(id: string): Lock {
    return new DatabaseLock(id, this);
  }

  /** The instant a lease taken or renewed now ends. Leases compare the clocks of the processes, which must agree within seconds. */
  expiry(): string {
    return new Date(Date.now() + this.timings.leaseMs).toISOString();
  }
}

class DatabaseLock implements Lock {
  private readonly holder = randomUUID();
  private renewal: NodeJS.Timeout | undefined;
  private renewing: Promise<void> = Promise.resolve();
  private held = false;

  constructor(
    private readonly id: string,
    private readonly locker: DatabaseLocker,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { pollMs, acquireTimeoutMs } = this.locker.timings;
    const deadline = Date.now() + acquireTimeoutMs;
    while (!(await this.take())) {
      await this.askRelease();
      if (signal.aborted || Date.now() + pollMs > deadline) throw UPLOAD_LOCKED;
      await delay(pollMs, undefined, { signal }).catch(() => undefined);
    }
    this.held = true;
    let asked = false;
    // One renewal at a time, each after the one before, so `unlock` waits for them all.
    const renew = () => {
      this.renewing = this.renewing.then(() => this.renew()).then(
        (keep) => {
          if (!keep && !asked && this.held) {
            asked = true;
            void requestRelease();
          }
        },
        (error: unknown) => this.locker.log.warn({ err: error, uploadId: this.id }, 'could not renew an upload lock; its lease runs on'),
      );
    };
    this.renewal = setInterval(renew, this.locker.timings.renewMs).unref();
  }

  async unlock(): Promise<void> {
    if (!this.held) throw new Error('Releasing an unlocked lock!');
    this.held = false;
    clearInterval(this.renewal);
    await this.renewing;
    await this.locker.db.deleteFrom('upload_locks').where('upload_id', '=', this.id).where('holder', '=', this.holder).execute();
  }

  /** Takes the lock if it is free: no row, or the row of a holder whose lease ran out. */
  private async take(): Promise<boolean> {
    const row = await this.locker.db
      .insertInto('upload_locks')
      .values({ upload_id: this.id, holder: this.holder, expires_at: this.locker.expiry(), release_requested: 0 })
      .onConflict((conflict) =>
        conflict
          .column('upload_id')
          .doUpdateSet({ holder: this.holder, expires_at: this.locker.expiry(), release_requested: 0 })
          .where('upload_locks.expires_at', '<', new Date().toISOString()),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === this.holder;
  }

  private async askRelease(): Promise<void> {
    await this.locker.db.updateTable('upload_locks').set({ release_requested: 1 }).where('upload_id', '=', this.id).where('release_requested', '=', 0).execute();
  }

  /** Extends the lease; false when the holder should let go: asked to, or the lock is no longer its own. */
  private async renew(): Promise<boolean> {
    const row = await this.locker.db
      .updateTable('upload_locks')
      .set({ expires_at: this.locker.expiry() })
      .where('upload_id', '=', this.id)
      .where('holder', '=', this.holder)
      .returning('release_requested')
      .executeTakeFirst();
    return row !== undefined && !row.release_requested;
  }
}
