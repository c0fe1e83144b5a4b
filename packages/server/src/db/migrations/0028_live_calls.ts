import type { Kysely, Migration } from 'kysely';

// The calls running now and the process hosting each, with the part of its recording being
// written: several processes share one database, and a procedure step taken through any of them
// logs where the recording was when it happened (modules/calls/live.ts).
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('live_calls')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('host', 'text', (col) => col.notNull())
      .addColumn('recording_part', 'text')
      .addColumn('part_started_at', 'text')
      .addColumn('seen_at', 'text', (col) => col.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('live_calls').execute();
  },
};
