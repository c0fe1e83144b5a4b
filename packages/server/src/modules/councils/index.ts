import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { publicCouncil } from './public.js';
import { CouncilParams, CouncilQuery, PublicCouncil, type CouncilConfig } from './schemas.js';
import { CouncilStore } from './store.js';
import { languageFor } from './language.js';
import { keptJson, sendKeptJson } from '../../shared/kept-json.js';

declare module 'fastify' {
  interface FastifyInstance {
    councils: CouncilStore;
  }
  interface FastifyRequest {
    /** The council a citizen route names (`/api/councils/:council/…`), resolved once before its handler. */
    council: CouncilConfig | null;
  }
}


/** Each profile as sent: `publicCouncil` hands out the same object until the profile changes. */
const serialized = new WeakMap<PublicCouncil, Buffer>();

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: CouncilParams; Querystring: CouncilQuery }>(
    '/api/councils/:council',
    {
      schema: {
        tags: ['councils'],
        summary: "A council's public profile: office hours, status now, holidays, procedures",
        params: CouncilParams,
        querystring: CouncilQuery,
        response: { 200: PublicCouncil, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const council = request.council!;
      const profile = publicCouncil(council, languageFor(council, request.query.lang), fastify.now(), fastify.config.linkBase);
      let body = serialized.get(profile);
      if (!body) serialized.set(profile, (body = keptJson(reply, profile)));
      return sendKeptJson(reply, body);
    },
  );
}

/** Councils (tenants): their store, and `request.council`, which the citizen API's scope resolves (plugins/citizen.ts). */
export default fp(
  async (fastify) => {
    fastify.decorate('councils', new CouncilStore(fastify.db));
    fastify.decorateRequest('council', null);
  },
  { name: 'councils', dependencies: ['database', 'rate-limit'] },
);
