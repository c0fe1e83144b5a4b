import { sql, type Kysely, type Migration } from 'kysely';

// Screen help during a phone callback (modules/screen-help): a session per code the agent reads
// out. The id travels in the emailed link, so it is random; the code is kept only as a keyed
// hash. A code is looked up among its council's waiting ones, which the partial unique index
// also keeps apart, so that a code typed without the link opens exactly one session.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('screen_help_sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (col) => col.references('agents.id').onDelete('set null'))
      .addColumn('code_hash', 'text', (col) => col.notNull())
      .addColumn('token_hash', 'text')
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('ended_reason', 'text')
      .addColumn('share', 'text')
      .addColumn('failures', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('opened_at', 'text')
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema.createIndex('screen_help_sessions_council_state').on('screen_help_sessions').columns(['council_id', 'state']).execute();
    await db.schema.createIndex('screen_help_sessions_case').on('screen_help_sessions').columns(['case_id', 'created_at']).execute();
    await db.schema.createIndex('screen_help_sessions_token').on('screen_help_sessions').column('token_hash').execute();
    await db.schema
      .createIndex('screen_help_sessions_waiting_code')
      .on('screen_help_sessions')
      .columns(['council_id', 'code_hash'])
      .unique()
      .where(sql.ref('state'), '=', 'waiting')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('screen_help_sessions').execute();
  },
};
