import type { FastifyInstance } from 'fastify';
import { escape, pageCouncil, pageLanguage, simplePage } from '../pages/templates.js';
import { SCREEN_HELP_TEXTS } from './texts.js';

/**
 * GET /ajuda-pantalla: the page the emailed link opens when the council has no page of its own
 * for screen help. It embeds `<screen-help>` as a council's site would; the element reads the
 * session (`help`) from the address. No inline script or style, so it runs under the strict CSP.
 */
export default async function screenHelpPage(fastify: FastifyInstance) {
  fastify.get<{ Querystring: { lang?: string; council?: string } }>(
    '/ajuda-pantalla',
    { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } },
    async (request, reply) => {
      const language = pageLanguage(request.query) ?? 'ca';
      const brand = await fastify.branding.page(pageCouncil(request.query));
      const council = pageCouncil(request.query) ?? brand?.id ?? 'demo';
      const t = SCREEN_HELP_TEXTS[language];
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          simplePage({
            language,
            brand,
            title: t.pageTitle,
            widgets: true,
            body: `<p>${escape(t.pageIntro)}</p>
<noscript><p>${escape(t.pageNoScript)}</p></noscript>
<finestreta-config api="" council="${escape(council)}"><screen-help></screen-help></finestreta-config>`,
          }),
        );
    },
  );
}
