import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import { hashToken } from '../tokens/index.js';
import { deskPage, escape, homePage, simplePage } from './templates.js';
import { SURVEY_TEXTS } from './texts.js';

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

  // The survey invitation's link. The survey itself comes with <satisfaction-survey>; until then
  // the page checks the invitation and says that the survey opens soon, in the case's language.
  fastify.get<{ Querystring: { council?: string; token?: string; lang?: string } }>(
    '/survey',
    { ...page, config: { rateLimit: fastify.rateLimits.public } },
    async (request, reply) => {
      const { council, token } = request.query;
      const invitation =
        council && token
          ? await fastify.db
              .selectFrom('survey_invitations')
              .innerJoin('cases', 'cases.id', 'survey_invitations.case_id')
              .select(['cases.language', 'survey_invitations.answered_at as answeredAt'])
              .where('survey_invitations.token_hash', '=', hashToken(token))
              .where('cases.council_id', '=', council)
              .where('survey_invitations.expires_at', '>', fastify.now().toISOString())
              .executeTakeFirst()
          : undefined;
      const language = invitation?.language ?? pageLanguage(request);
      const t = SURVEY_TEXTS[language];
      const [status, title, body] = !invitation
        ? [404, t.invalidTitle, t.invalidBody]
        : invitation.answeredAt
          ? [200, t.title, t.answered]
          : [200, t.title, t.soon];
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(simplePage({ language, title, body: `<p>${escape(body)}</p>` }));
    },
  );
}

/** The demo council's site and the agent desk page, with their stylesheet under /assets. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false });
    await fastify.register(routes);
  },
  { name: 'pages', dependencies: ['database', 'rate-limit'] },
);
