import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { LIVE_CALL_STALE_MS, LiveCallRegistry } from '../src/modules/calls/live.js';
import { ALPHA_AGENT, CallClient, callsTestEnv, RefusedError, RTP_CAPABILITIES, seedAppointment, signIn } from './call-fixtures.js';
import { procedureApi } from './procedure-fixtures.js';
import { buildTestApp, createTestDatabase, eventually, type TestDatabase } from './helpers.js';

/**
 * Several processes on one database: a call's room runs in the process its sockets reach, and
 * what the others do to the call's procedure reaches it through the database. Two apps built on
 * one database stand for two processes.
 */
describe('a call and the processes it does not run in', () => {
  let database: TestDatabase;
  /** The process hosting the room. */
  let host: FastifyInstance;
  /** Another process on the same database. */
  let other: FastifyInstance;
  const clock = new Date('2026-12-07T10:00:00Z');
  let base: string;
  let cookie: string;

  before(async () => {
    database = await createTestDatabase();
    const options = { env: callsTestEnv(database), reminderScheduler: false, now: () => clock };
    host = await buildTestApp(database, options);
    other = await buildTestApp(database, options);
    base = (await host.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    cookie = await signIn(host, ALPHA_AGENT);
  });

  after(async () => {
    await Promise.all([host.close(), other.close()]);
    await database.drop();
  });

  /** Agent and citizen in the call on the host, the citizen admitted. */
  async function inCall() {
    const booked = await seedAppointment(host, 'alpha');
    const desk = await CallClient.open(`${base}/api/calls/${booked.id}/ws`, { cookie });
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    const home = await CallClient.open(`${base}/api/calls/${booked.id}/ws?token=${encodeURIComponent(booked.token)}`);
    const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
    await desk.call('admit', { peerId: joined.peerId });
    await home.next('admitted');
    return { booked, desk, home };
  }

  const hosts = async (caseId: string) => (await host.db.selectFrom('live_calls').select('host').where('case_id', '=', caseId).execute()).map((row) => row.host);

  it('names the process hosting a room while it runs, and forgets it when the call ends', async () => {
    const { booked, desk, home } = await inCall();
    const [hosting] = await hosts(booked.id);
    assert.match(hosting ?? '', new RegExp(`:${process.pid}:[0-9a-f]{8}#\\d+$`), 'host name, pid, tag and room');
    assert.equal(await other.calls.position(booked.id), null, 'nothing is recorded');
    assert.deepEqual([host.calls.hosted(), other.calls.hosted()], [1, 0]);
    await desk.call('hangUp');
    await Promise.all([home.closed, desk.closed]);
    // The room forgets its row once it has closed, after the sockets.
    await eventually(() => hosts(booked.id), (rows) => rows.length === 0, 'the row forgotten');
  });

  it('lets an invitation into the call through another process, as after the one hosting it died, until the call ends', async () => {
    const { booked, desk, home } = await inCall();
    const { url } = await desk.call('invite', { role: 'interpreter' });
    const invite = new URL(url).searchParams.get('invite')!;
    const otherBase = (await other.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    const interpreter = await CallClient.open(`${otherBase}/api/calls/${booked.id}/ws?invite=${invite}`);
    const joined = await interpreter.call('join', { displayName: 'Jordi', rtpCapabilities: RTP_CAPABILITIES });
    assert.deepEqual([joined.role, joined.admitted], ['interpreter', false], 'in the waiting room of the room made for it there');
    interpreter.close();
    await desk.call('hangUp');
    await Promise.all([home.closed, desk.closed]);
    const knock = () =>
      CallClient.open(`${otherBase}/api/calls/${booked.id}/ws?invite=${invite}`).then(
        (client) => {
          client.close();
          return 101;
        },
        (error: unknown) => (error instanceof RefusedError ? error.status : 0),
      );
    await eventually(knock, (status) => status === 401, 'the invitation ended with the call');
  });

  const sqlite = (process.env.FIN_TEST_DB ?? 'sqlite') === 'sqlite';
  it('tells both sides of a procedure change made through another process', { skip: sqlite && 'SQLite serves one process: its notifications stay in it' }, async () => {
    const { booked, desk, home } = await inCall();
    const otherCookie = await signIn(other, ALPHA_AGENT);
    const response = await procedureApi(other, 'alpha', booked.id, otherCookie, booked.token).desk('POST', '/identity/consent', {});
    assert.equal(response.statusCode, 200, response.body);
    const { revision } = response.json<{ revision: number }>();
    assert.deepEqual([await home.next('procedureChanged'), await desk.next('procedureChanged')], [{ revision }, { revision }]);
    await desk.call('hangUp');
    await Promise.all([home.closed, desk.closed]);
  });
});

describe('where a call’s recording is, seen from another process', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = new Date('2026-12-07T10:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { reminderScheduler: false, now: () => clock });
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  it('gives the part being written and the time into it while its host renews the row, and nothing once it stops', async () => {
    const { id } = await seedAppointment(app, 'demo');
    const registry = new LiveCallRegistry(app.db, () => clock);
    const room = registry.newKey();
    await registry.opened(room, id);
    assert.equal(await app.calls.position(id), null, 'not recording yet');

    const startedAt = new Date(clock.getTime() + 1000);
    clock = new Date(startedAt.getTime() + 2500);
    await registry.recording(room, id, { id: 'part-1', startedAt });
    assert.deepEqual(await app.calls.position(id), { recordingPart: 'part-1', partStartedAt: startedAt.toISOString(), offsetMs: 2500 });

    clock = new Date(clock.getTime() + LIVE_CALL_STALE_MS - 1);
    assert.equal((await app.calls.position(id))?.recordingPart, 'part-1', 'the host renewed it just in time');
    await registry.beat([room]);
    clock = new Date(clock.getTime() + LIVE_CALL_STALE_MS + 1);
    assert.equal(await app.calls.position(id), null, 'a host silent this long died: its word is not taken');

    await registry.beat([room]);
    await registry.recording(room, id, null);
    assert.equal(await app.calls.position(id), null, 'the recording stopped');
  });

  it('lets a room that took over the case keep it when the room before ends', async () => {
    const { id } = await seedAppointment(app, 'demo');
    const crashed = new LiveCallRegistry(app.db, () => clock);
    const rejoined = new LiveCallRegistry(app.db, () => clock);
    const before = crashed.newKey();
    const after = rejoined.newKey();
    assert.notEqual(before.split('#')[0], after.split('#')[0], 'each process names itself');
    await crashed.opened(before, id);
    await rejoined.opened(after, id);
    await rejoined.recording(after, id, { id: 'part-2', startedAt: clock });
    await crashed.recording(before, id, { id: 'stale-part', startedAt: clock });
    await crashed.closed(before, id);
    assert.equal((await app.calls.position(id))?.recordingPart, 'part-2');
  });
});
