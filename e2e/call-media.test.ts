/**
 * The media path of a video appointment, with real WebRTC: citizen and agent in two headless
 * Chromium contexts with fake devices join through the server's mediasoup, the citizen from the
 * waiting room, each decodes the other, both consent, the server records for a few seconds, and
 * the stored recording decodes with ffmpeg, lasts that long and hashes to the evidence log's hash.
 * The page is a bare client (support/call-page.ts); the widgets' own call UI has its own tests.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureMediasoupWorker } from '../scripts/mediasoup-worker.mjs';
import { seedAppointment } from '../packages/server/test/call-fixtures.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

const RECORD_SECONDS = 6;
const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

async function bundleCallPage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./support/call-page.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return `<!doctype html><html lang="en"><title>call</title><body><script>${result.outputFiles[0]!.text}</script></body></html>`;
}

/** Reads from the page until `holds` is true of what it read. */
async function until<T>(page: Page, read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('a video appointment through the SFU', () => {
  let server: RunningServer;
  let browser: Browser;
  let keyDir: string;
  let site: StaticServer;
  const contexts: BrowserContext[] = [];

  before(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'fin-e2e-key-'));
    server = await startServer({ MEDIASOUP_WORKER_BIN: ensureMediasoupWorker(), MASTER_KEY_FILE: join(keyDir, 'master.key'), MEDIA_WORKERS: '1' });
    browser = await launchChromium(MEDIA_FLAGS);
    // Served from loopback like the server: Chromium blocks a page it did not fetch from a local
    // address (Local Network Access) from opening sockets to one.
    site = await serveStatic({ pages: { '/call-test': await bundleCallPage() } });
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
    await server?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  async function openPage(cookie?: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone'], { origin: site.url });
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    const page = await context.newPage();
    // Another port of 127.0.0.1 is the same site, so the desk's SameSite cookie goes with the socket.
    await page.goto(`${site.url}/call-test`);
    return page;
  }

  it('admits the citizen, carries both ways, records both parties and stores a recording whose hash is in the evidence log', async (t) => {
    const appointment = await seedAppointment(server.app, 'demo');
    const login = await fetch(`${server.url}/api/desk/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@demo.finestreta.cat', password: 'finestreta-demo' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ws = server.url.replace(/^http/, 'ws');

    const agent = await openPage(cookie);
    const citizen = await openPage();
    await agent.evaluate((url) => window.call.connect(url, 'Laia Puig'), `${ws}/api/calls/${appointment.id}/ws`);
    const waiting = agent.evaluate(() => window.call.next('waitingRoomChanged'));
    const joined = await citizen.evaluate((url) => window.call.connect(url, 'Marta Soler'), `${ws}/api/calls/${appointment.id}/ws?token=${appointment.token}`);
    assert.equal(joined.admitted, false);
    assert.deepEqual((await waiting).waiting.map((w) => w.peerId), [joined.peerId]);

    await agent.evaluate(() => window.call.startMedia([]));
    const admitted = citizen.evaluate(() => window.call.waitAdmitted());
    await agent.evaluate((peerId) => window.call.admit(peerId), joined.peerId);
    const { peers } = await admitted;
    await citizen.evaluate((producers) => window.call.startMedia(producers), peers.flatMap((p) => p.producers));

    const citizenSees = await until(citizen, () => citizen.evaluate(() => window.call.stats()), (s) => s.framesDecoded > 0 && s.audioPackets > 0, "the citizen decoding the agent's media");
    const agentSees = await until(agent, () => agent.evaluate(() => window.call.stats()), (s) => s.framesDecoded > 0 && s.audioPackets > 0, "the agent decoding the citizen's media");
    assert.ok(citizenSees.remoteTracks.every((t) => t.peerId !== joined.peerId), 'the citizen receives only the agent');
    assert.ok(agentSees.remoteTracks.every((t) => t.peerId === joined.peerId), 'the agent receives the citizen');
    assert.deepEqual(agentSees.remoteTracks.map((t) => t.kind).sort(), ['audio', 'video']);
    t.diagnostic(`admission → first remote frame at the citizen: ${citizenSees.joinToFirstFrameMs?.toFixed(0)} ms`);

    const started = citizen.evaluate(() => window.call.next('recordingStarted'));
    await citizen.evaluate(() => window.call.consent(true));
    await agent.evaluate(() => window.call.consent(true));
    await started;
    await agent.waitForTimeout(RECORD_SECONDS * 1000);
    const stopped = citizen.evaluate(() => window.call.next('recordingStopped'));
    const ended = citizen.evaluate(() => window.call.next('callEnded'));
    await agent.evaluate(() => window.call.hangUp());
    const recording = await stopped;
    assert.deepEqual(await ended, { reason: 'agentHungUp' });

    const stored = (await server.app.evidence.list(appointment.id)).find((event) => event.type === 'call.recording_stored');
    assert.equal(stored?.data.sha256, recording.sha256);
    const caseRow = await server.app.db.selectFrom('cases').select('state').where('id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(caseRow.state, 'completed');

    const download = await fetch(`${server.url}/api/desk/appointments/${appointment.id}/recordings/${recording.recordingId}`, { headers: { cookie } });
    assert.equal(download.status, 200);
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.equal(sha256(bytes), recording.sha256, 'the recording played back is the one whose hash was logged');
    const file = join(keyDir, 'recording.webm');
    writeFileSync(file, bytes);

    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    const info = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string }>; format: { duration: string } };
    assert.deepEqual(info.streams.map((s) => s.codec_name).sort(), ['opus', 'opus', 'vp8', 'vp8'], 'audio and video of both parties');
    const duration = Number(info.format.duration);
    assert.ok(Math.abs(duration - RECORD_SECONDS) < 2, `lasts about ${RECORD_SECONDS} s: ${duration} s`);
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0', '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(decode.status, 0, decode.stderr);
    t.diagnostic(`recording: ${duration.toFixed(2)} s, ${bytes.length} bytes`);
  });
});
