/**
 * Several processes behind nginx on one PostgreSQL database (support/processes.ts): two real
 * server processes, Debian's nginx with the shipped site in front of both, one private cluster.
 * A callback booked through one process appears live in a desk held on the other; a rate limit
 * counts the hits of both; an upload started through one process is resumed through the other
 * and stored whole; a citizen and an agent meet in one room on one process and see each other,
 * while their other requests go to both; a procedure step taken through the other process reaches
 * them and logs where the recording was; when the room's process is killed, their rejoin opens the
 * room on the other and the call works again. The server's CPU and memory per room and per
 * recorded call are reported, from /proc, for the capacity a deployment plans with.
 *
 * One deployment serves the whole file; the last test goes on with the call of the one before
 * and kills a process, so it stays last.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { bundleCallPage, MEDIA_FLAGS, until } from './support/call-harness.ts';
import { DEMO_AGENT, signInToDesk } from './support/desk.ts';
import { eventually, Processes, usage, type ServerProcess } from './support/processes.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';
import { KiB, pdf, sha256, TusClient } from '../packages/server/test/tus-fixtures.ts';
import { loadMasterKey, openUnfinished } from '../packages/server/src/shared/crypto-at-rest.ts';
import { partFiles } from '../packages/server/src/modules/calls/sealed-media.ts';

/** The public API's limit per address and route and minute, for the whole deployment. */
const PUBLIC_PER_MINUTE = 100;
/** Seconds each measurement of CPU lasts. */
const MEASURE_S = 5;
const CALL_SOCKET = /^\/api\/calls\/[^/]+\/ws/;

describe('several processes behind nginx on one PostgreSQL database', () => {
  const deployment = new Processes({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_PER_MINUTE) } });
  let browser: Browser;
  let site: StaticServer;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    await deployment.start();
    browser = await launchChromium(MEDIA_FLAGS);
    // Served from loopback like nginx: Chromium lets such a page open sockets to a local address.
    site = await serveStatic({ pages: { '/call-test': await bundleCallPage() } });
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
    await deployment.close();
  });

  /** A page in a browser context of its own that may use the (fake) camera and microphone, signed in to the desk when given the session cookie. */
  async function newPage(cookie?: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone'], { origin: site.url });
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: deployment.url }]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  }

  const other = (server: ServerProcess) => deployment.servers.find((candidate) => candidate !== server)!;

  /** Books an appointment through nginx as the widget does, then moves it to start in five minutes, so its call is open now. */
  async function joinableAppointment(): Promise<{ id: string; token: string }> {
    const { slots } = (await (await fetch(`${deployment.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: Array<{ start: string }> };
    const response = await fetch(`${deployment.url}/api/councils/demo/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: deployment.url },
      body: JSON.stringify({ procedure: 'padro', slot: slots[0]!.start, name: 'Marta Soler', email: 'marta@example.org', phone: '+34612345602', consent: true, language: 'en', website: '' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { reference, token } = (await response.json()) as { reference: string; token: string };
    const { id } = await deployment.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const start = new Date(Date.now() + 5 * 60_000);
    await deployment.db
      .updateTable('appointments')
      .set({ slot_start: start.toISOString(), slot_end: new Date(start.getTime() + 30 * 60_000).toISOString() })
      .where('case_id', '=', id)
      .execute();
    return { id, token };
  }

  /**
   * The agent opens the call, the citizen waits and is admitted, both send camera and microphone,
   * all through nginx; resolves once each decodes the other's video and sound.
   */
  async function meet(appointment: { id: string; token: string }, agent: Page, citizen: Page): Promise<void> {
    const ws = `${deployment.url.replace(/^http/, 'ws')}/api/calls/${appointment.id}/ws`;
    await Promise.all([agent, citizen].map((page) => page.goto(`${site.url}/call-test`)));
    await agent.evaluate(([url, name]) => window.call.connect(url, name), [ws, DEMO_AGENT.name] as const);
    const waiting = agent.evaluate(() => window.call.next('waitingRoomChanged'));
    const joined = await citizen.evaluate((url) => window.call.connect(url, 'Marta Soler'), `${ws}?token=${appointment.token}`);
    assert.equal(joined.admitted, false, 'the citizen waits for the agent');
    assert.deepEqual((await waiting).waiting.map((w) => w.peerId), [joined.peerId]);
    await agent.evaluate(() => window.call.startMedia([]));
    const admitted = citizen.evaluate(() => window.call.waitAdmitted());
    await agent.evaluate((peerId) => window.call.admit(peerId), joined.peerId);
    const { peers } = await admitted;
    await citizen.evaluate((producers) => window.call.startMedia(producers), peers.flatMap((p) => p.producers));
    for (const [page, who] of [[citizen, 'the citizen'], [agent, 'the agent']] as const) {
      await until(page, () => page.evaluate(() => window.call.stats()), (s) => s.framesDecoded > 0 && s.audioPackets > 0, `${who} decoding the other`);
    }
  }

  /** The share of one core the process and its children (media worker, recorder) used over MEASURE_S, and their memory at its end. */
  async function measured(server: ServerProcess) {
    const [before, started] = [usage(server.pid), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
    const end = usage(server.pid);
    return { core: (end.cpuSeconds - before.cpuSeconds) / ((performance.now() - started) / 1000), rssMiB: end.rssMiB };
  }

  const call = { host: undefined as ServerProcess | undefined, appointment: { id: '', token: '' }, agent: undefined as Page | undefined, citizen: undefined as Page | undefined };

  it('shows a callback booked through one process live in a desk held on the other', async () => {
    const since = deployment.mark();
    const page = await newPage();
    const desk = await signInToDesk(page, deployment.url);
    await desk.getByRole('heading', { name: 'Cua de feina' }).waitFor();
    const holders = await eventually(async () => deployment.servedBy(/^\/api\/desk\/events/, since), (found) => found.length > 0, 'a process holding the desk’s live events');
    assert.equal(holders.length, 1, 'one process holds them');
    const holder = holders[0]!;

    const booking = await fetch(`${other(holder).url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: deployment.url },
      body: JSON.stringify({ topic: 'padro', slot: 'asap', name: 'Núria Soler', phone: '+34612345601', consent: true, language: 'ca', website: '' }),
    });
    assert.equal(booking.status, 201, await booking.clone().text());
    const { reference } = (await booking.json()) as { reference: string };
    assert.deepEqual(deployment.servedBy(/\/callbacks$/, since), [other(holder)], 'booked on the other process');

    const item = desk.locator('li, tr, article').filter({ has: page.getByRole('heading', { name: reference }) }).first();
    await item.getByText('Núria Soler').waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  it('counts the public API’s hits of both processes against one limit', async () => {
    // An address of its own, named to each process as nginx would, so no other test's hits count.
    const headers = { 'x-forwarded-for': '203.0.113.18' };
    const [a, b] = deployment.servers as [ServerProcess, ServerProcess];
    // Ten hits a second, alternately: each process learns the other's count within a second
    // (FLUSH_INTERVAL_MS), so the limit holds within a few seconds' hits of the shared count,
    // where counting apart would let through twice the limit.
    let sent = 0;
    let refusedAt = 0;
    while (!refusedAt && sent < 2 * PUBLIC_PER_MINUTE) {
      const answer = await fetch(`${[a, b][sent % 2]!.url}/api/councils/demo`, { headers });
      sent++;
      if (answer.status === 429) refusedAt = sent;
      else assert.equal(answer.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(refusedAt > PUBLIC_PER_MINUTE, `refused only past the limit: at hit ${refusedAt}`);
    assert.ok(refusedAt <= PUBLIC_PER_MINUTE + 30, `refused within 3 s of hits past the limit, counted together: at hit ${refusedAt}`);
    // Both refuse from then on, whichever process counted the hits.
    await eventually(
      async () => Promise.all([a, b].map(async (server) => (await fetch(`${server.url}/api/councils/demo`, { headers })).status)),
      (statuses) => statuses.every((status) => status === 429),
      'both processes refusing the address',
    );
  });
  it('resumes through one process an upload started through the other, and stores it whole', async () => {
    const { token } = await joinableAppointment();
    const [a, b] = deployment.servers as [ServerProcess, ServerProcess];
    const file = pdf(700 * KiB);
    const created = await new TusClient(a.url, token).create(file.length, { filename: 'contracte.pdf' });
    assert.equal(created.status, 201, created.body);
    const location = new URL(created.headers.location!).pathname;
    // Ends inside a sealed chunk, so B continues the tail A wrote.
    const first = 200 * KiB + 123;
    assert.equal((await new TusClient(a.url, token).patch(location, 0, file.subarray(0, first))).status, 204);
    const onB = new TusClient(b.url, token);
    const head = await onB.head(location);
    assert.equal(head.headers['upload-offset'], String(first), 'B knows where A stopped');
    const last = await onB.sendFrom(location, file, first, 128 * KiB);
    assert.equal(last.status, 204, last.body);

    const login = await fetch(`${a.url}/api/desk/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_AGENT.email, password: DEMO_AGENT.password }) });
    const content = await fetch(`${a.url}/api/desk/documents/${String(last.headers['finestreta-document'])}/content`, { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! } });
    assert.equal(content.status, 200);
    assert.equal(sha256(Buffer.from(await content.arrayBuffer())), sha256(file), 'the document an agent downloads is the file sent');
  });

  it('brings a citizen and an agent into one room on one process while their other requests go to both, and reports what a call costs', async (t) => {
    const idle = await Promise.all(deployment.servers.map(measured));
    const since = deployment.mark();
    call.appointment = await joinableAppointment();
    const login = await fetch(`${deployment.url}/api/desk/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_AGENT.email, password: DEMO_AGENT.password }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    call.agent = await newPage(cookie);
    call.citizen = await newPage();
    await meet(call.appointment, call.agent, call.citizen);

    const hosts = deployment.servedBy(CALL_SOCKET, since);
    assert.equal(hosts.length, 1, `both sockets reach one process: ${hosts.map((host) => host.name)}`);
    call.host = hosts[0]!;
    assert.equal(call.host.served.slice(since[deployment.servers.indexOf(call.host)]).filter((request) => CALL_SOCKET.test(request.url)).length, 2, 'the agent’s socket and the citizen’s');
    const mine = await fetch(`${deployment.url}/api/councils/demo/appointments/mine?token=${call.appointment.token}`);
    assert.equal(mine.status, 200);
    const detail = await fetch(`${deployment.url}/api/desk/appointments/${call.appointment.id}`, { headers: { cookie } });
    assert.equal(detail.status, 200);
    const others = deployment.servers.filter((server, i) => server.served.slice(since[i]).some((request) => !CALL_SOCKET.test(request.url)));
    assert.equal(others.length, 2, 'the participants’ other requests (booking, sign-in, their case) went to both processes');

    const room = await measured(call.host);
    const recording = call.citizen.evaluate(() => window.call.next('recordingStarted'));
    await call.citizen.evaluate(() => window.call.consent(true));
    await call.agent.evaluate(() => window.call.consent(true));
    await recording;
    const recorded = await measured(call.host);

    // A step of the procedure taken through the process without the room reaches both people in
    // the call, and the evidence says where the recording was when it was taken.
    const told = Promise.all([call.citizen, call.agent].map((page) => page.evaluate(() => window.call.next('procedureChanged'))));
    const step = await fetch(`${other(call.host).url}/api/desk/appointments/${call.appointment.id}/procedure/identity/consent`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(step.status, 200, await step.clone().text());
    const { revision } = (await step.json()) as { revision: number };
    assert.deepEqual(await told, [{ revision }, { revision }]);
    const asked = await deployment.db.selectFrom('evidence_events').select('data').where('case_id', '=', call.appointment.id).where('type', '=', 'identity.consent_asked').executeTakeFirstOrThrow();
    const { recording: place } = JSON.parse(asked.data) as { recording: { recordingPart: string; offsetMs: number } | null };
    assert.ok(place && place.offsetMs > 0, `logged with the place in the recording being written on ${call.host.name}: ${JSON.stringify(place)}`);
    const base = idle[deployment.servers.indexOf(call.host)]!;
    const percent = (core: number) => `${(100 * (core - base.core)).toFixed(1)} % of a core`;
    const mib = (rss: number) => `${(rss - base.rssMiB).toFixed(0)} MiB`;
    t.diagnostic(`process ${call.host.name} idle: ${(100 * base.core).toFixed(1)} % of a core, ${base.rssMiB.toFixed(0)} MiB (server and media worker)`);
    t.diagnostic(`per room (two parties, 640×360 video and sound each way): ${percent(room.core)}, ${mib(room.rssMiB)}`);
    t.diagnostic(`per recorded call: ${percent(recorded.core)}, ${mib(recorded.rssMiB)}; about ${Math.floor(1 / (recorded.core - base.core))} recorded calls per core`);
    assert.deepEqual(errors, []);
  });

  it('opens the room again on the other process when its process is killed during the call, and the call works', async () => {
    const { host, agent, citizen } = call;
    assert.ok(host && agent && citizen, 'the call of the test before');
    await deployment.kill(deployment.servers.indexOf(host), 'SIGKILL');
    const since = deployment.mark();
    await meet(call.appointment, agent, citizen);
    assert.deepEqual(deployment.servedBy(CALL_SOCKET, since), [other(host)], 'both rejoined on the live process');

    // What the killed process recorded stays on the shared storage, sealed and readable up to the
    // kill, for the processes' recovery to store once it has lain idle (recording-crash.test.ts).
    const { dataDir, masterKeyFile } = deployment.shared;
    const parts = (await readdir(join(dataDir, 'recordings'))).filter((name) => name.endsWith('.part.json'));
    const left = [];
    for (const name of parts) {
      const sidecar = JSON.parse(await readFile(join(dataDir, 'recordings', name), 'utf8')) as { caseId: string };
      if (sidecar.caseId !== call.appointment.id) continue;
      const { sealed } = partFiles(join(dataDir, 'recordings'), name.slice(0, -'.part.json'.length));
      let bytes = 0;
      for await (const chunk of openUnfinished(await loadMasterKey(masterKeyFile), sealed)) bytes += chunk.length;
      left.push(bytes);
    }
    assert.ok(left.some((bytes) => bytes > 0), `the recording up to the kill is kept: ${JSON.stringify(left)} bytes in its parts`);
    assert.deepEqual(errors, []);
  });
});
