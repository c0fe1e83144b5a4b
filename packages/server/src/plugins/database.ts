import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { createDatabase, migrateToLatest, type Database } from '../db/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

/** Opens the database the configuration names, migrates it, and closes it with the server. */
export default fp(
  async (fastify) => {
    const db = createDatabase(fastify.config.database, (err) => fastify.log.warn({ err }, 'a database connection was lost'));
    fastify.addHook('onClose', () => db.destroy());
    await migrateToLatest(db);
    fastify.decorate('db', db);
  },
  { name: 'database' },
);
