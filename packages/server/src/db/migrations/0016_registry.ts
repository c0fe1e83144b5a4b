import type { Kysely, Migration } from 'kysely';

// The registry (modules/registry): a counter per council and year that numbers entries with no
// gap, each case's entry once it is registered, and the documents anyone holding their
// verification code can check, found by the code's hash so the table holds no live code.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('registry_counters')
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('year', 'integer', (col) => col.notNull())
      .addColumn('last', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('registry_counters_pkey', ['council_id', 'year'])
      .execute();
    await db.schema
      .createTable('registry_entries')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('number', 'text', (col) => col.notNull())
      .addColumn('registered_at', 'text', (col) => col.notNull())
      .addColumn('document_id', 'text', (col) => col.notNull())
      .addColumn('document_sha256', 'text', (col) => col.notNull())
      .addUniqueConstraint('registry_entries_council_number', ['council_id', 'number'])
      .execute();
    await db.schema
      .createTable('verifiable_documents')
      .addColumn('code_hash', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('entry_number', 'text', (col) => col.notNull())
      .addColumn('registered_at', 'text', (col) => col.notNull())
      .addColumn('procedure_id', 'text', (col) => col.notNull())
      .addColumn('procedure_name', 'text', (col) => col.notNull())
      .addColumn('sha256', 'text')
      .addColumn('file', 'text')
      .addColumn('bytes', 'integer')
      .addColumn('issued_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('verifiable_documents_case_kind', ['case_id', 'kind'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['verifiable_documents', 'registry_entries', 'registry_counters']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
