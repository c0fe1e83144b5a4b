import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { mine } from './appointment-fixtures.js';
import { signIn, useTestApp } from './helpers.js';

const DEMO_AGENT = ['agent@demo.finestreta.cat', 'finestreta-demo'] as const;

describe("the desk's test appointment, in demo mode", () => {
  // Sunday 6 December 2026 at 23:30 in Madrid: a holiday, a Sunday and after hours.
  const now = new Date('2026-12-06T22:30:00Z');
  const suite = useTestApp({ now: () => now, reminderScheduler: false });
  let cookie: string;
  let keys = 0;
  before(async () => {
    cookie = await signIn(suite.app, ...DEMO_AGENT);
  });

  const tryNow = (payload: Record<string, unknown> = {}, headers: Record<string, string> = { cookie, 'idempotency-key': `try-${++keys}` }) =>
    suite.app.inject({ method: 'POST', url: '/api/desk/demo/appointments', headers, payload });
  const freeSlots = async () => (await suite.app.inject({ method: 'GET', url: '/api/councils/demo/appointments/slots?procedure=padro' })).json().slots;

  it("says what the test appointment is for, in the agent's language", async () => {
    const offer = await suite.app.inject({ method: 'GET', url: '/api/desk/demo?lang=en', headers: { cookie } });
    assert.equal(offer.statusCode, 200);
    assert.deepEqual(offer.json(), { demo: true, procedure: { id: 'padro', name: 'Registering on the municipal roll' } });
  });

  it('makes an appointment that starts now, outside opening hours, whose link enters the call at once', async () => {
    const before = await freeSlots();
    const created = await tryNow({ language: 'en' });
    assert.equal(created.statusCode, 201, created.body);
    const answer = created.json();
    assert.match(answer.reference, /^VA-/);
    assert.deepEqual(answer.procedure, { id: 'padro', name: 'Registering on the municipal roll' });
    assert.deepEqual(answer.slot, { start: now.toISOString(), end: '2026-12-06T23:00:00.000Z' });

    // The personal link is the citizen's page on this server, and opens an appointment they can join now.
    const link = new URL(answer.appointmentUrl);
    assert.equal(`${link.origin}${link.pathname}`, 'http://localhost/cita');
    assert.equal(link.searchParams.get('council'), 'demo');
    const token = link.searchParams.get('token')!;
    const page = (await suite.app.inject({ method: 'GET', url: `/api/councils/demo/appointments/mine?token=${encodeURIComponent(token)}` })).json();
    assert.equal(page.id, answer.id);
    assert.equal(page.state, 'booked');
    assert.equal(page.canJoin, true);
    assert.equal(page.name, 'Carmen Española Española');
    const checkedIn = await mine(suite.app, 'check-in', { token });
    assert.equal(checkedIn.json().state, 'checked_in');

    // The agent sees it in the day's agenda, with the specimen's DNI to check against.
    const agenda = (await suite.app.inject({ method: 'GET', url: '/api/desk/appointments?day=2026-12-06', headers: { cookie } })).json().appointments;
    const listed = agenda.find((appointment: { id: string }) => appointment.id === answer.id);
    assert.equal(listed.idDocument, '99999999R');
    assert.equal(listed.language, 'en');

    // It took no place from anyone: the council's free times are as they were.
    assert.deepEqual(await freeSlots(), before);
  });

  it('logs the booking as a demonstration made by the agent', async () => {
    const { id } = (await tryNow()).json();
    const log = (await suite.app.inject({ method: 'GET', url: `/api/desk/cases/${id}/evidence`, headers: { cookie } })).json();
    assert.equal(log.valid, true);
    const [booked] = log.events;
    assert.equal(booked.type, 'appointment.booked');
    assert.match(booked.actor, /^agent:/);
    assert.equal(booked.data.demo, true);
    assert.equal(booked.data.slots, 0);
    // Nobody accepted a privacy notice: the citizen is made up, so no consent is claimed.
    assert.equal(booked.data.consent, undefined);
    // Without a language the council's default is used.
    assert.equal(booked.data.language, 'ca');
  });

  it('answers a retry with the same appointment', async () => {
    const headers = { cookie, 'idempotency-key': 'try-again' };
    const first = (await tryNow({}, headers)).json();
    const again = await tryNow({}, headers);
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first);
  });

  it('is for signed-in agents only, and refuses a language the council does not speak', async () => {
    assert.equal((await tryNow({}, {})).statusCode, 401);
    assert.equal((await suite.app.inject({ method: 'GET', url: '/api/desk/demo' })).statusCode, 401);
    const bad = await tryNow({ language: 'fr' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().code, /^FIN_ERR_/);
  });
});

describe("the desk's test appointment, outside demo mode", () => {
  // The demo's own councils file, so the same agent signs in: only the mode differs.
  const suite = useTestApp({ reminderScheduler: false, env: { COUNCILS_FILE: DEMO_COUNCILS_FILE } });

  it('does not exist', async () => {
    assert.equal(suite.app.config.demo, false);
    const cookie = await signIn(suite.app, ...DEMO_AGENT);
    const offer = await suite.app.inject({ method: 'GET', url: '/api/desk/demo', headers: { cookie } });
    assert.equal(offer.statusCode, 404);
    assert.equal(offer.json().code, 'FIN_ERR_NOT_FOUND');
    const created = await suite.app.inject({ method: 'POST', url: '/api/desk/demo/appointments', headers: { cookie, 'idempotency-key': 'k' }, payload: {} });
    assert.equal(created.statusCode, 404);
    assert.equal(await suite.app.db.selectFrom('cases').select('id').executeTakeFirst(), undefined);
  });
});
