import type { Kysely, Migration } from 'kysely';

// Barriers citizens report from a council's accessibility statement (modules/accessibility),
// which RD 1112/2018 art. 10.2 and 12 require the council to answer within 20 working days.
// `submission_key` makes a form posted twice one report.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accessibility_reports')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('council_id', 'text', (col) => col.notNull())
      .addColumn('submission_key', 'text', (col) => col.notNull())
      .addColumn('page_url', 'text')
      .addColumn('message', 'text', (col) => col.notNull())
      .addColumn('name', 'text')
      .addColumn('email', 'text')
      .addColumn('language', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('received_at', 'text', (col) => col.notNull())
      .addColumn('answer_by', 'text', (col) => col.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('acknowledged_by', 'text')
      .addUniqueConstraint('accessibility_reports_submission', ['council_id', 'submission_key'])
      .execute();
    await db.schema.createIndex('accessibility_reports_council_received').on('accessibility_reports').columns(['council_id', 'received_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('accessibility_reports').execute();
  },
};
