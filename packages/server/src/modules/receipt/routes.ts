import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, errorResponses } from '../../shared/errors.js';
import { AppointmentParams, TokenQuery } from '../appointments/schemas.js';
import { CouncilParams } from '../councils/schemas.js';
import { recordStaffAccess } from '../evidence/access.js';
import type { VerifiableDocument } from '../registry/store.js';
import { sendDocument } from '../registry/verify.js';

const Pdf = Type.String({ format: 'binary', description: 'application/pdf: the sealed receipt' });
const Made = Type.Object({ entryNumber: Type.String(), sha256: Type.String(), bytes: Type.Integer() });

/** The case's made receipt, or FIN_ERR_RECEIPT_NOT_FOUND while it is not. */
async function madeReceipt(fastify: FastifyInstance, caseId: string): Promise<VerifiableDocument> {
  const document = await fastify.registry.documentOf(caseId);
  if (!document?.file) throw new AppError('FIN_ERR_RECEIPT_NOT_FOUND');
  return document;
}

/** The receipt's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const receiptRoutes = {
  async citizen(fastify: FastifyInstance) {
    fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
      '/api/councils/:council/appointments/mine/procedure/receipt',
      {
        schema: {
          tags: ['councils'],
          summary: "The sealed receipt of the registered application, as the citizen keeps it; a calendar's link is refused",
          params: CouncilParams,
          querystring: TokenQuery,
          response: { 200: Pdf, ...errorResponses(400, 401, 403, 404, 429) },
        },
        config: { rateLimit: fastify.rateLimits.public },
      },
      async (request, reply) => {
        const found = await fastify.procedure.citizenCase(request.council!, request.query.token, { personal: true });
        return sendDocument(fastify, reply, await madeReceipt(fastify, found.id));
      },
    );
  },

  async desk(fastify: FastifyInstance) {
    const path = '/appointments/:id/procedure/receipt';
    fastify.get<{ Params: AppointmentParams }>(
      path,
      {
        schema: {
          tags: ['desk'],
          security: [{ session: [] }],
          summary: 'The sealed receipt of the case; the opening is logged in its evidence',
          params: AppointmentParams,
          response: { 200: Pdf, ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        const agent = request.agent!;
        const found = await fastify.procedure.core.deskCase(agent.councilId, request.params.id);
        const document = await madeReceipt(fastify, found.id);
        await recordStaffAccess(fastify, found.id, agent.id, { kind: 'receipt', id: document.entry_number, sha256: document.sha256!, how: 'download' });
        return sendDocument(fastify, reply, document);
      },
    );

    fastify.post<{ Params: AppointmentParams }>(
      path,
      {
        schema: {
          tags: ['desk'],
          security: [{ session: [] }],
          summary: 'Make the receipt of a signed case if it is not made (after a seal or timestamp failure); a made one is answered as it is',
          params: AppointmentParams,
          response: { 200: Made, ...errorResponses(401, 404, 409, 503) },
        },
      },
      async (request) => {
        const found = await fastify.procedure.core.deskCase(request.agent!.councilId, request.params.id);
        const document = await fastify.receipts.make(found);
        return { entryNumber: document.entry_number, sha256: document.sha256!, bytes: document.bytes! };
      },
    );
  },
};
