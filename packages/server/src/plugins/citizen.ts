import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { councilNotFound } from '../shared/errors.js';

export interface CitizenOptions {
  /** The routes of `/api/councils/:council/…`, the API the citizen widgets call. */
  routes: FastifyPluginAsync[];
}

/**
 * Resolves `request.council` from the path's `:council`, or answers 404 FIN_ERR_COUNCIL_NOT_FOUND.
 * A preHandler, so that it runs where the handlers used to look the council up: after the
 * params and body were validated (a malformed id still gets 400, and CORS and the origin check
 * have answered already), and before the routes' own preHandlers (the flood guard, an upload's
 * authorisation), which can rely on it.
 */
async function resolveCouncil(this: FastifyInstance, request: FastifyRequest) {
  const council = await this.councils.get((request.params as { council: string }).council);
  if (!council) throw councilNotFound();
  request.council = council;
}

/** The citizen API: one scope whose routes all name their council, looked up once per request. */
export default async function citizen(fastify: FastifyInstance, { routes }: CitizenOptions) {
  fastify.addHook('preHandler', resolveCouncil);
  for (const plugin of routes) await fastify.register(plugin);
}
