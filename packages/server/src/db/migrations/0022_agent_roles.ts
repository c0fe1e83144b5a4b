import type { Kysely, Migration } from 'kysely';

// What each agent may do at the desk (modules/agents): `agent` works cases, `supervisor` also
// exports evidence (and, later, sees every queue and joins any call), `administrator` also
// manages agents and settings. Agents from before are agents until the councils file says more.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').addColumn('role', 'text', (col) => col.notNull().defaultTo('agent')).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').dropColumn('role').execute();
  },
};
