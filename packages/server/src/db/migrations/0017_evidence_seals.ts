import type { Kysely, Migration } from 'kysely';

// The council's seal over each segment of a closed case's evidence chain (modules/evidence/seals.ts):
// the statement signed, byte for byte, its CAdES signature, and the archive timestamps added later
// over it, so that the segment keeps verifying after the signature timestamp's certificate expires.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('evidence_seals')
      .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('segment', 'integer', (col) => col.notNull())
      .addColumn('first_seq', 'integer', (col) => col.notNull())
      .addColumn('last_seq', 'integer', (col) => col.notNull())
      .addColumn('head_hash', 'text', (col) => col.notNull())
      .addColumn('statement', 'text', (col) => col.notNull())
      .addColumn('signature', 'text', (col) => col.notNull())
      .addColumn('archive_timestamps', 'text', (col) => col.notNull())
      .addColumn('sealed_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('evidence_seals_pk', ['case_id', 'segment'])
      .execute();
    // The sealing job reads only the recent events of the log.
    await db.schema.createIndex('evidence_events_at').on('evidence_events').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('evidence_events_at').execute();
    await db.schema.dropTable('evidence_seals').execute();
  },
};
