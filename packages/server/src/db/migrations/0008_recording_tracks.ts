import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('recordings').addColumn('tracks', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('recordings').dropColumn('tracks').execute();
  },
};
