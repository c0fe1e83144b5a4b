import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { toZoned } from '../../shared/time.js';
import type { Localized } from '../councils/schemas.js';

/**
 * What is registered when a citizen's application is signed (LPAC arts. 16.3 and 66.3): the
 * entry goes into the council's official registry, which gives it its number and time.
 */
export interface RegistryRequest {
  /**
   * The same for every attempt to register this case (it is the case's id). A registration can
   * be attempted again after a failure (a crash, a lost connection) whose outcome is unknown, so
   * a registry asked again with a key it has seen must answer with the entry it gave the first
   * time, never a new one.
   */
  key: string;
  council: { id: string; name: string; timeZone: string };
  /** The case, with its public reference (VC-7K3P9Q). */
  case: { id: string; reference: string };
  procedure: { id: string; name: Localized };
  applicant: { name: string; idDocument: string | null; email: string | null; phone: string };
  /** The application document the citizen agreed to: the exact bytes are in `application_documents`. */
  document: { id: string; sha256: string; contentType: string; language: string };
  /** The habilitated employee who signed it on the citizen's behalf (LPAC art. 12.2). */
  signature: { agentName: string; habilitation: string; signedAt: string };
  /** Now, by the server's clock: the built-in registry's entry time. */
  at: Date;
}

/** What the registry answers: the entry's number as the registry writes it, and its time. */
export interface RegistryAnswer {
  number: string;
  at: Date;
}

/**
 * A council's official registry, as Finestreta talks to it. A deployment whose council keeps
 * its registry elsewhere (a registry platform, the regional one) implements this and passes it
 * to the app (`AppOptions.registry`); the built-in `CountingRegistry` is the default.
 *
 * `register` runs inside the transaction that stores the entry and its evidence event, and can
 * use it for what it keeps in this database. Work outside the database cannot be undone if the
 * transaction then fails, which is why it must be idempotent on `request.key`. It throws to
 * refuse: nothing is stored and the registration can be tried again.
 */
export interface Registry {
  /** Named in the evidence event of each entry (`builtin` for the built-in one). */
  readonly name: string;
  register(trx: Transaction<Database>, request: RegistryRequest): Promise<RegistryAnswer>;
}

/**
 * The reference backend's own registry: entries numbered per council and calendar year (the
 * year in the council's time zone) as `2026/000123`. The number comes from a counter row
 * incremented by one statement inside the registration's transaction: PostgreSQL holds the
 * row's lock until that transaction ends and SQLite writes one transaction at a time, so no two
 * registrations get the same number, and a registration that fails takes its increment back
 * with it, so no number is skipped.
 */
export class CountingRegistry implements Registry {
  readonly name = 'builtin';

  async register(trx: Transaction<Database>, request: RegistryRequest): Promise<RegistryAnswer> {
    const year = Number(toZoned(request.at, request.council.timeZone).date.slice(0, 4));
    const { last } = await trx
      .insertInto('registry_counters')
      .values({ council_id: request.council.id, year, last: 1 })
      .onConflict((conflict) => conflict.columns(['council_id', 'year']).doUpdateSet((eb) => ({ last: eb('registry_counters.last', '+', eb.lit(1)) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    return { number: `${year}/${String(last).padStart(6, '0')}`, at: request.at };
  }
}
