import type { Kysely, Migration } from 'kysely';

// The lock that keeps one request at a time writing an upload (documents/locker.ts), in the
// database rather than in each process's memory, so that an upload can be resumed through any
// process. A row is a lease: its holder renews `expires_at` while it writes, so the lock of a
// process that died frees itself; `release_requested` is how a newer request for the same upload
// asks the holder, in whatever process, to let go.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('upload_locks')
      .addColumn('upload_id', 'text', (col) => col.primaryKey())
      .addColumn('holder', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('release_requested', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('upload_locks').execute();
  },
};
