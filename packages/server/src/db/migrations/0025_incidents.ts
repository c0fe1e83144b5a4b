import type { Kysely, Migration } from 'kysely';

// What failed in the background, where no person saw it fail (modules/incidents): a recording,
// an email, a registration, a seal. One row per thing that failed (`key`), counted each time it
// fails again and marked resolved when a retry succeeds or a supervisor has dealt with it.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('key', 'text', (col) => col.notNull().unique())
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('case_id', 'text')
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('subject', 'text', (col) => col.notNull())
      .addColumn('reason', 'text', (col) => col.notNull())
      .addColumn('count', 'integer', (col) => col.notNull())
      .addColumn('first_at', 'text', (col) => col.notNull())
      .addColumn('last_at', 'text', (col) => col.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .execute();
    await db.schema.createIndex('incidents_council_last').on('incidents').columns(['council_id', 'last_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('incidents').execute();
  },
};
