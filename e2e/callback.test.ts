/**
 * The "Call me" flow end to end, in Chromium against the real server: a citizen books a callback
 * on the demo council's page, the agent sees it appear live in the desk and completes it; a
 * citizen cancels through the emailed link; a request made offline is sent when the connection returns.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signInToDesk } from './support/desk.ts';

async function fillCallMeForm(form: Locator, who: { name: string; phone: string; email?: string }) {
  await form.getByLabel('Nom', { exact: true }).fill(who.name);
  await form.getByLabel('Telèfon').fill(who.phone);
  if (who.email) await form.getByLabel('Adreça electrònica (opcional)').fill(who.email);
  await form.getByLabel('Expliqueu-nos breument què necessiteu').fill('No sé com adjuntar el certificat al tràmit.');
  await form.getByLabel(/Accepto que les meves dades es facin servir/).check();
}

async function reference(form: Locator): Promise<string> {
  const text = await form.getByText(/La vostra referència és CB-/).innerText();
  return /CB-[A-Z0-9]+/.exec(text)![0];
}

describe('a phone callback at an agreed time', () => {
  let server: RunningServer;
  let browser: Browser;
  let agent: BrowserContext;
  let desk: Page;
  const errors: string[] = [];

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
    agent = await browser.newContext();
    desk = await agent.newPage();
    desk.on('pageerror', (e) => errors.push(`desk: ${e.message}`));
    const sheet = await signInToDesk(desk, server.url);
    await sheet.getByRole('heading', { name: 'Cua de feina' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is booked on the council page, appears live in the desk and is completed by the agent', async () => {
    const citizen = await browser.newPage({ viewport: { width: 360, height: 800 } });
    citizen.on('pageerror', (e) => errors.push(`citizen: ${e.message}`));
    await citizen.goto(`${server.url}/`);
    const form = citizen.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    await fillCallMeForm(form, { name: 'Núria Soler', phone: '612 34 56 78', email: 'nuria@example.cat' });
    await form.getByText('Us trucarem al +34 612 34 56 78').waitFor();
    await form.getByRole('button', { name: 'Demana la trucada' }).click();

    await form.getByRole('heading', { name: 'Trucada sol·licitada' }).waitFor();
    const ref = await reference(form);
    assert.match(await form.getByText(/Us trucarem el .* entre les \d\d:\d\d i les \d\d:\d\d\./).innerText(), /entre les/);

    // The desk was open before the request: it shows up without a reload.
    const queue = desk.locator('agent-desk');
    const item = queue.locator('li, tr, article').filter({ has: desk.getByRole('heading', { name: ref }) }).first();
    await item.waitFor({ timeout: 10_000 });
    await item.getByText('Núria Soler').waitFor();
    assert.equal(await item.getByRole('link', { name: /612/ }).getAttribute('href'), 'tel:+34612345678');

    await item.getByRole('button', { name: /Assigna-me-la/ }).click();
    await item.getByRole('button', { name: /Comença la trucada/ }).click();
    await queue.getByRole('radio', { name: 'Hem parlat' }).first().check();
    await queue.getByRole('button', { name: /Desa el resultat/ }).first().click();
    const survey = queue.getByRole('link', { name: 'Invitació a l’enquesta de satisfacció' });
    await survey.waitFor();
    assert.match((await survey.getAttribute('href')) ?? '', /\/survey\?council=demo&token=/);
    assert.deepEqual(errors, []);
    await citizen.close();
  });

  it('is cancelled by the citizen through the link in the confirmation email', async () => {
    const citizen = await browser.newPage();
    await citizen.goto(`${server.url}/?lang=ca`);
    const form = citizen.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    await fillCallMeForm(form, { name: 'Ahmed Benali', phone: '+34 699 88 77 66', email: 'ahmed@example.cat' });
    await form.getByRole('button', { name: 'Demana la trucada' }).click();
    await form.getByRole('heading', { name: 'Trucada sol·licitada' }).waitFor();
    const ref = await reference(form);

    // The demo's mail outbox holds the confirmation, with the cancel link.
    await citizen.goto(`${server.url}/dev/mail`);
    await citizen.getByRole('link', { name: new RegExp(ref) }).click();
    const mail = await citizen.locator('pre').innerText();
    const link = /https?:\/\/\S+\/callbacks\/cancel\?\S+/.exec(mail)?.[0];
    assert.ok(link, 'the email carries the cancel link');

    await citizen.goto(link);
    await citizen.getByRole('button', { name: 'Anul·la la meva trucada' }).click();
    await citizen.getByRole('heading', { name: 'Trucada anul·lada' }).waitFor();

    // Gone from the desk's open requests.
    const queue = desk.locator('agent-desk');
    await queue.getByRole('heading', { name: ref }).waitFor({ state: 'detached', timeout: 10_000 });
    await citizen.close();
  });

  it('made offline, is kept on the device and sent once when the connection returns', async () => {
    const context = await browser.newContext();
    const citizen = await context.newPage();
    await citizen.goto(`${server.url}/`);
    const form = citizen.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    await fillCallMeForm(form, { name: 'Carmen Ruiz', phone: '655 44 33 22' });
    await context.setOffline(true);
    await form.getByRole('button', { name: 'Demana la trucada' }).click();
    await form.getByRole('heading', { name: 'Desat en aquest dispositiu' }).waitFor({ timeout: 20_000 });

    await context.setOffline(false);
    await form.getByRole('heading', { name: 'Trucada sol·licitada' }).waitFor({ timeout: 20_000 });
    const ref = await reference(form);
    await desk.locator('agent-desk').getByRole('heading', { name: ref }).waitFor({ timeout: 10_000 });
    const count = await desk.locator('agent-desk').getByText('Carmen Ruiz').count();
    assert.equal(count, 1, 'delivered exactly once');
    await context.close();
  });

  it('asked again for a number with a call pending, says so next to the number', async () => {
    const citizen = await browser.newPage();
    await citizen.goto(`${server.url}/`);
    const form = citizen.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    // Carmen Ruiz's call, sent by the test before, is still pending.
    await fillCallMeForm(form, { name: 'Carmen Ruiz', phone: '655 44 33 22' });
    await form.getByRole('button', { name: 'Demana la trucada' }).click();
    const field = form.getByRole('textbox', { name: 'Telèfon' });
    const pending = /Ja hi ha una trucada pendent per a aquest número/;
    await form.locator('#phone-error').filter({ hasText: pending }).waitFor();
    assert.match(await form.getByRole('link', { name: pending }).innerText(), pending, 'the error summary links to the number');
    assert.match((await field.getAttribute('aria-describedby')) ?? '', /phone-error/);
    assert.doesNotMatch(await form.locator('#phone-error').innerText(), /format/);
    await citizen.close();
  });
});
