import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { encryptFile, loadMasterKey } from '../src/shared/crypto-at-rest.js';
import {
  ALPHA_AGENT,
  BETA_AGENT,
  CallClient,
  callsTestEnv,
  RefusedError,
  RTP_CAPABILITIES,
  seedAppointment,
  signIn,
  TWO_PARTY_LAYOUTS,
  twoPartyWebm,
} from './call-fixtures.js';
import { removeLeftovers } from '../src/modules/calls/views.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

describe('video call signaling', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let alphaCookie: string;
  let betaCookie: string;

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      env: callsTestEnv(database),
      reminderScheduler: false,
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    base = address.replace(/^http/, 'ws');
    alphaCookie = await signIn(app, ALPHA_AGENT);
    betaCookie = await signIn(app, BETA_AGENT);
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  const citizen = (id: string, token: string) => CallClient.open(`${base}/api/calls/${id}/ws?token=${encodeURIComponent(token)}`);
  const agent = (id: string, cookie = alphaCookie) => CallClient.open(`${base}/api/calls/${id}/ws`, { cookie });

  async function refusal(open: Promise<CallClient>): Promise<number> {
    const error = await open.then(
      () => assert.fail('the socket opened'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RefusedError, String(error));
    return error.status;
  }

  async function evidenceTypes(caseId: string): Promise<string[]> {
    return (await app.evidence.list(caseId)).map((event) => event.type);
  }

  async function caseState(caseId: string): Promise<string> {
    const row = await app.db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirstOrThrow();
    return row.state;
  }

  /** Citizen and agent both in the call, the citizen admitted from the waiting room. */
  async function inCall(council: 'alpha' | 'beta' = 'alpha') {
    const appointment = await seedAppointment(app, council);
    const desk = await agent(appointment.id, council === 'alpha' ? alphaCookie : betaCookie);
    await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
    const home = await citizen(appointment.id, appointment.token);
    const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
    await desk.call('admit', { peerId: joined.peerId });
    await home.next('admitted');
    return { appointment, desk, home, citizenPeerId: joined.peerId };
  }

  describe('when someone opens a room', () => {
    it('refuses a citizen whose token is for another appointment', async () => {
      const a = await seedAppointment(app, 'alpha');
      const b = await seedAppointment(app, 'alpha');
      assert.equal(await refusal(citizen(b.id, a.token)), 404);
    });

    it('refuses an unknown token and a socket without any credentials', async () => {
      const a = await seedAppointment(app, 'alpha');
      assert.equal(await refusal(citizen(a.id, 'not-a-token')), 401);
      assert.equal(await refusal(CallClient.open(`${base}/api/calls/${a.id}/ws`)), 401);
    });

    it("lets a calendar file's link into its own call, and no other", async () => {
      const a = await seedAppointment(app, 'alpha');
      const b = await seedAppointment(app, 'alpha');
      const now = app.now();
      const calendar = await app.tokens.grantCalendar(app.db, { caseId: a.id, token: a.token, expiresAt: new Date(now.getTime() + 86_400_000), now });
      assert.equal(await refusal(citizen(b.id, calendar)), 404);
      const home = await citizen(a.id, calendar);
      const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
      assert.ok(joined.peerId);
      await home.close();
    });

    it("refuses an agent of another council, as if the appointment did not exist", async () => {
      const a = await seedAppointment(app, 'alpha');
      assert.equal(await refusal(agent(a.id, betaCookie)), 404);
    });

    it('lets the citizen into their own room and the agent into their council’s', async () => {
      const a = await seedAppointment(app, 'alpha');
      const home = await citizen(a.id, a.token);
      const desk = await agent(a.id);
      await home.close();
      await desk.close();
    });
  });

  describe('when a client sends something the protocol does not have', () => {
    it('answers an unknown method, bad data, non-JSON and out-of-turn requests with errors', async () => {
      const a = await seedAppointment(app, 'alpha');
      const home = await citizen(a.id, a.token);
      const unknown = await home.send({ method: 'deleteEverything', data: {} });
      assert.deepEqual(unknown.ok ? null : unknown.error.code, 'FIN_ERR_CALL_UNKNOWN_METHOD');
      const inherited = await home.send({ method: 'toString', data: {} });
      assert.equal(inherited.ok ? null : inherited.error.code, 'FIN_ERR_CALL_UNKNOWN_METHOD');
      const early = await home.request('createWebRtcTransport', { direction: 'send' });
      assert.equal(early.ok ? null : early.error.code, 'FIN_ERR_CALL_NOT_JOINED');
      const invalid = await home.request('join', { displayName: '', rtpCapabilities: RTP_CAPABILITIES });
      assert.equal(invalid.ok ? null : invalid.error.code, 'FIN_ERR_CALL_INVALID_DATA');
      const garbage = await home.sendRaw('{not json');
      assert.equal(garbage.id, null);
      assert.equal(garbage.ok ? null : garbage.error.code, 'FIN_ERR_CALL_BAD_MESSAGE');
      await home.close();
    });
  });

  describe('when the media server cannot start', () => {
    it('answers media requests with an error the client can show, and keeps signaling up', async () => {
      const a = await seedAppointment(app, 'alpha');
      const desk = await agent(a.id);
      const capabilities = await desk.request('getRouterRtpCapabilities');
      assert.equal(capabilities.ok ? null : capabilities.error.code, 'FIN_ERR_CALL_MEDIA_UNAVAILABLE');
      assert.equal((await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES })).admitted, true);
      await desk.close();
    });
  });

  describe('when the citizen arrives before being admitted', () => {
    it('keeps them in the waiting room, tells the agent, and admits them into the call', async () => {
      const a = await seedAppointment(app, 'alpha');
      const desk = await agent(a.id);
      const deskJoined = await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
      assert.equal(deskJoined.admitted, true);
      assert.deepEqual(deskJoined.waiting, []);

      const home = await citizen(a.id, a.token);
      const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES, device: { name: 'chrome', flag: 'mobile' } });
      assert.equal(joined.admitted, false);
      assert.deepEqual(joined.peers, [], 'a waiting citizen sees nobody');
      const waiting = await desk.next('waitingRoomChanged');
      assert.deepEqual(waiting.waiting.map((w) => [w.peerId, w.role, w.displayName, w.device?.flag]), [[joined.peerId, 'citizen', 'Marta', 'mobile']]);

      const media = await home.request('createWebRtcTransport', { direction: 'recv' });
      assert.equal(media.ok ? null : media.error.code, 'FIN_ERR_CALL_NOT_ADMITTED', 'no media before admission');
      const selfAdmit = await home.request('admit', { peerId: joined.peerId });
      assert.equal(selfAdmit.ok ? null : selfAdmit.error.code, 'FIN_ERR_CALL_NOT_ADMITTED');
      assert.equal(await caseState(a.id), 'booked');

      await desk.call('admit', { peerId: joined.peerId });
      const admitted = await home.next('admitted');
      assert.deepEqual(admitted.peers.map((p) => [p.peerId, p.role]), [[deskJoined.peerId, 'agent']]);
      assert.equal((await desk.next('peerJoined')).peer.peerId, joined.peerId);
      assert.deepEqual((await desk.next('waitingRoomChanged')).waiting, []);
      assert.equal(await caseState(a.id), 'in_call');
      assert.ok((await evidenceTypes(a.id)).includes('call.admitted'));

      await home.close();
      assert.deepEqual(await desk.next('peerLeft'), { peerId: joined.peerId });
      await desk.close();
    });

    it('shows the agent who is already waiting when the agent joins after the citizen', async () => {
      const a = await seedAppointment(app, 'alpha');
      const home = await citizen(a.id, a.token);
      const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
      const desk = await agent(a.id);
      const deskJoined = await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
      assert.deepEqual(deskJoined.waiting.map((w) => w.peerId), [joined.peerId]);
      await home.close();
      assert.deepEqual((await desk.next('waitingRoomChanged')).waiting, [], 'leaving the waiting room is shown too');
      await desk.close();
    });

    it('lets only the agent admit and invite', async () => {
      const { appointment, desk, home } = await inCall();
      const invite = await home.request('invite', { role: 'interpreter' });
      assert.equal(invite.ok ? null : invite.error.code, 'FIN_ERR_CALL_FORBIDDEN');
      const { url } = await desk.call('invite', { role: 'interpreter' });
      const token = new URL(url).searchParams.get('invite')!;
      assert.equal(new URL(url).searchParams.get('call'), appointment.id);

      const other = await seedAppointment(app, 'alpha');
      assert.equal(await refusal(CallClient.open(`${base}/api/calls/${other.id}/ws?invite=${token}`)), 404, 'an invitation opens only its own call');
      const interpreter = await CallClient.open(`${base}/api/calls/${appointment.id}/ws?invite=${token}`);
      const joined = await interpreter.call('join', { displayName: 'Intèrpret', rtpCapabilities: RTP_CAPABILITIES });
      assert.equal(joined.role, 'interpreter');
      assert.equal(joined.admitted, false, 'an invitee waits for the agent too');
      await desk.call('admit', { peerId: joined.peerId });
      assert.equal((await interpreter.next('admitted')).peers.length, 2);
      assert.equal((await home.next('peerJoined')).peer.role, 'interpreter');
      const consent = await interpreter.request('consent', { accept: true });
      assert.equal(consent.ok ? null : consent.error.code, 'FIN_ERR_CALL_FORBIDDEN', 'only citizen and agent answer for the recording');
      await Promise.all([interpreter.close(), home.close(), desk.close()]);
    });
  });

  describe('when the agent asks for a document during the call', () => {
    it("tells the citizen which one, named in their language, and logs it; only the agent asks, and only for what the procedure expects", async () => {
      const { appointment, desk, home } = await inCall();
      const asked = await desk.call('requestDocument', { document: 'habitatge' });
      assert.deepEqual(asked, { document: { id: 'habitatge', name: 'Contracte de lloguer' } });
      assert.deepEqual(await home.next('documentRequested'), { document: { id: 'habitatge', name: 'Contracte de lloguer' } });
      assert.ok((await evidenceTypes(appointment.id)).includes('call.document_requested'));

      const unknown = await desk.request('requestDocument', { document: 'passport' });
      assert.equal(unknown.ok ? null : unknown.error.code, 'FIN_ERR_CALL_NOT_FOUND');
      const byCitizen = await home.request('requestDocument', { document: 'dni' });
      assert.equal(byCitizen.ok ? null : byCitizen.error.code, 'FIN_ERR_CALL_FORBIDDEN');
      await Promise.all([home.close(), desk.close()]);
    });
  });

  describe('consent to record', () => {
    it('records nothing while only one side has said yes', async () => {
      const { appointment, desk, home } = await inCall();
      const state = await home.call('consent', { accept: true });
      assert.deepEqual(state, { citizen: true, agent: null, required: false, recording: 'pending' });
      assert.deepEqual(await desk.next('consentChanged'), state);
      const types = await evidenceTypes(appointment.id);
      assert.ok(types.includes('call.recording_consent'));
      assert.ok(!types.includes('call.recording_started'));
      await Promise.all([home.close(), desk.close()]);
    });

    it('logs a refusal and goes on unrecorded when the council allows it', async () => {
      const { appointment, desk, home } = await inCall('alpha');
      await home.call('consent', { accept: true });
      const state = await desk.call('consent', { accept: false });
      assert.equal(state.recording, 'refused');
      assert.equal((await home.next('consentChanged')).agent, null);
      assert.deepEqual(await home.next('consentChanged'), state);
      const refused = (await app.evidence.list(appointment.id)).find((event) => event.type === 'call.recording_refused');
      assert.deepEqual(refused?.data, { role: 'agent', required: false });
      assert.ok(refused?.actor.startsWith('agent:'));
      const again = await desk.request('consent', { accept: true });
      assert.equal(again.ok ? null : again.error.code, 'FIN_ERR_CALL_FORBIDDEN', 'an answer is final');
      assert.deepEqual(await desk.call('invite', { role: 'supervisor' }).then(() => 'still in the call'), 'still in the call');
      const recordings = await app.db.selectFrom('recordings').select('id').where('case_id', '=', appointment.id).execute();
      assert.deepEqual(recordings, []);
      await Promise.all([home.close(), desk.close()]);
    });

    it('ends the call with the reason when the council requires a recording', async () => {
      const { appointment, desk, home } = await inCall('beta');
      await home.call('consent', { accept: false });
      assert.deepEqual(await home.next('callEnded'), { reason: 'recordingRefused' });
      assert.deepEqual(await desk.next('callEnded'), { reason: 'recordingRefused' });
      await Promise.all([home.closed, desk.closed]);
      const types = await evidenceTypes(appointment.id);
      assert.ok(types.includes('call.recording_refused'));
      assert.equal(types.at(-1), 'call.ended');
    });
  });

  describe('when the agent hangs up', () => {
    it('ends the call for everyone, completes the appointment and closes the room for good', async () => {
      const { appointment, desk, home } = await inCall();
      await desk.call('hangUp');
      assert.deepEqual(await home.next('callEnded'), { reason: 'agentHungUp' });
      await Promise.all([home.closed, desk.closed]);
      assert.equal(await caseState(appointment.id), 'completed');
      const ended = (await app.evidence.list(appointment.id)).at(-1)!;
      assert.equal(ended.type, 'call.ended');
      assert.deepEqual(ended.data, { reason: 'agentHungUp' });
      assert.equal(await refusal(citizen(appointment.id, appointment.token)), 409);
      assert.equal((await app.evidence.verify(appointment.id)).valid, true);
    });
  });

  /** Seals `content` as a recording of the case, the way a call stores one; returns its id and sealed path. */
  async function storeRecording(caseId: string, content: Buffer, tracks: string[] | null) {
    const id = randomUUID();
    const dir = path.join(database.env.DATA_DIR!, 'recordings');
    await mkdir(dir, { recursive: true });
    const plain = path.join(dir, `${id}.webm`);
    await writeFile(plain, content);
    await encryptFile(await loadMasterKey(app.config.masterKeyFile), plain, `${plain}.enc`);
    await rm(plain);
    await app.db
      .insertInto('recordings')
      .values({
        id,
        case_id: caseId,
        file: path.join('recordings', `${id}.webm.enc`),
        content_type: 'video/webm',
        sha256: createHash('sha256').update(content).digest('hex'),
        bytes: content.length,
        started_at: new Date().toISOString(),
        stopped_at: new Date().toISOString(),
        tracks: tracks && JSON.stringify(tracks),
      })
      .execute();
    return { id, sealed: `${plain}.enc` };
  }

  describe('GET /api/desk/appointments/:id/recordings/:recordingId', () => {
    it("streams the decrypted recording to the council's agents and is a 404 for anyone else", async () => {
      const a = await seedAppointment(app, 'alpha');
      const content = Buffer.from('not really a webm file, but bytes all the same');
      const { id } = await storeRecording(a.id, content, null);
      const url = `/api/desk/appointments/${a.id}/recordings/${id}`;
      const mine = await app.inject({ url, headers: { cookie: alphaCookie } });
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['content-type'], 'video/webm');
      assert.deepEqual(mine.rawPayload, content);
      const theirs = await app.inject({ url, headers: { cookie: betaCookie } });
      assert.equal(theirs.statusCode, 404);
      assert.equal(theirs.json().code, 'FIN_ERR_RECORDING_NOT_FOUND');
      assert.equal((await app.inject({ url })).statusCode, 401);

      // A player seeking asks for a range, and gets exactly those bytes.
      const part = await app.inject({ url, headers: { cookie: alphaCookie, range: 'bytes=4-20' } });
      assert.equal(part.statusCode, 206);
      assert.equal(part.headers['content-range'], `bytes 4-20/${content.length}`);
      assert.deepEqual(part.rawPayload, content.subarray(4, 21));
      const tail = await app.inject({ url, headers: { cookie: alphaCookie, range: 'bytes=-5' } });
      assert.deepEqual(tail.rawPayload, content.subarray(-5));
      const outside = await app.inject({ url, headers: { cookie: alphaCookie, range: `bytes=${content.length + 10}-` } });
      assert.equal(outside.statusCode, 416);
      assert.equal(outside.json().code, 'FIN_ERR_RANGE_INVALID');
      assert.equal(outside.headers['content-range'], `bytes */${content.length}`);
    });

    it('refuses a seek into a part of the recording altered on disk, and still plays the parts that were not', async () => {
      const a = await seedAppointment(app, 'alpha');
      const content = randomBytes(3 * 64 * 1024);
      const { id, sealed } = await storeRecording(a.id, content, null);
      const bytes = await readFile(sealed);
      // A bit of the second 64 KiB chunk (after the 20-byte header and the first chunk with its tag).
      bytes[20 + 64 * 1024 + 16 + 500]! ^= 0x01;
      await writeFile(sealed, bytes);
      const url = `/api/desk/appointments/${a.id}/recordings/${id}`;
      const seek = await app.inject({ url, headers: { cookie: alphaCookie, range: `bytes=${64 * 1024 + 100}-${64 * 1024 + 200}` } });
      assert.equal(seek.statusCode, 500);
      assert.equal(seek.json().code, 'FIN_ERR_RECORDING_DAMAGED');
      const start = await app.inject({ url, headers: { cookie: alphaCookie, range: 'bytes=0-99' } });
      assert.equal(start.statusCode, 206);
      assert.deepEqual(start.rawPayload, content.subarray(0, 100));
    });
  });
  describe('GET /api/desk/appointments/:id/recordings/:recordingId/parties/:party', () => {
    const layouts = TWO_PARTY_LAYOUTS;
    let call: Buffer;

    before(async () => {
      call = await twoPartyWebm(app.config.calls.ffmpegBin, path.join(database.env.DATA_DIR!, 'two-parties.webm'));
    });

    /** The streams of a WebM served to the desk, as ffprobe reads them. */
    async function streamsOf(webm: Buffer) {
      const file = path.join(database.env.DATA_DIR!, `${randomUUID()}.webm`);
      await writeFile(file, webm);
      const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:stream_tags=title:format=duration', '-of', 'json', file], { encoding: 'utf8' });
      assert.equal(probe.status, 0, probe.stderr);
      const info = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string; tags: { title?: string } }>; format: { duration: string } };
      return { streams: info.streams.map((stream) => `${stream.tags.title} ${stream.codec_name}`), duration: Number(info.format.duration) };
    }

    it("plays each party's camera and microphone on their own, seekable, and lists whose they are", async () => {
      const a = await seedAppointment(app, 'alpha');
      const { id } = await storeRecording(a.id, call, layouts);
      const detail = await app.inject({ url: `/api/desk/appointments/${a.id}`, headers: { cookie: alphaCookie } });
      assert.deepEqual(
        detail.json().recordings.map((r: { id: string; parties: string[] }) => [r.id, r.parties]),
        [[id, ['citizen', 'agent']]],
      );

      for (const [party, audio, video] of [['citizen', 0, 1], ['agent', 2, 3]] as const) {
        const url = `/api/desk/appointments/${a.id}/recordings/${id}/parties/${party}`;
        // Twice at once: both wait for the one copy.
        const [view, again] = await Promise.all([0, 1].map(() => app.inject({ url, headers: { cookie: alphaCookie } })));
        assert.equal(view!.statusCode, 200, view!.body);
        assert.equal(view!.headers['content-type'], 'video/webm');
        assert.deepEqual(again!.rawPayload, view!.rawPayload);
        const { streams, duration } = await streamsOf(view!.rawPayload);
        assert.deepEqual(streams, [`${layouts[audio]} opus`, `${layouts[video]} vp8`]);
        assert.ok(Math.abs(duration - 2) < 0.5, `lasts the call's 2 s: ${duration}`);

        const part = await app.inject({ url, headers: { cookie: alphaCookie, range: 'bytes=10-99' } });
        assert.equal(part.statusCode, 206);
        assert.equal(part.headers['content-range'], `bytes 10-99/${view!.rawPayload.length}`);
        assert.deepEqual(part.rawPayload, view!.rawPayload.subarray(10, 100));
      }

      const url = `/api/desk/appointments/${a.id}/recordings/${id}/parties`;
      assert.equal((await app.inject({ url: `${url}/citizen`, headers: { cookie: betaCookie } })).json().code, 'FIN_ERR_RECORDING_NOT_FOUND');
      assert.equal((await app.inject({ url: `${url}/citizen` })).statusCode, 401);
      const nobody = await app.inject({ url: `${url}/neighbour`, headers: { cookie: alphaCookie } });
      assert.equal(nobody.statusCode, 400);
      assert.equal(nobody.json().code, 'FIN_ERR_VALIDATION');
    });

    it('is a 404 for a party the recording does not hold, and for recordings stored before tracks were kept', async () => {
      const a = await seedAppointment(app, 'alpha');
      const screen = await storeRecording(a.id, call, ['citizen:screen:video']);
      const old = await storeRecording(a.id, call, null);
      const parties = (await app.inject({ url: `/api/desk/appointments/${a.id}`, headers: { cookie: alphaCookie } })).json().recordings.map((r: { parties: string[] }) => r.parties);
      assert.deepEqual(parties.sort(), [[], ['citizen']]);
      for (const { id } of [screen, old]) {
        const agentSide = await app.inject({ url: `/api/desk/appointments/${a.id}/recordings/${id}/parties/agent`, headers: { cookie: alphaCookie } });
        assert.equal(agentSide.statusCode, 404);
        assert.equal(agentSide.json().code, 'FIN_ERR_RECORDING_PARTY_NOT_FOUND');
      }
    });

    it('refuses to copy out of a recording that does not match its seal, at its start or its end, and keeps no copy', async () => {
      for (const at of [30, -100]) {
        const a = await seedAppointment(app, 'alpha');
        const { id, sealed } = await storeRecording(a.id, call, layouts);
        const bytes = await readFile(sealed);
        bytes[at < 0 ? bytes.length + at : at]! ^= 0xff;
        await writeFile(sealed, bytes);
        const view = await app.inject({ url: `/api/desk/appointments/${a.id}/recordings/${id}/parties/citizen`, headers: { cookie: alphaCookie } });
        assert.equal(view.statusCode, 500, `byte ${at}`);
        assert.equal(view.json().code, 'FIN_ERR_RECORDING_DAMAGED', `byte ${at}`);
        const left = (await readdir(path.dirname(sealed))).filter((name) => name.startsWith(id));
        assert.deepEqual(left, [`${id}.webm.enc`]);
      }
    });
  });
});

describe('the recordings directory after a crash', () => {
  it('loses the plaintext and half-made files a crash left, and keeps sealed recordings and anything still being written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fin-recordings-'));
    try {
      const id = randomUUID();
      const now = new Date();
      const old = new Date(now.getTime() - 7 * 60 * 60 * 1000);
      const files = {
        [`${id}.webm.enc`]: old,
        [`${id}.citizen.webm.enc`]: old,
        [`${id}.agent.webm.enc`]: old,
        [`${id}.webm`]: old,
        [`${id}.webm.sdp`]: old,
        [`${id}.joined.webm.txt`]: old,
        [`${id}.citizen.webm.enc.${randomUUID()}.whole.webm`]: old,
        [`${id}.agent.webm.enc.${randomUUID()}.enc`]: old,
        [`${randomUUID()}.webm`]: now,
      };
      for (const [name, at] of Object.entries(files)) {
        await writeFile(path.join(dir, name), 'x');
        await utimes(path.join(dir, name), at, at);
      }
      const removed = await removeLeftovers(dir, now, 6 * 60 * 60 * 1000);
      assert.equal(removed.length, 5);
      const left = (await readdir(dir)).sort();
      assert.deepEqual(left, [`${id}.agent.webm.enc`, `${id}.citizen.webm.enc`, `${id}.webm.enc`, Object.keys(files).at(-1)!].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
