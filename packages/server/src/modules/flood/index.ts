import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { BookingConfirmations } from './confirmation.js';
import { cancelFlood, floodReport } from './desk.js';
import { FloodGuard, type FloodLimits } from './guard.js';
import confirmationPage from './page.js';
import { BulkCancelBody, BulkCancelled, FloodReport } from './schemas.js';
import { FloodStore } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    flood: FloodGuard & { confirmations: BookingConfirmations };
  }
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const agentCouncil = (request: FastifyRequest) => fastify.councils.ofAgent(request.agent!);

  fastify.get(
    '/floods',
    {
      schema: { ...desk, summary: 'Whether bookings flood the council now, and the suspicious bookings grouped by address', response: { 200: FloodReport, ...errorResponses(401) } },
    },
    async (request) => floodReport(fastify, await agentCouncil(request), fastify.now()),
  );

  fastify.post<{ Body: BulkCancelBody }>(
    '/floods/cancel',
    {
      schema: {
        ...desk,
        summary: 'Cancel many bookings of a flood at once; each lands in its case’s evidence log and frees its places',
        body: BulkCancelBody,
        response: { 200: BulkCancelled, ...errorResponses(400, 401) },
      },
    },
    async (request) => cancelFlood(fastify, request.agent!, await agentCouncil(request), request.body.ids, fastify.now()),
  );
}

export interface FloodOptions {
  limits: FloodLimits;
  /** Whether this process cancels unconfirmed bookings on its own timer; tests turn it off and call `confirmations.sweep`. */
  sweeper: boolean;
}

/**
 * Mass booking: the proof of work asked when bookings run far above normal, the confirmation
 * by email that councils can require, and the desk's view and bulk cancel of a flood.
 */
export default fp<FloodOptions>(
  async (fastify, { limits, sweeper }) => {
    const store = new FloodStore(fastify.db);
    const confirmations = new BookingConfirmations(fastify, store);
    fastify.decorate('flood', Object.assign(new FloodGuard(fastify, limits, store), { confirmations }));
    await fastify.register(confirmationPage);
    if (sweeper) {
      let timer: NodeJS.Timeout | undefined;
      fastify.addHook('onReady', async () => {
        timer = setInterval(() => {
          confirmations.sweep(fastify.now()).catch((error: unknown) => fastify.log.error({ err: error }, 'could not cancel unconfirmed bookings'));
        }, fastify.config.appointments.reminderIntervalMs);
        timer.unref();
      });
      fastify.addHook('preClose', async () => clearInterval(timer));
    }
  },
  { name: 'flood', dependencies: ['database', 'agents', 'councils', 'rate-limit'] },
);
