/**
 * An appointment's call seen from two desks at once, end to end in headless Chromium with fake
 * devices and the real SFU: the citizen waits in the call, one agent lets them in and later hangs
 * up, and both agents' agendas and the citizen's own page show the appointment in the call and
 * then done, without a reload (the server announces every move of the appointment's lifecycle to
 * the council's desks and, on its own stream, to the citizen's page).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { bookJoinableAppointment, newMediaPage, startCallServer } from './support/joinable.ts';
import type { RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

describe("an appointment's call, live on every desk", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    server = await startCallServer();
    browser = await launchChromium(MEDIA_FLAGS);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const newPage = () => newMediaPage(browser, server.url, { contexts, errors });

  /** The state badge of the appointment's row in a desk's agenda. */
  const badgeOf = (desk: Locator, reference: string, state: string) =>
    desk.locator('[part~="row"]', { has: desk.page().getByRole('rowheader', { name: reference }) }).locator(`[part~="state-${state}"]`);
  /** The state badge of the appointment a desk has open (its details, beside the call). */
  const openBadge = (desk: Locator, state: string) => desk.locator('[part~="details"]').locator(`[part~="state-${state}"]`);

  it("shows the appointment in the call, then done, on both agents' agendas and the citizen's page without a reload", async () => {
    const appointment = await bookJoinableAppointment(server);

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
    citizen.on('load', () => loads.add(citizen));
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
    assert.equal(await va.locator('[part~="state-in_call"]').textContent(), 'In the call');
    await badgeOf(colleague, appointment.reference, 'in_call').waitFor();
    assert.equal(await badgeOf(colleague, appointment.reference, 'in_call').textContent(), 'En videotrucada');

    await inCharge.getByRole('button', { name: 'Penja', exact: true }).click();
    await inCharge.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    await openBadge(inCharge, 'completed').waitFor();
    await badgeOf(colleague, appointment.reference, 'completed').waitFor();
    assert.equal(await badgeOf(colleague, appointment.reference, 'completed').textContent(), 'Feta');
    await va.locator('[part~="state-completed"]').waitFor();
    assert.equal(await va.locator('[part~="state-completed"]').textContent(), 'Completed');

    assert.deepEqual([...loads], [], 'no page reloaded');
    assert.deepEqual(errors, []);
  });
});
