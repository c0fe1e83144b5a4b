import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError } from '../shared/errors.js';

export interface RateLimit {
  max: number;
  /** Milliseconds. */
  timeWindow: number;
}

export interface RateLimits {
  /** Endpoints anyone on the internet can call (the citizen API). */
  public: RateLimit;
  /**
   * Failed sign-ins from one address, whatever the account. High enough that an office of
   * agents behind one address is not locked out by one person's typos: guessing one account's
   * password is slowed per account (see the agents module).
   */
  login: RateLimit;
  /**
   * Lookups of verification codes (`/verify`), page and API together, per address: a person
   * checks a document or two, so a tight limit costs nobody and keeps guessing slow.
   */
  verify: RateLimit;
}

/** The public API's limit is the operator's (RATE_LIMIT_PUBLIC_PER_MINUTE, config.ts). */
export const DEFAULT_RATE_LIMITS: Omit<RateLimits, 'public'> = {
  login: { max: 100, timeWindow: 15 * 60_000 },
  verify: { max: 30, timeWindow: 10 * 60_000 },
};

/** How often rows whose window has ended are deleted. */
const PURGE_INTERVAL_MS = 10 * 60_000;
/** How often a process adds the public API's hits it counted to the database's counts. */
export const FLUSH_INTERVAL_MS = 1_000;
/** Keys read in one statement, well under SQLite's limit of bound parameters. */
const KEYS_PER_READ = 500;

declare module 'fastify' {
  interface FastifyInstance {
    /** Route `config.rateLimit` values, so each module picks the limit that fits its routes. */
    rateLimits: RateLimits;
    rateCounters: RateCounters;
  }
}

/**
 * Counters in the `rate_counters` table, so that every process sharing the database counts
 * the same hits. Each change is one statement (an upsert that increments), atomic on SQLite and
 * PostgreSQL alike, so concurrent requests cannot both read a count and both pass.
 */
export class RateCounters {
  /** The public API's hits counted in this process, by key, and how many of them the database has yet to hear of. */
  private readonly counted = new Map<string, { hits: number; unflushed: number; resetsAt: number; windowMs: number }>();
  private flushing: Promise<void> | undefined;
  private nextFlush: Promise<void> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /** Counts a hit in a fixed window, which starts with the first hit after the last one ended. */
  hit(key: string, windowMs: number, now: Date): Promise<{ hits: number; resetsAt: Date }> {
    return this.add(this.db, key, 1, windowMs, now);
  }

  /** Counts `count` hits at once; `executor` is the caller's transaction when it has one. */
  private async add(executor: Kysely<Database>, key: string, count: number, windowMs: number, now: Date): Promise<{ hits: number; resetsAt: Date }> {
    const at = now.toISOString();
    const resetsAt = new Date(now.getTime() + windowMs).toISOString();
    const row = await executor
      .insertInto('rate_counters')
      .values({ key, hits: count, resets_at: resetsAt, blocked_until: null })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => {
          const ended = eb('rate_counters.resets_at', '<=', at);
          return {
            hits: eb.case().when(ended).then(count).else(eb('rate_counters.hits', '+', count)).end(),
            resets_at: eb.case().when(ended).then(resetsAt).else(eb.ref('rate_counters.resets_at')).end(),
          };
        }),
      )
      .returning(['hits', 'resets_at'])
      .executeTakeFirstOrThrow();
    return { hits: row.hits, resetsAt: new Date(row.resets_at) };
  }

  /**
   * Counts a hit of the public API in this process, without waiting for the database: the count
   * is the database's as of the last flush plus this process's hits since. Exact in one process;
   * the hits of other processes sharing the database count within FLUSH_INTERVAL_MS. A write per
   * request would cost more than the request it guards.
   */
  count(key: string, windowMs: number, now: Date): { hits: number; resetsAt: Date } {
    let counted = this.counted.get(key);
    if (!counted || counted.resetsAt <= now.getTime()) {
      counted = { hits: 0, unflushed: counted?.unflushed ?? 0, resetsAt: now.getTime() + windowMs, windowMs };
      this.counted.set(key, counted);
    }
    counted.hits++;
    counted.unflushed++;
    return { hits: counted.hits, resetsAt: new Date(counted.resetsAt) };
  }

  /**
   * Adds the hits counted since the last flush to the database in one transaction, and learns the
   * totals of every process. A flush asked for while one is under way runs after it, since that
   * one may have read the database before what the caller needs known (callers asking meanwhile
   * share that next one).
   */
  flush(now: Date): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.write(now).finally(() => {
        this.flushing = undefined;
      });
      return this.flushing;
    }
    this.nextFlush ??= this.flushing
      .catch(() => undefined)
      .then(() => {
        this.nextFlush = undefined;
        return this.flush(now);
      });
    return this.nextFlush;
  }

  private async write(now: Date): Promise<void> {
    for (const [key, counted] of this.counted) {
      if (counted.unflushed === 0 && counted.resetsAt <= now.getTime()) this.counted.delete(key);
    }
    // The keys with nothing new still learn what other processes counted.
    const idle = [...this.counted].filter(([, counted]) => counted.unflushed === 0);
    for (let i = 0; i < idle.length; i += KEYS_PER_READ) {
      const chunk = new Map(idle.slice(i, i + KEYS_PER_READ));
      const rows = await this.db.selectFrom('rate_counters').select(['key', 'hits', 'resets_at']).where('key', 'in', [...chunk.keys()]).execute();
      for (const row of rows) {
        const counted = chunk.get(row.key)!;
        const resetsAt = Date.parse(row.resets_at);
        if (resetsAt <= now.getTime()) continue;
        // Hits made while the read was under way are not in the database yet.
        counted.hits = row.hits + counted.unflushed;
        counted.resetsAt = resetsAt;
      }
    }
    // In key order, so that processes flushing at once on PostgreSQL lock rows in one order.
    const batch = [...this.counted].filter(([, counted]) => counted.unflushed > 0).sort(([a], [b]) => (a < b ? -1 : 1));
    if (batch.length === 0) return;
    const sent = batch.map(([, counted]) => counted.unflushed);
    for (const [, counted] of batch) counted.unflushed = 0;
    try {
      const totals = await this.db.transaction().execute(async (trx) => {
        const rows = [];
        for (const [i, [key, counted]] of batch.entries()) rows.push(await this.add(trx, key, sent[i]!, counted.windowMs, now));
        return rows;
      });
      batch.forEach(([, counted], i) => {
        counted.hits = totals[i]!.hits + counted.unflushed;
        counted.resetsAt = totals[i]!.resetsAt.getTime();
      });
    } catch (error) {
      // Counted again at the next flush.
      batch.forEach(([, counted], i) => (counted.unflushed += sent[i]!));
      throw error;
    }
  }

  /**
   * Counts an attempt on a key that blocks, unless it is blocked now. The window slides: it
   * ends `windowMs` after the last attempt. An attempt past the first `free` ones blocks the
   * key until `holdUntil` by itself, so attempts made meanwhile are refused rather than all
   * let through; the caller then sets the real block (`block`) or clears the key (`clear`).
   */
  async attempt(key: string, options: { free: number; windowMs: number; holdUntil: Date }, now: Date): Promise<{ hits: number } | { blockedUntil: Date }> {
    const at = now.toISOString();
    const holdUntil = options.holdUntil.toISOString();
    const row = await this.db
      .insertInto('rate_counters')
      .values({ key, hits: 1, resets_at: new Date(now.getTime() + options.windowMs).toISOString(), blocked_until: options.free < 1 ? holdUntil : null })
      .onConflict((conflict) =>
        conflict
          .column('key')
          .doUpdateSet((eb) => {
            const ended = eb('rate_counters.resets_at', '<=', at);
            return {
              hits: eb.case().when(ended).then(eb.lit(1)).else(eb('rate_counters.hits', '+', eb.lit(1))).end(),
              resets_at: eb.ref('excluded.resets_at'),
              blocked_until: eb
                .case()
                .when(eb.and([eb.not(ended), eb('rate_counters.hits', '>=', options.free)]))
                .then(holdUntil)
                .else(eb.lit(null))
                .end(),
            };
          })
          .where((eb) => eb.or([eb('rate_counters.blocked_until', 'is', null), eb('rate_counters.blocked_until', '<=', at)])),
      )
      .returning('hits')
      .executeTakeFirst();
    if (row) return { hits: row.hits };
    const blocked = await this.db.selectFrom('rate_counters').select('blocked_until').where('key', '=', key).executeTakeFirst();
    // Cleared between the two statements: the next attempt will be counted afresh.
    return { blockedUntil: new Date(blocked?.blocked_until ?? now) };
  }

  async block(key: string, until: Date): Promise<void> {
    await this.db.updateTable('rate_counters').set({ blocked_until: until.toISOString() }).where('key', '=', key).execute();
  }

  /** Takes one hit back, for an attempt that turned out not to count (a sign-in that succeeded). */
  async release(key: string): Promise<void> {
    await this.db
      .updateTable('rate_counters')
      .set((eb) => ({ hits: eb('hits', '-', eb.lit(1)) }))
      .where('key', '=', key)
      .where('hits', '>', 0)
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('rate_counters').where('key', '=', key).execute();
  }

  /** Deletes the counters that no longer hold anything back. */
  async purge(now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .deleteFrom('rate_counters')
      .where('resets_at', '<=', at)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', at)]))
      .execute();
  }
}

/** @fastify/rate-limit's store over `counters`, one key space per route. */
function databaseStore(counters: RateCounters, now: () => Date) {
  return class DatabaseStore implements FastifyRateLimitStore {
    private readonly prefix: string;
    private readonly timeWindow: number;

    // The plugin constructs the store with its options; every limit of the app is a RateLimit,
    // whose window is a number of milliseconds.
    constructor(options: { timeWindow?: unknown }, route = '') {
      this.prefix = `route:${route}|`;
      this.timeWindow = options.timeWindow as number;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      const at = now();
      const { hits, resetsAt } = counters.count(this.prefix + key, this.timeWindow, at);
      callback(null, { current: hits, ttl: resetsAt.getTime() - at.getTime() });
    }

    child(params: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // At run time these are the route's merged rate-limit options, the route among them.
      const { routeInfo, ...options } = params as unknown as { timeWindow: number; routeInfo: { method?: string | string[]; url?: string } };
      return new DatabaseStore(options, `${[routeInfo.method ?? ''].flat().join(',')} ${routeInfo.url ?? ''}`);
    }
  };
}

/** Per-client-address limits, opt-in per route, counted in the database. */
export default fp<{ limits: RateLimits }>(
  async (fastify, { limits }) => {
    const counters = new RateCounters(fastify.db);
    fastify.decorate('rateLimits', limits);
    fastify.decorate('rateCounters', counters);
    await fastify.register(rateLimit, {
      global: false,
      store: databaseStore(counters, () => fastify.now()),
      errorResponseBuilder: (_request, context) =>
        new AppError('FIN_ERR_RATE_LIMITED', `Too many requests, retry in ${context.after}`),
    });

    const purge = () =>
      counters.purge(fastify.now()).catch((error: unknown) => fastify.log.error({ err: error }, 'could not purge rate counters'));
    const purging = setInterval(purge, PURGE_INTERVAL_MS);
    purging.unref();
    const flush = () =>
      counters.flush(fastify.now()).catch((error: unknown) => fastify.log.error({ err: error }, 'could not write the rate counters'));
    const flushing = setInterval(flush, FLUSH_INTERVAL_MS);
    flushing.unref();
    fastify.addHook('onClose', async () => clearInterval(purging));
    fastify.addHook('preClose', async () => {
      clearInterval(flushing);
      await flush();
    });
  },
  { name: 'rate-limit', dependencies: ['database'] },
);
