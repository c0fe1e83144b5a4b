/**
 * An appointment's call seen from two desks at once, end to end in headless Chromium with fake
 * devices and the real SFU: the citizen waits in the call, one agent lets them in and later hangs
 * up, and both agents' agendas show the appointment in the call and then done, without a reload
 * (the server announces every move of the appointment's lifecycle to the council's desks).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ensureMediasoupWorker } from '../scripts/mediasoup-worker.mjs';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

describe("an appointment's call, live on every desk", () => {
  let server: RunningServer;
  let browser: Browser;
  let keyDir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'fin-e2e-lifecycle-'));
    process.env.MEDIASOUP_WORKER_BIN ||= ensureMediasoupWorker();
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
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

  /** The state badge of the appointment's row in a desk's agenda. */
  const badgeOf = (desk: Locator, reference: string, state: string) =>
    desk.locator('[part~="row"]', { has: desk.page().getByRole('rowheader', { name: reference }) }).locator(`[part~="state-${state}"]`);
  /** The state badge of the appointment a desk has open (its details, beside the call). */
  const openBadge = (desk: Locator, state: string) => desk.locator('[part~="details"]').locator(`[part~="state-${state}"]`);

  it("shows the appointment in the call, then done, on both agents' agendas without a reload", async () => {
    const appointment = await bookJoinableAppointment();

    const desks: Locator[] = [];
    for (let i = 0; i < 2; i++) {
      const desk = await signInToDesk(await newPage(), server.url);
      await desk.getByRole('tab', { name: 'Cites' }).click();
      await badgeOf(desk, appointment.reference, 'booked').waitFor();
      desks.push(desk);
    }
    const [inCharge, colleague] = desks as [Locator, Locator];
    const loads = new Set<Page>();
    for (const desk of desks) desk.page().on('load', () => loads.add(desk.page()));

    const citizen = await newPage();
    await citizen.goto(`${server.url}/cita?council=demo&lang=en&token=${appointment.token}`);
    const va = citizen.locator('video-appointment');
    await va.getByRole('button', { name: 'Join the video call' }).click();
    await va.getByRole('button', { name: 'Continue to the call' }).click();
    await va.getByText('The agent will let you in shortly.').first().waitFor();

    await inCharge.getByRole('button', { name: `Obre ${appointment.reference}` }).first().click();
    await inCharge.getByRole('button', { name: 'Inicia la videotrucada' }).click();
    await inCharge.getByRole('button', { name: 'Continua cap a la trucada' }).click();
    await inCharge.getByRole('button', { name: 'Fes entrar: Marta Soler' }).click();
    await va.locator('[part~="remote-video"]').waitFor();

    await openBadge(inCharge, 'in_call').waitFor();
    await badgeOf(colleague, appointment.reference, 'in_call').waitFor();
    assert.equal(await badgeOf(colleague, appointment.reference, 'in_call').textContent(), 'En videotrucada');

    await inCharge.getByRole('button', { name: 'Penja', exact: true }).click();
    await inCharge.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    await openBadge(inCharge, 'completed').waitFor();
    await badgeOf(colleague, appointment.reference, 'completed').waitFor();
    assert.equal(await badgeOf(colleague, appointment.reference, 'completed').textContent(), 'Feta');

    assert.deepEqual([...loads], [], 'no desk reloaded');
    assert.deepEqual(errors, []);
  });
});
