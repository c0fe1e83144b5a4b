import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { councilNotFound, errorResponses } from '../../shared/errors.js';
import { cancelFlood, floodReport } from './desk.js';
import { FloodGuard, type FloodLimits } from './guard.js';
import { BulkCancelBody, BulkCancelled, FloodReport } from './schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    flood: FloodGuard;
  }
}

async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const agentCouncil = async (request: FastifyRequest) => {
    const council = await fastify.councils.get(request.agent!.councilId);
    if (!council) throw councilNotFound();
    return council;
  };

  fastify.get(
    '/api/desk/floods',
    {
      schema: { ...desk, summary: 'Whether bookings flood the council now, and the suspicious bookings grouped by address', response: { 200: FloodReport, ...errorResponses(401) } },
      preHandler: fastify.authenticate,
    },
    async (request) => floodReport(fastify, await agentCouncil(request), fastify.now()),
  );

  fastify.post<{ Body: BulkCancelBody }>(
    '/api/desk/floods/cancel',
    {
      schema: {
        ...desk,
        summary: 'Cancel many bookings of a flood at once; each lands in its case’s evidence log and frees its places',
        body: BulkCancelBody,
        response: { 200: BulkCancelled, ...errorResponses(400, 401) },
      },
      preHandler: fastify.authenticate,
    },
    async (request) => cancelFlood(fastify, request.agent!, await agentCouncil(request), request.body.ids, fastify.now()),
  );
}

/** Mass booking: the proof of work asked when bookings run far above normal, and the desk's view and bulk cancel of a flood. */
export default fp<{ limits: FloodLimits }>(
  async (fastify, { limits }) => {
    fastify.decorate('flood', new FloodGuard(fastify, limits));
    await fastify.register(deskRoutes);
  },
  { name: 'flood', dependencies: ['database', 'agents', 'councils'] },
);
