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
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts a hit in a fixed window, which starts with the first hit after the last one ended. */
  async hit(key: string, windowMs: number, now: Date): Promise<{ hits: number; resetsAt: Date }> {
    const at = now.toISOString();
    const resetsAt = new Date(now.getTime() + windowMs).toISOString();
    const row = await this.db
      .insertInto('rate_counters')
      .values({ key, hits: 1, resets_at: resetsAt, blocked_until: null })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => {
          const ended = eb('rate_counters.resets_at', '<=', at);
          return {
            hits: eb.case().when(ended).then(eb.lit(1)).else(eb('rate_counters.hits', '+', eb.lit(1))).end(),
            resets_at: eb.case().when(ended).then(resetsAt).else(eb.ref('rate_counters.resets_at')).end(),
          };
        }),
      )
      .returning(['hits', 'resets_at'])
      .executeTakeFirstOrThrow();
    return { hits: row.hits, resetsAt: new Date(row.resets_at) };
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
      counters.hit(this.prefix + key, this.timeWindow, at).then(
        ({ hits, resetsAt }) => callback(null, { current: hits, ttl: resetsAt.getTime() - at.getTime() }),
        (error: Error) => callback(error),
      );
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
    fastify.addHook('onClose', async () => clearInterval(purging));
  },
  { name: 'rate-limit', dependencies: ['database'] },
);
