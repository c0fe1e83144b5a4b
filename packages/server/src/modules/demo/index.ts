import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';
import { languageFor } from '../councils/language.js';
import { DemoOffer, DemoQuery, TestAppointment, TryNowBody } from './schemas.js';
import { createTestAppointment, demoProcedure } from './try-now.js';

/**
 * The desk's demonstration routes, registered (app.ts) only in demo mode: outside it they do not
 * exist (404), so no deployment can make appointments that skip the council's hours and capacity.
 */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };

  fastify.get<{ Querystring: DemoQuery }>(
    '/demo',
    {
      schema: {
        ...desk,
        summary: 'Demo mode only: what a test appointment would be for (404 outside demo mode)',
        querystring: DemoQuery,
        response: { 200: DemoOffer, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const council = await fastify.councils.ofAgent(request.agent!);
      return { demo: true as const, procedure: demoProcedure(council, languageFor(council, request.query.lang)) };
    },
  );

  fastify.post<{ Body: TryNowBody }>(
    '/demo/appointments',
    {
      schema: {
        ...desk,
        summary: "Demo mode only: a test appointment starting now, outside opening hours too, taking no slot; answers the citizen's personal link; send an Idempotency-Key",
        body: TryNowBody,
        response: { 201: TestAppointment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const council = await fastify.councils.ofAgent(request.agent!);
      reply.code(201);
      return createTestAppointment(fastify, council, request.agent!, languageFor(council, request.body?.language), fastify.now(), (trx, answer) =>
        reply.recordAnswer(trx, answer),
      );
    },
  );
}
