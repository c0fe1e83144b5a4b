import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';

/** Sent as a comment so that proxies and browsers keep an idle stream open. */
export const HEARTBEAT_MS = 25_000;
/** The channel whose messages go to desks: `{councilId, event, data}`. */
export const DESK_CHANNEL = 'desk';

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
 */
export default async function deskEvents(fastify: FastifyInstance) {
  const streams = new Set<ServerResponse>();
  fastify.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  fastify.get(
    '/api/desk/events',
    {
      schema: {
        tags: ['desk'],
        summary: "Server-Sent Events of the agent's council (`event: callback` or `appointment`, data `{id, reference, state}`)",
        produces: ['text/event-stream'],
        response: errorResponses(401),
      },
    },
    async (request, reply) => {
      const councilId = request.agent!.councilId;
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

      const unsubscribe = fastify.notifications.subscribe(DESK_CHANNEL, (payload) => {
        const message = payload as unknown as DeskMessage;
        if (message.councilId !== councilId) return;
        stream.write(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
      });
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(stream);
      };
      request.raw.on('close', stop);
      stream.on('close', stop);
    },
  );
}
