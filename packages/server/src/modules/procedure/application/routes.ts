import type { FastifyInstance } from 'fastify';

/** The application step's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const applicationRoutes = {
  async citizen(_fastify: FastifyInstance) {},
  async desk(_fastify: FastifyInstance) {},
};
