import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';

/** Sent as a comment so that proxies and browsers keep an idle stream open. */
export const HEARTBEAT_MS = 25_000;
/** The channel whose messages go to desks: `{councilId, event, data}`. */
export const DESK_CHANNEL = 'desk';
/** The channel that tells every process a desk session ended before its time: `{ended: sessionId}`. */
export const SESSIONS_CHANNEL = 'sessions';
/** setTimeout's longest delay; a session can last longer, so its expiry timer is set again. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

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
 * and changed cases without reloading. The reply is hijacked because the stream outlives the
 * handler; open streams are ended when the server closes, which would otherwise wait on them.
 *
 * A stream lives no longer than the session that opened it: it ends when the session expires,
 * when it is signed out (in any process, through SESSIONS_CHANNEL), and, should that message be
 * lost or a session be removed some other way, when the database no longer holds the session at
 * the next event or heartbeat.
 */
export default async function deskEvents(fastify: FastifyInstance) {
  const streams = new Set<ServerResponse>();
  fastify.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

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
      reply.hijack();
      const stream = reply.raw;
      // The headers set by earlier hooks (security headers among them) go out with the stream.
      stream.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 5000\n: connected\n\n');
      streams.add(stream);

      let ended = false;
      let expiry: NodeJS.Timeout | undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        stop();
        stream.end();
      };
      const expireAtEnd = () => {
        const left = session.expiresAt.getTime() - fastify.now().getTime();
        if (left <= 0) end();
        else expiry = setTimeout(expireAtEnd, Math.min(left, MAX_TIMEOUT_MS));
      };
      // Writes wait for the check of the session before them, one after the other, so that
      // nothing is written once the session is found gone and events keep their order.
      let writes = Promise.resolve();
      const writeIfSignedIn = (text: string) => {
        writes = writes
          .then(async () => {
            if (ended) return;
            if (await fastify.agents.findBySession(session.id, fastify.now())) stream.write(text);
            else end();
          })
          .catch((error: unknown) => {
            fastify.log.error({ err: error }, 'could not check the session of a desk stream');
            end();
          });
      };

      const unsubscribeDesk = fastify.notifications.subscribe(DESK_CHANNEL, (payload) => {
        const message = payload as unknown as DeskMessage;
        if (message.councilId !== councilId) return;
        writeIfSignedIn(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
      });
      const unsubscribeSessions = fastify.notifications.subscribe(SESSIONS_CHANNEL, (payload) => {
        if (payload.ended === session.id) end();
      });
      const heartbeat = setInterval(() => writeIfSignedIn(': heartbeat\n\n'), HEARTBEAT_MS);
      const stop = () => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribeDesk();
        unsubscribeSessions();
        streams.delete(stream);
      };
      expireAtEnd();
      request.raw.on('close', end);
      stream.on('close', end);
    },
  );
}
