import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, errorResponses } from '../../../shared/errors.js';
import { TokenQuery } from '../../appointments/schemas.js';
import { CouncilParams, LANGUAGES } from '../../councils/schemas.js';
import type { ProcedureCase, ProcedureRecord } from '../core.js';
import { CitizenProcedure, StillKind } from '../schemas.js';
import { assertConsented, assertIdentityOpen } from './changes.js';
import { consentText } from './consent.js';
import { MAX_STILL_BYTES, STILL_TYPES, StillStore, type SealedStill } from './stills.js';

const ConsentBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    accept: Type.Boolean(),
    textSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The SHA-256 of the consent text the citizen was shown (CitizenProcedure.asked)' }),
  },
  { additionalProperties: false },
);
const StillQuery = Type.Composite([TokenQuery, Type.Object({ kind: StillKind })]);

/** A still is taken only when the agent asked for that kind, while identity is the step and consent stands. */
function assertRequested(record: ProcedureRecord, kind: StillKind): void {
  assertIdentityOpen(record);
  assertConsented(record);
  if (record.identity.requestedStill !== kind) throw new AppError('FIN_ERR_STILL_NOT_REQUESTED');
}

/** The citizen's identity routes: the answer to the consent asked, and the stills their own camera takes. */
export async function identityCitizen(fastify: FastifyInstance) {
  const citizen = { tags: ['councils'] };
  const stills = new StillStore(fastify);

  fastify.post<{ Params: CouncilParams; Body: Static<typeof ConsentBody> }>(
    '/api/councils/:council/appointments/mine/procedure/consent',
    {
      schema: {
        ...citizen,
        summary: 'Accept or refuse the identity check, naming the text shown',
        params: CouncilParams,
        body: ConsentBody,
        response: { 200: CitizenProcedure, ...errorResponses(400, 401, 404, 409, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request) => {
      const council = request.council!;
      const { token, accept, textSha256 } = request.body;
      const found = await fastify.procedure.citizenCase(council, token);
      // Whichever of the texts the citizen read, in the language they chose, is the one they answer.
      const language = LANGUAGES.find((candidate) => consentText(candidate).textSha256 === textSha256);
      if (!language) throw new AppError('FIN_ERR_VALIDATION', 'This is not the text of the consent asked', 'textSha256');
      const state = accept ? 'accepted' : 'refused';
      await fastify.procedure.core.write(found, 'citizen', (record) => {
        const { consent } = record.identity;
        // The same answer again (a retried request) changes nothing.
        if (consent?.state === state && consent.textSha256 === textSha256) return { events: [] };
        if (record.current !== 'identity' || consent?.state !== 'asked') throw new AppError('FIN_ERR_CONSENT_NOT_ASKED');
        record.identity.consent = { state, textSha256, at: fastify.now().toISOString() };
        const data = { accepted: accept, textSha256, language, ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
        return { events: [{ type: 'identity.consent_answered', data }] };
      });
      return fastify.procedure.citizenView(council, found, language);
    },
  );

  // Images are parsed only in this scope, for this one route, which takes nothing else (not even JSON or text).
  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...STILL_TYPES], { parseAs: 'buffer', bodyLimit: MAX_STILL_BYTES }, (_request, body, done) => done(null, body));

    scope.post<{ Params: CouncilParams; Querystring: Static<typeof StillQuery>; Body: Buffer }>(
      '/api/councils/:council/appointments/mine/procedure/stills',
      {
        schema: {
          ...citizen,
          summary: "A still the agent asked for, taken by the citizen's own camera: the raw image/jpeg or image/png (at most 10 MB)",
          params: CouncilParams,
          querystring: StillQuery,
          response: { 200: CitizenProcedure, ...errorResponses(400, 401, 404, 409, 413, 415, 422, 429) },
        },
        // A retried still is refused once the first arrived (the ask is answered); hashing 10 MB for a key is no use.
        config: { rateLimit: fastify.rateLimits.public, idempotency: false },
      },
      async (request) => {
        const council = request.council!;
        const { token, kind, lang } = request.query;
        if (!Buffer.isBuffer(request.body)) throw new AppError('FIN_ERR_MEDIA_TYPE_UNSUPPORTED', 'Send the still as the body, image/jpeg or image/png');
        const found: ProcedureCase = await fastify.procedure.citizenCase(council, token);
        if (found.state !== 'in_call') throw new AppError('FIN_ERR_PROCEDURE_NOT_OPEN');
        // Checked before the image is decoded, so that nobody makes the server work for a still not asked for.
        assertRequested(await fastify.procedure.core.read(found.id), kind);
        const sealed: SealedStill = await stills.seal(found.id, request.body);
        try {
          await fastify.procedure.core.write(found, 'citizen', async (record, trx) => {
            assertRequested(record, kind);
            const takenAt = fastify.now().toISOString();
            await stills.insert(trx, { ...sealed, case_id: found.id, kind, taken_at: takenAt });
            record.identity.requestedStill = null;
            const { id, content_type: contentType, width, height, bytes, sha256 } = sealed;
            return { events: [{ type: 'identity.still_taken', data: { stillId: id, kind, contentType, width, height, bytes, sha256 } }] };
          });
        } catch (error) {
          await stills.discard(sealed);
          throw error;
        }
        return fastify.procedure.citizenView(council, found, lang);
      },
    );
  });
}
