import type { FastifyInstance, FastifyReply } from 'fastify';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import type { PageBrand } from '../branding/index.js';
import { escape, simplePage } from '../pages/templates.js';
import { CONFIRMATION_TEXTS } from './texts.js';

interface ConfirmParams {
  council?: string;
  token?: string;
  lang?: string;
}

function send(reply: FastifyReply, status: number, language: Language, title: string, body: string, brand?: PageBrand) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(simplePage({ language, title, body, brand }));
}

/**
 * The page the emailed confirmation link opens: a plain form whose button confirms, so that a
 * mail scanner fetching the link confirms nothing. Server-rendered and script-free.
 */
export default async function confirmationPage(fastify: FastifyInstance) {
  // A browser posts the form as application/x-www-form-urlencoded, which Fastify does not parse by itself.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  async function render(reply: FastifyReply, params: ConfirmParams, confirm: boolean) {
    const fallback = LANGUAGES.find((language) => language === params.lang) ?? 'ca';
    const brand = await fastify.branding.page(typeof params.council === 'string' ? params.council : undefined);
    const found =
      typeof params.council === 'string' && typeof params.token === 'string' && params.token
        ? await fastify.flood.confirmations.find(params.council, params.token, fastify.now())
        : undefined;
    if (!found) {
      const t = CONFIRMATION_TEXTS[fallback];
      return send(reply, 401, fallback, t.expiredTitle, `<p>${escape(t.expiredBody)}</p>`, brand);
    }
    const t = CONFIRMATION_TEXTS[found.language];
    if (confirm || found.confirmedAt) {
      await fastify.flood.confirmations.confirm(params.council!, params.token!, fastify.now());
      return send(reply, 200, found.language, t.confirmedTitle, `<p role="status">${escape(t.confirmedBody(found.reference))}</p>`, brand);
    }
    return send(
      reply,
      200,
      found.language,
      t.pageTitle,
      `<p>${escape(t.pageIntro(found.reference))}</p>
<form method="post" action="/bookings/confirm">
<input type="hidden" name="council" value="${escape(params.council!)}">
<input type="hidden" name="token" value="${escape(params.token!)}">
<button type="submit">${escape(t.button)}</button>
</form>`,
      brand,
    );
  }

  const page = { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } };
  fastify.get<{ Querystring: ConfirmParams }>('/bookings/confirm', page, async (request, reply) => render(reply, request.query, false));
  fastify.post<{ Body: ConfirmParams }>('/bookings/confirm', page, async (request, reply) => render(reply, request.body ?? {}, true));
}
