import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/index.js';
import { errorResponses } from '../../../shared/errors.js';
import { toZoned } from '../../../shared/time.js';
import { goTo, type Change, type ProcedureCase, type ProcedureRecord } from '../core.js';
import { LANGUAGES, type Language } from '../../councils/schemas.js';
import { Checklist, CHECKLIST_ITEMS, DeskProcedure, StillKind } from '../schemas.js';
import { answerLiveness, assertConsented, assertIdentityOpen, issueLiveness, withdrawDecision } from './changes.js';
import { consentText } from './consent.js';
import { checkDecision, needsReason } from './decision.js';
import { documentOf, mrzLines, readMrz } from './mrz.js';
import { StillStore } from './stills.js';

// The procedure's routes are keyed by the appointment (index.ts); its schema is not imported from there, which imports this file.
const AppointmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const StillRequestBody = Type.Object({ kind: StillKind }, { additionalProperties: false });
const MrzBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 200, description: 'The three lines of the MRZ as read from the still of the back' }) }, { additionalProperties: false });
const AnswerBody = Type.Object({ heard: Type.String({ minLength: 1, maxLength: 20, description: 'The code the citizen said, as the agent heard it' }) }, { additionalProperties: false });
const ChecklistBody = Type.Object({ checklist: Checklist }, { additionalProperties: false });
const DecisionBody = Type.Object(
  { verified: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const DecisionRefused = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    missing: Type.Optional(Type.Array(Type.String(), { description: 'FIN_ERR_IDENTITY_INCOMPLETE: what the check lacks (consent, still:front, still:back, still:face, mrz, liveness, securityFeatures, photoMatchesFace, documentIntact)' })),
    reasonFor: Type.Optional(Type.Array(Type.String(), { description: 'FIN_ERR_VALIDATION on `reason`: what a verification must be explained for (expired, idNumber, name)' })),
  },
  { description: 'A decision refused, with what it lacks' },
);
const StillParams = Type.Composite([AppointmentParams, Type.Object({ stillId: Type.String({ minLength: 1, maxLength: 64 }) })]);
const EmptyBody = Type.Object({}, { additionalProperties: false });

type Params = { Params: Static<typeof AppointmentParams> };
type Edit = (record: ProcedureRecord, trx: Transaction<Database>, found: ProcedureCase) => Promise<Change<never>> | Change<never>;

/** The desk's identity routes: the agent asks for consent and stills, reads the MRZ, hears the code, ticks what they saw, decides. */
export async function identityDesk(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const stills = new StillStore(fastify);
  const post = (summary: string, body: object, errors: object = errorResponses(400, 401, 404, 409)) => ({
    schema: { ...desk, summary, params: AppointmentParams, body, response: { 200: DeskProcedure, ...errors } },
  });

  /** The appointment of the path, of the signed-in agent's council. */
  const deskCase = (request: FastifyRequest<Params>) => fastify.procedure.core.deskCase(request.agent!.councilId, request.params.id);

  /** Makes a change as the signed-in agent on an appointment of their council (`found` when already looked up), and answers the desk's view. */
  async function change(request: FastifyRequest<Params>, edit: Edit, found?: ProcedureCase): Promise<DeskProcedure> {
    const agent = request.agent!;
    found ??= await deskCase(request);
    await fastify.procedure.core.write(found, `agent:${agent.id}`, (record, trx) => {
      assertIdentityOpen(record);
      return edit(record, trx, found);
    });
    return fastify.procedure.deskView(agent, found);
  }

  fastify.post<Params>('/appointments/:id/procedure/identity/consent', post("Ask for the citizen's consent to the identity check", EmptyBody), async (request) => {
    const found = await deskCase(request);
    // The text shown in the case's language; the citizen's answer names the one they read.
    const language = (LANGUAGES as readonly string[]).includes(found.language) ? (found.language as Language) : (await fastify.procedure.council(found)).defaultLanguage;
    const { textSha256 } = consentText(language);
    return change(request, (record) => {
      const withdrawn = withdrawDecision(record);
      record.identity.consent = { state: 'asked', textSha256, at: fastify.now().toISOString() };
      return { events: [{ type: 'identity.consent_asked', data: { textSha256, language, ...withdrawn } }] };
    }, found);
  });

  fastify.post<Params & { Body: Static<typeof StillRequestBody> }>(
    '/appointments/:id/procedure/identity/stills/request',
    post("Ask the citizen's device for a still of the document's front, its back, or the face beside it", StillRequestBody),
    async (request) =>
      change(request, (record) => {
        assertConsented(record);
        const withdrawn = withdrawDecision(record);
        record.identity.requestedStill = request.body.kind;
        return { events: [{ type: 'identity.still_requested', data: { kind: request.body.kind, ...withdrawn } }] };
      }),
  );

  fastify.get<{ Params: Static<typeof StillParams> }>(
    '/appointments/:id/procedure/identity/stills/:stillId',
    {
      schema: {
        ...desk,
        summary: 'A still the citizen took, decrypted',
        params: StillParams,
        response: { 200: Type.String({ format: 'binary', description: 'image/jpeg or image/png' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const found = await deskCase(request);
      const { still, stream } = await stills.open(found.id, request.params.stillId, request.agent!.id);
      return reply.type(still.content_type).header('content-length', still.bytes).header('cache-control', 'private, no-store').send(stream);
    },
  );

  fastify.post<Params & { Body: Static<typeof MrzBody> }>('/appointments/:id/procedure/identity/mrz', post('Read the MRZ typed from the still of the back', MrzBody), async (request) => {
    // Read before the change's transaction: a query outside it would wait for it on SQLite's one connection.
    const found = await deskCase(request);
    const lines = mrzLines(request.body.text);
    const { timeZone } = await fastify.procedure.council(found);
    return change(request, (record) => {
      assertConsented(record);
      const now = fastify.now();
      const reading = readMrz(lines, { name: found.citizenName, idNumber: found.idDocument }, toZoned(now, timeZone).date, now.toISOString());
      const withdrawn = withdrawDecision(record);
      record.identity.mrz = reading;
      const { lines: typed, format, valid, checks, fields, expired, comparisons } = reading;
      const data = { text: request.body.text, lines: typed, format, valid, checks, fields, expired, comparisons, document: documentOf(reading), ...withdrawn };
      return { events: [{ type: 'identity.mrz_read', data }] };
    }, found);
  });

  fastify.post<Params>('/appointments/:id/procedure/identity/liveness', post('Show the citizen a new random code to say aloud', EmptyBody), async (request) =>
    change(request, (record) => {
      assertConsented(record);
      return { events: issueLiveness(record, fastify.now()) };
    }),
  );

  fastify.post<Params & { Body: Static<typeof AnswerBody> }>(
    '/appointments/:id/procedure/identity/liveness/answer',
    post('Say which code the citizen said aloud', AnswerBody),
    async (request) =>
      change(request, (record) => {
        assertConsented(record);
        return { events: answerLiveness(record, request.body.heard, fastify.now()) };
      }),
  );

  fastify.put<Params & { Body: Static<typeof ChecklistBody> }>(
    '/appointments/:id/procedure/identity/checklist',
    post('Tick what the agent saw on camera: the security features, the photo against the face, the document intact', ChecklistBody),
    async (request) =>
      change(request, (record) => {
        assertConsented(record);
        const checklist = Object.fromEntries(CHECKLIST_ITEMS.filter((item) => request.body.checklist[item] !== undefined).map((item) => [item, request.body.checklist[item]!]));
        const changed = Object.fromEntries(CHECKLIST_ITEMS.filter((item) => (checklist[item] ?? false) !== (record.identity.checklist[item] ?? false)).map((item) => [item, checklist[item] ?? false]));
        if (Object.keys(changed).length === 0) return { events: [] };
        const withdrawn = withdrawDecision(record);
        record.identity.checklist = checklist;
        return { events: [{ type: 'identity.checklist', data: { checklist, changed, ...withdrawn } }] };
      }),
  );

  fastify.post<Params & { Body: Static<typeof DecisionBody> }>(
    '/appointments/:id/procedure/identity/decision',
    post('Decide: verified (once the check is complete) or not verified, with a reason', DecisionBody, {
      ...errorResponses(401, 404),
      400: DecisionRefused,
      409: DecisionRefused,
    }),
    async (request) => {
      const agent = request.agent!;
      const row = await fastify.db.selectFrom('agents').select('habilitation').where('id', '=', agent.id).executeTakeFirst();
      return change(request, async (record, trx, found) => {
        const newest = await stills.newest(found.id, trx);
        const { verified } = request.body;
        const reason = checkDecision(record.identity, newest, verified, request.body.reason);
        record.identity.decision = { verified, reason, at: fastify.now().toISOString(), agentId: agent.id };
        record.identity.requestedStill = null;
        const { mrz, liveness, checklist, consent } = record.identity;
        const data = {
          verified,
          reason,
          agentId: agent.id,
          habilitation: row?.habilitation ?? null,
          consent: consent && { state: consent.state, textSha256: consent.textSha256 },
          document: mrz && { ...documentOf(mrz), mrzValid: mrz.valid, expired: mrz.expired },
          explained: verified ? needsReason(record.identity) : [],
          stills: Object.fromEntries(Object.entries(newest).map(([kind, still]) => [kind, { id: still.id, sha256: still.sha256 }])),
          liveness: liveness && { codeSha256: liveness.codeSha256, matched: liveness.matched },
          checklist,
        };
        const events: Change<never>['events'] = [{ type: 'identity.decision', data }];
        if (verified) {
          record.steps.identity = 'done';
          events.push(...goTo(record, 'documents'));
        } else {
          record.steps.identity = 'failed';
        }
        return { events };
      });
    },
  );
}
