import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, errorResponses } from '../../../shared/errors.js';
import { Language } from '../../councils/schemas.js';
import { DeskProcedure, FieldError } from '../schemas.js';
import { presentApplication } from './present.js';
import { saveApplication } from './save.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type Params = Static<typeof Params>;
const LangQuery = Type.Object({ lang: Type.Optional(Language) });
type LangQuery = Static<typeof LangQuery>;

const ApplicationBody = Type.Object(
  {
    formId: Type.String({ minLength: 1, maxLength: 64 }),
    /** The form's data; fields left to fill in may be absent or empty. */
    data: Type.Record(Type.String(), Type.Unknown()),
    /** Ids of the case's documents attached. */
    attachments: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true }),
    /** The version read; another saved meanwhile makes this one refused. */
    version: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
type ApplicationBody = Static<typeof ApplicationBody>;

/** A refusal of the application: the error, with each field's problem when it is about the data. */
const ApplicationRefused = Type.Object(
  { ...ErrorResponse.properties, details: Type.Optional(Type.Object({ errors: Type.Array(FieldError) })) },
  { title: 'ApplicationRefused', additionalProperties: false },
);

/** The application step's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const applicationRoutes = {
  async citizen(_fastify: FastifyInstance) {},

  async desk(fastify: FastifyInstance) {
    const desk = { tags: ['desk'], security: [{ session: [] }], params: Params, querystring: LangQuery };

    fastify.put<{ Params: Params; Querystring: LangQuery; Body: ApplicationBody }>(
      '/appointments/:id/procedure/application',
      {
        schema: {
          ...desk,
          summary: 'Save the application as the agent fills it in (a draft may leave fields to fill; a bad value is refused)',
          body: ApplicationBody,
          response: { ...errorResponses(401, 404, 409, 413), 200: DeskProcedure, 400: ApplicationRefused },
        },
      },
      async (request) => {
        const agent = request.agent!;
        const found = await fastify.procedure.core.deskCase(agent.councilId, request.params.id);
        const council = await fastify.procedure.council(found);
        const language = request.query.lang ?? council.defaultLanguage;
        await saveApplication(fastify, council, agent, found, request.body, language);
        return fastify.procedure.deskView(agent, found, language);
      },
    );

    fastify.post<{ Params: Params; Querystring: LangQuery }>(
      '/appointments/:id/procedure/agreement/present',
      {
        schema: {
          ...desk,
          summary: "Present the final application for the citizen's agreement: its exact bytes, in the citizen's language, are stored and hashed",
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { ...errorResponses(401, 404, 409), 200: DeskProcedure, 400: ApplicationRefused },
        },
      },
      async (request) => {
        const agent = request.agent!;
        const found = await fastify.procedure.core.deskCase(agent.councilId, request.params.id);
        const council = await fastify.procedure.council(found);
        const language = request.query.lang ?? council.defaultLanguage;
        await presentApplication(fastify, council, agent, found, language);
        return fastify.procedure.deskView(agent, found, language);
      },
    );
  },
};
