import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireRole } from '../../plugins/desk.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { runEvery } from '../../shared/ticker.js';
import { eraseExpired } from './job.js';
import { CaseParams, HoldBody, LegalHold } from './schemas.js';

/** How often each process looks for what has outlived its retention period: erasure is due within the hour. */
const RETENTION_EVERY_MS = 3_600_000;

/**
 * A legal hold, under /api/desk, for supervisors and administrators: the case's data outlives
 * its council's retention periods until the hold is lifted. Placing and lifting it are evidence
 * events of the case, written in the transaction that changes it.
 */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const supervisors = requireRole('supervisor', 'administrator');

  /** Changes the hold of a case of the agent's council and records it; false when the council has no such case. */
  const setHold = (agent: { id: string; councilId: string }, caseId: string, hold: { at: string; by: string; reason: string } | null) =>
    fastify.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('cases')
        .set({ hold_at: hold?.at ?? null, hold_by: hold?.by ?? null, hold_reason: hold?.reason ?? null })
        .where('id', '=', caseId)
        .where('council_id', '=', agent.councilId)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw new AppError('FIN_ERR_CASE_NOT_FOUND');
      const event = hold ? ({ type: 'case.hold_placed', data: { reason: hold.reason } } as const) : ({ type: 'case.hold_lifted', data: {} } as const);
      await fastify.evidence.append(trx, caseId, { ...event, actor: `agent:${agent.id}` }, fastify.now());
    });

  fastify.put<{ Params: CaseParams; Body: HoldBody }>(
    '/cases/:id/hold',
    {
      onRequest: supervisors,
      schema: {
        ...desk,
        summary: "Place a legal hold on a case: its data is kept past the council's retention periods",
        params: CaseParams,
        body: HoldBody,
        response: { 200: LegalHold, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const agent = request.agent!;
      const hold = { at: fastify.now().toISOString(), by: agent.id, reason: request.body.reason.trim() };
      await setHold(agent, request.params.id, hold);
      return hold;
    },
  );

  fastify.delete<{ Params: CaseParams }>(
    '/cases/:id/hold',
    {
      onRequest: supervisors,
      schema: {
        ...desk,
        summary: 'Lift the legal hold of a case: its retention periods apply again',
        params: CaseParams,
        response: { 204: { type: 'null', description: 'Lifted' }, ...errorResponses(400, 401, 403, 404) },
      },
      config: { idempotency: false },
    },
    async (request, reply) => {
      const agent = request.agent!;
      await setHold(agent, request.params.id, null);
      return reply.code(204).send();
    },
  );
}

/** Erases, every hour, what each council keeps no longer (job.ts). */
export default fp<{ scheduler: boolean }>(
  async (fastify, options) => {
    if (options.scheduler) runEvery(fastify, 'the retention job', RETENTION_EVERY_MS, (now) => eraseExpired(fastify, now));
  },
  { name: 'retention', dependencies: ['database', 'councils', 'evidence'] },
);
