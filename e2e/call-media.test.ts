/**
 * The media path of a video appointment, with real WebRTC: citizen and agent in two headless
 * Chromium contexts with fake devices join through the server's mediasoup, the citizen from the
 * waiting room, each decodes the other, both consent, the server records for a few seconds, and
 * the stored recording decodes with ffmpeg, lasts that long and hashes to the evidence log's hash,
 * and the desk plays each party's sound and picture from players kept together.
 * A citizen's link opens no other call, and a refused recording records nothing while the call
 * goes on.
 * The page is a bare client (support/call-page.ts); the widgets' own call UI has its own tests.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { plaintextWebm, seedAppointment } from '../packages/server/test/call-fixtures.ts';
import { CallHarness } from './support/call-harness.ts';
import { checkedParty, checkedRecordings } from './support/recording.ts';

const RECORD_SECONDS = 6;

describe('a video appointment through the SFU', () => {
  const harness = new CallHarness();

  before(() => harness.start());
  after(() => harness.close());

  it('admits the citizen, carries both ways, records both parties, stores a recording whose hash is in the evidence log, and the desk plays it back', async (t) => {
    const { appointment, agent, citizen, citizenPeerId, cookie } = await harness.pair();
    const { server, keyDir } = harness;

    const citizenSees = await harness.decoding(citizen, "the citizen decoding the agent's media");
    const agentSees = await harness.decoding(agent, "the agent decoding the citizen's media");
    assert.ok(citizenSees.remoteTracks.every((t) => t.peerId !== citizenPeerId), 'the citizen receives only the agent');
    assert.ok(agentSees.remoteTracks.every((t) => t.peerId === citizenPeerId), 'the agent receives the citizen');
    assert.deepEqual(agentSees.remoteTracks.map((t) => t.kind).sort(), ['audio', 'video']);
    t.diagnostic(`admission → first remote frame at the citizen: ${citizenSees.joinToFirstFrameMs?.toFixed(0)} ms`);

    const started = citizen.evaluate(() => window.call.next('recordingStarted'));
    await citizen.evaluate(() => window.call.consent(true));
    await agent.evaluate(() => window.call.consent(true));
    await started;
    // The recording is sealed as it is written: no plaintext WebM in DATA_DIR at any moment of it.
    const plaintext: string[] = [];
    for (let second = 0; second < RECORD_SECONDS; second++) {
      plaintext.push(...(await plaintextWebm(server.app.config.dataDir)));
      await agent.waitForTimeout(1000);
    }
    assert.deepEqual(plaintext, [], 'no plaintext media at rest while recording');
    const stopped = citizen.evaluate(() => window.call.next('recordingStopped'));
    const ended = citizen.evaluate(() => window.call.next('callEnded'));
    await agent.evaluate(() => window.call.hangUp());
    const recording = await stopped;
    assert.deepEqual(await ended, { reason: 'agentHungUp' });

    const caseRow = await server.app.db.selectFrom('cases').select('state').where('id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(caseRow.state, 'completed');

    const [stored, ...more] = await checkedRecordings(server, appointment.id, cookie, keyDir);
    assert.equal(more.length, 0, 'one recording for a call whose tracks never changed');
    assert.equal(stored!.id, recording.recordingId);
    assert.equal(stored!.sha256, recording.sha256);
    assert.deepEqual(stored!.codecs, ['opus', 'opus', 'vp8', 'vp8'], 'audio and video of both parties');
    assert.ok(Math.abs(stored!.duration - RECORD_SECONDS) < 2, `lasts about ${RECORD_SECONDS} s: ${stored!.duration} s`);
    t.diagnostic(`recording: ${stored!.duration.toFixed(2)} s, ${stored!.bytes} bytes`);

    // Each party on their own, as the desk's players get them: that party's microphone and camera, the whole call long.
    for (const party of ['citizen', 'agent']) {
      const view = await checkedParty(server, appointment.id, stored!.id, party, cookie, keyDir);
      assert.deepEqual(view.streams, [`${party}:microphone:audio opus`, `${party}:camera:video vp8`]);
      assert.ok(Math.abs(view.duration - stored!.duration) < 0.5, `the ${party}'s part lasts the recording's ${stored!.duration} s: ${view.duration} s`);
    }

    // The agent plays it back in the desk, from the appointment's details: one player per party, played together.
    const { reference } = (await (await fetch(`${server.url}/api/desk/appointments/${appointment.id}`, { headers: { cookie } })).json()) as { reference: string };
    const desk = agent.locator('agent-desk');
    await agent.goto(`${server.url}/desk?lang=ca`);
    await desk.getByRole('tab', { name: 'Cites' }).click();
    await desk.getByRole('button', { name: `Obre ${reference}` }).first().click();
    const players = desk.locator('video[part~="recording-player"]');
    assert.deepEqual(await players.evaluateAll((videos) => videos.map((video) => video.getAttribute('aria-label')!.split(': ')[1])), ['Ciutadà o ciutadana', 'Agent']);
    const durations = await players.evaluateAll((videos: HTMLVideoElement[]) =>
      Promise.all(
        videos.map((video) => new Promise<number>((resolve) => (video.readyState >= 1 ? resolve(video.duration) : video.addEventListener('loadedmetadata', () => resolve(video.duration))))),
      ),
    );
    for (const played of durations) assert.ok(Math.abs(played - RECORD_SECONDS) < 2, `the desk's player reads about ${RECORD_SECONDS} s: ${played} s`);
    // Play the citizen's player, as the agent would: both play, and each decodes its party's sound and picture.
    await players.first().evaluate((video: HTMLVideoElement) => video.play());
    const playing = await players.evaluateAll(async (videos: HTMLVideoElement[]) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      type Counted = HTMLVideoElement & { webkitAudioDecodedByteCount: number; webkitVideoDecodedByteCount: number };
      return videos.map((video) => ({
        paused: video.paused,
        time: video.currentTime,
        audio: (video as Counted).webkitAudioDecodedByteCount,
        video: (video as Counted).webkitVideoDecodedByteCount,
      }));
    });
    t.diagnostic(`desk players after 2 s: ${JSON.stringify(playing)}`);
    for (const [index, player] of playing.entries()) {
      assert.equal(player.paused, false, `player ${index} plays`);
      assert.ok(player.audio > 0 && player.video > 0, `player ${index} decodes its party's sound and picture`);
    }
    assert.ok(Math.abs(playing[0]!.time - playing[1]!.time) < 0.5, 'the two players play together');
  });

  it("lets a citizen's link into their own call only", async () => {
    const mine = await seedAppointment(harness.server.app, 'demo');
    const theirs = await seedAppointment(harness.server.app, 'demo');
    const ws = harness.server.url.replace(/^http/, 'ws');
    const page = await harness.openPage();
    const refused = await page.evaluate(
      (url) => window.call.connect(url, 'Marta Soler').then(() => 'joined', (error: Error) => error.message),
      `${ws}/api/calls/${theirs.id}/ws?token=${mine.token}`,
    );
    assert.equal(refused, 'the socket did not open');
    const joined = await page.evaluate((url) => window.call.connect(url, 'Marta Soler'), `${ws}/api/calls/${mine.id}/ws?token=${mine.token}`);
    assert.equal(joined.role, 'citizen');
  });

  it('records nothing when the citizen refuses, logs the refusal, and the call goes on where the council allows it', async () => {
    const { appointment, agent, citizen, cookie } = await harness.pair();
    const { server, keyDir } = harness;
    await harness.decoding(citizen, "the citizen decoding the agent's media");
    const refused = agent.evaluate(() => window.call.next('consentChanged'));
    await citizen.evaluate(() => window.call.consent(false));
    assert.equal((await refused).recording, 'refused');
    await agent.evaluate(() => window.call.consent(true));
    await agent.waitForTimeout(3000);
    // Still talking: the agent keeps decoding new frames from the citizen.
    const before = (await agent.evaluate(() => window.call.stats())).framesDecoded;
    await agent.waitForTimeout(1000);
    assert.ok((await agent.evaluate(() => window.call.stats())).framesDecoded > before, 'the call goes on');
    const ended = citizen.evaluate(() => window.call.next('callEnded'));
    await agent.evaluate(() => window.call.hangUp());
    assert.deepEqual(await ended, { reason: 'agentHungUp' });

    const types = (await server.app.evidence.list(appointment.id)).map((event) => event.type);
    assert.ok(types.includes('call.recording_refused'));
    assert.ok(!types.includes('call.recording_started'));
    assert.deepEqual(await checkedRecordings(server, appointment.id, cookie, keyDir), [], 'nothing recorded');
  });
});
