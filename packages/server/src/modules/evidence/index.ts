import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorResponses } from '../../shared/errors.js';
import { EvidenceLog } from './log.js';
import { EvidenceEvent } from './schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    evidence: EvidenceLog;
  }
}

const CaseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type CaseParams = Static<typeof CaseParams>;

const EvidenceResponse = Type.Object({
  events: Type.Array(
    Type.Object({
      ...EvidenceEvent.properties,
      prevHash: Type.String(),
      hash: Type.String(),
    }),
  ),
  valid: Type.Boolean({ description: 'Whether every hash checks out and links to the one before' }),
});

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: CaseParams }>(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['desk'],
        summary: "A case's evidence log and whether its hash chain is intact",
        params: CaseParams,
        response: { 200: EvidenceResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const found = await fastify.db
        .selectFrom('cases')
        .select('id')
        .where('id', '=', request.params.id)
        .where('council_id', '=', request.agent!.councilId)
        .executeTakeFirst();
      if (!found) throw new AppError('FIN_ERR_CASE_NOT_FOUND', 'Case not found');
      return fastify.evidence.verify(found.id);
    },
  );
}

/** The evidence log shared by every kind of case, and the desk's view of it. */
export default fp(
  async (fastify) => {
    fastify.decorate('evidence', new EvidenceLog(fastify.db));
  },
  { name: 'evidence', dependencies: ['database', 'agents'] },
);
