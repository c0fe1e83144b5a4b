/**
 * Screen help during a phone callback, end to end in two Chromium contexts against the real
 * server and SFU: the agent calling a callback starts screen help in the desk and reads the code
 * out; the citizen opens the council's page, types it, reads what will be shared and with whom,
 * consents and shares (fake display capture); the agent's view decodes the screen and a click or
 * a drag on it reaches the citizen as a marker, in the always-on-top mini window where the browser
 * offers Document Picture-in-Picture and in the element's own view otherwise; either side ends it.
 * Codes that are wrong, used, expired, of another callback or killed by wrong tries are refused
 * with the same words. A browser that cannot share its screen offers the rear camera instead.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { HEADER_BYTES, SEALED_CHUNK_BYTES } from '../packages/server/src/shared/crypto-at-rest.ts';
import { launchChromium } from './support/browser.ts';
import { decodesFrames } from './support/video.ts';
import { MEDIA_FLAGS } from './support/call-harness.ts';
import { signInToDesk } from './support/desk.ts';
import { eventually } from './support/procedure-api.ts';
import { startCallServer } from './support/joinable.ts';
import type { RunningServer } from './support/server.ts';


const REFUSED = 'This code does not open a screen help session. Check it with the agent, or ask them for a new one.';

describe('screen help during a phone callback', () => {
  let server: RunningServer;
  let browser: Browser;
  let deskPage: Page;
  let desk: Locator;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    server = await startCallServer();
    browser = await launchChromium(MEDIA_FLAGS);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    contexts.push(context);
    deskPage = await context.newPage();
    deskPage.on('pageerror', (error) => errors.push(`desk: ${error.message}`));
    desk = await signInToDesk(deskPage, server.url);
    await desk.getByRole('heading', { name: 'Cua de feina' }).waitFor();
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** Books a callback for as soon as possible through the public API, as the council's page does. */
  let phones = 0;
  async function bookCallback(name: string, email?: string): Promise<{ id: string; reference: string }> {
    // One open callback per phone number: each citizen has their own.
    phones += 1;
    const slots = (await (await fetch(`${server.url}/api/councils/demo/callbacks/slots`)).json()) as { topics: Array<{ id: string }> };
    const response = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: server.url },
      body: JSON.stringify({ topic: slots.topics[0]!.id, slot: 'asap', name, phone: `+3461234560${phones}`, ...(email && { email }), consent: true, language: 'en', website: '' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { reference } = (await response.json()) as { reference: string };
    const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    return { id, reference };
  }

  /** The agent takes the callback, starts calling it and starts screen help: the panel, with its code. */
  async function startScreenHelp(reference: string): Promise<{ panel: Locator; code: string; link: string }> {
    const item = desk.locator('li, tr, article').filter({ has: deskPage.getByRole('heading', { name: reference }) }).first();
    await item.waitFor({ timeout: 10_000 });
    await item.getByRole('button', { name: /Assigna-me-la/ }).click();
    await item.getByRole('button', { name: /Comença la trucada/ }).click();
    await desk.getByRole('button', { name: `Ajuda amb la pantalla ${reference}` }).click();
    const panel = desk.locator('fin-desk-screen-help');
    await panel.getByRole('heading', { name: `Ajuda amb la pantalla · ${reference}` }).waitFor();
    await panel.locator('[part~="code-group"]').first().waitFor();
    const code = (await panel.locator('[part~="code-group"]').allInnerTexts()).join('');
    assert.match(code, /^\d{6}$/, 'the desk shows a six-digit code');
    const link = await panel.locator('[part~="link"]').innerText();
    return { panel, code, link };
  }

  /** A citizen's page in a context of its own, sharing the fake display and camera without asking. */
  async function citizenPage(init?: () => void): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    await context.grantPermissions(['camera'], { origin: server.url });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`citizen: ${error.message}`));
    return page;
  }

  /** The citizen types the code on the council's page and submits it. */
  async function typeCode(element: Locator, code: string): Promise<void> {
    await element.getByLabel('Code from the agent').fill(code);
    await element.getByRole('button', { name: 'Continue' }).click();
  }

  async function evidenceTypes(caseId: string): Promise<string[]> {
    const rows = await server.app.db.selectFrom('evidence_events').select(['type']).where('case_id', '=', caseId).orderBy('seq').execute();
    return rows.map((row) => row.type);
  }

  it('lets the agent see the screen the citizen shares and point at it, until the citizen stops', async (t) => {
    const callback = await bookCallback('Núria Soler', 'nuria@example.cat');
    const { panel, code, link } = await startScreenHelp(callback.reference);
    assert.match(link, /\/ajuda-pantalla\?council=demo&help=[\w-]+$/);
    await panel.locator('[part~="emailed"]').getByText('L’enllaç s’ha enviat per correu a la persona.').waitFor();

    // The link the email carries opens the council's page with the session; the code comes by phone.
    const citizen = await citizenPage();
    await citizen.goto(`${link}&lang=en`);
    const element = citizen.locator('screen-help');
    await element.getByRole('heading', { name: 'Screen help' }).waitFor();
    // A screen's picture changes as the person works; a headless page would stand still.
    await citizen.evaluate(() => {
      const clock = document.body.appendChild(document.createElement('output'));
      setInterval(() => (clock.textContent = performance.now().toFixed(0)), 100);
    });
    const entered = Date.now();
    await typeCode(element, code);
    await element.getByRole('heading', { name: 'Before you share your screen' }).waitFor();
    await element.getByText('Laia Puig, of Ajuntament de Vilademo, will see what you choose to share.').waitFor();
    await element.getByText('Your voice stays on the phone: your microphone is not used.').waitFor();
    await element.getByRole('button', { name: 'I agree, share my screen' }).click();

    await element.getByText('You are sharing your screen with Laia Puig.').waitFor();
    await decodesFrames(panel.locator('[part~="screen-video"]'));
    const seen = Date.now();
    t.diagnostic(`screen help: code entered to the agent's first decoded frame ${seen - entered} ms`);
    await panel.locator('[part~="state"]').getByText('La persona comparteix la pantalla').waitFor();
    // The same consent gate as video calls: recorded once both agree.
    await element.getByRole('button', { name: 'Yes, I agree' }).click();
    await panel.getByRole('button', { name: 'Sí, hi estic d’acord' }).click();
    await element.getByText('This session is being recorded.').waitFor();
    await panel.locator('[part~="recording"]').getByText('S’està enregistrant').waitFor();
    // ffmpeg writes once it has a keyframe of the screen; the session is on record once a first
    // sealed chunk of it is on disk.
    const recordings = join(server.app.config.dataDir, 'recordings');
    const written = () => readdirSync(recordings).filter((file) => file.endsWith('.part.webm.enc')).reduce((bytes, file) => bytes + statSync(join(recordings, file)).size - HEADER_BYTES, 0);
    await eventually(async () => written(), (bytes) => bytes >= SEALED_CHUNK_BYTES, 'the recording being written');

    // A click in the middle of the picture reaches the citizen, shown and said in words.
    const picture = panel.getByRole('application', { name: 'Pantalla de Núria Soler' });
    await picture.scrollIntoViewIfNeeded();
    const box = (await panel.locator('[part~="overlay"]').boundingBox())!;
    await deskPage.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await element.locator('[part~="marker"][part~="ring"]').waitFor();
    await element.getByText('Laia Puig points at the centre of your screen.').waitFor();
    // A drag from the top left to the bottom right arrives as a path.
    await deskPage.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await deskPage.mouse.down();
    for (let step = 1; step <= 8; step += 1) await deskPage.mouse.move(box.x + box.width * (0.1 + step * 0.1), box.y + box.height * (0.1 + step * 0.1));
    await deskPage.mouse.up();
    await element.locator('[part~="marker"][part~="path"]').waitFor();
    await element.getByText('Laia Puig draws a path on your screen, starting at the top left and ending at the bottom right.').waitFor();

    // The citizen stops: both sides are told.
    await element.getByRole('button', { name: 'Stop sharing' }).click();
    await element.getByRole('heading', { name: 'Screen sharing has ended' }).waitFor();
    await element.getByText('You stopped sharing. The agent no longer sees your screen. You can go on talking on the phone.').waitFor();
    await panel.locator('[part~="state"]').getByText('L’ajuda amb la pantalla s’ha acabat: l’ha aturada la persona').waitFor({ timeout: 10_000 });

    // The recording is stored once the room has closed and sealed it.
    const types = await eventually(() => evidenceTypes(callback.id), (logged) => logged.includes('call.recording_stored'), 'the recording stored in the evidence', 20_000);
    const steps = types.filter((type) => type.startsWith('screen_help.'));
    assert.deepEqual(steps, ['screen_help.started', 'screen_help.opened', 'screen_help.consented', 'screen_help.ended']);
    assert.ok(types.includes('call.joined'), `who took part is in the evidence: ${types.join(', ')}`);
    // The code is single use: typed again, it is refused like any other.
    const again = await fetch(`${server.url}/api/councils/demo/screen-help/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ code }),
    });
    assert.equal(again.status, 404);
    assert.equal(((await again.json()) as { code: string }).code, 'FIN_ERR_SCREEN_HELP_CODE_INVALID');
    assert.deepEqual(errors, []);
  });

  it('shows the pointer in an always-on-top mini window where the browser offers one, and the agent ends it', async (t) => {
    const callback = await bookCallback('Pau Ferrer');
    const { panel, code } = await startScreenHelp(callback.reference);
    await panel.locator('[part~="emailed"]').getByText('L’enllaç no s’ha enviat per correu: la persona no va donar cap adreça. Llegiu-li el codi.').waitFor();

    // Without the link: the council's page and the code alone.
    const citizen = await citizenPage();
    await citizen.goto(`${server.url}/ajuda-pantalla?council=demo&lang=en`);
    const element = citizen.locator('screen-help');
    await typeCode(element, code);
    await element.getByRole('button', { name: 'I agree, share my screen' }).click();
    await element.getByText('You are sharing your screen with Laia Puig.').waitFor();
    await decodesFrames(panel.locator('[part~="screen-video"]'));

    const offered = await citizen.evaluate(() => 'documentPictureInPicture' in window);
    if (offered) {
      await element.getByRole('button', { name: 'Keep the agent’s pointer on top' }).click();
      await element.getByText('The agent’s pointer is shown in a small window that stays on top of your other windows.').waitFor();
      await panel.locator('[part~="picture"]').scrollIntoViewIfNeeded();
      const box = (await panel.locator('[part~="overlay"]').boundingBox())!;
      await deskPage.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.1);
      await citizen.waitForFunction(() => {
        const pip = (window as unknown as { documentPictureInPicture: { window: Window | null } }).documentPictureInPicture.window;
        return pip?.document.querySelector('[part~="marker"]') !== null && pip?.document.querySelector('[part~="marker"]') !== undefined;
      });
      await element.getByText('Laia Puig points at the top right of your screen.').waitFor();
    } else {
      t.diagnostic('this browser offers no Document Picture-in-Picture: the pointer is shown in the element, as the first test checks');
    }

    // The agent ends it: the citizen is told, and the room is gone.
    await panel.getByRole('button', { name: 'Atura l’ajuda amb la pantalla' }).click();
    await panel.locator('[part~="state"]').getByText('L’ajuda amb la pantalla s’ha acabat: l’heu aturada vós').waitFor();
    await element.getByText('The screen help has ended. The agent no longer sees your screen.').waitFor({ timeout: 10_000 });
    const steps = (await evidenceTypes(callback.id)).filter((type) => type.startsWith('screen_help.'));
    assert.deepEqual(steps, ['screen_help.started', 'screen_help.opened', 'screen_help.consented', 'screen_help.ended']);
    assert.deepEqual(errors, []);
  });

  it('refuses a wrong, used, expired or foreign code with the same words, and kills a code after five wrong tries', async () => {
    const first = await bookCallback('Marc Vidal', 'marc@example.cat');
    const one = await startScreenHelp(first.reference);
    const open = (body: Record<string, string>) =>
      fetch(`${server.url}/api/councils/demo/screen-help/open`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(body) });
    const session = (link: string) => new URL(link).searchParams.get('help')!;
    const wrong = one.code === '000000' ? '000001' : '000000';

    // A wrong code typed in the page: one plain message, whatever the reason.
    const citizen = await citizenPage();
    await citizen.goto(`${one.link}&lang=en`);
    const element = citizen.locator('screen-help');
    await typeCode(element, wrong);
    await element.getByText(REFUSED).first().waitFor();
    const refusal = await (await open({ code: wrong, session: session(one.link) })).json();

    // A code opens only its own callback's session: the right code with another session is refused.
    await one.panel.getByRole('button', { name: 'Atura l’ajuda amb la pantalla' }).click();
    await one.panel.locator('[part~="state"]').getByText(/L’ajuda amb la pantalla s’ha acabat/).waitFor();
    const second = await bookCallback('Laura Gil');
    const two = await startScreenHelp(second.reference);
    const foreign = await open({ code: two.code, session: session(one.link) });
    assert.equal(foreign.status, 404);
    assert.deepEqual(await foreign.json(), refusal, 'refused as any wrong code');

    // Five wrong tries in total, from the page and the API, kill the code: the right one is then refused.
    const other = two.code === '000000' ? '000001' : '000000';
    for (let tries = 0; tries < 5; tries += 1) assert.equal((await open({ code: other, session: session(two.link) })).status, 404);
    const killed = await open({ code: two.code, session: session(two.link) });
    assert.equal(killed.status, 404);
    assert.deepEqual(await killed.json(), refusal);
    await two.panel.locator('[part~="state"]').getByText('L’ajuda amb la pantalla s’ha acabat: s’han escrit massa codis erronis').waitFor({ timeout: 10_000 });
    assert.ok((await evidenceTypes(second.id)).includes('screen_help.locked'));

    // A new code, left until after its fifteen minutes, is refused the same way.
    await two.panel.getByRole('button', { name: 'Codi nou' }).click();
    await two.panel.locator('[part~="state-waiting"]').waitFor();
    const three = { code: (await two.panel.locator('[part~="code-group"]').allInnerTexts()).join(''), link: await two.panel.locator('[part~="link"]').innerText() };
    assert.notEqual(session(three.link), session(two.link));
    await server.app.db.updateTable('screen_help_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', session(three.link)).execute();
    const expired = await open({ code: three.code, session: session(three.link) });
    assert.equal(expired.status, 404);
    assert.deepEqual(await expired.json(), refusal);
    assert.deepEqual(errors, []);
  });

  it('offers the rear camera on a browser that cannot share its screen', async () => {
    const callback = await bookCallback('Joan Puig');
    const { panel, code, link } = await startScreenHelp(callback.reference);
    // A phone's browser: no screen sharing at all.
    const citizen = await citizenPage(() => {
      delete (MediaDevices.prototype as { getDisplayMedia?: unknown }).getDisplayMedia;
    });
    await citizen.goto(`${link}&lang=en`);
    const element = citizen.locator('screen-help');
    await typeCode(element, code);
    await element.getByText('This browser cannot share its screen (phones and tablets usually cannot). Instead, you can show the agent the other screen with the rear camera of this device.').waitFor();
    assert.equal(await element.getByRole('button', { name: 'I agree, share my screen' }).count(), 0);
    await element.getByRole('button', { name: 'I agree, use the rear camera' }).click();
    await element.getByText('You are showing your camera to Laia Puig.').waitFor();
    await decodesFrames(panel.locator('[part~="screen-video"]'));
    await panel.locator('[part~="state"]').getByText('La persona mostra la pantalla amb la càmera del mòbil').waitFor();
    await panel.getByRole('button', { name: 'Atura l’ajuda amb la pantalla' }).click();
    await element.getByRole('heading', { name: 'Screen sharing has ended' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
  });
});
