import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('file_name', 'text', (col) => col.notNull())
      .addColumn('expected', 'text')
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('bytes', 'integer', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('file', 'text', (col) => col.notNull())
      .addColumn('scan', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('rejection_reason', 'text')
      .addColumn('uploaded_at', 'text', (col) => col.notNull())
      .addColumn('reviewed_at', 'text')
      .addColumn('reviewed_by', 'text', (col) => col.references('agents.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('documents_case_id').on('documents').column('case_id').execute();

    await db.schema
      .createTable('document_uploads')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('file_name', 'text', (col) => col.notNull())
      .addColumn('expected', 'text')
      .addColumn('metadata', 'text', (col) => col.notNull())
      .addColumn('size', 'integer', (col) => col.notNull())
      .addColumn('offset', 'integer', (col) => col.notNull())
      .addColumn('staged_bytes', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('document_uploads_case_id').on('document_uploads').column('case_id').execute();
    await db.schema.createIndex('document_uploads_created_at').on('document_uploads').column('created_at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['document_uploads', 'documents']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
