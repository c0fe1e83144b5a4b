/**
 * The video call through the widgets, end to end in headless Chromium with fake devices: the
 * citizen books through the public API, opens their personal link, joins, passes the device check
 * and waits; the agent signs in to the desk, starts the call from the agenda and admits them; both
 * accept the recording, each decodes the other's video, the citizen's shared screen reaches the
 * agent, a document the agent asks for reaches the desk during the call, a dropped socket
 * reconnects without a new admission, broken ICE is restarted without
 * leaving the call, and the agent's hang-up ends the call on both screens and opens the survey;
 * the server's recording follows all of it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as mediasoup from 'mediasoup';
import type { Browser, BrowserContext } from 'playwright-core';
import { ensureMediasoupWorker } from '../scripts/mediasoup-worker.mjs';
import { launchChromium } from './support/browser.ts';
import { decodesFrames } from './support/video.ts';
import { signInToDesk, startCallFromAgenda } from './support/desk.ts';
import { checkedRecordings } from './support/recording.ts';
import { bookJoinableAppointment as bookAppointment, newMediaPage } from './support/joinable.ts';
import { startServer, type RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];


async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a video call between the citizen and the agent, through the widgets', () => {
  let server: RunningServer;
  let browser: Browser;
  let keyDir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  /** The server's WebRTC transports, watched through mediasoup's observer (the server runs in this process). */
  const iceTransports = new Set<mediasoup.types.WebRtcTransport>();

  before(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'fin-e2e-call-'));
    // mediasoup reads the worker's path when it is first imported, as the server does.
    process.env.MEDIASOUP_WORKER_BIN ||= ensureMediasoupWorker();
    const { observer } = await import('mediasoup');
    observer.on('newworker', (worker) =>
      worker.observer.on('newrouter', (router) =>
        router.observer.on('newtransport', (transport) => {
          if (!('iceState' in transport)) return;
          const webRtc = transport as mediasoup.types.WebRtcTransport;
          iceTransports.add(webRtc);
          transport.observer.on('close', () => iceTransports.delete(webRtc));
        }),
      ),
    );
    server = await startServer({
      DEMO: 'true',
      MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN,
      MASTER_KEY_FILE: join(keyDir, 'master.key'),
      MEDIA_WORKERS: '1',
    });
    browser = await launchChromium(MEDIA_FLAGS);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const newPage = (viewport?: { width: number; height: number }) => newMediaPage(browser, server.url, { contexts, errors }, viewport);
  const bookJoinableAppointment = () => bookAppointment(server);

  it('joins from the waiting room, carries video and a shared screen, survives a dropped socket, and ends on both sides when the agent hangs up', async () => {
    const appointment = await bookJoinableAppointment();

    // The citizen, on a phone held upright. The server's answer does not name the call yet, so the link carries it.
    const citizen = await newPage({ width: 390, height: 844 });
    await citizen.goto(`${server.url}/cita?council=demo&lang=en&token=${appointment.token}`);
    const va = citizen.locator('video-appointment');
    await va.getByRole('button', { name: 'Join the video call' }).click();
    await va.getByRole('heading', { name: 'Check your camera and microphone' }).waitFor();
    await va.locator('[part~="preview"]').waitFor();
    await va.getByRole('button', { name: 'Continue to the call' }).click();
    await va.getByText('The agent will let you in shortly.').first().waitFor();

    const agent = await newPage();
    const desk = await signInToDesk(agent, server.url);
    await startCallFromAgenda(desk, appointment.reference);
    await desk.getByRole('button', { name: 'Fes entrar: Marta Soler' }).click();

    await va.getByRole('button', { name: 'Yes, I agree' }).click();
    await desk.getByRole('button', { name: 'Sí, hi estic d’acord' }).click();

    await decodesFrames(va.locator('[part~="remote-video"]'));
    await decodesFrames(desk.locator('[part~="remote-video"]'));
    await va.locator('[part~="recording"]').waitFor();
    const recordingSince = Date.now();

    // The agent asks for the rental contract: the citizen's widget says so and readies the upload
    // for it, and what the citizen sends reaches the agent's desk while they talk.
    await desk.locator('fin-call-view').getByLabel('Document', { exact: true }).selectOption({ label: "Contracte de lloguer o escriptura de l'habitatge" });
    await desk.getByRole('button', { name: 'Demana-l’hi' }).click();
    await va.locator('[part~="document-request"]').getByText('The agent asks you for: Rental contract or title deed of the home. You can send it below, with the documents.').waitFor();
    const upload = va.locator('doc-upload');
    await upload.locator('[part~="request"]').getByText('The office asks you for: Rental contract or title deed of the home').waitFor();
    assert.equal(await upload.getByLabel('Which document is it?').inputValue(), 'habitatge');
    await upload.getByLabel('Choose files').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await desk.locator('fin-case-documents').getByRole('button', { name: 'Previsualitza contract.pdf' }).waitFor();

    // A screen's picture changes as the person works; a headless page would stand still.
    await citizen.evaluate(() => {
      const clock = document.body.appendChild(document.createElement('output'));
      setInterval(() => (clock.textContent = performance.now().toFixed(0)), 100);
    });
    await va.getByRole('button', { name: 'Share screen' }).click();
    await decodesFrames(desk.locator('[part~="remote-video"][data-source="screen"]'));
    assert.equal(await va.getByRole('button', { name: 'Share screen' }).getAttribute('aria-pressed'), 'true');
    // They talk over the shared screen for a while, as people do.
    await citizen.waitForTimeout(4000);

    // A network drop takes the citizen's socket: they are back in the call without being admitted again.
    await va.locator('fin-call-view').evaluate((view: HTMLElement & { client: { channel: { socket: WebSocket } } }) => view.client.channel.socket.close());
    await decodesFrames(va.locator('[part~="remote-video"]'));
    // The citizen's screen is still shared: it is the large video, their camera a tile beside it.
    await decodesFrames(desk.locator('[part~="remote-video"][data-source="screen"]'));
    await decodesFrames(desk.locator('[part~="remote-tile"][data-source="camera"]'));

    // ICE breaks on the citizen's side (a network change: the browser reports the connection failed;
    // a headless browser on loopback cannot lose its network, so that report is emitted here). The
    // client asks the server for new ICE credentials and restarts ICE on the same transports, over
    // the same socket, without leaving the call.
    type Pc = { remoteDescription: { sdp: string } | null; connectionState: string };
    type ClientTransport = { id: string; emit(event: string, state: string): void; _handler: { _pc: Pc } };
    type View = HTMLElement & { client: { channel: { socket: WebSocket }; sendTransport: ClientTransport; recvTransport: ClientTransport } };
    const view = va.locator('fin-call-view');
    const socketBefore = await view.evaluateHandle((element: View) => element.client.channel.socket);
    const ufrags = new Map([...iceTransports].map((transport) => [transport.id, transport.iceParameters.usernameFragment]));
    const citizenTransports = await view.evaluate((element: View) => {
      const transports = [element.client.sendTransport, element.client.recvTransport];
      for (const transport of transports) transport.emit('connectionstatechange', 'failed');
      return transports.map((transport) => transport.id);
    });
    await waitUntil(() => [...iceTransports].filter((t) => t.iceParameters.usernameFragment !== ufrags.get(t.id)).length === 2, 15_000, 'the server gave new ICE credentials');
    const restarted = [...iceTransports].filter((t) => t.iceParameters.usernameFragment !== ufrags.get(t.id));
    assert.deepEqual(restarted.map((t) => t.id).sort(), [...citizenTransports].sort(), "only the citizen's transports restart");
    const uses = await view.evaluate(
      async (element: View, expected) => {
        // No named helpers in here: the page runs this function's source as it is.
        const pcs = [element.client.sendTransport, element.client.recvTransport].map((transport) => transport._handler._pc);
        for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
          if (pcs.every((pc, i) => pc.connectionState === 'connected' && pc.remoteDescription?.sdp.includes(`a=ice-ufrag:${expected[i]}`))) return true;
        }
        return false;
      },
      citizenTransports.map((id) => restarted.find((t) => t.id === id)!.iceParameters.usernameFragment),
    );
    assert.equal(uses, true, 'the browser restarted ICE with the new credentials and is connected again');
    assert.equal(await view.evaluate((element: View, before) => element.client.channel.socket === before, socketBefore), true, 'the same socket: the call was not left');
    await decodesFrames(va.locator('[part~="remote-video"]'));
    await decodesFrames(desk.locator('[part~="remote-video"][data-source="screen"]'));

    await citizen.waitForTimeout(4000);
    const recordedFor = (Date.now() - recordingSince) / 1000;
    await desk.getByRole('button', { name: 'Penja', exact: true }).click();
    await desk.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    await va.getByRole('heading', { name: 'The call has ended' }).waitFor();
    await va.getByText('Thank you for your video appointment.').waitFor();
    // The moment to ask how it went: the survey opens in the citizen's widget.
    await va.locator('satisfaction-survey').getByRole('heading', { name: 'How was our service?' }).waitFor();
    const { state } = await server.app.db.selectFrom('cases').select('state').where('id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(state, 'completed');
    assert.deepEqual(errors, []);

    // The recording went on through the shared screen, the dropped socket and the ICE restart:
    // what is stored decodes, its hashes are in the evidence log, the screen is in it, and
    // together it covers the call.
    const cookie = (await agent.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const recordings = await checkedRecordings(server, appointment.id, cookie, keyDir);
    const media = recordings.filter((r) => r.codecs.includes('opus'));
    assert.ok(media.every((r) => r.codecs.join() === 'opus,opus,vp8,vp8'), `both parties' audio and video: ${JSON.stringify(recordings)}`);
    assert.ok(recordings.some((r) => r.codecs.join() === 'vp8'), `the shared screen is recorded apart: ${JSON.stringify(recordings)}`);
    const recorded = media.reduce((sum, r) => sum + r.duration, 0);
    assert.ok(recorded >= recordedFor - 3, `the recordings cover the call: ${recorded.toFixed(1)} s of ${recordedFor.toFixed(1)} s`);
  });
});
