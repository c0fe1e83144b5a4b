import { sql, type Kysely, type Migration } from 'kysely';

// The survey's email waits until the citizen has had a while to answer in the widget
// (modules/surveys/mail.ts). `mailed_at` claims the email, once across processes; the email
// carries a token of its own, so that no token is kept readable to send it later. Invitations
// issued before this migration were emailed when they were issued.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('survey_invitations').addColumn('mailed_at', 'text').execute();
    await db.schema.alterTable('survey_invitations').addColumn('mail_token_hash', 'text').execute();
    await sql`update survey_invitations set mailed_at = created_at`.execute(db);
    await db.schema.createIndex('survey_invitations_mail_token').on('survey_invitations').column('mail_token_hash').unique().execute();
    await db.schema.createIndex('survey_invitations_unmailed').on('survey_invitations').columns(['mailed_at', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('survey_invitations_unmailed').execute();
    await db.schema.dropIndex('survey_invitations_mail_token').execute();
    await db.schema.alterTable('survey_invitations').dropColumn('mail_token_hash').execute();
    await db.schema.alterTable('survey_invitations').dropColumn('mailed_at').execute();
  },
};
