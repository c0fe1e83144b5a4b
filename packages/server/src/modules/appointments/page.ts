import type { FastifyInstance } from 'fastify';
import { escape, pageCouncil, pageLanguage, simplePage } from '../pages/templates.js';
import { APPOINTMENT_TEXTS } from './texts.js';


/**
 * GET /cita: the page citizens' personal links open when their council has no page of its own.
 * It embeds `<video-appointment>` as a council's site would; the element reads the token from
 * the address. No inline script or style, so it runs under the strict CSP; the referrer stays
 * within this origin, so the token in the address never reaches another site while the
 * element's own requests still carry a real Origin.
 */
export default async function appointmentPage(fastify: FastifyInstance) {
  fastify.get<{ Querystring: { lang?: string; council?: string } }>(
    '/cita',
    { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } },
    async (request, reply) => {
      const language = pageLanguage(request.query) ?? 'ca';
      const brand = await fastify.branding.page(pageCouncil(request.query));
      const council = pageCouncil(request.query) ?? brand?.id ?? 'demo';
      const t = APPOINTMENT_TEXTS[language];
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
<finestreta-config api="" council="${escape(council)}"><video-appointment></video-appointment></finestreta-config>`,
          }),
        );
    },
  );
}
