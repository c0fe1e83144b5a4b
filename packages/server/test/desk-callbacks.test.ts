import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { outbox } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, firstDeskEvent, signIn, TWO_COUNCILS_FILE, useTestApp } from './helpers.js';

let keys = 0;

function book(app: FastifyInstance, phone: string, slot: string, council = 'demo', topic = 'online-help', email?: string) {
  return app.inject({
    method: 'POST',
    url: `/api/councils/${council}/callbacks`,
    headers: { 'idempotency-key': `desk-${++keys}` },
    payload: { topic, slot, name: 'Pere Vila', phone, ...(email && { email }), description: 'Certificat digital', consent: true, language: 'ca', website: '' },
  });
}

describe('the desk callback queue', () => {
  let cookie: string;
  let now = new Date('2026-11-23T07:00:00Z');

  const suite = useTestApp({ now: () => now });
  before(async () => {
    await suite.app.agents.create({ councilId: 'demo', email: 'jordi@demo.finestreta.cat', name: 'Jordi Roca', passwordHash: (await suite.app.agents.findByEmail('agent@demo.finestreta.cat'))!.passwordHash, now });
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  /** Moves the clock, days if need be, and signs in again: a session lasts hours. */
  const at = async (iso: string | Date) => {
    now = new Date(iso);
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  };
  const desk = (method: 'GET' | 'POST', url: string, payload?: object, as = cookie) =>
    suite.app.inject({ method, url, headers: { cookie: as }, ...(payload && { payload }) });
  const idOf = async (reference: string) =>
    (await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  it('lists open callbacks ordered by slot, with filters by state, topic and day', async () => {
    await book(suite.app, '611000001', '2026-11-25T09:00:00.000Z', 'demo', 'padro');
    await book(suite.app, '611000002', '2026-11-24T09:00:00.000Z');
    await book(suite.app, '611000003', '2026-11-24T08:00:00.000Z');
    const all = (await desk('GET', '/api/desk/callbacks')).json().callbacks;
    assert.deepEqual(all.map((callback: { slot: { start: string } }) => callback.slot.start), [
      '2026-11-24T08:00:00.000Z',
      '2026-11-24T09:00:00.000Z',
      '2026-11-25T09:00:00.000Z',
    ]);
    const first = all[0];
    assert.equal(first.phone, '+34611000003');
    assert.equal(first.state, 'requested');
    assert.deepEqual(first.topic, { id: 'online-help', name: 'Ajuda amb un tràmit en línia' });
    assert.equal(first.maxAttempts, 3);
    assert.equal(first.assignedAgent, null);

    const byTopic = (await desk('GET', '/api/desk/callbacks?topic=padro')).json().callbacks;
    assert.deepEqual(byTopic.map((callback: { phone: string }) => callback.phone), ['+34611000001']);
    const byDay = (await desk('GET', '/api/desk/callbacks?day=2026-11-24')).json().callbacks;
    assert.equal(byDay.length, 2);
    const completed = (await desk('GET', '/api/desk/callbacks?state=completed')).json().callbacks;
    assert.equal(completed.length, 0);
    assert.equal((await suite.app.inject('/api/desk/callbacks')).statusCode, 401);
  });

  it('lets one agent claim a callback and answers the second 409 FIN_ERR_CALLBACK_ALREADY_CLAIMED', async () => {
    const created = await book(suite.app, '611000004', '2026-11-26T09:00:00.000Z');
    const id = await idOf(created.json().reference);
    const other = await signIn(suite.app, 'jordi@demo.finestreta.cat', 'finestreta-demo');
    const [a, b] = await Promise.all([desk('POST', `/api/desk/callbacks/${id}/claim`), desk('POST', `/api/desk/callbacks/${id}/claim`, undefined, other)]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(statuses, [200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    assert.equal(loser.json().code, 'FIN_ERR_CALLBACK_ALREADY_CLAIMED');
    const winner = a.statusCode === 200 ? a : b;
    assert.equal(winner.json().state, 'assigned');
    assert.ok(winner.json().assignedAgent.name);
  });

  it('completes a reached callback, with a note and a survey invitation whose page opens', async () => {
    const created = await book(suite.app, '611000005', '2026-11-26T10:00:00.000Z');
    const id = await idOf(created.json().reference);
    await at('2026-11-26T10:05:00Z');
    const started = await desk('POST', `/api/desk/callbacks/${id}/start`);
    assert.equal(started.json().state, 'in_progress');
    const done = await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'reached', note: 'Tràmit enviat' });
    assert.equal(done.statusCode, 200);
    const body = done.json();
    assert.equal(body.state, 'completed');
    assert.deepEqual(body.notes.map((note: { agent: string; text: string }) => [note.agent, note.text]), [['Laia Puig', 'Tràmit enviat']]);
    assert.match(body.surveyUrl, /^http:\/\/localhost(:\d+)?\/survey\?council=demo&token=[\w-]{43}$/);
    const invitations = await suite.app.db.selectFrom('survey_invitations').selectAll().where('case_id', '=', id).execute();
    assert.equal(invitations.length, 1);
    assert.equal(invitations[0]!.expires_at, new Date(now.getTime() + 30 * 86_400_000).toISOString());
    const survey = new URL(body.surveyUrl);
    const page = await suite.app.inject(`${survey.pathname}${survey.search}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<satisfaction-survey api="" council="demo" token="[\w-]{43}" lang="ca">/);
    assert.equal((await suite.app.inject('/survey?council=demo&token=forged')).statusCode, 404);

    const evidence = (await desk('GET', `/api/desk/cases/${id}/evidence`)).json();
    assert.equal(evidence.valid, true);
    assert.deepEqual(evidence.events.map((event: { type: string }) => event.type), [
      'callback.requested',
      'callback.started',
      'callback.completed',
      'survey.invited',
    ]);
    evidence.events.slice(1).forEach((event: { prevHash: string }, i: number) => assert.equal(event.prevHash, evidence.events[i].hash));
    const late = await desk('POST', `/api/desk/callbacks/${id}/claim`);
    assert.equal(late.statusCode, 409);
    await at('2026-11-23T07:00:00Z');
  });

  it('re-queues an unanswered call at a later slot, and fails it after three attempts', async () => {
    const created = await book(suite.app, '611000006', '2026-11-23T08:00:00.000Z');
    const id = await idOf(created.json().reference);
    now = new Date('2026-11-23T08:05:00Z');
    let last = created.json().slot.start as string;
    for (const attempt of [1, 2]) {
      await desk('POST', `/api/desk/callbacks/${id}/start`);
      const response = await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'no_answer' });
      const body = response.json();
      assert.equal(body.state, 'retry');
      assert.equal(body.attempts, attempt);
      assert.equal(body.assignedAgent, null);
      assert.ok(Date.parse(body.slot.start) >= now.getTime() + 60 * 60_000, 'at least retryDelayMinutes later');
      assert.ok(body.slot.start > last);
      last = body.slot.start;
      // The agent calls again when the new slot comes.
      now = new Date(Date.parse(last) + 5 * 60_000);
    }
    await desk('POST', `/api/desk/callbacks/${id}/start`);
    const failed = (await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'no_answer' })).json();
    assert.equal(failed.state, 'failed');
    assert.equal(failed.attempts, 3);
    now = new Date('2026-11-23T07:00:00Z');
  });

  it('calls only from the agreed time: refused before it, a retry later still, the citizen told, the survey naming the day of the call', async () => {
    const slot = '2026-11-26T11:00:00.000Z';
    const created = await book(suite.app, '611000010', slot, 'demo', 'online-help', 'pere@example.cat');
    assert.equal(created.statusCode, 201, created.body);
    const id = await idOf(created.json().reference);
    const queued = (await desk('GET', '/api/desk/callbacks')).json().callbacks.find((callback: { id: string }) => callback.id === id);
    assert.equal(queued.callableFrom, slot);

    // Days before the window: neither a call nor what came of one.
    await at('2026-11-24T09:00:00Z');
    for (const [url, body] of [[`/api/desk/callbacks/${id}/start`, undefined], [`/api/desk/callbacks/${id}/outcome`, { outcome: 'no_answer' }]] as const) {
      const early = await desk('POST', url, body);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'FIN_ERR_CALLBACK_NOT_DUE');
    }
    const untouched = (await desk('GET', `/api/desk/cases/${id}/evidence`)).json().events.map((event: { type: string }) => event.type);
    assert.deepEqual(untouched, ['callback.requested']);

    // In the window, no answer: the next call is after the agreed start, and after the delay.
    await at('2026-11-26T11:10:00Z');
    assert.equal((await desk('POST', `/api/desk/callbacks/${id}/start`)).statusCode, 200);
    const retry = (await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'no_answer' })).json();
    assert.equal(retry.state, 'retry');
    assert.ok(retry.slot.start >= slot && Date.parse(retry.slot.start) >= now.getTime() + 60 * 60_000);
    assert.equal(retry.callableFrom, retry.slot.start, 'the new time is the earliest call');
    const told = (await outbox(suite.database)).filter((mail) => mail.to === 'pere@example.cat' && mail.subject.startsWith('Us tornarem a trucar'));
    assert.equal(told.length, 1, 'the citizen is told of the next call');
    assert.match(told[0]!.text, /Us hem trucat el dijous, 26 de novembre del? 2026, a les 12:10 i no us hem pogut localitzar/);
    assert.ok(told[0]!.text.includes(created.json().reference));
    assert.match(told[0]!.text, /Nova franja de la trucada/);

    const tooSoon = await desk('POST', `/api/desk/callbacks/${id}/start`);
    assert.equal(tooSoon.json().code, 'FIN_ERR_CALLBACK_NOT_DUE');

    // Reached on the retry, a day later: the survey names that day, not the slot it was given.
    await at(new Date(Date.parse(retry.slot.start) + 26 * 3_600_000));
    await desk('POST', `/api/desk/callbacks/${id}/start`);
    const done = (await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'reached' })).json();
    assert.equal(done.state, 'completed');
    const day = new Intl.DateTimeFormat('ca', { timeZone: 'Europe/Madrid', dateStyle: 'long' }).format(now);
    await suite.app.surveys.mailDue(new Date(now.getTime() + 30 * 60_000));
    const survey = (await outbox(suite.database)).find((mail) => mail.to === 'pere@example.cat' && mail.text.includes('/survey?'));
    assert.ok(survey);
    assert.ok(survey.text.includes(day), `the survey names ${day}`);
    const page = new URL(done.surveyUrl);
    const opened = (await suite.app.inject(`/api/councils/demo/surveys/mine?token=${page.searchParams.get('token')}`)).json();
    assert.equal(opened.serviceDate, now.toISOString());
    await at('2026-11-23T07:00:00Z');
  });

  it('fails a wrong number at once', async () => {
    const created = await book(suite.app, '611000007', '2026-11-27T09:00:00.000Z');
    const id = await idOf(created.json().reference);
    await at('2026-11-27T09:10:00Z');
    const response = await desk('POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'wrong_number' });
    assert.equal(response.json().state, 'failed');
    await at('2026-11-23T07:00:00Z');
    const notes = await desk('POST', `/api/desk/callbacks/${id}/notes`, { text: 'Número d’una empresa' });
    assert.equal(notes.json().notes.length, 1);
  });

  it('detects a tampered evidence log', async () => {
    const created = await book(suite.app, '611000008', '2026-11-27T10:00:00.000Z');
    const id = await idOf(created.json().reference);
    await desk('POST', `/api/desk/callbacks/${id}/claim`);
    assert.equal((await desk('GET', `/api/desk/cases/${id}/evidence`)).json().valid, true);
    await suite.app.db.updateTable('evidence_events').set({ data: '{"topic":"padro"}' }).where('case_id', '=', id).where('seq', '=', 1).execute();
    assert.equal((await desk('GET', `/api/desk/cases/${id}/evidence`)).json().valid, false);
  });

  it('streams an event to a connected desk when a citizen books', async () => {
    const received = await firstDeskEvent(suite.app, cookie, 'callback', () => void book(suite.app, '611000009', '2026-11-27T11:00:00.000Z'));
    assert.match(String(received.contentType), /text\/event-stream/);
    const data = JSON.parse(received.data);
    assert.equal(data.state, 'requested');
    assert.match(data.reference, /^CB-/);
    assert.ok(data.id);
  });
});

describe('the desk of another council', () => {
  it('cannot see, claim or read the evidence of a callback of council A: 404', async () => {
    const database = await createTestDatabase();
    // Alpha opens on Mondays 09:00–14:00; Monday 23 November 2026 at 08:00 in Madrid.
    const app = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => new Date('2026-11-23T07:00:00Z') });
    try {
      const created = await book(app, '611000010', 'asap', 'alpha');
      assert.equal(created.statusCode, 201, created.body);
      const { id } = await app.db.selectFrom('cases').select('id').where('reference', '=', created.json().reference).executeTakeFirstOrThrow();
      const bernat = await signIn(app, 'bernat@beta.example', 'beta-password-12');
      const claim = await app.inject({ method: 'POST', url: `/api/desk/callbacks/${id}/claim`, headers: { cookie: bernat } });
      assert.equal(claim.statusCode, 404);
      assert.equal(claim.json().code, 'FIN_ERR_CALLBACK_NOT_FOUND');
      const evidence = await app.inject({ url: `/api/desk/cases/${id}/evidence`, headers: { cookie: bernat } });
      assert.equal(evidence.statusCode, 404);
      const list = await app.inject({ url: '/api/desk/callbacks', headers: { cookie: bernat } });
      assert.deepEqual(list.json().callbacks, []);
      const anna = await signIn(app, 'anna@alpha.example', 'alpha-password-1');
      const own = await app.inject({ url: '/api/desk/callbacks', headers: { cookie: anna } });
      assert.equal(own.json().callbacks.length, 1);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
