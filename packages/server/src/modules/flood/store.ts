import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/index.js';

/**
 * The SQL of the flood defences: where bookings came from (`booking_origins`), the challenges
 * already answered, and the bookings waiting for their email confirmation. A method that takes a
 * transaction runs in the caller's.
 */
export class FloodStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The council's bookings made in (since, until], from one of `origins` only when given. */
  async countBookings(councilId: string, since: Date, until: Date, origins?: readonly string[]): Promise<number> {
    let query = this.db
      .selectFrom('booking_origins')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('council_id', '=', councilId)
      .where('created_at', '>', since.toISOString())
      .where('created_at', '<=', until.toISOString());
    if (origins !== undefined) query = query.where('origin', 'in', origins);
    return Number((await query.executeTakeFirstOrThrow()).count);
  }

  /** Records where the council's booking `reference` came from, with the booking's own time. */
  async recordOrigin(councilId: string, reference: string, origin: string): Promise<void> {
    await this.db
      .insertInto('booking_origins')
      .columns(['case_id', 'council_id', 'origin', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('cases')
          .select(['id', 'council_id', sql.lit(origin).as('origin'), 'created_at'])
          .where('council_id', '=', councilId)
          .where('reference', '=', reference),
      )
      .execute();
  }

  /** The council's bookings since `since` (an ISO instant) with their address, newest first, at most `limit`. */
  bookingsSince(councilId: string, since: string, limit: number) {
    return this.db
      .selectFrom('booking_origins')
      .innerJoin('cases', 'cases.id', 'booking_origins.case_id')
      .leftJoin('callbacks', 'callbacks.case_id', 'cases.id')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        'cases.id',
        'cases.kind',
        'cases.reference',
        'cases.state',
        'cases.citizen_name as name',
        'cases.created_at as createdAt',
        'booking_origins.origin',
        'callbacks.slot_start as callbackStart',
        'callbacks.slot_end as callbackEnd',
        'appointments.slot_start as appointmentStart',
        'appointments.slot_end as appointmentEnd',
      ])
      .where('booking_origins.council_id', '=', councilId)
      .where('booking_origins.created_at', '>', since)
      .orderBy('booking_origins.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** The kind of each of `ids` that is a case of the council; the others are left out. */
  caseKinds(councilId: string, ids: string[]) {
    return this.db.selectFrom('cases').select(['id', 'kind']).where('council_id', '=', councilId).where('id', 'in', ids).execute();
  }

  /** Marks a challenge answered until it expires, after dropping those expired; false when it already was. */
  async spendChallenge(nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.db.deleteFrom('spent_challenges').where('expires_at', '<=', now.toISOString()).execute();
    const inserted = await this.db
      .insertInto('spent_challenges')
      .values({ nonce, expires_at: expiresAt.toISOString() })
      .onConflict((conflict) => conflict.column('nonce').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows) === 1;
  }

  async openConfirmation(trx: Transaction<Database>, confirmation: { caseId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await trx
      .insertInto('booking_confirmations')
      .values({ case_id: confirmation.caseId, token_hash: confirmation.tokenHash, expires_at: confirmation.expiresAt.toISOString(), confirmed_at: null })
      .execute();
  }

  /** The council's booking whose confirmation has the token `tokenHash`, confirmed already or not expired. */
  findConfirmation(councilId: string, tokenHash: string, now: Date) {
    return this.db
      .selectFrom('booking_confirmations')
      .innerJoin('cases', 'cases.id', 'booking_confirmations.case_id')
      .select(['cases.id', 'cases.kind', 'cases.reference', 'cases.language', 'booking_confirmations.confirmed_at as confirmedAt'])
      .where('booking_confirmations.token_hash', '=', tokenHash)
      .where('cases.council_id', '=', councilId)
      .where((eb) => eb.or([eb('booking_confirmations.confirmed_at', 'is not', null), eb('booking_confirmations.expires_at', '>', now.toISOString())]))
      .executeTakeFirst();
  }

  /** Confirms a booking; false when it already was (another request got there first). */
  async markConfirmed(trx: Transaction<Database>, caseId: string, now: Date): Promise<boolean> {
    const updated = await trx
      .updateTable('booking_confirmations')
      .set({ confirmed_at: now.toISOString() })
      .where('case_id', '=', caseId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Up to `limit` bookings whose confirmation expired unconfirmed. */
  expiredConfirmations(now: Date, limit: number) {
    return this.db
      .selectFrom('booking_confirmations')
      .innerJoin('cases', 'cases.id', 'booking_confirmations.case_id')
      .select(['cases.id', 'cases.kind', 'cases.council_id as councilId'])
      .where('booking_confirmations.confirmed_at', 'is', null)
      .where('booking_confirmations.expires_at', '<=', now.toISOString())
      .limit(limit)
      .execute();
  }

  async deleteConfirmation(caseId: string): Promise<void> {
    await this.db.deleteFrom('booking_confirmations').where('case_id', '=', caseId).execute();
  }
}
