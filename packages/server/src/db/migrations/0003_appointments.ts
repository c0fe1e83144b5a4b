import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('appointments')
      .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
      .addColumn('procedure', 'text', (col) => col.notNull())
      .addColumn('id_document', 'text')
      .addColumn('slot_start', 'text', (col) => col.notNull())
      .addColumn('slot_end', 'text', (col) => col.notNull())
      .addColumn('slot_starts', 'text', (col) => col.notNull())
      .addColumn('link_base', 'text', (col) => col.notNull())
      .addColumn('sequence', 'integer', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('appointments_slot_start').on('appointments').column('slot_start').execute();

    await db.schema
      .createTable('appointment_reminders')
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('due_at', 'text', (col) => col.notNull())
      .addColumn('stale_at', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('appointment_reminders_pk', ['case_id', 'kind'])
      .execute();
    await db.schema.createIndex('appointment_reminders_due').on('appointment_reminders').columns(['state', 'due_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['appointment_reminders', 'appointments']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
