import type { FastifyInstance } from 'fastify';
import { escape, pageCouncil, pageLanguage, simplePage } from '../pages/templates.js';
import { DOCUMENT_PAGE_TEXTS } from './texts.js';

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * GET /documents: the page an upload-only link opens, embedding `<doc-upload>` for the case of
 * the token in its address, as a council's own page would. No inline script or style, so it runs
 * under the strict CSP; the referrer stays within this origin, so the token never reaches
 * another site.
 */
export default async function documentPage(fastify: FastifyInstance) {
  fastify.get<{ Querystring: { lang?: string; council?: string; token?: string } }>(
    '/documents',
    { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } },
    async (request, reply) => {
      const language = pageLanguage(request.query) ?? 'ca';
      const brand = await fastify.branding.page(pageCouncil(request.query));
      const council = pageCouncil(request.query) ?? brand?.id ?? 'demo';
      const token = TOKEN.test(request.query.token ?? '') ? request.query.token! : '';
      const t = DOCUMENT_PAGE_TEXTS[language];
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
<finestreta-config api="" council="${escape(council)}" lang="${language}"><doc-upload token="${escape(token)}"></doc-upload></finestreta-config>`,
          }),
        );
    },
  );
}
