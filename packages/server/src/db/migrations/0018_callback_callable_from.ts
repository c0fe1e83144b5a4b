import { sql, type Kysely, type Migration } from 'kysely';

// The moment from which the citizen agreed to be called: the request itself when they asked for
// "as soon as possible", else the start of the slot they chose, and after a retry the start of the
// slot they were told about. Calls before it are refused. Existing callbacks get their slot's start.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('callbacks').addColumn('callable_from', 'text').execute();
    await sql`update callbacks set callable_from = slot_start`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('callbacks').dropColumn('callable_from').execute();
  },
};
