import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';
import { eventStreams } from './event-stream.js';

/** The channel whose messages go to desks: `{councilId, event, data}`. */
export const DESK_CHANNEL = 'desk';
/** The channel that tells every process a desk session ended before its time: `{ended: sessionId}`. */
export const SESSIONS_CHANNEL = 'sessions';

/** What a desk hears about a changed case: enough to announce it and refresh its list. */
export interface CaseChange {
  id: string;
  councilId: string;
  reference: string;
}

const SUBJECTS = { callback: 'a callback', appointment: 'an appointment' } as const;

/**
 * Tells the council's desks that a case changed. Called once the change is committed; a desk
 * that misses the nudge still sees the change on its next load, so a failure is only logged.
 */
export async function announceToDesks(fastify: FastifyInstance, event: keyof typeof SUBJECTS, row: CaseChange, state: string): Promise<void> {
  try {
    await fastify.notifications.publish(DESK_CHANNEL, { councilId: row.councilId, event, data: { id: row.id, reference: row.reference, state } });
  } catch (error) {
    fastify.log.error({ err: error }, `could not announce ${SUBJECTS[event]} change`);
  }
}

interface DeskMessage {
  councilId: string;
  event: string;
  data: unknown;
}

/**
 * GET /api/desk/events: Server-Sent Events of the agent's own council, so the desk shows new
 * and changed cases without reloading.
 *
 * A stream lives no longer than the session that opened it: it ends when the session expires,
 * when it is signed out (in any process, through SESSIONS_CHANNEL), and, should that message be
 * lost or a session be removed some other way, when the database no longer holds the session at
 * the next event or heartbeat.
 */
export default async function deskEvents(fastify: FastifyInstance) {
  const open = eventStreams(fastify);

  fastify.get(
    '/events',
    {
      schema: {
        tags: ['desk'],
        summary: "Server-Sent Events of the agent's council (`event: callback` or `appointment`, data `{id, reference, state}`); the stream ends with the session",
        produces: ['text/event-stream'],
        response: errorResponses(401),
      },
    },
    async (request, reply) => {
      const councilId = request.agent!.councilId;
      const session = request.deskSession!;
      const stream = open(request, reply, {
        stillValid: async () => (await fastify.agents.findBySession(session.id, fastify.now(), fastify.config.sessionIdleMs)) !== undefined,
        expiresAt: session.expiresAt,
      });
      stream.onEnd(
        fastify.notifications.subscribe(DESK_CHANNEL, (payload) => {
          const message = payload as unknown as DeskMessage;
          if (message.councilId === councilId) stream.send(message.event, () => message.data);
        }),
      );
      stream.onEnd(
        fastify.notifications.subscribe(SESSIONS_CHANNEL, (payload) => {
          if (payload.ended === session.id) stream.end();
        }),
      );
    },
  );
}
