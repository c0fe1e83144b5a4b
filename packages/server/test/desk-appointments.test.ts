import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { book, writeTwoAppointmentCouncils } from './appointment-fixtures.js';
import { firstDeskEvent, signIn, useTestApp } from './helpers.js';

let phones = 0;
const phone = () => `6330${String(++phones).padStart(5, '0')}`;

describe("the desk's appointment agenda", () => {
  let cookie: string;
  // Monday 23 November 2026, 08:00 in Madrid.
  let now = new Date('2026-11-23T07:00:00Z');

  const suite = useTestApp(async (database) => ({
    now: () => now,
    reminderScheduler: false,
    env: { COUNCILS_FILE: await writeTwoAppointmentCouncils(database.env.DATA_DIR!) },
  }));
  before(async () => {
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  const desk = (method: 'GET' | 'POST', url: string, as = cookie) => suite.app.inject({ method, url, headers: { cookie: as } });
  const idOf = async (reference: string) =>
    (await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  it("lists a day's appointments ordered by start, today by default, and a range of days", async () => {
    await book(suite.app, { slot: '2026-11-24T11:00:00.000Z', phone: phone() });
    await book(suite.app, { procedure: 'ajuts', slot: '2026-11-24T08:00:00.000Z', phone: phone(), idDocument: 'X1234567L', language: 'es' });
    await book(suite.app, { slot: '2026-11-23T15:00:00.000Z', phone: phone() });
    await book(suite.app, { slot: '2026-11-26T09:00:00.000Z', phone: phone() });

    const today = (await desk('GET', '/api/desk/appointments')).json().appointments;
    assert.deepEqual(today.map((appointment: { slot: { start: string } }) => appointment.slot.start), ['2026-11-23T15:00:00.000Z']);

    const tuesday = (await desk('GET', '/api/desk/appointments?day=2026-11-24')).json().appointments;
    assert.deepEqual(tuesday.map((appointment: { slot: { start: string } }) => appointment.slot.start), ['2026-11-24T08:00:00.000Z', '2026-11-24T11:00:00.000Z']);
    const first = tuesday[0];
    assert.equal(first.state, 'booked');
    assert.deepEqual(first.procedure, {
      id: 'ajuts',
      name: "Sol·licitud d'ajuts socials",
      documents: [
        { id: 'dni', name: 'DNI o NIE' },
        { id: 'ingressos', name: "Justificant d'ingressos de la unitat familiar" },
        { id: 'empadronament', name: "Volant d'empadronament" },
      ],
    });
    assert.deepEqual(first.slot, { start: '2026-11-24T08:00:00.000Z', end: '2026-11-24T08:45:00.000Z' });
    assert.equal(first.idDocument, 'X1234567L');
    assert.equal(first.language, 'es');
    assert.match(first.phone, /^\+34633/);
    assert.equal(first.email, 'marta@example.org');

    const upcoming = (await desk('GET', '/api/desk/appointments?from=2026-11-23&to=2026-11-30')).json().appointments;
    assert.equal(upcoming.length, 4);
    const booked = (await desk('GET', '/api/desk/appointments?from=2026-11-23&to=2026-11-30&state=cancelled')).json().appointments;
    assert.equal(booked.length, 0);

    const tooLong = await desk('GET', '/api/desk/appointments?from=2026-11-01&to=2026-12-15');
    assert.equal(tooLong.statusCode, 400);
    assert.equal(tooLong.json().code, 'FIN_ERR_VALIDATION');
    assert.equal((await desk('GET', '/api/desk/appointments?from=2026-11-30&to=2026-11-23')).statusCode, 400);
    assert.equal((await desk('GET', '/api/desk/appointments?day=tomorrow')).statusCode, 400);
    assert.equal((await suite.app.inject('/api/desk/appointments')).statusCode, 401);
  });

  it('opens one appointment with its evidence events', async () => {
    const { reference } = (await book(suite.app, { slot: '2026-11-25T09:00:00.000Z', phone: phone() })).json();
    const id = await idOf(reference);
    const detail = await desk('GET', `/api/desk/appointments/${id}`);
    assert.equal(detail.statusCode, 200);
    assert.equal(detail.json().reference, reference);
    assert.deepEqual(detail.json().events.map((event: { seq: number; type: string }) => [event.seq, event.type]), [[1, 'appointment.booked']]);
    assert.equal((await desk('GET', '/api/desk/appointments/nope')).statusCode, 404);
  });

  it('marks a no-show only from the start time on, and only for a booked or checked-in appointment', async () => {
    const { reference, token } = (await book(suite.app, { slot: '2026-11-25T10:00:00.000Z', phone: phone() })).json();
    const id = await idOf(reference);
    const early = await desk('POST', `/api/desk/appointments/${id}/no-show`);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE');

    const saved = now;
    try {
      now = new Date('2026-11-25T10:05:00Z');
      // Two days on, the morning's session has expired.
      cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
      const marked = await desk('POST', `/api/desk/appointments/${id}/no-show`);
      assert.equal(marked.statusCode, 200);
      assert.equal(marked.json().state, 'no_show');
      const again = await desk('POST', `/api/desk/appointments/${id}/no-show`);
      assert.equal(again.statusCode, 409);
      const detail = (await desk('GET', `/api/desk/appointments/${id}`)).json();
      // Those who missed it are asked for their opinion too.
      assert.deepEqual(detail.events.map((event: { type: string }) => event.type), ['appointment.booked', 'appointment.no_show', 'survey.invited']);
      assert.match(detail.events[1].actor, /^agent:/);
      const shown = (await suite.app.inject(`/api/councils/demo/appointments/mine?token=${token}`)).json();
      assert.deepEqual([shown.state, shown.canJoin, shown.canCancel], ['no_show', false, false]);
    } finally {
      now = saved;
    }
  });

  it('hides the appointments of one council from the agents of another: 404', async () => {
    const { reference } = (await book(suite.app, { slot: '2026-11-25T11:00:00.000Z', phone: phone() })).json();
    const id = await idOf(reference);
    const oriol = await signIn(suite.app, 'agent@altra.example', 'altra-password-1');
    assert.equal((await desk('GET', `/api/desk/appointments/${id}`, oriol)).statusCode, 404);
    const noShow = await desk('POST', `/api/desk/appointments/${id}/no-show`, oriol);
    assert.equal(noShow.statusCode, 404);
    assert.equal(noShow.json().code, 'FIN_ERR_APPOINTMENT_NOT_FOUND');
    assert.deepEqual((await desk('GET', '/api/desk/appointments?day=2026-11-25', oriol)).json().appointments, []);
    const own = (await desk('GET', '/api/desk/appointments?day=2026-11-25')).json().appointments;
    assert.ok(own.some((appointment: { reference: string }) => appointment.reference === reference));
  });

  it('streams an appointment event to a connected desk when a citizen books', async () => {
    let booking: ReturnType<typeof book> | undefined;
    const received = firstDeskEvent(suite.app, cookie, 'appointment', () => {
      booking = book(suite.app, { slot: '2026-11-27T11:00:00.000Z', phone: phone() });
    });
    const data = JSON.parse((await received).data);
    assert.equal((await booking)!.statusCode, 201);
    assert.equal(data.state, 'booked');
    assert.match(data.reference, /^VA-/);
    assert.ok(data.id);
  });
});
