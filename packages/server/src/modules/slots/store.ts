import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';

/** One slot of a council's service, as `slot_usage` keys it. */
export interface SlotKey {
  councilId: string;
  service: 'callback' | 'appointment';
  start: Date;
}

/**
 * The SQL of the slots: how many places of each slot are taken (`slot_usage`; a slot nobody
 * booked has no row). A method that takes a transaction runs in the caller's.
 */
export class SlotStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The places taken in the service's slots starting from `first` to `last`, by start (ISO);
   * `executor` is the caller's transaction when it has one.
   */
  async usage(councilId: string, service: SlotKey['service'], first: Date, last: Date, executor: Kysely<Database> = this.db): Promise<Map<string, number>> {
    const rows = await executor
      .selectFrom('slot_usage')
      .select(['slot_start', 'used'])
      .where('council_id', '=', councilId)
      .where('service', '=', service)
      .where('slot_start', '>=', first.toISOString())
      .where('slot_start', '<=', last.toISOString())
      .execute();
    return new Map(rows.map((row) => [row.slot_start, row.used]));
  }

  /**
   * Takes one place of a slot while fewer than `capacity` are taken; false when it is full. The
   * usage row is created first if missing (a conflict means another request created it), then
   * incremented only while below capacity: on PostgreSQL the update waits for a concurrent one on
   * the same row and re-checks the condition; on SQLite writers are serialised.
   */
  async take(trx: Transaction<Database>, slot: SlotKey, capacity: number): Promise<boolean> {
    const key = { council_id: slot.councilId, service: slot.service, slot_start: slot.start.toISOString() };
    await trx
      .insertInto('slot_usage')
      .values({ ...key, used: 0 })
      .onConflict((conflict) => conflict.columns(['council_id', 'service', 'slot_start']).doNothing())
      .execute();
    const updated = await trx
      .updateTable('slot_usage')
      .set((eb) => ({ used: eb('used', '+', 1) }))
      .where('council_id', '=', key.council_id)
      .where('service', '=', key.service)
      .where('slot_start', '=', key.slot_start)
      .where('used', '<', capacity)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Gives a place back; never below zero. */
  async release(trx: Transaction<Database>, slot: SlotKey): Promise<void> {
    await trx
      .updateTable('slot_usage')
      .set((eb) => ({ used: eb('used', '-', 1) }))
      .where('council_id', '=', slot.councilId)
      .where('service', '=', slot.service)
      .where('slot_start', '=', slot.start.toISOString())
      .where('used', '>', 0)
      .execute();
  }
}
