import fp from 'fastify-plugin';
import { FloodGuard, type FloodLimits } from './guard.js';

declare module 'fastify' {
  interface FastifyInstance {
    flood: FloodGuard;
  }
}

/** Mass booking: the proof of work asked when bookings run far above normal. */
export default fp<{ limits: FloodLimits }>(
  async (fastify, { limits }) => {
    fastify.decorate('flood', new FloodGuard(fastify, limits));
  },
  { name: 'flood', dependencies: ['database'] },
);
