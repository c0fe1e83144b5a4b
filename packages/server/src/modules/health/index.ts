import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { errorResponses } from '../../shared/errors.js';
import { VERSION } from '../../version.js';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
});

/** For load balancers and monitoring: answers ok only when the database answers too. */
export default fp(
  async (fastify) => {
    fastify.get(
      '/api/health',
      { schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: Health, ...errorResponses() } } },
      async () => {
        await sql`select 1`.execute(fastify.db);
        return { status: 'ok' as const, database: fastify.config.database.kind, version: VERSION };
      },
    );
  },
  { name: 'health', dependencies: ['database'] },
);
