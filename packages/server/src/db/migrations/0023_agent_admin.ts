import type { Kysely, Migration } from 'kysely';

// Agents managed in the desk by a council's administrators (modules/staff): when an agent was
// disabled (their sessions end and they cannot sign in) and last signed in; the one-time
// invitations with which a new agent sets their password, kept only as hashes; and the council's
// audit log of who did what to whom, chained by hashes like a case's evidence log.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').addColumn('disabled_at', 'text').execute();
    await db.schema.alterTable('agents').addColumn('last_sign_in_at', 'text').execute();

    await db.schema
      .createTable('agent_invitations')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('agent_invitations_agent_id').on('agent_invitations').column('agent_id').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('target_id', 'text')
      .addColumn('details', 'text', (col) => col.notNull())
      .addColumn('prev_hash', 'text', (col) => col.notNull())
      .addColumn('hash', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('audit_log_pk', ['council_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('agent_invitations').execute();
    await db.schema.alterTable('agents').dropColumn('last_sign_in_at').execute();
    await db.schema.alterTable('agents').dropColumn('disabled_at').execute();
  },
};
