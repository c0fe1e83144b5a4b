import type { Kysely, Migration } from 'kysely';

// Sessions an agent can list and end (modules/agents): a public id to name one by (the primary
// key is the hash of the cookie's token, never shown), when it began and was last used (the idle
// timeout), and the browser and address it was opened from. Sessions from before carry none of
// this: they are ended, and agents sign in again once.
const COLUMNS = ['public_id', 'created_at', 'last_seen_at', 'user_agent', 'address'];

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.deleteFrom('sessions' as never).execute();
    for (const column of COLUMNS) await db.schema.alterTable('sessions').addColumn(column, 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const column of COLUMNS) await db.schema.alterTable('sessions').dropColumn(column).execute();
  },
};
