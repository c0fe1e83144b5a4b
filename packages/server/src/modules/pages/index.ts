import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { acceptedLanguages } from '../councils/language.js';
import type { Language } from '../councils/schemas.js';
import { AppError } from '../../shared/errors.js';
import { deskPage, homePage, pageCouncil, pageLanguage, surveyPage, transparencyPage } from './templates.js';
import { SURVEY_TEXTS } from './texts.js';

/** The codes the identity provider's sign-in comes back to the desk with (modules/oidc). */
const OIDC_ERRORS = ['FIN_ERR_OIDC_FAILED', 'FIN_ERR_OIDC_UNAVAILABLE', 'FIN_ERR_OIDC_ROLE_MISSING', 'FIN_ERR_OIDC_EMAIL_REFUSED'] as const;

const ASSETS_DIR = fileURLToPath(new URL('../../../assets', import.meta.url));

async function routes(fastify: FastifyInstance) {
  const page = { schema: { hide: true } };
  fastify.get<{ Querystring: { lang?: string } }>('/', page, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(homePage(pageLanguage(request.query) ?? 'ca')),
  );
  // Agents read the desk in their browser's language unless the address asks for another. The
  // sign-in carries the council's identity: the one `?council=` names, or the server's only one;
  // it offers that council's identity provider, if it has one, and shows what went wrong with it
  // (`?error=`, where modules/oidc sends the browser back).
  fastify.get<{ Querystring: { lang?: string; council?: string; error?: string } }>('/desk', page, async (request, reply) => {
    const asked = pageLanguage(request.query);
    const browser = acceptedLanguages(request.headers['accept-language']).map((lang) => pageLanguage({ lang })).find(Boolean);
    const brand = await fastify.branding.page(pageCouncil(request.query));
    const provider = brand && fastify.oidc.providers.get(brand.id);
    const signIn = provider && { council: brand.id, identityProvider: provider.name, error: OIDC_ERRORS.find((code) => code === request.query.error) };
    return reply.type('text/html; charset=utf-8').send(deskPage(asked ?? browser ?? 'ca', asked !== undefined, brand, signIn));
  });

  fastify.get<{ Querystring: { lang?: string } }>('/transparency', page, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(transparencyPage(pageLanguage(request.query) ?? 'ca')),
  );

  // The survey invitation's link: <satisfaction-survey> draws the survey. The page looks the
  // survey up too, for its status code, its language (the case's, unless the link asks for
  // another) and the text shown without JavaScript.
  fastify.get<{ Querystring: { council?: string; token?: string; lang?: string } }>(
    '/survey',
    { ...page, config: { rateLimit: fastify.rateLimits.public } },
    async (request, reply) => {
      const { token = '' } = request.query;
      const councilId = pageCouncil(request.query);
      const council = councilId && token ? await fastify.councils.get(councilId) : undefined;
      const asked = pageLanguage(request.query);
      let status = 200;
      let language: Language = asked ?? council?.defaultLanguage ?? 'ca';
      let fallback: (t: (typeof SURVEY_TEXTS)[Language]) => string = (t) => t.noScript;
      if (!council) {
        status = 404;
        fallback = (t) => t.invalidBody;
      } else {
        try {
          const survey = await fastify.surveys.mine(council, token, fastify.now());
          language = asked ?? survey.language;
          if (survey.state === 'answered') fallback = (t) => t.answered;
        } catch (error) {
          if (!(error instanceof AppError) || ![404, 410].includes(error.statusCode)) throw error;
          status = error.statusCode;
          fallback = (t) => (error.statusCode === 410 ? t.expiredBody : t.invalidBody);
        }
      }
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          surveyPage({
            language,
            council: council?.id ?? councilId ?? '',
            token,
            fallback: fallback(SURVEY_TEXTS[language]),
            brand: council ? fastify.branding.of(council) : await fastify.branding.page(councilId),
          }),
        );
    },
  );
}

/** The demo council's site and the agent desk page, with their stylesheet under /assets. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false });
    await fastify.register(routes);
  },
  { name: 'pages', dependencies: ['database', 'rate-limit', 'surveys', 'branding'] },
);
