import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { councilNotFound, errorResponses } from '../../shared/errors.js';
import { publicCouncil } from './public.js';
import { CouncilParams, CouncilQuery, PublicCouncil } from './schemas.js';
import { CouncilStore } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    councils: CouncilStore;
  }
}

async function routes(fastify: FastifyInstance) {
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
    async (request) => {
      const council = await fastify.councils.get(request.params.council);
      if (!council) throw councilNotFound();
      const language = request.query.lang && council.languages.includes(request.query.lang)
        ? request.query.lang
        : council.defaultLanguage;
      return publicCouncil(council, language, fastify.now());
    },
  );
}

/** Councils (tenants): their store and the public profile the citizen widgets start from. */
export default fp(
  async (fastify) => {
    fastify.decorate('councils', new CouncilStore(fastify.db));
    await fastify.register(routes);
  },
  { name: 'councils', dependencies: ['database', 'rate-limit'] },
);
