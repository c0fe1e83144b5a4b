import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { challengeResponses } from '../flood/schemas.js';
import { errorResponses } from '../../shared/errors.js';
import { CouncilParams, CouncilQuery } from '../councils/schemas.js';
import citizenEvents from './events.js';
import appointmentPage from './page.js';
import { runEvery } from '../../shared/ticker.js';
import { AbandonedAppointments } from './abandoned.js';
import { ReminderScheduler } from './reminders.js';
import {
  AppointmentCreated,
  AppointmentParams,
  AppointmentRequest,
  DeskAppointment,
  DeskAppointmentDetail,
  DeskQuery,
  MyAppointment,
  ProceduresResponse,
  RescheduleBody,
  SlotsQuery,
  SlotsResponse,
  TokenBody,
  TokenQuery,
} from './schemas.js';
import { AppointmentService, offeringAppointments, procedures } from './service.js';
import { languageFor } from '../councils/language.js';
import { keptJson, sendKeptJson } from '../../shared/kept-json.js';

declare module 'fastify' {
  interface FastifyInstance {
    appointments: AppointmentService;
    /** The reminders' scheduler; `tick(now)` runs one round by hand (tests, operators). */
    reminders: ReminderScheduler;
    /** The job that closes appointments left open; `tick(now)` runs it once by hand (tests, operators). */
    abandonedAppointments: AbandonedAppointments;
  }
}

export interface AppointmentsOptions {
  /** Whether this process ticks the reminders and the abandoned appointments' job by itself (tests turn it off and call `tick`). */
  scheduler: boolean;
}

const SlotTakenResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    alternatives: Type.Optional(Type.Array(Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) }))),
  },
  { description: 'FIN_ERR_SLOT_TAKEN lists the next free times in `alternatives`' },
);

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  const rateLimit = fastify.rateLimits.public;
  const tags = ['councils'];
  const Mine = { 200: MyAppointment, ...errorResponses(400, 401, 403, 404, 409, 422, 429) };

  fastify.get<{ Params: CouncilParams; Querystring: CouncilQuery }>(
    '/api/councils/:council/appointments/procedures',
    {
      schema: { tags, summary: 'The procedures that can be booked, with their duration and documents', params: CouncilParams, querystring: CouncilQuery, response: { 200: ProceduresResponse, ...errorResponses(400, 404, 429) } },
      config: { rateLimit },
    },
    async (request) => {
      const found = offeringAppointments(request.council!);
      return { procedures: procedures(found, languageFor(found, request.query.lang)) };
    },
  );

  fastify.get<{ Params: CouncilParams; Querystring: SlotsQuery }>(
    '/api/councils/:council/appointments/slots',
    {
      schema: { tags, summary: 'Free appointment times (UTC) for a procedure', params: CouncilParams, querystring: SlotsQuery, response: { 200: SlotsResponse, ...errorResponses(400, 404, 429) } },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = offeringAppointments(request.council!);
      const language = languageFor(found, request.query.lang);
      const now = fastify.now();
      const answer = await fastify.slots.answer(found, 'appointment', `${request.query.procedure} ${language}`, now, async () =>
        keptJson(reply, await fastify.appointments.slots(found, request.query.procedure, language, now)),
      );
      return sendKeptJson(reply, answer);
    },
  );

  fastify.post<{ Params: CouncilParams; Body: AppointmentRequest }>(
    '/api/councils/:council/appointments',
    {
      schema: {
        tags,
        summary: 'Book a video appointment; send an Idempotency-Key',
        params: CouncilParams,
        body: AppointmentRequest,
        response: { 201: AppointmentCreated, ...errorResponses(400, 403, 404, 422, 429), 409: SlotTakenResponse, ...challengeResponses },
      },
      config: { rateLimit },
      preHandler: fastify.flood.guard,
      preSerialization: fastify.flood.record,
    },
    async (request, reply) => {
      const found = offeringAppointments(request.council!);
      reply.code(201);
      return fastify.appointments.create(found, request.body, fastify.now(), (trx, created) =>
        reply.recordAnswer(trx, created),
      );
    },
  );

  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/appointments/mine',
    { schema: { tags, summary: "The citizen's appointment, by the token of their personal link", params: CouncilParams, querystring: TokenQuery, response: Mine }, config: { rateLimit } },
    async (request) => fastify.appointments.mine(offeringAppointments(request.council!), request.query.token, fastify.now(), request.query.lang),
  );

  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/appointments/mine/calendar.ics',
    {
      schema: { tags, summary: 'The appointment as an iCalendar file', params: CouncilParams, querystring: TokenQuery, produces: ['text/calendar'], response: errorResponses(400, 401, 404, 429) },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = offeringAppointments(request.council!);
      const { filename, content } = await fastify.appointments.calendar(found, request.query.token, fastify.now());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(content);
    },
  );

  fastify.post<{ Params: CouncilParams; Body: RescheduleBody }>(
    '/api/councils/:council/appointments/mine/reschedule',
    { schema: { tags, summary: 'Move the appointment to another free time', params: CouncilParams, body: RescheduleBody, response: { ...Mine, 409: SlotTakenResponse } }, config: { rateLimit } },
    async (request) =>
      fastify.appointments.reschedule(offeringAppointments(request.council!), request.body.token, request.body.slot, fastify.now()),
  );

  fastify.post<{ Params: CouncilParams; Body: TokenBody }>(
    '/api/councils/:council/appointments/mine/cancel',
    { schema: { tags, summary: 'Cancel the appointment; its places are freed', params: CouncilParams, body: TokenBody, response: Mine }, config: { rateLimit } },
    async (request) => fastify.appointments.cancel(offeringAppointments(request.council!), request.body.token, fastify.now()),
  );

  fastify.post<{ Params: CouncilParams; Body: TokenBody }>(
    '/api/councils/:council/appointments/mine/check-in',
    { schema: { tags, summary: 'Tell the desk the citizen is waiting (only while the call is open)', params: CouncilParams, body: TokenBody, response: Mine }, config: { rateLimit } },
    async (request) => fastify.appointments.checkIn(offeringAppointments(request.council!), request.body.token, fastify.now()),
  );

  await fastify.register(citizenEvents);
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };

  fastify.get<{ Querystring: DeskQuery }>(
    '/appointments',
    {
      schema: {
        ...desk,
        summary: "The agenda of the agent's council by start: one `day` (today by default) or `from`–`to` (at most 31 days)",
        querystring: DeskQuery,
        response: { 200: Type.Object({ appointments: Type.Array(DeskAppointment) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ appointments: await fastify.appointments.desk.list(request.agent!, request.query, fastify.now()) }),
  );

  fastify.get<{ Params: AppointmentParams; Querystring: CouncilQuery }>(
    '/appointments/:id',
    {
      schema: { ...desk, summary: 'One appointment with its evidence log', params: AppointmentParams, querystring: CouncilQuery, response: { 200: DeskAppointmentDetail, ...errorResponses(400, 401, 404) } },
    },
    async (request) => fastify.appointments.desk.detail(request.agent!, request.params.id, request.query.lang),
  );

  fastify.post<{ Params: AppointmentParams }>(
    '/appointments/:id/no-show',
    {
      schema: { ...desk, summary: 'Mark that the citizen did not come (from the start time on)', params: AppointmentParams, response: { 200: DeskAppointment, ...errorResponses(400, 401, 404, 409, 422) } },
    },
    async (request) => fastify.appointments.desk.noShow(request.agent!, request.params.id, fastify.now()),
  );
}

/** Video appointments: the citizen API, the desk's agenda, the reminders, closing those left open, and the `/cita` page. */
export default fp<AppointmentsOptions>(
  async (fastify, options) => {
    const service = new AppointmentService(fastify);
    const scheduler = new ReminderScheduler(fastify, service.mail);
    fastify.decorate('appointments', service);
    fastify.decorate('reminders', scheduler);
    const abandoned = new AbandonedAppointments(fastify, service.lifecycle);
    fastify.decorate('abandonedAppointments', abandoned);
    await fastify.register(appointmentPage);
    if (options.scheduler) {
      runEvery(fastify, 'reminder tick', fastify.config.appointments.reminderIntervalMs, (now) => scheduler.tick(now));
      runEvery(fastify, 'closing abandoned appointments', fastify.config.appointments.reminderIntervalMs, (now) => abandoned.tick(now));
    }
  },
  { name: 'appointments', dependencies: ['database', 'councils', 'agents', 'slots', 'evidence', 'tokens', 'notifications', 'mail', 'rate-limit', 'flood'] },
);
