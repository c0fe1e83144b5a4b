import type { Kysely, Migration } from 'kysely';

// Rate-limit counters in the database rather than in each process's memory, so that limits
// hold across the processes that share it.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_counters')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('hits', 'integer', (col) => col.notNull())
      .addColumn('resets_at', 'text', (col) => col.notNull())
      .addColumn('blocked_until', 'text')
      .execute();
    await db.schema.createIndex('rate_counters_resets_at').on('rate_counters').column('resets_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('rate_counters').execute();
  },
};
