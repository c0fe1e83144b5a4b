import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import { deskPage, homePage } from './templates.js';

const ASSETS_DIR = fileURLToPath(new URL('../../../assets', import.meta.url));

// A page asked for in an unknown language shows the default one rather than an error.
function pageLanguage(request: FastifyRequest<{ Querystring: { lang?: string } }>): Language {
  const asked = request.query.lang;
  return LANGUAGES.find((language) => language === asked) ?? 'ca';
}

async function routes(fastify: FastifyInstance) {
  const page = { schema: { hide: true } };
  fastify.get<{ Querystring: { lang?: string } }>('/', page, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(homePage(pageLanguage(request))),
  );
  fastify.get<{ Querystring: { lang?: string } }>('/desk', page, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(deskPage(pageLanguage(request))),
  );
}

/** The demo council's site and the agent desk page, with their stylesheet under /assets. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false });
    await fastify.register(routes);
  },
  { name: 'pages' },
);
