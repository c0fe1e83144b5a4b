import type { Kysely, Migration } from 'kysely';

// Links were built on the Host of the booking request, which anyone can set, and this column
// kept that base for the reminders. Links now come from configuration alone (`linkBase`), so
// the stored bases, some of them possibly an attacker's, are dropped rather than rewritten.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('appointments').dropColumn('link_base').execute();
  },
  async down(db: Kysely<unknown>) {
    // The bases themselves cannot come back, only the column.
    await db.schema.alterTable('appointments').addColumn('link_base', 'text', (col) => col.notNull().defaultTo('')).execute();
  },
};
