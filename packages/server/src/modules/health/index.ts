import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { errorResponses } from '../../shared/errors.js';
import { VERSION } from '../../version.js';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
  councilsFile: Type.Object(
    {
      sha256: Type.String({ description: "SHA-256 of the councils file's bytes, hex" }),
      appliedAt: Type.String({ format: 'date-time' }),
    },
    { description: 'The version of the councils file this process runs, and since when: processes on the same file report the same hash' },
  ),
});

/**
 * For load balancers and monitoring: answers ok only when the database answers too. Public, so it
 * says which councils file runs by its hash alone, nothing of what is in it.
 */
export default fp(
  async (fastify) => {
    fastify.get(
      '/api/health',
      { schema: { tags: ['system'], summary: 'Liveness, database reachability and the version of the councils file run', response: { 200: Health, ...errorResponses() } } },
      async () => {
        await sql`select 1`.execute(fastify.db);
        const { sha256, appliedAt } = fastify.councilsFile.version;
        return { status: 'ok' as const, database: fastify.config.database.kind, version: VERSION, councilsFile: { sha256, appliedAt: appliedAt.toISOString() } };
      },
    );
  },
  { name: 'health', dependencies: ['database'] },
);
