import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireRole } from '../../plugins/desk.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { DESK_CHANNEL } from '../notifications/desk-events.js';
import { DeskIncidents, IncidentParams } from './schemas.js';
import { IncidentStore, type IncidentSubject } from './store.js';

export type { IncidentSubject } from './store.js';

/**
 * Background failures, recorded where a supervisor and a monitoring system see them: a job calls
 * `failed` when something it did for a case failed, and `recovered` when a retry of the same thing
 * succeeds. Neither ever throws: recording an incident must not hide or replace the failure.
 */
export interface Incidents {
  store: IncidentStore;
  failed(what: IncidentSubject & { councilId?: string }, error: unknown): Promise<void>;
  recovered(what: IncidentSubject): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    incidents: Incidents;
  }
}

/** An error's code, which says what kind of failure it was; its message may hold an address or a name. */
export function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^\w{1,64}$/.test(name) ? name : 'Error';
}

/** The desk's routes, under /api/desk: what failed in the council, for its supervisors. */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const supervisors = requireRole('supervisor', 'administrator');

  fastify.get(
    '/incidents',
    {
      onRequest: supervisors,
      schema: {
        ...desk,
        summary: "What failed in the background in the agent's council (recordings, emails, registrations, seals): open ones and those resolved this week",
        response: { 200: DeskIncidents, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ incidents: await fastify.incidents.store.list(request.agent!.councilId, fastify.now()) }),
  );

  fastify.post<{ Params: IncidentParams }>(
    '/incidents/:incident/resolve',
    {
      onRequest: supervisors,
      schema: {
        ...desk,
        summary: 'Mark an open incident dealt with (the citizen was called, the recording was given up…)',
        params: IncidentParams,
        response: { 204: { type: 'null', description: 'Resolved' }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const agent = request.agent!;
      // Another council's incident is answered as one that does not exist.
      if (!(await fastify.incidents.store.resolve(agent.councilId, request.params.incident, agent.id, fastify.now()))) throw new AppError('FIN_ERR_INCIDENT_NOT_FOUND');
      await fastify.notifications
        .publish(DESK_CHANNEL, { councilId: agent.councilId, event: 'incident', data: { id: request.params.incident } })
        .catch((error: unknown) => fastify.log.error({ err: error }, 'could not announce a resolved incident'));
      return reply.code(204).send();
    },
  );
}

export default fp(
  async (fastify) => {
    const store = new IncidentStore(fastify.db);
    const councilOf = async (caseId: string | undefined) =>
      caseId ? (await fastify.db.selectFrom('cases').select('council_id').where('id', '=', caseId).executeTakeFirst())?.council_id : undefined;

    fastify.decorate('incidents', {
      store,
      async failed(what, error) {
        try {
          const councilId = what.councilId ?? (await councilOf(what.caseId));
          if (!councilId) throw new Error(`no council for the incident ${what.kind}:${what.subject}`);
          await store.failed({ ...what, councilId, reason: reasonOf(error) }, fastify.now());
          await fastify.notifications.publish(DESK_CHANNEL, { councilId, event: 'incident', data: { kind: what.kind } });
        } catch (recordError) {
          fastify.log.error({ err: recordError, kind: what.kind, subject: what.subject, caseId: what.caseId }, 'could not record an incident');
        }
      },
      async recovered(what) {
        await store.recovered(what, fastify.now()).catch((error: unknown) => fastify.log.error({ err: error }, 'could not mark an incident recovered'));
      },
    } satisfies Incidents);
  },
  { name: 'incidents', dependencies: ['database', 'notifications'] },
);
