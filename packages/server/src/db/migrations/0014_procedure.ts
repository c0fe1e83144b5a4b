import type { Kysely, Migration } from 'kysely';

// The procedure done inside a video call (identity, documents, application, agreement): one
// row per case with each step's state, the stills the citizen's camera took for the identity
// check (sealed at rest like documents, kept apart from them), every application document
// presented for agreement as the exact bytes the citizen was sent, and the signing key of
// each habilitated agent, sealed with a key only their password opens.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('procedures')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('current_step', 'text', (col) => col.notNull())
      .addColumn('steps', 'text', (col) => col.notNull())
      .addColumn('identity', 'text', (col) => col.notNull())
      .addColumn('application', 'text', (col) => col.notNull())
      .addColumn('agreement', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('identity_stills')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('width', 'integer', (col) => col.notNull())
      .addColumn('height', 'integer', (col) => col.notNull())
      .addColumn('bytes', 'integer', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('file', 'text', (col) => col.notNull())
      .addColumn('taken_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('identity_stills_case').on('identity_stills').columns(['case_id', 'taken_at']).execute();
    await db.schema
      .createTable('application_documents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('language', 'text', (col) => col.notNull())
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('presented_at', 'text', (col) => col.notNull())
      .addColumn('presented_by', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('application_documents_case').on('application_documents').columns(['case_id', 'presented_at']).execute();
    await db.schema
      .createTable('agent_keys')
      .addColumn('agent_id', 'text', (col) => col.primaryKey().references('agents.id').onDelete('cascade'))
      .addColumn('public_key', 'text', (col) => col.notNull())
      .addColumn('sealed_private_key', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.alterTable('agents').addColumn('habilitation', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').dropColumn('habilitation').execute();
    for (const table of ['agent_keys', 'application_documents', 'identity_stills', 'procedures']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
