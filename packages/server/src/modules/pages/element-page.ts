import type { FastifyInstance } from 'fastify';
import type { Language } from '../councils/schemas.js';
import { escape, pageCouncil, pageLanguage, simplePage } from './templates.js';

/** What such a page says around its element, in each language. */
export interface ElementPageTexts {
  pageTitle: string;
  pageIntro: string;
  pageNoScript: string;
}

type PageQuery = { lang?: string; council?: string };

/**
 * A page of this server that embeds one citizen element as a council's own site would, for the
 * links of councils that have no such page: the council's banner, a title and a line of
 * introduction in the page's language, then `embed`'s markup (the element inside
 * `<finestreta-config>`). No inline script or style, so it runs under the strict CSP; the
 * referrer stays within this origin, so a token in the address never reaches another site.
 */
export function elementPage<Q extends PageQuery>(
  fastify: FastifyInstance,
  url: string,
  texts: Record<Language, ElementPageTexts>,
  /** The element's markup; `council` comes escaped for an attribute. */
  embed: (page: { council: string; language: Language; query: Q }) => string,
): void {
  fastify.get(url, { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } }, async (request, reply) => {
    // Unchecked (the page has no schema): each helper reads only a value it validates.
    const query = request.query as Q;
    const language = pageLanguage(query) ?? 'ca';
    const brand = await fastify.branding.page(pageCouncil(query));
    const council = pageCouncil(query) ?? brand?.id ?? 'demo';
    const t = texts[language];
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
${embed({ council: escape(council), language, query })}`,
        }),
      );
  });
}
