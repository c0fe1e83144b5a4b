import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { CouncilParams, type Language } from '../councils/schemas.js';
import { pageCouncil, pageLanguage } from '../pages/templates.js';
import { councilsPage, receivedPage, statementPage } from './page.js';
import { readAxeReport, type AxeReport } from './report.js';
import { DeskReport, DeskReports, FeedbackBody, ReportParams, ReportsQuery, Received } from './schemas.js';
import { AccessibilityService, feedbackProblems } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    accessibility: AccessibilityService & { report: AxeReport };
  }
}

/** A report is a few paragraphs; nothing bigger needs reading. */
const BODY_LIMIT = 16 * 1024;

/** The citizen API's route, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  fastify.post<{ Params: CouncilParams; Body: FeedbackBody }>(
    '/api/councils/:council/accessibility/feedback',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['councils'],
        summary: 'Report an accessibility barrier to the council (RD 1112/2018 art. 10.2); send an Idempotency-Key',
        params: CouncilParams,
        body: FeedbackBody,
        response: { 201: Received, ...errorResponses(400, 404, 409, 413, 422, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const received = await fastify.accessibility.submit(request.council!, { ...request.body, key: typeof key === 'string' ? key : randomUUID() }, fastify.now());
      reply.code(201);
      return { reference: received.reference, receivedAt: received.receivedAt, answerBy: received.answerBy };
    },
  );
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const agentCouncil = (request: FastifyRequest) => fastify.councils.ofAgent(request.agent!);

  fastify.get<{ Querystring: ReportsQuery }>(
    '/accessibility/reports',
    { schema: { ...desk, summary: "The accessibility barriers people reported to the agent's council, newest first", querystring: ReportsQuery, response: { 200: DeskReports, ...errorResponses(400, 401) } } },
    async (request) => ({ reports: await fastify.accessibility.list(await agentCouncil(request), request.query.state) }),
  );

  fastify.post<{ Params: ReportParams }>(
    '/accessibility/reports/:id/acknowledge',
    { schema: { ...desk, summary: 'Take an accessibility report in hand', params: ReportParams, response: { 200: DeskReport, ...errorResponses(400, 401, 404) } } },
    async (request) => fastify.accessibility.markAcknowledged(request.agent!, await agentCouncil(request), request.params.id, fastify.now()),
  );
}

interface FormBody {
  council?: string;
  lang?: string;
  key?: string;
  message?: string;
  pageUrl?: string;
  name?: string;
  email?: string;
}

/** The statement page and its script-free form, which posts to the page itself. */
async function pages(fastify: FastifyInstance) {
  // A browser posts the form as application/x-www-form-urlencoded, which Fastify does not parse by itself.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const page = { schema: { hide: true }, config: { rateLimit: fastify.rateLimits.public } };
  const html = (status: number, body: string) => ({ status, body });

  async function render(query: { council?: string; lang?: string }, form?: { body: FormBody }) {
    const councilId = pageCouncil(query);
    const council = councilId ? await fastify.councils.get(councilId) : undefined;
    const asked = pageLanguage(query);
    if (!council) {
      return html(councilId ? 404 : 200, councilsPage(asked ?? 'ca', await fastify.accessibility.councils(), councilId !== undefined));
    }
    const language: Language = asked && council.languages.includes(asked) ? asked : council.defaultLanguage;
    if (!form) return html(200, statementPage(council, fastify.branding.of(council), language, fastify.accessibility.report, { key: randomUUID(), values: {}, errors: [] }));

    const { body } = form;
    const input = { message: body.message ?? '', pageUrl: body.pageUrl, name: body.name, email: body.email };
    const key = body.key || randomUUID();
    const errors = feedbackProblems(input);
    if (errors.length) return html(400, statementPage(council, fastify.branding.of(council), language, fastify.accessibility.report, { key, values: input, errors }));
    const received = await fastify.accessibility.submit(council, { ...input, language, key }, fastify.now());
    return html(201, receivedPage(council, fastify.branding.of(council), language, received));
  }

  fastify.get<{ Querystring: { council?: string; lang?: string } }>('/accessibility', page, async (request, reply) => {
    const { status, body } = await render(request.query);
    return reply.code(status).type('text/html; charset=utf-8').send(body);
  });
  fastify.post<{ Body: FormBody }>('/accessibility', { ...page, bodyLimit: BODY_LIMIT, config: { ...page.config, idempotency: false } }, async (request, reply) => {
    const body = request.body ?? {};
    const { status, body: sent } = await render({ council: body.council, lang: body.lang }, { body });
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(sent);
  });
}

/**
 * The accessibility statement RD 1112/2018 asks of each council (art. 15), generated from the
 * release's axe report, and the feedback it offers (art. 10.2): a form and an API whose reports
 * reach the desk, with a receipt by email that states the 20 working days the council has to answer.
 */
export default fp(
  async (fastify) => {
    const report = await readAxeReport();
    fastify.decorate('accessibility', Object.assign(new AccessibilityService(fastify), { report }));
    await fastify.register(pages);
  },
  { name: 'accessibility', dependencies: ['database', 'councils', 'mail', 'rate-limit'] },
);
