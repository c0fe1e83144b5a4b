import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';
import { CouncilParams } from '../councils/schemas.js';
import { eventStreams } from '../notifications/event-stream.js';
import { APPOINTMENT_CHANNEL } from './lifecycle.js';
import { TokenQuery } from './schemas.js';
import { offeringAppointments } from './service.js';

/**
 * GET /api/councils/:council/appointments/mine/events: the citizen's appointment, live. The same
 * token opens it as GET .../appointments/mine, and every message is what that answers: at once,
 * then after every change of the appointment in any process (the lifecycle announces each on
 * APPOINTMENT_CHANNEL), so the page shows the call begin and end without asking. The stream ends
 * when the link stops opening the appointment, found at the next change or heartbeat.
 */
export default async function citizenEvents(fastify: FastifyInstance) {
  const open = eventStreams(fastify);

  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/appointments/mine/events',
    {
      schema: {
        tags: ['councils'],
        summary:
          "Server-Sent Events of the citizen's appointment: `event: appointment` with the body of GET .../appointments/mine as data, at once and after every change; ends when the link stops being valid",
        params: CouncilParams,
        querystring: TokenQuery,
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'Each message: `event: appointment`, `data:` the MyAppointment JSON; comments as heartbeats',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(400, 401, 404, 429),
        },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const council = offeringAppointments(request.council!);
      const { token, lang } = request.query;
      const mine = () => fastify.appointments.mine(council, token, fastify.now(), lang);
      // Refused as a plain HTTP error, before the stream begins.
      const first = await mine();
      const stream = open(request, reply, { stillValid: () => fastify.appointments.opens(council, token, fastify.now()) });
      stream.send('appointment', () => first);
      stream.onEnd(
        fastify.notifications.subscribe(APPOINTMENT_CHANNEL, (payload) => {
          if (payload.caseId === first.id) stream.send('appointment', mine);
        }),
      );
    },
  );
}
