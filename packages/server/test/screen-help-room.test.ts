import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, CallClient, callsTestEnv, RefusedError, RTP_CAPABILITIES, signIn } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';
import { seedCallback } from './screen-help-fixtures.js';

describe("a callback's screen-help room", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let anna: string;
  let carla: string;
  let bernat: string;

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: callsTestEnv(database), reminderScheduler: false });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    anna = await signIn(app, ALPHA_AGENT);
    carla = await signIn(app, ALPHA_PLAIN_AGENT);
    bernat = await signIn(app, BETA_AGENT);
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  const citizen = (room: string, token: string) => CallClient.open(`${base}/api/calls/${room}/ws?token=${encodeURIComponent(token)}`);
  const agent = (room: string, cookie = anna, query = '') => CallClient.open(`${base}/api/calls/${room}/ws${query}`, { cookie });
  const post = (url: string, payload?: object, cookie?: string) => app.inject({ method: 'POST', url, ...(payload && { payload }), ...(cookie && { headers: { cookie } }) });

  async function refusal(open: Promise<CallClient>): Promise<number> {
    const error = await open.then(
      () => assert.fail('the socket opened'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RefusedError, String(error));
    return error.status;
  }

  /** A callback Anna is calling, its screen help opened by the citizen (not yet consented). */
  async function opened(agentEmail = ALPHA_AGENT.email, cookie = anna) {
    const room = await seedCallback(app, 'alpha', { agentEmail, email: null });
    const started = (await post(`/api/desk/callbacks/${room}/screen-help`, undefined, cookie)).json();
    const response = await post('/api/councils/alpha/screen-help/open', { code: started.code, session: started.session });
    assert.equal(response.statusCode, 200, response.body);
    return { room, token: response.json().token as string };
  }

  async function sharing() {
    const session = await opened();
    assert.equal((await post('/api/councils/alpha/screen-help/consent', { token: session.token, share: 'screen' })).statusCode, 200);
    return session;
  }

  it('refuses the citizen before consent, and lets them in at once after it, their joining logged', async () => {
    const { room, token } = await opened();
    assert.equal(await refusal(citizen(room, token)), 403);
    await post('/api/councils/alpha/screen-help/consent', { token, share: 'screen' });
    const desk = await agent(room);
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    const home = await citizen(room, token);
    const joined = await home.call('join', { displayName: 'Pere', rtpCapabilities: RTP_CAPABILITIES });
    assert.equal(joined.admitted, true);
    assert.deepEqual(joined.peers.map((peer) => peer.role), ['agent']);
    assert.equal((await desk.next('peerJoined')).peer.role, 'citizen');
    const events = (await app.evidence.list(room)).filter((event) => event.type.startsWith('call.'));
    assert.deepEqual(events.map((event) => [event.type, event.actor, event.data]), [['call.joined', 'citizen', { role: 'citizen' }]]);
    await home.close();
    await desk.close();
  });

  it('carries the agent’s pointing to the citizen, and refuses it from the citizen', async () => {
    const { room, token } = await sharing();
    const desk = await agent(room);
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    const home = await citizen(room, token);
    await home.call('join', { displayName: 'Pere', rtpCapabilities: RTP_CAPABILITIES });
    const points = [{ x: 0.25, y: 0.5 }, { x: 0.3, y: 0.55 }];
    assert.deepEqual(await desk.call('point', { points }), {});
    const pointer = await home.next('pointer');
    assert.deepEqual(pointer.points, points);
    assert.ok(!Number.isNaN(Date.parse(pointer.at)));
    const fromCitizen = await home.request('point', { points });
    assert.equal(fromCitizen.ok ? null : fromCitizen.error.code, 'FIN_ERR_CALL_FORBIDDEN');
    const outside = await desk.request('point', { points: [{ x: 1.5, y: 0 }] });
    assert.equal(outside.ok ? null : outside.error.code, 'FIN_ERR_CALL_INVALID_DATA');
    for (const [method, data] of [['invite', { role: 'interpreter' }], ['requestDocument', { document: 'dni' }]] as const) {
      const refused = await desk.request(method, data);
      assert.equal(refused.ok ? null : refused.error.code, 'FIN_ERR_CALL_FORBIDDEN', method);
    }
    await home.close();
    await desk.close();
  });

  it('ends the room with screenHelpEnded when the session ends, and lets the citizen in no more', async () => {
    const { room, token } = await sharing();
    const desk = await agent(room);
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    const home = await citizen(room, token);
    await home.call('join', { displayName: 'Pere', rtpCapabilities: RTP_CAPABILITIES });
    assert.equal((await post(`/api/desk/callbacks/${room}/screen-help/end`, undefined, anna)).statusCode, 200);
    assert.deepEqual(await home.next('callEnded'), { reason: 'screenHelpEnded' });
    assert.deepEqual(await desk.next('callEnded'), { reason: 'screenHelpEnded' });
    await Promise.all([home.closed, desk.closed]);
    assert.ok([401, 409].includes(await refusal(citizen(room, token))));
    const ended = (await app.evidence.list(room)).find((event) => event.type === 'call.ended');
    assert.deepEqual(ended?.data, { reason: 'screenHelpEnded' });
    const state = await app.db.selectFrom('cases').select('state').where('id', '=', room).executeTakeFirstOrThrow();
    assert.equal(state.state, 'in_progress', 'the callback has no lifecycle of the call’s');
  });

  it('ends the room when the citizen stops sharing', async () => {
    const { room, token } = await sharing();
    const home = await citizen(room, token);
    await home.call('join', { displayName: 'Pere', rtpCapabilities: RTP_CAPABILITIES });
    const desk = await agent(room);
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    await post('/api/councils/alpha/screen-help/end', { token });
    assert.deepEqual(await desk.next('callEnded'), { reason: 'screenHelpEnded' });
    await desk.closed;
  });

  it('refuses an agent of another council, another agent of the council, and a token of another callback', async () => {
    const { room } = await sharing();
    const other = await sharing();
    assert.equal(await refusal(agent(room, bernat)), 404);
    assert.equal(await refusal(agent(room, carla)), 409);
    assert.equal(await refusal(citizen(room, other.token)), 404);
    assert.equal(await refusal(citizen(room, 'forged')), 401);
    // A supervisor sits in on a callback they are not calling.
    const carlas = await opened(ALPHA_PLAIN_AGENT.email, carla);
    const supervisor = await agent(carlas.room, anna, '?as=supervisor');
    await supervisor.close();
  });
});

/** The SFU's worker, built offline (scripts/mediasoup-worker.mjs); without it only signaling is tested here. */
const WORKER = process.env.MEDIASOUP_WORKER_BIN ?? path.join(homedir(), '.cache/finestreta/mediasoup-worker-3.12.16/mediasoup-worker');

describe("a callback's screen-help room with the media server", { skip: !existsSync(WORKER) && 'no mediasoup worker built' }, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: { ...callsTestEnv(database), MEDIASOUP_WORKER_BIN: WORKER }, reminderScheduler: false });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  it("routes the citizen's shared screen to the agent through the SFU", async () => {
    const cookie = await signIn(app, ALPHA_AGENT);
    const room = await seedCallback(app, 'alpha', { agentEmail: ALPHA_AGENT.email, email: null });
    const started = (await app.inject({ method: 'POST', url: `/api/desk/callbacks/${room}/screen-help`, headers: { cookie } })).json();
    const { token } = (await app.inject({ method: 'POST', url: '/api/councils/alpha/screen-help/open', payload: { code: started.code } })).json();
    await app.inject({ method: 'POST', url: '/api/councils/alpha/screen-help/consent', payload: { token, share: 'screen' } });

    const desk = await CallClient.open(`${base}/api/calls/${room}/ws`, { cookie });
    const rtpCapabilities = await desk.call('getRouterRtpCapabilities');
    await desk.call('join', { displayName: 'Anna', rtpCapabilities });
    await desk.call('createWebRtcTransport', { direction: 'recv' });
    const home = await CallClient.open(`${base}/api/calls/${room}/ws?token=${encodeURIComponent(token)}`);
    await home.call('join', { displayName: 'Pere', rtpCapabilities });
    const send = await home.call('createWebRtcTransport', { direction: 'send' });
    const rtpParameters = {
      mid: '0',
      codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [] }],
      headerExtensions: [],
      encodings: [{ ssrc: 22222222 }],
      rtcp: { cname: 'screen-help' },
    };
    const produced = await home.call('produce', { transportId: send.id, kind: 'video', rtpParameters, appData: { source: 'screen' } });
    const announced = await desk.next('newProducer');
    assert.deepEqual([announced.producerId, announced.kind, announced.source], [produced.id, 'video', 'screen']);
    const consumed = await desk.call('consume', { producerId: produced.id });
    assert.equal(consumed.source, 'screen');
    await home.close();
    await desk.close();
  });
});
