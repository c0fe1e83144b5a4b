import { PassThrough } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/desk.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { NoSealError, TimestampError } from '../seal/index.js';
import { prepareBundle } from './export.js';
import { ASICE_MIMETYPE } from './manifest.js';

export { prepareBundle, type PreparedBundle, MemberMismatchError } from './export.js';
export { verifyBundle, BundleVerificationError, type BundleSummary } from './verify.js';
export { sealedMember, type Member, type MemberSource, type BundleCase } from './members.js';
export { EVIDENCED_KINDS, type EvidencedKind } from './evidenced.js';

const CaseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: Static<typeof CaseParams> }>(
    '/cases/:id/evidence.asice',
    {
      schema: {
        tags: ['desk'],
        summary: "A case's sealed evidence as an ASiC-E container (ETSI EN 319 162), for a court or an auditor; the export is logged in the case",
        params: CaseParams,
        produces: [ASICE_MIMETYPE],
        response: { 200: { description: 'The container', content: { [ASICE_MIMETYPE]: { schema: Type.String({ format: 'binary' }) } } }, ...errorResponses(400, 401, 403, 404, 503) },
      },
      // Handing a case's whole evidence to a court or an auditor is a supervisor's decision.
      onRequest: requireRole('supervisor', 'administrator'),
    },
    async (request, reply) => {
      const agent = request.agent!;
      const found = await fastify.db.selectFrom('cases').select('id').where('id', '=', request.params.id).where('council_id', '=', agent.councilId).executeTakeFirst();
      if (!found) throw new AppError('FIN_ERR_CASE_NOT_FOUND');
      const bundle = await prepareBundle(fastify, found.id, `agent:${agent.id}`).catch((error: unknown) => {
        if (error instanceof NoSealError) throw Object.assign(new AppError('FIN_ERR_SEAL_NOT_CONFIGURED'), { cause: error });
        if (error instanceof TimestampError) throw Object.assign(new AppError('FIN_ERR_TIMESTAMP_UNAVAILABLE'), { cause: error });
        throw error;
      });
      const body = new PassThrough();
      // The answer has begun by the time a member fails to read: the download is cut short, and the log says why.
      bundle.write(body).catch((error: unknown) => {
        request.log.error({ err: error, caseId: found.id }, 'the evidence export failed while it was being sent');
        body.destroy(error as Error);
      });
      return reply
        .type(ASICE_MIMETYPE)
        .header('content-disposition', `attachment; filename="${bundle.case.reference}.asice"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
