/**
 * The video call through the widgets, end to end in headless Chromium with fake devices: the
 * citizen books through the public API, opens their personal link, joins, passes the device check
 * and waits; the agent signs in to the desk, starts the call from the agenda and admits them; both
 * accept the recording, each decodes the other's video, the citizen's shared screen reaches the
 * agent, a dropped socket reconnects without a new admission, and the agent's hang-up ends the
 * call on both screens.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ensureMediasoupWorker } from '../scripts/mediasoup-worker.mjs';
import type * as Server from '../packages/server/src/modules/calls/protocol.ts';
import type * as Widgets from '../packages/widgets/src/call/protocol.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

/** True only when A and B are the same type; the widgets keep a copy of the server's protocol types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const protocolInSync: [
  Same<Widgets.Requests, Server.Requests>,
  Same<Widgets.Notifications, Server.Notifications>,
  Same<Widgets.Response, Server.Response>,
  Same<Widgets.ErrorCode, Server.ErrorCode>,
] = [true, true, true, true];

/** Resolves once the video element has presented a decoded frame. */
async function decodesFrames(video: Locator): Promise<void> {
  await video.waitFor();
  const presented = await video.evaluate(
    (element: HTMLVideoElement) =>
      new Promise<number>((resolve) => {
        const timer = setTimeout(() => resolve(0), 15_000);
        element.requestVideoFrameCallback((_now, metadata) => {
          clearTimeout(timer);
          resolve(metadata.presentedFrames);
        });
      }),
  );
  assert.ok(presented > 0, 'no frame was decoded');
}

describe('a video call between the citizen and the agent, through the widgets', () => {
  let server: RunningServer;
  let browser: Browser;
  let keyDir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'fin-e2e-call-'));
    server = await startServer({
      DEMO: 'true',
      MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN || ensureMediasoupWorker(),
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

  async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext(viewport ? { viewport } : {});
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  }

  /** Books through the public API, then moves the appointment to start in five minutes, so its call is open now. */
  async function bookJoinableAppointment(): Promise<{ id: string; reference: string; token: string }> {
    const slots = (await (await fetch(`${server.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: Array<{ start: string }> };
    const response = await fetch(`${server.url}/api/councils/demo/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: server.url },
      body: JSON.stringify({
        procedure: 'padro',
        slot: slots.slots[0]!.start,
        name: 'Marta Soler',
        email: 'marta@example.org',
        phone: '+34612345678',
        consent: true,
        language: 'en',
        website: '',
      }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const booked = (await response.json()) as { reference: string; token: string };
    const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', booked.reference).executeTakeFirstOrThrow();
    const start = new Date(server.app.now().getTime() + 5 * 60_000);
    await server.app.db
      .updateTable('appointments')
      .set({ slot_start: start.toISOString(), slot_end: new Date(start.getTime() + 30 * 60_000).toISOString() })
      .where('case_id', '=', id)
      .execute();
    return { id, ...booked };
  }

  it('speaks the server’s protocol', () => {
    assert.ok(protocolInSync.every(Boolean));
  });

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
    await desk.getByRole('tab', { name: 'Cites' }).click();
    await desk.getByRole('button', { name: `Obre ${appointment.reference}` }).first().click();
    await desk.getByRole('button', { name: 'Inicia la videotrucada' }).click();
    await desk.getByRole('button', { name: 'Fes entrar: Marta Soler' }).click();

    await va.getByRole('button', { name: 'Yes, I agree' }).click();
    await desk.getByRole('button', { name: 'Sí, hi estic d’acord' }).click();

    await decodesFrames(va.locator('[part~="remote-video"]'));
    await decodesFrames(desk.locator('[part~="remote-video"]'));
    await va.locator('[part~="recording"]').waitFor();

    await va.getByRole('button', { name: 'Share screen' }).click();
    await decodesFrames(desk.locator('[part~="remote-video"][data-source="screen"]'));
    assert.equal(await va.getByRole('button', { name: 'Share screen' }).getAttribute('aria-pressed'), 'true');

    // A network drop takes the citizen's socket: they are back in the call without being admitted again.
    await va.locator('fin-call-view').evaluate((view: HTMLElement & { client: { socket: WebSocket } }) => view.client.socket.close());
    await decodesFrames(va.locator('[part~="remote-video"]'));
    // The citizen's screen is still shared: it is the large video, their camera a tile beside it.
    await decodesFrames(desk.locator('[part~="remote-video"][data-source="screen"]'));
    await decodesFrames(desk.locator('[part~="remote-tile"][data-source="camera"]'));

    await desk.getByRole('button', { name: 'Penja', exact: true }).click();
    await desk.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    await va.getByRole('heading', { name: 'The call has ended' }).waitFor();
    await va.getByText('Thank you for your video appointment.').waitFor();
    const { state } = await server.app.db.selectFrom('cases').select('state').where('id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(state, 'completed');
    assert.deepEqual(errors, []);
  });
});
