/**
 * Booking a video appointment end to end, in Chromium against the real server: the citizen books
 * on the demo council's page, gets the confirmation with a calendar file and an email with the
 * personal link, opens it, reschedules and cancels; the agent sees it in the desk's agenda.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signInToDesk } from './support/desk.ts';

const TIME = /^\d\d:\d\d–\d\d:\d\d$/;

describe('a video appointment, up to the call', () => {
  let server: RunningServer;
  let browser: Browser;
  let citizen: Page;
  let ref: string;
  const errors: string[] = [];

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
    citizen = await browser.newPage({ viewport: { width: 360, height: 800 } });
    citizen.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is booked in three steps and confirmed with a reference, a calendar file and what to prepare', async () => {
    await citizen.goto(`${server.url}/`);
    const va = citizen.locator('video-appointment');
    await va.getByRole('heading', { name: 'Demaneu cita per videotrucada' }).waitFor();
    await va.getByRole('radio', { name: /Alta al padró municipal/ }).check();
    await va.getByRole('button', { name: 'Continua' }).click();

    await va.getByRole('heading', { name: 'Trieu un dia i una hora' }).waitFor();
    await va.getByRole('radio', { name: TIME }).first().check();
    await va.getByRole('button', { name: 'Continua' }).click();

    await va.getByRole('heading', { name: 'Les vostres dades' }).waitFor();
    await va.getByLabel('Nom', { exact: true }).fill('Jordi Vidal');
    await va.getByLabel('Adreça electrònica').fill('jordi@example.cat');
    await va.getByLabel('Telèfon').fill('612 34 56 78');
    await va.getByLabel('DNI o NIE (opcional)').fill('12345678A');
    await va.getByRole('button', { name: 'Demana la cita' }).click();
    // A wrong check letter is caught before anything is sent.
    await va.getByText('Escriviu un DNI o NIE amb la lletra', { exact: false }).first().waitFor();
    await va.getByLabel('DNI o NIE (opcional)').fill('12345678Z');
    await va.getByLabel(/Accepto que les meves dades es facin servir/).check();
    await va.getByRole('button', { name: 'Demana la cita' }).click();

    await va.getByRole('heading', { name: 'Cita confirmada' }).waitFor();
    const text = await va.getByText(/La vostra referència és VA-/).innerText();
    ref = /VA-[A-Z0-9]+/.exec(text)![0];
    await va.getByRole('heading', { name: 'Documents que heu de preparar' }).waitFor();
    await va.getByText('Contracte de lloguer o escriptura de l’habitatge').or(va.getByText("Contracte de lloguer o escriptura de l'habitatge")).first().waitFor();

    const calendar = await va.getByRole('link', { name: 'Afegeix al calendari (fitxer .ics)' }).getAttribute('href');
    const ics = await citizen.request.get(new URL(calendar!, server.url).toString());
    assert.equal(ics.status(), 200);
    assert.match(ics.headers()['content-type'], /text\/calendar/);
    const body = await ics.text();
    assert.match(body, /BEGIN:VCALENDAR/);
    assert.match(body, /BEGIN:VEVENT/);
    assert.match(body, /DTSTART:\d{8}T\d{6}Z/);
    assert.match(body, /\/cita\?council=demo/);
    assert.deepEqual(errors, []);
  });

  it('appears in the desk agenda with the documents expected', async () => {
    const agent = await browser.newPage();
    const desk = await signInToDesk(agent, server.url);
    await desk.getByRole('tab', { name: 'Cites' }).click();
    await desk.getByRole('button', { name: `Obre ${ref}` }).first().click();
    await desk.getByRole('heading', { name: `Cita ${ref}` }).waitFor();
    await desk.getByText('Jordi Vidal').first().waitFor();
    await desk.getByText('12345678Z').first().waitFor();
    await desk.getByRole('heading', { name: 'Documents previstos' }).waitFor();
    await agent.close();
  });

  it('is opened from the emailed personal link, rescheduled and cancelled', async () => {
    await citizen.goto(`${server.url}/dev/mail`);
    await citizen.getByRole('link', { name: new RegExp(ref) }).first().click();
    const mail = await citizen.locator('pre').innerText();
    const link = /https?:\/\/\S+\/cita\?\S+/.exec(mail)?.[0];
    assert.ok(link, 'the confirmation email carries the personal link');

    await citizen.goto(link);
    const va: Locator = citizen.locator('video-appointment');
    await va.getByRole('heading', { name: 'La vostra cita per videotrucada' }).waitFor();
    await va.getByText(ref).first().waitFor();
    await va.getByText('Confirmada').first().waitFor();
    // The token leaves the address bar (the page's analytics, Referer headers), yet the tab keeps it.
    assert.equal(new URL(citizen.url()).searchParams.has('token'), false, citizen.url());
    await citizen.reload();
    await va.getByText(ref).first().waitFor();

    await va.getByRole('button', { name: 'Canvia el dia o l’hora' }).click();
    await va.getByRole('heading', { name: 'Trieu un dia i una hora nous' }).waitFor();
    // Another day than the booked one, which late in the afternoon has only a time or two left.
    await va.locator('[part~="days"]').getByRole('radio').nth(1).check();
    await va.getByRole('radio', { name: TIME }).nth(2).check();
    await va.getByRole('button', { name: 'Canvia la cita' }).click();
    await va.getByText(/Fet: ara la vostra cita és el/).waitFor();

    await va.getByRole('button', { name: 'Anul·la la cita' }).click();
    await va.getByRole('heading', { name: 'Voleu anul·lar la cita?' }).waitFor();
    await va.getByRole('button', { name: 'Sí, anul·la la cita' }).click();
    await va.getByText('S’ha anul·lat la vostra cita', { exact: false }).waitFor();
    await va.getByText('Anul·lada').first().waitFor();

    // The emails followed every change.
    await citizen.goto(`${server.url}/dev/mail`);
    const subjects = await citizen.getByRole('link', { name: new RegExp(ref) }).allInnerTexts();
    assert.equal(subjects.length, 3, `confirmation, reschedule and cancel notices: ${subjects.join(' | ')}`);
    assert.deepEqual(errors, []);
  });
});
