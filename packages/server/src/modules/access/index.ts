import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ZipFile } from 'yazl';
import { requireRole } from '../../plugins/desk.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { prepareBundle } from '../bundle/export.js';
import { NoSealError, TimestampError } from '../seal/index.js';
import { SubjectBody, SubjectCases } from './schemas.js';
import { casesOf } from './store.js';

/**
 * The right of access (GDPR art. 15), under /api/desk, for supervisors and administrators: the
 * cases of one person, found by the phone, email or identity document they gave (in the body, so
 * that no log or proxy keeps it), and everything held about them as one download. The person is
 * named in the request body only, never in a URL.
 */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const supervisors = requireRole('supervisor', 'administrator');

  fastify.post<{ Body: SubjectBody }>(
    '/subjects/search',
    {
      onRequest: supervisors,
      schema: { ...desk, summary: "A person's cases in the agent's council, by the phone, email or DNI/NIE they gave", body: SubjectBody, response: { 200: SubjectCases, ...errorResponses(400, 401, 403) } },
      config: { idempotency: false },
    },
    async (request) => ({ cases: await casesOf(fastify.db, request.agent!.councilId, request.body) }),
  );

  fastify.post<{ Body: SubjectBody }>(
    '/subjects/export',
    {
      onRequest: supervisors,
      schema: {
        ...desk,
        summary: "Everything held about a person, for their right of access: a zip of each of their cases' sealed evidence (ASiC-E) and an index; each export is logged in its case",
        body: SubjectBody,
        produces: ['application/zip'],
        response: { 200: { description: 'The zip', content: { 'application/zip': { schema: Type.String({ format: 'binary' }) } } }, ...errorResponses(400, 401, 403, 503) },
      },
      config: { idempotency: false },
    },
    async (request, reply) => {
      const agent = request.agent!;
      // Nobody found is an answer too: the person is told the council holds no case of theirs.
      const cases = await casesOf(fastify.db, agent.councilId, request.body);
      const bundles = [];
      for (const found of cases) {
        bundles.push(
          await prepareBundle(fastify, found.id, `agent:${agent.id}`).catch((error: unknown) => {
            if (error instanceof NoSealError) throw Object.assign(new AppError('FIN_ERR_SEAL_NOT_CONFIGURED'), { cause: error });
            if (error instanceof TimestampError) throw Object.assign(new AppError('FIN_ERR_TIMESTAMP_UNAVAILABLE'), { cause: error });
            throw error;
          }),
        );
      }
      const zip = new ZipFile();
      const index = { exportedAt: fastify.now().toISOString(), council: agent.councilId, cases: cases.map(({ reference, kind, state, createdAt, updatedAt, hold }) => ({ reference, kind, state, createdAt, updatedAt, hold, file: `${reference}.asice` })) };
      zip.addBuffer(Buffer.from(`${JSON.stringify(index, null, 2)}\n`), 'index.json');
      // One container at a time: each is written only when the zip reaches it.
      for (const bundle of bundles) {
        zip.addReadStreamLazy(`${bundle.case.reference}.asice`, { compress: false }, (done) => {
          const body = new PassThrough();
          bundle.write(body).catch((error: unknown) => {
            request.log.error({ err: error, caseId: bundle.case.caseId }, 'a case of the access export failed while it was being sent');
            body.destroy(error as Error);
          });
          done(null, body);
        });
      }
      zip.end();
      return reply
        .type('application/zip')
        .header('content-disposition', 'attachment; filename="access-export.zip"')
        .header('cache-control', 'no-store')
        .send(zip.outputStream);
    },
  );
}
