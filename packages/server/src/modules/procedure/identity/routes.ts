import type { FastifyInstance } from 'fastify';

/** The identity step's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const identityRoutes = {
  async citizen(_fastify: FastifyInstance) {},
  async desk(_fastify: FastifyInstance) {},
};
