import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('recordings')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('file', 'text', (col) => col.notNull())
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('bytes', 'integer', (col) => col.notNull())
      .addColumn('started_at', 'text', (col) => col.notNull())
      .addColumn('stopped_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('recordings_case_id').on('recordings').column('case_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('recordings').execute();
  },
};
