import type { Kysely, Migration } from 'kysely';

// Where bookings come from, as a keyed hash of the client address, so that a flood from one
// address (or on one council) can be measured across processes and cancelled in one go; the
// proofs of work already spent, so that a solution cannot be replayed; and the bookings that
// hold their place only once confirmed from the emailed link.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('booking_origins')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('origin', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('booking_origins_council_created').on('booking_origins').columns(['council_id', 'created_at']).execute();
    await db.schema.createIndex('booking_origins_origin').on('booking_origins').columns(['council_id', 'origin', 'created_at']).execute();
    await db.schema
      .createTable('spent_challenges')
      .addColumn('nonce', 'text', (col) => col.primaryKey())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('spent_challenges_expires_at').on('spent_challenges').column('expires_at').execute();
    await db.schema
      .createTable('booking_confirmations')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('confirmed_at', 'text')
      .execute();
    await db.schema.createIndex('booking_confirmations_pending').on('booking_confirmations').columns(['confirmed_at', 'expires_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['booking_confirmations', 'spent_challenges', 'booking_origins']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
