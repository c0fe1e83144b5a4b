import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../../shared/errors.js';
import { AppointmentParams, TokenBody } from '../../appointments/schemas.js';
import { CouncilParams } from '../../councils/schemas.js';
import { CitizenProcedure, DeskProcedure } from '../schemas.js';
import { CitizenAgreement } from './citizen.js';
import { AgreementSignature } from './sign.js';

const { token: Token } = TokenBody.properties;
const DocumentQuery = Type.Object({ token: Token, id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
type DocumentQuery = Static<typeof DocumentQuery>;
const AgreementBody = Type.Object(
  {
    token: Token,
    agree: Type.Boolean(),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: "The SHA-256 of the document's bytes as the citizen's device received them; needed to agree" })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why the citizen does not agree, if they say' })),
  },
  { additionalProperties: false },
);
type AgreementBody = Static<typeof AgreementBody>;
const SignBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
type SignBody = Static<typeof SignBody>;

const mine = '/api/councils/:council/appointments/mine/procedure';

/** The agreement step's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const agreementRoutes = {
  async citizen(fastify: FastifyInstance) {
    const agreement = new CitizenAgreement(fastify);
    const tags = ['councils'];
    const rateLimit = fastify.rateLimits.public;

    fastify.get<{ Params: CouncilParams; Querystring: DocumentQuery }>(
      `${mine}/document`,
      {
        schema: {
          tags,
          summary: 'The exact bytes of an application presented for agreement; the first reading is logged as shown',
          params: CouncilParams,
          querystring: DocumentQuery,
          produces: ['application/json'],
          response: errorResponses(400, 401, 404, 409, 429),
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const found = await fastify.procedure.citizenCase(request.council!, request.query.token);
        const bytes = await agreement.document(found, request.query.id, request);
        // Sent as stored, never re-serialized: the citizen's device hashes exactly these bytes.
        return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(bytes);
      },
    );

    fastify.post<{ Params: CouncilParams; Body: AgreementBody }>(
      `${mine}/agreement`,
      {
        schema: {
          tags,
          summary: 'Agree to the application presented, with the fingerprint of the bytes received, or not, with an optional reason',
          params: CouncilParams,
          body: AgreementBody,
          response: { 200: CitizenProcedure, ...errorResponses(400, 401, 404, 409, 429) },
        },
        config: { rateLimit },
      },
      async (request) => {
        const { token, ...answer } = request.body;
        const found = await fastify.procedure.citizenCase(request.council!, token);
        await agreement.answer(request.council!, found, answer, request);
        return fastify.procedure.citizenView(request.council!, found);
      },
    );
  },

  async desk(fastify: FastifyInstance) {
    const signature = new AgreementSignature(fastify);

    fastify.post<{ Params: AppointmentParams; Body: SignBody }>(
      '/appointments/:id/procedure/agreement/sign',
      {
        schema: {
          tags: ['desk'],
          security: [{ session: [] }],
          summary: "Sign the agreed application on the citizen's behalf as a habilitated employee, re-entering the password",
          params: AppointmentParams,
          body: SignBody,
          response: { 200: DeskProcedure, ...errorResponses(400, 401, 403, 404, 409, 429) },
        },
        // A stored answer would keep a hash of the body, and so of the password; a repeat is
        // refused anyway, the procedure being closed once signed.
        config: { idempotency: false },
      },
      async (request, reply) => {
        const agent = request.agent!;
        const found = await fastify.procedure.core.deskCase(agent.councilId, request.params.id);
        await signature.sign(agent, found, request.body.password, request.ip, reply);
        await fastify.procedure.signed(found);
        return fastify.procedure.deskView(agent, found);
      },
    );
  },
};
