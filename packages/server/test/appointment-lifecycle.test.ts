import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { APPOINTMENT_CHANNEL, canMove, MOVES, type Move } from '../src/modules/appointments/lifecycle.js';
import { APPOINTMENT_STATES, type AppointmentState } from '../src/modules/appointments/schemas.js';
import { ALPHA_AGENT, CallClient, callsTestEnv, RTP_CAPABILITIES, seedAppointment, signIn } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open Server-Sent Events stream, read as a test client would: events in order of arrival. */
class EventReader {
  private buffer = '';
  private readonly events: ServerEvent[] = [];
  private readonly waiters = new Set<() => void>();
  readonly ended: Promise<void>;

  private constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
        const event = field('event');
        const data = field('data');
        if (event && data) this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
      for (const check of [...this.waiters]) check();
    });
    this.ended = new Promise((resolve) => response.on('end', resolve));
  }

  static open(base: string, url: string, headers: Record<string, string> = {}): Promise<EventReader> {
    return new Promise((resolve, reject) => {
      http.get(`${base}${url}`, { headers }, (response) => resolve(new EventReader(response.statusCode ?? 0, response.headers, response))).on('error', reject);
    });
  }

  /** The first event (already received or still to come) that `matches`, or a failure after a while. */
  next(matches: (event: ServerEvent) => boolean, what: string): Promise<ServerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${what} within 5 s; got ${JSON.stringify(this.events)}`));
      }, 5000);
      const check = () => {
        const found = this.events.find(matches);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The states of the appointment's events, in order. */
  states(): unknown[] {
    return this.events.map((event) => event.data.state);
  }

  /** Reads the body of a refusal (a JSON error instead of a stream). */
  async body(): Promise<string> {
    await this.ended;
    return this.buffer;
  }
}

const appointmentIn = (id: string, state: AppointmentState) => (event: ServerEvent) =>
  event.event === 'appointment' && event.data.id === id && event.data.state === state;

describe("an appointment's lifecycle", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let now = new Date();

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      env: callsTestEnv(database),
      reminderScheduler: false,
      now: () => now,
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  const citizenStream = (token: string, headers: Record<string, string> = {}) =>
    EventReader.open(base, `/api/councils/alpha/appointments/mine/events?${new URLSearchParams({ token })}`, headers);
  const caseState = async (id: string) => (await app.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

  describe('when the agent lets the citizen into the call and hangs up', () => {
    it('shows the call begin and end live on two desks and on the citizen\'s page', async () => {
      const appointment = await seedAppointment(app, 'alpha');
      const [annaAtHer, annaAtReception] = [await signIn(app, ALPHA_AGENT), await signIn(app, ALPHA_AGENT)];
      const desks = [await EventReader.open(base, '/api/desk/events', { cookie: annaAtHer }), await EventReader.open(base, '/api/desk/events', { cookie: annaAtReception })];
      const page = await citizenStream(appointment.token, { origin: 'https://www.alpha.example' });
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/event-stream/);
      assert.equal(page.headers['access-control-allow-origin'], 'https://www.alpha.example');
      const first = await page.next(appointmentIn(appointment.id, 'booked'), 'booked on connecting');
      const mine = await app.inject({ url: `/api/councils/alpha/appointments/mine?${new URLSearchParams({ token: appointment.token })}` });
      assert.deepEqual(first.data, mine.json(), 'the same body as GET .../appointments/mine');

      const desk = await CallClient.open(`${base.replace(/^http/, 'ws')}/api/calls/${appointment.id}/ws`, { cookie: annaAtHer });
      await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
      const home = await CallClient.open(`${base.replace(/^http/, 'ws')}/api/calls/${appointment.id}/ws?token=${encodeURIComponent(appointment.token)}`);
      const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
      await desk.call('admit', { peerId: joined.peerId });

      for (const stream of desks) {
        const inCall = await stream.next((event) => event.event === 'appointment' && event.data.id === appointment.id && event.data.state === 'in_call', 'in_call on a desk');
        assert.equal(inCall.data.reference, first.data.reference);
      }
      await page.next(appointmentIn(appointment.id, 'in_call'), 'in_call on the page');

      await desk.call('hangUp');
      await Promise.all([home.closed, desk.closed]);
      for (const stream of desks) {
        await stream.next((event) => event.event === 'appointment' && event.data.id === appointment.id && event.data.state === 'completed', 'completed on a desk');
      }
      const completed = await page.next(appointmentIn(appointment.id, 'completed'), 'completed on the page');
      assert.equal(completed.data.canJoin, false);
      assert.deepEqual(page.states(), ['booked', 'in_call', 'completed']);

      const types = (await app.evidence.list(appointment.id)).map((event) => event.type);
      assert.deepEqual(types, ['call.admitted', 'call.ended']);
      await app.inject({ method: 'POST', url: '/api/desk/logout', headers: { cookie: annaAtHer } });
      await app.inject({ method: 'POST', url: '/api/desk/logout', headers: { cookie: annaAtReception } });
      await Promise.all(desks.map((stream) => stream.ended));
    });
  });

  describe('when a move is not allowed from where the appointment is', () => {
    it('refuses completed → in_call and changes nothing', async () => {
      const appointment = await seedAppointment(app, 'alpha');
      await app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', appointment.id).execute();
      const refused = await app.appointments.lifecycle
        .write(appointment.id, 'alpha', now, async () => ({ move: 'admit', event: { type: 'call.admitted', actor: 'system', data: {} } }))
        .then(
          () => assert.fail('the move was made'),
          (error: unknown) => error as { statusCode: number; code: string },
        );
      assert.deepEqual([refused.statusCode, refused.code], [409, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE']);
      assert.equal(await caseState(appointment.id), 'completed');
      assert.deepEqual(await app.evidence.list(appointment.id), []);
    });

    it('refuses cancelled → checked_in and a no-show after the call, with the code', async () => {
      const appointment = await seedAppointment(app, 'alpha');
      const cancelled = await app.inject({ method: 'POST', url: '/api/councils/alpha/appointments/mine/cancel', payload: { token: appointment.token } });
      assert.equal(cancelled.json().state, 'cancelled');
      const checkIn = app.appointments.lifecycle.write(appointment.id, 'alpha', now, async () => ({ move: 'checkIn', event: { type: 'appointment.checked_in', actor: 'citizen', data: {} } }));
      await assert.rejects(checkIn, { code: 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE' });
      assert.equal(await caseState(appointment.id), 'cancelled');
      assert.deepEqual((await app.evidence.list(appointment.id)).map((event) => event.type), ['appointment.cancelled']);

      const done = await seedAppointment(app, 'alpha');
      await app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', done.id).execute();
      now = new Date(now.getTime() + 10 * 60_000);
      const noShow = await app.inject({ method: 'POST', url: `/api/desk/appointments/${done.id}/no-show`, headers: { cookie: await signIn(app, ALPHA_AGENT) } });
      assert.deepEqual([noShow.statusCode, noShow.json().code], [409, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE']);
      assert.equal(await caseState(done.id), 'completed');
    });

    it('allows no move out of an ended appointment', () => {
      const ended: AppointmentState[] = ['cancelled', 'completed', 'no_show', 'abandoned'];
      for (const state of APPOINTMENT_STATES) {
        const allowed = (Object.keys(MOVES) as Move[]).filter((move) => canMove(state, move));
        if (ended.includes(state)) assert.deepEqual(allowed, [], state);
        else assert.ok(allowed.length > 0, state);
      }
    });
  });

  describe("the citizen's stream", () => {
    it('is in the OpenAPI document as an event stream', async () => {
      const document = (await app.inject({ url: '/api/openapi.json' })).json();
      const route = document.paths['/api/councils/{council}/appointments/mine/events'].get;
      assert.ok(route.responses['200'].content['text/event-stream'], JSON.stringify(route.responses));
      assert.ok(route.responses['401'], 'a refused link is documented');
      assert.deepEqual(route.parameters.map((parameter: { name: string }) => parameter.name).sort(), ['council', 'lang', 'token']);
    });

    it('is refused with a JSON error for a link that opens nothing', async () => {
      const stream = await citizenStream('not-a-token-at-all');
      assert.equal(stream.status, 401);
      assert.equal(JSON.parse(await stream.body()).code, 'FIN_ERR_TOKEN_INVALID');
    });

    it('ends once the link has expired, before telling anything more', async () => {
      const appointment = await seedAppointment(app, 'alpha');
      const page = await citizenStream(appointment.token);
      await page.next(appointmentIn(appointment.id, 'booked'), 'booked on connecting');
      now = new Date(now.getTime() + 2 * 86_400_000);
      await app.notifications.publish(APPOINTMENT_CHANNEL, { caseId: appointment.id });
      await page.ended;
      assert.deepEqual(page.states(), ['booked']);
    });
  });
});
