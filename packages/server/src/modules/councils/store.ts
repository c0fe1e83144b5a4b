import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { councilNotFound } from '../../shared/errors.js';
import type { CouncilConfig } from './schemas.js';

/**
 * How long a process trusts the council it read. Councils change when the councils file does,
 * which each process applies (modules/councils-file); one that missed it sees it within this time.
 */
export const COUNCIL_CACHE_MS = 5_000;

/** Freezes the council for sharing between requests: a handler that changed it would change every other. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Councils as stored: the configuration is one JSON document per council, because it is read
 * whole and written only when the councils file is loaded. Every request of the citizen API
 * needs its council, so a process keeps each one it read for COUNCIL_CACHE_MS (an upsert in this
 * process replaces it at once), frozen and shared, which also lets what is derived from a council
 * be kept with it until it changes (`WeakMap`s keyed by the council).
 */
export class CouncilStore {
  private readonly cache = new Map<string, { council: Promise<CouncilConfig | undefined>; until: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  get(id: string): Promise<CouncilConfig | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > performance.now()) return cached.council;
    const council = this.db
      .selectFrom('councils')
      .select('config')
      .where('id', '=', id)
      .executeTakeFirst()
      .then((row) => {
        // Only councils are kept, so that requests naming made-up ids cannot fill the cache.
        if (!row) this.cache.delete(id);
        return row && deepFreeze(JSON.parse(row.config) as CouncilConfig);
      });
    // A failed read is not kept either: the next request tries again.
    this.cache.set(id, { council, until: performance.now() + COUNCIL_CACHE_MS });
    council.catch(() => this.cache.delete(id));
    return council;
  }

  /** Every council served, for the jobs that go through them all. */
  async all(): Promise<CouncilConfig[]> {
    const rows = await this.db.selectFrom('councils').select('id').orderBy('id').execute();
    return (await Promise.all(rows.map((row) => this.get(row.id)))).filter((council): council is CouncilConfig => council !== undefined);
  }

  /** The council a signed-in agent works for: it exists unless it was removed since they signed in (404). */
  async ofAgent(agent: { councilId: string }): Promise<CouncilConfig> {
    const council = await this.get(agent.councilId);
    if (!council) throw councilNotFound();
    return council;
  }

  upsert(council: CouncilConfig, now: Date): Promise<void> {
    return this.upsertAll([council], now);
  }

  /**
   * Stores every council given or none; this process's cache forgets them once they are committed.
   * Rows are written in the order of their ids, so that processes applying two versions of the
   * file at once, which may list councils in other orders, wait for each other rather than deadlock.
   */
  async upsertAll(councils: CouncilConfig[], now: Date): Promise<void> {
    const ordered = [...councils].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await this.db.transaction().execute(async (trx) => {
      for (const council of ordered) {
        const values = { id: council.id, config: JSON.stringify(council), updated_at: now.toISOString() };
        await trx
          .insertInto('councils')
          .values(values)
          .onConflict((conflict) => conflict.column('id').doUpdateSet({ config: values.config, updated_at: values.updated_at }))
          .execute();
      }
    });
    for (const council of councils) this.cache.delete(council.id);
  }
}
