import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../src/shared/password.js';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, CallClient, callsTestEnv, RefusedError, RTP_CAPABILITIES, seedAppointment, signIn as signInAgent } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, firstDeskEvent, signIn, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

/** Alpha opens on Mondays 09:00–14:00; Monday 23 November 2026 at 08:00 in Madrid. */
const NOW = new Date('2026-11-23T07:00:00Z');
const PASSWORD = 'alpha-password-2';

interface Callback {
  id: string;
  reference: string;
  state: string;
  assignedAgent: { id: string; name: string } | null;
}

describe("a supervisor and the agents' callback queues", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const ids = { anna: '', andreu: '', sara: '', dora: '', bernat: '' };
  const cookies = { anna: '', andreu: '', sara: '', bernat: '' };
  let phones = 0;

  const book = async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/councils/alpha/callbacks',
      headers: { 'idempotency-key': randomUUID() },
      payload: { topic: 'online-help', slot: 'asap', name: 'Pere Vila', phone: `61100${String(++phones).padStart(4, '0')}`, consent: true, language: 'ca', website: '' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return (await app.db.selectFrom('cases').select('id').where('reference', '=', response.json().reference).executeTakeFirstOrThrow()).id;
  };
  const desk = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
  const queue = async (cookie: string, query = '') => {
    const response = await desk(cookie, 'GET', `/api/desk/callbacks${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().callbacks as Callback[]).map((callback) => callback.id);
  };
  const assign = (cookie: string, id: string, agent: string | null) => desk(cookie, 'POST', `/api/desk/callbacks/${id}/assign`, { agent });

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => NOW });
    const passwordHash = await hashPassword(PASSWORD);
    ids.andreu = (await app.agents.create({ councilId: 'alpha', email: 'andreu@alpha.example', name: 'Andreu Alfa', passwordHash, now: NOW })).id;
    ids.sara = (await app.agents.create({ councilId: 'alpha', email: 'sara@alpha.example', name: 'Sara Alfa', passwordHash, role: 'supervisor', now: NOW })).id;
    ids.dora = (await app.agents.create({ councilId: 'alpha', email: 'dora@alpha.example', name: 'Dora Alfa', passwordHash, now: NOW })).id;
    await app.db.updateTable('agents').set({ disabled_at: NOW.toISOString() }).where('id', '=', ids.dora).execute();
    ids.anna = (await app.agents.findByEmail('anna@alpha.example'))!.id;
    ids.bernat = (await app.agents.findByEmail('bernat@beta.example'))!.id;
    cookies.anna = await signIn(app, 'anna@alpha.example', 'alpha-password-1');
    cookies.andreu = await signIn(app, 'andreu@alpha.example', PASSWORD);
    cookies.sara = await signIn(app, 'sara@alpha.example', PASSWORD);
    cookies.bernat = await signIn(app, 'bernat@beta.example', 'beta-password-12');
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it("shows an agent what nobody has and their own, a supervisor everyone's, filtered by agent of their council", async () => {
    const annas = await book();
    const free = await book();
    assert.equal((await desk(cookies.anna, 'POST', `/api/desk/callbacks/${annas}/claim`)).statusCode, 200);

    assert.deepEqual(await queue(cookies.andreu), [free]);
    assert.deepEqual(new Set(await queue(cookies.anna)), new Set([annas, free]));
    assert.deepEqual(new Set(await queue(cookies.sara)), new Set([annas, free]));
    assert.deepEqual(await queue(cookies.sara, `?agent=${ids.anna}`), [annas]);
    assert.deepEqual(await queue(cookies.sara, `?agent=${ids.andreu}`), []);

    const asked = await desk(cookies.anna, 'GET', `/api/desk/callbacks?agent=${ids.andreu}`);
    assert.equal(asked.statusCode, 403);
    assert.equal(asked.json().code, 'FIN_ERR_ROLE_FORBIDDEN');
    for (const stranger of [ids.bernat, randomUUID()]) {
      const response = await desk(cookies.sara, 'GET', `/api/desk/callbacks?agent=${stranger}`);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'FIN_ERR_AGENT_NOT_FOUND');
    }
    assert.equal((await desk(cookies.sara, 'GET', `/api/desk/callbacks?agent=${'x'.repeat(65)}`)).statusCode, 400);
  });

  it("lists the council's enabled agents to its supervisors only", async () => {
    const team = await desk(cookies.sara, 'GET', '/api/desk/team');
    assert.equal(team.statusCode, 200);
    assert.deepEqual(
      team.json().agents.map((agent: { name: string; role: string }) => `${agent.name} ${agent.role}`),
      ['Andreu Alfa agent', 'Anna Alfa agent', 'Sara Alfa supervisor'],
    );
    assert.equal((await desk(cookies.anna, 'GET', '/api/desk/team')).statusCode, 403);
  });

  it('hands a callback from one agent to another, logged with both, and back to the queue', async () => {
    const id = await book();
    await desk(cookies.anna, 'POST', `/api/desk/callbacks/${id}/claim`);

    const moved = await assign(cookies.sara, id, ids.andreu);
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().state, 'assigned');
    assert.deepEqual(moved.json().assignedAgent, { id: ids.andreu, name: 'Andreu Alfa' });
    assert.ok((await queue(cookies.andreu)).includes(id));
    assert.ok(!(await queue(cookies.anna)).includes(id), "it left Anna's queue");
    const claimed = await desk(cookies.anna, 'POST', `/api/desk/callbacks/${id}/start`);
    assert.equal(claimed.json().code, 'FIN_ERR_CALLBACK_ALREADY_CLAIMED');

    const back = await assign(cookies.sara, id, null);
    assert.equal(back.json().state, 'requested');
    assert.equal(back.json().assignedAgent, null);
    // Asking again for what is already so changes nothing, and logs nothing.
    assert.equal((await assign(cookies.sara, id, null)).statusCode, 200);

    const evidence = (await desk(cookies.sara, 'GET', `/api/desk/cases/${id}/evidence`)).json();
    assert.equal(evidence.valid, true);
    const reassigned = evidence.events.filter((event: { type: string }) => event.type === 'callback.reassigned');
    assert.deepEqual(
      reassigned.map((event: { actor: string; data: object }) => [event.actor, event.data]),
      [
        [`agent:${ids.sara}`, { from: ids.anna, to: ids.andreu }],
        [`agent:${ids.sara}`, { from: ids.andreu, to: null }],
      ],
    );
  });

  it('refuses an agent, a disabled or foreign target, a call under way and a closed callback', async () => {
    const id = await book();
    const refused = await assign(cookies.anna, id, ids.anna);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'FIN_ERR_ROLE_FORBIDDEN');

    const answers = [];
    for (const target of [ids.dora, ids.bernat, randomUUID()]) {
      const response = await assign(cookies.sara, id, target);
      assert.equal(response.statusCode, 404);
      answers.push(response.json());
    }
    assert.deepEqual(answers, Array(3).fill({ statusCode: 404, code: 'FIN_ERR_AGENT_NOT_FOUND', message: 'No such agent in your council' }));

    const foreign = await assign(cookies.bernat, id, ids.bernat);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'FIN_ERR_CALLBACK_NOT_FOUND');

    assert.equal((await desk(cookies.anna, 'POST', `/api/desk/callbacks/${id}/start`)).statusCode, 200);
    const calling = await assign(cookies.sara, id, ids.andreu);
    assert.equal(calling.statusCode, 409);
    assert.equal(calling.json().code, 'FIN_ERR_CALLBACK_IN_PROGRESS');

    await desk(cookies.anna, 'POST', `/api/desk/callbacks/${id}/outcome`, { outcome: 'reached' });
    const done = await assign(cookies.sara, id, ids.andreu);
    assert.equal(done.statusCode, 409);
    assert.equal(done.json().code, 'FIN_ERR_CALLBACK_CLOSED');
    const types = (await desk(cookies.sara, 'GET', `/api/desk/cases/${id}/evidence`)).json().events.map((event: { type: string }) => event.type);
    assert.ok(!types.includes('callback.reassigned'));
  });

  it("tells the new agent's desk at once", async () => {
    const id = await book();
    const received = await firstDeskEvent(app, cookies.andreu, 'callback', () => void assign(cookies.sara, id, ids.andreu));
    const data = JSON.parse(received.data);
    assert.equal(data.id, id);
    assert.equal(data.state, 'assigned');
  });
});

describe('a supervisor joining a call from the desk', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const cookies = { anna: '', carla: '', bernat: '' };

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: callsTestEnv(database), reminderScheduler: false });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    cookies.anna = await signInAgent(app, ALPHA_AGENT);
    cookies.carla = await signInAgent(app, ALPHA_PLAIN_AGENT);
    cookies.bernat = await signInAgent(app, BETA_AGENT);
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  const open = (id: string, cookie: string, query = '') => CallClient.open(`${base}/api/calls/${id}/ws${query}`, { cookie });
  const refusal = async (opening: Promise<CallClient>) => {
    const error = await opening.then(
      () => assert.fail('the socket opened'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RefusedError, String(error));
    return error.status;
  };
  const join = (client: CallClient, displayName: string) => client.call('join', { displayName, rtpCapabilities: RTP_CAPABILITIES });

  it('refuses an agent who is not a supervisor (403), another council’s supervisor (404), and a made-up role (400)', async () => {
    const appointment = await seedAppointment(app, 'alpha');
    assert.equal(await refusal(open(appointment.id, cookies.carla, '?as=supervisor')), 403);
    assert.equal(await refusal(open(appointment.id, cookies.bernat, '?as=supervisor')), 404);
    assert.equal(await refusal(open(appointment.id, cookies.anna, '?as=administrator')), 400);
    assert.equal(await refusal(CallClient.open(`${base}/api/calls/${appointment.id}/ws?as=supervisor`)), 401);
    assert.equal(await refusal(CallClient.open(`${base}/api/calls/${appointment.id}/ws?as=supervisor&token=${encodeURIComponent(appointment.token)}`)), 400);
  });

  it('lets them in at once as a third party whom agent and citizen see, logged as they come and go', async () => {
    const appointment = await seedAppointment(app, 'alpha');
    const desk = await open(appointment.id, cookies.carla);
    const deskJoined = await join(desk, 'Carla');
    assert.equal(deskJoined.role, 'agent');
    const home = await CallClient.open(`${base}/api/calls/${appointment.id}/ws?token=${encodeURIComponent(appointment.token)}`);
    const citizen = await join(home, 'Marta');
    await desk.call('admit', { peerId: citizen.peerId });
    await home.next('admitted');
    assert.equal((await desk.next('peerJoined')).peer.role, 'citizen');

    const supervisor = await open(appointment.id, cookies.anna, '?as=supervisor');
    const joined = await join(supervisor, 'Anna');
    assert.equal(joined.role, 'supervisor');
    assert.equal(joined.admitted, true, 'nobody has to let a supervisor in');
    assert.deepEqual(new Set(joined.peers.map((peer) => peer.role)), new Set(['agent', 'citizen']));
    assert.deepEqual([(await desk.next('peerJoined')).peer.role, (await home.next('peerJoined')).peer.role], ['supervisor', 'supervisor']);

    const admit = await supervisor.request('admit', { peerId: citizen.peerId });
    assert.equal(admit.ok ? null : admit.error.code, 'FIN_ERR_CALL_FORBIDDEN', 'the call stays the agent’s to run');

    await supervisor.call('hangUp');
    assert.equal((await home.next('peerLeft')).peerId, joined.peerId);
    assert.equal((await desk.next('peerLeft')).peerId, joined.peerId);
    const anna = (await app.agents.findByEmail(ALPHA_AGENT.email))!.id;
    await waitForEvent(app, appointment.id, 'call.left');
    const events = (await app.evidence.list(appointment.id)).filter((event) => event.type === 'call.joined' || event.type === 'call.left');
    assert.deepEqual(
      events.map((event) => [event.type, event.actor, event.data]),
      [
        ['call.joined', `agent:${anna}`, { role: 'supervisor' }],
        ['call.left', `agent:${anna}`, { role: 'supervisor' }],
      ],
    );
    const state = await app.db.selectFrom('cases').select('state').where('id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(state.state, 'in_call', 'the call goes on without them');
    await Promise.all([home.close(), desk.close()]);
  });

  it('keeps a supervisor who opens the call without asking in the role of agent', async () => {
    const appointment = await seedAppointment(app, 'alpha');
    const desk = await open(appointment.id, cookies.anna);
    assert.equal((await join(desk, 'Anna')).role, 'agent');
    await desk.close();
  });
});

/** The leaving is logged after the socket closes: waits for the event rather than for a time. */
async function waitForEvent(app: FastifyInstance, caseId: string, type: string) {
  for (let tries = 0; tries < 100; tries += 1) {
    if ((await app.evidence.list(caseId)).some((event) => event.type === type)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`no ${type} logged`);
}
