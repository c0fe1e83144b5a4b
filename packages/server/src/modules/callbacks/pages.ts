import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import { formatWindow } from '../mail/compose.js';
import type { PageBrand } from '../branding/index.js';
import { escape, simplePage } from '../pages/templates.js';
import { callbackCouncil } from './context.js';
import { CALLBACK_TEXTS } from './texts.js';

interface CancelParams {
  council?: string;
  token?: string;
  lang?: string;
}

function send(reply: FastifyReply, status: number, language: Language, title: string, body: string, brand?: PageBrand) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(simplePage({ language, title, body, brand }));
}

/**
 * The page the citizen's cancel link opens: their request, and a plain form that cancels it.
 * Server-rendered and script-free, so it works from any mail client and under the strict CSP,
 * in the language the citizen used to book.
 */
export default async function cancelPage(fastify: FastifyInstance) {
  // A browser posts the form as application/x-www-form-urlencoded, which Fastify does not parse by itself.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const fallbackLanguage = (lang: unknown): Language => LANGUAGES.find((language) => language === lang) ?? 'ca';

  async function render(reply: FastifyReply, params: CancelParams, cancel: boolean) {
    const fallback = fallbackLanguage(params.lang);
    const invalid = async (status: number) => {
      const t = CALLBACK_TEXTS[fallback];
      const brand = await fastify.branding.page(typeof params.council === 'string' ? params.council : undefined);
      return send(reply, status, fallback, t.invalidTitle, `<p>${escape(t.invalidBody)}</p>`, brand);
    };
    if (typeof params.council !== 'string' || typeof params.token !== 'string' || !params.token) return invalid(401);
    let mine;
    let council;
    try {
      council = await callbackCouncil(fastify, params.council);
      mine = await fastify.callbacks.mine(council, params.token, fastify.now());
    } catch (error) {
      if (error instanceof AppError && error.statusCode < 500) return invalid(error.statusCode === 404 ? 404 : 401);
      throw error;
    }
    const language = mine.language;
    const t = CALLBACK_TEXTS[language];
    const brand = fastify.branding.of(council);

    let status = 200;
    let notice = '';
    if (cancel) {
      try {
        await fastify.callbacks.cancel(council, params.token, fastify.now());
        return send(reply, 200, language, t.cancelledTitle, `<p role="status">${escape(t.cancelledBody)}</p><p>${escape(t.referenceLabel)}: <strong>${escape(mine.reference)}</strong></p>`, brand);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
        status = 409;
        notice = `<p role="alert">${escape(t.notCancellable)}</p>`;
      }
    }
    const current = cancel ? await fastify.callbacks.mine(council, params.token, fastify.now()) : mine;
    const window = formatWindow(new Date(current.slot.start), new Date(current.slot.end), language, council.timeZone);
    const facts: Array<[string, string]> = [
      [t.referenceLabel, current.reference],
      [t.windowLabel, window],
      [t.topicLabel, current.topic.name],
      [t.stateLabel, t.states[current.state] ?? current.state],
    ];
    const form = current.cancellable
      ? `<form method="post" action="/callbacks/cancel">
<input type="hidden" name="council" value="${escape(council.id)}">
<input type="hidden" name="token" value="${escape(params.token)}">
<button type="submit">${escape(t.cancelButton)}</button>
</form>`
      : notice ? '' : `<p>${escape(t.notCancellable)}</p>`;
    const body = `${notice}<p>${escape(t.cancelIntro)}</p>
<dl>${facts.map(([label, value]) => `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>`).join('')}</dl>
${form}`;
    return send(reply, status, language, t.cancelTitle, body, brand);
  }

  const page = { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } };
  fastify.get<{ Querystring: CancelParams }>('/callbacks/cancel', page, async (request, reply) => render(reply, request.query, false));
  fastify.post<{ Body: CancelParams }>('/callbacks/cancel', page, async (request, reply) =>
    render(reply, request.body ?? {}, true),
  );
}
