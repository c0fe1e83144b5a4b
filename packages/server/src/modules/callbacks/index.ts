import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { challengeResponses } from '../flood/schemas.js';
import { errorResponses } from '../../shared/errors.js';
import { CouncilParams, CouncilQuery } from '../councils/schemas.js';
import { offeringCallbacks } from './context.js';
import { callbackSettings } from '../slots/engine.js';
import cancelPage from './pages.js';
import { requireRole } from '../../plugins/desk.js';
import {
  AssignBody,
  CallbackCreated,
  CallbackParams,
  CallbackRequest,
  Cancelled,
  DeskCallback,
  DeskQuery,
  MyCallback,
  NoteBody,
  OutcomeBody,
  SlotsResponse,
  SlotTakenResponse,
  TokenBody,
  TokenQuery,
} from './schemas.js';
import { CallbackService, topics } from './service.js';
import { languageFor } from '../councils/language.js';
import { isoString } from '../../shared/time.js';
import { keptJson, sendKeptJson } from '../../shared/kept-json.js';

declare module 'fastify' {
  interface FastifyInstance {
    callbacks: CallbackService;
  }
}

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  const rateLimit = fastify.rateLimits.public;

  fastify.get<{ Params: CouncilParams; Querystring: CouncilQuery }>(
    '/api/councils/:council/callbacks/slots',
    {
      schema: {
        tags: ['councils'],
        summary: 'Topics and free callback slots (UTC) of the coming days',
        params: CouncilParams,
        querystring: CouncilQuery,
        response: { 200: SlotsResponse, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const council = offeringCallbacks(request.council!);
      const language = languageFor(council, request.query.lang);
      const now = fastify.now();
      const answer = await fastify.slots.answer(council, 'callback', language, now, async () => {
        const free = await fastify.slots.free(council, 'callback', now);
        const slots = free.map((slot) => ({ start: isoString(slot.start), end: isoString(slot.end), available: slot.capacity - slot.used }));
        return keptJson(reply, {
          timeZone: council.timeZone,
          slotMinutes: callbackSettings(council).slotMinutes,
          topics: topics(council, language),
          asap: slots[0] ? { start: slots[0].start, end: slots[0].end } : null,
          slots,
        });
      });
      return sendKeptJson(reply, answer);
    },
  );

  fastify.post<{ Params: CouncilParams; Body: CallbackRequest }>(
    '/api/councils/:council/callbacks',
    {
      schema: {
        tags: ['councils'],
        summary: 'Ask to be called back in a slot; send an Idempotency-Key',
        params: CouncilParams,
        body: CallbackRequest,
        response: { 201: CallbackCreated, ...errorResponses(400, 403, 404, 422, 429), 409: SlotTakenResponse, ...challengeResponses },
      },
      config: { rateLimit },
      preHandler: fastify.flood.guard,
      preSerialization: fastify.flood.record,
    },
    async (request, reply) => {
      const council = offeringCallbacks(request.council!);
      reply.code(201);
      return fastify.callbacks.create(council, request.body, fastify.now(), (trx, created) =>
        reply.recordAnswer(trx, created),
      );
    },
  );

  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/callbacks/mine',
    {
      schema: {
        tags: ['councils'],
        summary: "The citizen's own request, by the token of their link",
        params: CouncilParams,
        querystring: TokenQuery,
        response: { 200: MyCallback, ...errorResponses(400, 401, 404, 429) },
      },
      config: { rateLimit },
    },
    async (request) => {
      const council = offeringCallbacks(request.council!);
      return fastify.callbacks.mine(council, request.query.token, fastify.now(), request.query.lang);
    },
  );

  fastify.post<{ Params: CouncilParams; Body: TokenBody }>(
    '/api/councils/:council/callbacks/cancel',
    {
      schema: {
        tags: ['councils'],
        summary: 'Cancel the citizen\'s request, by the token of their link',
        params: CouncilParams,
        body: TokenBody,
        response: { 200: Cancelled, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
      config: { rateLimit },
    },
    async (request) => {
      const council = offeringCallbacks(request.council!);
      return fastify.callbacks.cancel(council, request.body.token, fastify.now());
    },
  );
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };
  const agentCouncil = (request: FastifyRequest) => fastify.councils.ofAgent(request.agent!);
  const One = { 200: DeskCallback, ...errorResponses(400, 401, 403, 404, 409, 422) };

  fastify.get<{ Querystring: DeskQuery }>(
    '/callbacks',
    {
      schema: {
        ...desk,
        summary: "The callback queue, by slot, `open` by default: an agent's is what nobody has and theirs, a supervisor's everyone's",
        querystring: DeskQuery,
        response: { 200: Type.Object({ callbacks: Type.Array(DeskCallback) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ callbacks: await fastify.callbacks.list(request.agent!, await agentCouncil(request), request.query) }),
  );

  fastify.post<{ Params: CallbackParams }>(
    '/callbacks/:id/claim',
    { schema: { ...desk, summary: 'Take a callback: assigned to me', params: CallbackParams, response: One } },
    async (request) => fastify.callbacks.claim(request.agent!, request.params.id, fastify.now()),
  );

  fastify.post<{ Params: CallbackParams }>(
    '/callbacks/:id/start',
    { schema: { ...desk, summary: 'Start the call (claims it if nobody has)', params: CallbackParams, response: One } },
    async (request) => fastify.callbacks.start(request.agent!, request.params.id, fastify.now()),
  );

  fastify.post<{ Params: CallbackParams; Body: OutcomeBody }>(
    '/callbacks/:id/outcome',
    {
      schema: { ...desk, summary: 'Record how the call went; no answer schedules the next attempt', params: CallbackParams, body: OutcomeBody, response: One },
    },
    async (request) => {
      const council = await agentCouncil(request);
      const { outcome, note } = request.body;
      return fastify.callbacks.outcome(request.agent!, council, request.params.id, outcome, note, fastify.now());
    },
  );

  fastify.post<{ Params: CallbackParams; Body: AssignBody }>(
    '/callbacks/:id/assign',
    {
      schema: {
        ...desk,
        summary: "Supervisors: hand a callback to an enabled agent of the council, or back to the queue with null; not while it is being called",
        params: CallbackParams,
        body: AssignBody,
        response: One,
      },
      onRequest: requireRole('supervisor', 'administrator'),
    },
    async (request) => fastify.callbacks.reassign(request.agent!, request.params.id, request.body.agent, fastify.now()),
  );

  fastify.post<{ Params: CallbackParams; Body: NoteBody }>(
    '/callbacks/:id/notes',
    { schema: { ...desk, summary: 'Add a note to a callback', params: CallbackParams, body: NoteBody, response: One } },
    async (request) => fastify.callbacks.addNote(request.agent!, request.params.id, request.body.text, fastify.now()),
  );
}

/** Phone callbacks: the citizen API, the desk's queue and the citizen's cancel page. */
export default fp(
  async (fastify) => {
    fastify.decorate('callbacks', new CallbackService(fastify));
    await fastify.register(cancelPage);
  },
  { name: 'callbacks', dependencies: ['database', 'councils', 'agents', 'slots', 'evidence', 'tokens', 'notifications', 'mail', 'rate-limit', 'flood'] },
);
