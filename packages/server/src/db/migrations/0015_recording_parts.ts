import type { Kysely, Migration } from 'kysely';

// The parts joined into each stored recording, with where each begins in the file, so that an
// evidence event's place in the recording (part and offset) can be played.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('recordings').addColumn('parts', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('recordings').dropColumn('parts').execute();
  },
};
