import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // Rows written before this migration were all issued for completed callbacks.
    await db.schema.alterTable('survey_invitations').addColumn('outcome', 'text', (col) => col.notNull().defaultTo('completed')).execute();
    await db.schema.alterTable('survey_invitations').addColumn('rating', 'integer').execute();
    await db.schema.alterTable('survey_invitations').addColumn('scale', 'text').execute();
    await db.schema.alterTable('survey_invitations').addColumn('would_repeat', 'integer').execute();
    await db.schema.alterTable('survey_invitations').addColumn('comment', 'text').execute();
    // One invitation per service event, enforced by the database so that two processes issuing
    // it at once (a desk action and the sweep) cannot both succeed.
    await db.schema.dropIndex('survey_invitations_case_id').execute();
    await db.schema.createIndex('survey_invitations_case_unique').on('survey_invitations').column('case_id').unique().execute();
    await db.schema.createIndex('cases_council_created').on('cases').columns(['council_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('cases_council_created').execute();
    await db.schema.dropIndex('survey_invitations_case_unique').execute();
    await db.schema.createIndex('survey_invitations_case_id').on('survey_invitations').column('case_id').execute();
    for (const column of ['comment', 'would_repeat', 'scale', 'rating', 'outcome']) {
      await db.schema.alterTable('survey_invitations').dropColumn(column).execute();
    }
  },
};
