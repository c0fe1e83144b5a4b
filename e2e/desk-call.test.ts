/**
 * The call as the people of issue 15 met it: the agent on a desk laptop (1366 × 768, which leaves
 * a page of about 1366 × 657 under the browser's bars) and the citizen on a phone. The agent sees
 * "Admit" without scrolling, is offered first the document that has not arrived yet, and the
 * phone offers neither dragging files nor sharing a screen, which phones' browsers cannot do.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { signInToDesk, startCallFromAgenda } from './support/desk.ts';
import { bookJoinableAppointment, newMediaPage, startCallServer } from './support/joinable.ts';
import type { RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];
const DESK_LAPTOP = { width: 1366, height: 657 };

/** A phone: its screen, touch and no mouse; and, as in Safari on iOS and Chrome on Android, no screen sharing. */
async function newPhonePage(browser: Browser, server: RunningServer, track: { contexts: BrowserContext[]; errors: string[] }): Promise<Page> {
  const context = await browser.newContext({ ...devices['iPhone 13'] });
  track.contexts.push(context);
  await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
  await context.addInitScript(() => {
    delete (MediaDevices.prototype as Partial<MediaDevices>).getDisplayMedia;
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => track.errors.push(error.message));
  return page;
}

describe('the desk during a call, on a desk laptop, with a citizen on a phone', () => {
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

  it('shows Admit in view, proposes the missing document, and offers a phone only what it can do', async () => {
    const appointment = await bookJoinableAppointment(server);

    const citizen = await newPhonePage(browser, server, { contexts, errors });
    await citizen.goto(`${server.url}/cita?council=demo&lang=en&token=${appointment.token}`);
    const va = citizen.locator('video-appointment');
    const upload = va.locator('doc-upload');
    const send = upload.locator('[part~="send"]');
    await send.getByText('Choose a file or take a photo:').waitFor();
    assert.equal(await send.getByText('Drag your files here', { exact: false }).count(), 0, 'no dragging on a phone');
    assert.equal(await upload.getByLabel('Which document is it?').inputValue(), 'dni');
    await upload.getByLabel('Choose files').setInputFiles({ name: 'dni.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await upload.locator('[part~="document-name"]').getByText('dni.pdf').waitFor();
    // What arrived goes last and says so; what is still missing is proposed.
    const whichOne = upload.getByLabel('Which document is it?');
    assert.equal(await whichOne.inputValue(), 'habitatge');
    assert.deepEqual(await whichOne.locator('option').allTextContents(), [
      'Rental contract or title deed of the home',
      'DNI or NIE (identity document) (received)',
      'Another document',
    ]);

    await va.getByRole('button', { name: 'Join the video call' }).click();
    await va.getByRole('button', { name: 'Continue to the call' }).click();
    await va.getByText('The agent will let you in shortly.').first().waitFor();

    const agent = await newMediaPage(browser, server.url, { contexts, errors }, DESK_LAPTOP);
    const desk = await signInToDesk(agent, server.url);
    await startCallFromAgenda(desk, appointment.reference);
    const admit = desk.getByRole('button', { name: 'Fes entrar: Marta Soler' });
    await admit.waitFor();
    const box = (await admit.boundingBox())!;
    assert.ok(box.y >= 0 && box.y + box.height <= DESK_LAPTOP.height, `Admit is in view without scrolling: ${JSON.stringify(box)}`);
    assert.ok(box.x >= 0 && box.x + box.width <= DESK_LAPTOP.width, `Admit is in view without scrolling: ${JSON.stringify(box)}`);

    const ask = desk.locator('fin-call-view').getByLabel('Document', { exact: true });
    assert.equal(await ask.inputValue(), 'habitatge', 'the document that has not arrived is proposed');
    assert.deepEqual(await ask.locator('option').allTextContents(), ["Contracte de lloguer o escriptura de l'habitatge", 'DNI o NIE (rebut)']);

    await admit.click();
    await va.getByRole('button', { name: 'Yes, I agree' }).click();
    // Unrecorded (the demo council allows it): a call this short leaves too little to record.
    await desk.getByRole('button', { name: 'No', exact: true }).click();
    await desk.getByText('La trucada no s’enregistrarà.').first().waitFor();
    // In the call, the video and its controls fit the page together.
    const hangUp = (await desk.getByRole('button', { name: 'Penja', exact: true }).boundingBox())!;
    assert.ok(hangUp.y >= 0 && hangUp.y + hangUp.height <= DESK_LAPTOP.height, `Hang up is in view: ${JSON.stringify(hangUp)}`);
    await va.getByRole('button', { name: 'Hang up' }).waitFor();
    assert.equal(await va.locator('fin-call-view').getByRole('button', { name: 'Share screen' }).count(), 0, 'no screen sharing on a phone');

    // The citizen sends the contract while they talk: the desk's list follows, nothing is left to ask for.
    await upload.getByLabel('Choose files').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await ask.locator('option', { hasText: "Contracte de lloguer o escriptura de l'habitatge (rebut)" }).waitFor({ state: 'attached' });
    assert.deepEqual(await ask.locator('option').allTextContents(), ['DNI o NIE (rebut)', "Contracte de lloguer o escriptura de l'habitatge (rebut)"]);

    // The call ends as calls do, before the server closes.
    await desk.getByRole('button', { name: 'Penja', exact: true }).click();
    await desk.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
