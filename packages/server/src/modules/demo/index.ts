import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../shared/errors.js';
import { Language } from '../councils/schemas.js';
import { createTestAppointment, demoProcedure } from './try-now.js';

const TryNowBody = Type.Object(
  { language: Type.Optional(Language) },
  { additionalProperties: false, description: "`language`: the citizen's, for their page and the application (the council's default otherwise)" },
);
type TryNowBody = Static<typeof TryNowBody>;

const Procedure = Type.Object({ id: Type.String(), name: Type.String() });

const DemoOffer = Type.Object({ demo: Type.Literal(true), procedure: Procedure }, { title: 'DemoOffer' });

const TestAppointment = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    procedure: Procedure,
    slot: Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) }),
    appointmentUrl: Type.String({ format: 'uri', description: "The citizen's personal link" }),
  },
  { title: 'TestAppointment' },
);

/**
 * The desk's demonstration routes, registered (app.ts) only in demo mode: outside it they do not
 * exist (404), so no deployment can make appointments that skip the council's hours and capacity.
 */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const languageOf = (lang: Language | undefined, council: { languages: Language[]; defaultLanguage: Language }) =>
    lang && council.languages.includes(lang) ? lang : council.defaultLanguage;

  fastify.get<{ Querystring: { lang?: Language } }>(
    '/demo',
    {
      schema: {
        ...desk,
        summary: 'Demo mode only: what a test appointment would be for (404 outside demo mode)',
        querystring: Type.Object({ lang: Type.Optional(Language) }),
        response: { 200: DemoOffer, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const council = await fastify.councils.ofAgent(request.agent!);
      return { demo: true as const, procedure: demoProcedure(council, languageOf(request.query.lang, council)) };
    },
  );

  fastify.post<{ Body: TryNowBody }>(
    '/demo/appointments',
    {
      schema: {
        ...desk,
        summary: "Demo mode only: a test appointment starting now, outside opening hours too, taking no slot; answers the citizen's personal link; send an Idempotency-Key",
        body: TryNowBody,
        response: { 201: TestAppointment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const council = await fastify.councils.ofAgent(request.agent!);
      reply.code(201);
      return createTestAppointment(fastify, council, request.agent!, languageOf(request.body?.language, council), fastify.now(), (trx, answer) =>
        reply.recordAnswer(trx, answer),
      );
    },
  );
}
