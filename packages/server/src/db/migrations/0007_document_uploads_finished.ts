import type { Kysely, Migration } from 'kysely';

// Which upload each document came from, so that a client resuming an upload that had already
// finished (it crashed before it heard) learns the document instead of sending it again.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').addColumn('upload_id', 'text').execute();
    await db.schema.alterTable('documents').addColumn('upload_size', 'integer').execute();
    await db.schema.createIndex('documents_upload_id').unique().on('documents').column('upload_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('documents_upload_id').execute();
    await db.schema.alterTable('documents').dropColumn('upload_size').execute();
    await db.schema.alterTable('documents').dropColumn('upload_id').execute();
  },
};
