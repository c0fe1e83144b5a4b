/**
 * Real calls through the server's SFU for tests and benchmarks: the real server with a built
 * mediasoup worker, headless Chromium with fake devices, and the bare call client of
 * call-page.ts served from loopback. `pair()` brings a citizen and the agent into one call.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureMediasoupWorker } from '../../scripts/mediasoup-worker.mjs';
import { seedAppointment } from '../../packages/server/test/call-fixtures.ts';
import { launchChromium } from './browser.ts';
import type { P2pMessage } from './call-page.ts';
import { DEMO_AGENT } from './desk.ts';
import { startServer, type RunningServer } from './server.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

/** The bare call client (call-page.ts) bundled into one HTML page. */
export async function bundleCallPage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./call-page.ts', import.meta.url))],
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
export async function until<T>(page: Page, read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

export interface CallPair {
  appointment: { id: string; token: string };
  agent: Page;
  citizen: Page;
  citizenPeerId: string;
  /** The agent's desk session cookie, `name=value`. */
  cookie: string;
}

export class CallHarness {
  server!: RunningServer;
  keyDir!: string;
  private browser!: Browser;
  private site!: StaticServer;
  private readonly contexts: BrowserContext[] = [];

  async start(): Promise<void> {
    this.keyDir = mkdtempSync(join(tmpdir(), 'fin-call-key-'));
    this.server = await startServer({ MEDIASOUP_WORKER_BIN: ensureMediasoupWorker(), MASTER_KEY_FILE: join(this.keyDir, 'master.key'), MEDIA_WORKERS: '1' });
    this.browser = await launchChromium(MEDIA_FLAGS);
    // Served from loopback like the server: Chromium blocks a page it did not fetch from a local
    // address (Local Network Access) from opening sockets to one.
    this.site = await serveStatic({ pages: { '/call-test': await bundleCallPage() } });
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser?.close();
    await this.site?.close();
    await this.server?.close();
    if (this.keyDir) rmSync(this.keyDir, { recursive: true, force: true });
  }

  /** A browser page with the bare call client, signed in to the desk when given the session cookie. */
  async openPage(cookie?: string): Promise<Page> {
    const context = await this.browser.newContext();
    this.contexts.push(context);
    await context.grantPermissions(['camera', 'microphone'], { origin: this.site.url });
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: this.server.url }]);
    }
    const page = await context.newPage();
    // Another port of 127.0.0.1 is the same site, so the desk's SameSite cookie goes with the socket.
    await page.goto(`${this.site.url}/call-test`);
    return page;
  }

  /**
   * The agent joins, the citizen waits, the agent admits them and both send camera and microphone.
   * With `direct`, the two pages also connect to each other without the SFU from the moment of
   * admission, signalled through this process: the baseline that the SFU is measured against.
   */
  async pair({ direct = false } = {}): Promise<CallPair> {
    const appointment = await seedAppointment(this.server.app, 'demo');
    const login = await fetch(`${this.server.url}/api/desk/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_AGENT.email, password: DEMO_AGENT.password }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ws = this.server.url.replace(/^http/, 'ws');

    const agent = await this.openPage(cookie);
    const citizen = await this.openPage();
    if (direct) {
      await agent.exposeFunction('p2pSignal', (message: P2pMessage) => citizen.evaluate((m) => window.call.direct.receive(m), message));
      await citizen.exposeFunction('p2pSignal', (message: P2pMessage) => agent.evaluate((m) => window.call.direct.receive(m), message));
    }
    await agent.evaluate(([url, name]) => window.call.connect(url, name), [`${ws}/api/calls/${appointment.id}/ws`, DEMO_AGENT.name] as const);
    const waiting = agent.evaluate(() => window.call.next('waitingRoomChanged'));
    const joined = await citizen.evaluate((url) => window.call.connect(url, 'Marta Soler'), `${ws}/api/calls/${appointment.id}/ws?token=${appointment.token}`);
    assert.equal(joined.admitted, false);
    assert.deepEqual((await waiting).waiting.map((w) => w.peerId), [joined.peerId]);

    await agent.evaluate(() => window.call.startMedia([]));
    const admitted = citizen.evaluate(() => window.call.waitAdmitted());
    await agent.evaluate((peerId) => window.call.admit(peerId), joined.peerId);
    const { peers } = await admitted;
    await Promise.all([
      citizen.evaluate((producers) => window.call.startMedia(producers), peers.flatMap((p) => p.producers)),
      direct && agent.evaluate(() => window.call.direct.call()),
    ]);
    return { appointment, agent, citizen, citizenPeerId: joined.peerId, cookie };
  }

  /** Waits until the page decodes remote video and audio, and returns its statistics. */
  decoding(page: Page, who: string) {
    return until(page, () => page.evaluate(() => window.call.stats()), (s) => s.framesDecoded > 0 && s.audioPackets > 0, who);
  }
}
