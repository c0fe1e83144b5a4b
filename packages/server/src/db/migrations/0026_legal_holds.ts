import type { Kysely, Migration } from 'kysely';

// A legal hold keeps a case's personal data past its council's retention periods (modules/
// retention): a court, a complaint or an inspection needs it. Who placed it, when and why.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('hold_at', 'text').execute();
    await db.schema.alterTable('cases').addColumn('hold_by', 'text').execute();
    await db.schema.alterTable('cases').addColumn('hold_reason', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').dropColumn('hold_reason').execute();
    await db.schema.alterTable('cases').dropColumn('hold_by').execute();
    await db.schema.alterTable('cases').dropColumn('hold_at').execute();
  },
};
