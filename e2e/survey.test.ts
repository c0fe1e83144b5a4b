/**
 * The satisfaction survey end to end, in Chromium against the real server: a callback is booked,
 * the agent completes it in the desk, the citizen opens the invitation link and answers with the
 * keyboard alone; a second answer is politely refused; an answer given offline is kept on the
 * device and delivered once the connection returns. A video appointment's personal link offers
 * the survey once the call has completed the appointment.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CallStore } from '../packages/server/src/modules/calls/store.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signInToDesk } from './support/desk.ts';

interface CallbackCreated {
  reference: string;
}

interface AppointmentCreated {
  reference: string;
  appointmentUrl: string;
}

describe('the satisfaction survey of a completed callback', () => {
  let server: RunningServer;
  let browser: Browser;
  let agent: BrowserContext;
  let desk: Page;
  const errors: string[] = [];

  /** Books a callback as soon as possible through the public API, as the form would. */
  async function bookCallback(name: string, phone: string): Promise<string> {
    const response = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'online-help', slot: 'asap', name, phone, description: 'No puc signar la sol·licitud.', consent: true, language: 'ca', website: '' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as CallbackCreated).reference;
  }

  /** The agent claims the callback, calls, records "we spoke", and gets the survey link. */
  async function completeInDesk(reference: string): Promise<string> {
    const queue = desk.locator('agent-desk');
    const item = queue.locator('li, tr, article').filter({ has: desk.getByRole('heading', { name: reference }) }).first();
    await item.waitFor({ timeout: 10_000 });
    await item.getByRole('button', { name: /Assigna-me-la/ }).click();
    await item.getByRole('button', { name: /Comença la trucada/ }).click();
    await queue.getByRole('radio', { name: 'Hem parlat' }).first().check();
    await queue.getByRole('button', { name: /Desa el resultat/ }).first().click();
    const link = queue.getByRole('link', { name: 'Invitació a l’enquesta de satisfacció' });
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    assert.match(href, /\/survey\?council=demo&token=/);
    return new URL(href, server.url).href;
  }

  /** What the server kept of the case's invitation. */
  async function storedAnswer(reference: string) {
    return server.app.db
      .selectFrom('survey_invitations')
      .innerJoin('cases', 'cases.id', 'survey_invitations.case_id')
      .select(['survey_invitations.answered_at as answeredAt', 'survey_invitations.rating', 'survey_invitations.would_repeat as wouldRepeat', 'survey_invitations.comment'])
      .where('cases.reference', '=', reference)
      .executeTakeFirstOrThrow();
  }

  async function openSurvey(page: Page, link: string): Promise<Locator> {
    page.on('pageerror', (e) => errors.push(`citizen: ${e.message}`));
    await page.goto(link);
    const survey = page.locator('satisfaction-survey');
    await survey.getByRole('heading', { name: 'Com us hem atès?' }).waitFor();
    return survey;
  }

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
    agent = await browser.newContext();
    desk = await agent.newPage();
    desk.on('pageerror', (e) => errors.push(`desk: ${e.message}`));
    await signInToDesk(desk, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is answered with the keyboard alone, and a second answer is politely refused', async () => {
    const reference = await bookCallback('Marta Soler', '+34612345678');
    const link = await completeInDesk(reference);

    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const survey = await openSurvey(page, link);
    await survey.getByText(`referència ${reference}`, { exact: false }).waitFor();

    // From the top of the page, Tab reaches the first star; the arrow keys choose within the group.
    await page.keyboard.press('Tab');
    const first = survey.getByRole('radio', { name: '1 estrella' });
    await assertFocused(first);
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await survey.getByRole('radio', { name: '4 estrelles' }).isChecked(), true);
    await survey.getByText('La vostra valoració: 4 estrelles de 5').waitFor();

    await page.keyboard.press('Tab');
    await assertFocused(survey.getByRole('radio', { name: 'Sí' }));
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await assertFocused(survey.getByLabel('Voleu dir-nos alguna cosa més? (opcional)'));
    await page.keyboard.type('Molt amables.');
    await survey.getByText('Queden 487 caràcters').waitFor();
    await page.keyboard.press('Tab');
    await assertFocused(survey.getByRole('button', { name: 'Envia la resposta' }));
    await page.keyboard.press('Enter');

    await survey.getByRole('heading', { name: 'Gràcies per la vostra resposta' }).waitFor();
    const stored = await storedAnswer(reference);
    assert.ok(stored.answeredAt);
    assert.equal(stored.rating, 4);
    assert.equal(Boolean(stored.wouldRepeat), true);
    assert.equal(stored.comment, 'Molt amables.');

    // The same link again: the survey says it has its answer, with no form.
    await page.reload();
    await survey.getByRole('heading', { name: 'Ja heu respost' }).waitFor();
    assert.equal(await survey.getByRole('radio').count(), 0);

    // A second answer sent anyway is refused, and the first one stands.
    const token = new URL(link).searchParams.get('token');
    const again = await fetch(`${server.url}/api/councils/demo/surveys/mine/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, rating: 1 }),
    });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, 'FIN_ERR_SURVEY_ANSWERED');
    assert.equal((await storedAnswer(reference)).rating, 4);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('refuses an answer without a rating with an error summary that takes focus', async () => {
    const reference = await bookCallback('Jordi Vidal', '+34655443322');
    const page = await browser.newPage();
    const survey = await openSurvey(page, await completeInDesk(reference));
    await survey.getByRole('button', { name: 'Envia la resposta' }).click();
    const summary = survey.getByRole('link', { name: 'Trieu una valoració' });
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part')), 'error-summary');
    await summary.click();
    await assertFocused(survey.getByRole('radio', { name: '1 estrella' }));
    assert.equal((await storedAnswer(reference)).answeredAt, null);
    await page.close();
  });

  it('answered offline, is kept on the device and delivered once when the connection returns', async () => {
    const reference = await bookCallback('Carmen Ruiz', '+34699887766');
    const link = await completeInDesk(reference);
    const context = await browser.newContext();
    const page = await context.newPage();
    const survey = await openSurvey(page, link);

    await survey.getByRole('radio', { name: '5 estrelles' }).check();
    await survey.getByRole('radio', { name: 'No' }).check();
    await context.setOffline(true);
    await survey.getByRole('button', { name: 'Envia la resposta' }).click();
    await survey.getByRole('heading', { name: 'Desat en aquest dispositiu' }).waitFor({ timeout: 20_000 });
    assert.equal((await storedAnswer(reference)).answeredAt, null, 'nothing reached the server while offline');

    await context.setOffline(false);
    await survey.getByRole('heading', { name: 'Gràcies per la vostra resposta' }).waitFor({ timeout: 20_000 });
    const stored = await storedAnswer(reference);
    assert.equal(stored.rating, 5);
    assert.equal(Boolean(stored.wouldRepeat), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('is offered on a video appointment’s personal link once the call completed it', async () => {
    const slots = (await (await fetch(`${server.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: Array<{ start: string }> };
    const response = await fetch(`${server.url}/api/councils/demo/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ procedure: 'padro', slot: slots.slots[0]!.start, name: 'Aina Font', email: 'aina@example.cat', phone: '+34611223344', consent: true, language: 'ca', website: '' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const booked = (await response.json()) as AppointmentCreated;
    // The agent letting the citizen in and hanging up moves the appointment through the call store,
    // as the call's room does (e2e/call.test.ts runs that call with real media); the survey is
    // what follows it here.
    const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', booked.reference).executeTakeFirstOrThrow();
    const calls = new CallStore(server.app);
    await calls.moveOrRecord(id, 'admit', { type: 'call.admitted', actor: 'system', data: { role: 'citizen' } });
    await calls.moveOrRecord(id, 'complete', { type: 'call.ended', actor: 'system', data: { reason: 'agentHungUp' } });
    const { state } = await server.app.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(state, 'completed');

    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`citizen: ${e.message}`));
    await page.goto(booked.appointmentUrl);
    const appointment = page.locator('video-appointment');
    const survey = appointment.locator('satisfaction-survey');
    await survey.getByRole('heading', { name: 'Com us hem atès?', level: 3 }).waitFor();
    await survey.getByText('«Alta al padró municipal»', { exact: false }).waitFor();
    await survey.getByRole('radio', { name: '5 estrelles' }).check();
    await survey.getByRole('button', { name: 'Envia la resposta' }).click();
    await survey.getByRole('heading', { name: 'Gràcies per la vostra resposta' }).waitFor();
    assert.equal((await storedAnswer(booked.reference)).rating, 5);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/** Passes when the element `locator` points at has the keyboard focus (inside its shadow root). */
async function assertFocused(locator: Locator): Promise<void> {
  await locator.page().waitForFunction(
    (element) => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active === element;
    },
    await locator.elementHandle(),
    { timeout: 10_000 },
  );
}
