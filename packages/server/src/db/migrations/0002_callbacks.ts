import { sql, type Kysely, type Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('reference', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('language', 'text', (col) => col.notNull())
      .addColumn('citizen_name', 'text', (col) => col.notNull())
      .addColumn('citizen_phone', 'text', (col) => col.notNull())
      .addColumn('citizen_email', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('cases_council_reference', ['council_id', 'reference'])
      .execute();
    // One open callback per phone number and council, enforced by the database so that two
    // simultaneous requests cannot both get through.
    await db.schema
      .createIndex('cases_open_callback_phone')
      .on('cases')
      .columns(['council_id', 'citizen_phone'])
      .unique()
      .where(sql.ref('kind'), '=', 'callback')
      .where(sql.ref('state'), 'in', ['requested', 'assigned', 'in_progress', 'retry'])
      .execute();
    await db.schema.createIndex('cases_council_phone_created').on('cases').columns(['council_id', 'citizen_phone', 'created_at']).execute();

    await db.schema
      .createTable('callbacks')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('topic', 'text', (col) => col.notNull())
      .addColumn('description', 'text', (col) => col.notNull())
      .addColumn('slot_start', 'text', (col) => col.notNull())
      .addColumn('slot_end', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('max_attempts', 'integer', (col) => col.notNull())
      .addColumn('assigned_agent_id', 'text', (col) => col.references('agents.id').onDelete('set null'))
      .addColumn('version', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('callbacks_slot_start').on('callbacks').column('slot_start').execute();

    await db.schema
      .createTable('case_notes')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('case_notes_case_id').on('case_notes').column('case_id').execute();

    await db.schema
      .createTable('slot_usage')
      .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
      .addColumn('service', 'text', (col) => col.notNull())
      .addColumn('slot_start', 'text', (col) => col.notNull())
      .addColumn('used', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('slot_usage_pk', ['council_id', 'service', 'slot_start'])
      .execute();

    await db.schema
      .createTable('evidence_events')
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('data', 'text', (col) => col.notNull())
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('prev_hash', 'text', (col) => col.notNull())
      .addColumn('hash', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('evidence_events_pk', ['case_id', 'seq'])
      .execute();

    await db.schema
      .createTable('capability_tokens')
      .addColumn('hash', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('capability_tokens_case_id').on('capability_tokens').column('case_id').execute();

    await db.schema
      .createTable('survey_invitations')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('answered_at', 'text')
      .execute();
    await db.schema.createIndex('survey_invitations_case_id').on('survey_invitations').column('case_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['survey_invitations', 'capability_tokens', 'evidence_events', 'slot_usage', 'case_notes', 'callbacks', 'cases']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
