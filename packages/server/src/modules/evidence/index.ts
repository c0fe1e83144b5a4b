import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorResponses } from '../../shared/errors.js';
import { runEvery } from '../../shared/ticker.js';
import { EvidenceLog } from './log.js';
import { EvidenceEvent } from './schemas.js';
import { EvidenceSeals } from './seals.js';

declare module 'fastify' {
  interface FastifyInstance {
    evidence: EvidenceLog;
    /** The council's seals over closed cases' evidence; `tick(now)` runs the sealing job once by hand (tests, operators). */
    evidenceSeals: EvidenceSeals;
  }
}

export interface EvidenceOptions {
  /** Whether this process runs the sealing job on its own timer; tests turn it off and call `evidenceSeals.tick`. */
  scheduler: boolean;
}

/** How often each process looks for closed cases with evidence to seal. */
const SEAL_EVERY_MS = 30_000;

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

/** The evidence log shared by every kind of case, the seals over closed cases' chains, and the desk's view of it. */
export default fp<EvidenceOptions>(
  async (fastify, options) => {
    fastify.decorate('evidence', new EvidenceLog(fastify.db));
    const seals = new EvidenceSeals(fastify);
    fastify.decorate('evidenceSeals', seals);
    if (options.scheduler) runEvery(fastify, 'the evidence sealing job', SEAL_EVERY_MS, (now) => seals.tick(now));
    fastify.addHook('preClose', async () => seals.settled());
  },
  { name: 'evidence', dependencies: ['database', 'agents', 'seal', 'incidents'] },
);
