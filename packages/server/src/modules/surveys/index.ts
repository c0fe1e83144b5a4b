import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { runEvery } from '../../shared/ticker.js';
import { CouncilParams } from '../councils/schemas.js';
import { AnswerBody, Answered, MySurvey, SurveyQuery } from './schemas.js';
import { SurveyService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    surveys: SurveyService;
  }
}

export interface SurveysOptions {
  /** Whether this process sweeps for ended appointments by itself (tests turn it off and call `surveys.sweep` and `surveys.mailDue`). */
  scheduler: boolean;
}

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  const tags = ['councils'];
  const rateLimit = fastify.rateLimits.public;

  fastify.get<{ Params: CouncilParams; Querystring: SurveyQuery }>(
    '/api/councils/:council/surveys/mine',
    {
      schema: {
        tags,
        summary: 'The survey of a service event, by the invitation token or the case token',
        params: CouncilParams,
        querystring: SurveyQuery,
        response: { 200: MySurvey, ...errorResponses(400, 404, 410, 429) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const survey = await fastify.surveys.mine(request.council!, request.query.token, fastify.now(), request.query.lang);
      return reply.header('cache-control', 'no-store').send(survey);
    },
  );

  fastify.post<{ Params: CouncilParams; Body: AnswerBody }>(
    '/api/councils/:council/surveys/mine/answer',
    {
      schema: {
        tags,
        summary: 'Answer the survey, once; send an Idempotency-Key',
        params: CouncilParams,
        body: AnswerBody,
        response: { 201: Answered, ...errorResponses(400, 403, 404, 409, 410, 422, 429) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = request.council!;
      reply.code(201);
      return fastify.surveys.answer(found, request.body, fastify.now(), (trx, answered) => reply.recordAnswer(trx, answered));
    },
  );
}

/**
 * Satisfaction surveys: the citizen's survey by token, its one answer, and the sweep that
 * invites citizens whose appointment ended in the call or was abandoned, then emails those who
 * left the survey unanswered for the council's delay. The sweep runs in every process on the
 * reminders' interval; the unique invitation per case and the email's claim keep it single.
 */
export default fp<SurveysOptions>(
  async (fastify, options) => {
    const service = new SurveyService(fastify);
    fastify.decorate('surveys', service);
    if (options.scheduler) {
      runEvery(fastify, 'survey sweep', fastify.config.appointments.reminderIntervalMs, async (now) => {
        await service.sweep(now);
        await service.mailDue(now);
      });
    }
  },
  { name: 'surveys', dependencies: ['database', 'councils', 'evidence', 'tokens', 'mail', 'rate-limit'] },
);
