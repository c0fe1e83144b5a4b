/**
 * The citizen forms as a person fills them, in Chromium against the real server: field after field
 * in their natural order, moving with the mouse, a wrong phone number (and DNI) left for the
 * consent box and corrected afterwards. The click on the consent box lands however the fields
 * left behind change, and each submission reaches the server once. A booking queued offline
 * survives a reload: the page shows it waiting, with what it books, until the outbox sends it.
 * A desktop window, where people use a mouse: the consent's label fits on one line there, so a
 * line added above it moves the box out from under the pressed button.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SurveyService } from '../packages/server/src/modules/surveys/service.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const TIME = /^\d\d:\d\d–\d\d:\d\d$/;
const PHONE_INVALID = 'Escriviu un número de telèfon en el format correcte';
const CONSENT = /Accepto que les meves dades es facin servir/;

/** Clicks into the field and types, replacing what is there: a triple click selects it, as a person does with the mouse. */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.click({ clickCount: 3 });
  await page.keyboard.type(text);
}

describe('the citizen forms, filled with the mouse', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  async function citizenPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? browser).newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  }

  /** The cases the server holds for `name`, of `kind`. */
  async function cases(kind: 'callback' | 'appointment', name: string) {
    return server.app.db.selectFrom('cases').select(['id', 'reference', 'citizen_phone as phone']).where('kind', '=', kind).where('citizen_name', '=', name).execute();
  }

  /** Through the booking's first two steps with the mouse: the register of residents, its first free time. */
  async function toDetails(booking: Locator) {
    await booking.getByRole('heading', { name: 'Demaneu cita per videotrucada' }).waitFor();
    await booking.getByRole('radio', { name: /Alta al padró municipal/ }).click();
    await booking.getByRole('button', { name: 'Continua' }).click();
    await booking.getByRole('heading', { name: 'Trieu un dia i una hora' }).waitFor();
    await booking.getByRole('radio', { name: TIME }).first().click();
    await booking.getByRole('button', { name: 'Continua' }).click();
    await booking.getByRole('heading', { name: 'Les vostres dades' }).waitFor();
  }

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('<call-me-form>: the consent box takes the click that leaves a wrong phone number, and the corrected request arrives', async () => {
    const page = await citizenPage();
    await page.goto(`${server.url}/`);
    const form = page.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();

    await typeInto(page, form.getByLabel('Nom', { exact: true }), 'Núria Pons');
    await typeInto(page, form.getByLabel('Telèfon'), '612 34');
    // Straight from the phone number to the consent box: leaving the number shows its error, which must not move the box under the pressed button.
    await form.getByLabel(CONSENT).click();
    assert.equal(await form.getByLabel(CONSENT).isChecked(), true, 'the click that left the phone number landed on the consent box');
    await form.getByText(PHONE_INVALID).first().waitFor();
    await typeInto(page, form.getByLabel('Expliqueu-nos breument què necessiteu'), 'No sé com adjuntar el certificat al tràmit.');
    assert.equal(await form.locator('[part~="field-error"]').count(), 1, 'only the phone number, which was changed, shows an error; the email passed by does not');

    await typeInto(page, form.getByLabel('Telèfon'), '612 34 56 78');
    await form.getByRole('button', { name: 'Demana la trucada' }).click();
    await form.getByRole('heading', { name: 'Trucada sol·licitada' }).waitFor();
    assert.equal(await form.getByLabel(CONSENT).count(), 0);
    const stored = await cases('callback', 'Núria Pons');
    assert.deepEqual(
      stored.map((c) => c.phone),
      ['+34612345678'],
    );
    await page.close();
    assert.deepEqual(errors, []);
  });

  it('the booking’s last step: the consent box takes the click that leaves a wrong DNI, and the corrected booking arrives', async () => {
    const page = await citizenPage();
    await page.goto(`${server.url}/`);
    const booking = page.locator('video-appointment');
    await toDetails(booking);

    await typeInto(page, booking.getByLabel('Nom', { exact: true }), 'Pere Mas');
    await typeInto(page, booking.getByLabel('Adreça electrònica'), 'pere@example.cat');
    await typeInto(page, booking.getByLabel('Telèfon'), '612');
    await typeInto(page, booking.getByLabel('DNI o NIE (opcional)'), '12345678A');
    await booking.getByLabel(CONSENT).click();
    assert.equal(await booking.getByLabel(CONSENT).isChecked(), true, 'the click that left the DNI landed on the consent box');
    await booking.getByText('Escriviu un DNI o NIE amb la lletra', { exact: false }).first().waitFor();
    await booking.getByText(PHONE_INVALID).first().waitFor();

    await typeInto(page, booking.getByLabel('Telèfon'), '612 34 56 78');
    await typeInto(page, booking.getByLabel('DNI o NIE (opcional)'), '12345678Z');
    await booking.getByRole('button', { name: 'Demana la cita' }).click();
    await booking.getByRole('heading', { name: 'Cita confirmada' }).waitFor();
    const stored = await cases('appointment', 'Pere Mas');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.phone, '+34612345678');
    await page.close();
    assert.deepEqual(errors, []);
  });

  it('a booking queued offline is shown waiting after a reload, and the outbox sends it once', async () => {
    const context = await browser.newContext();
    const page = await citizenPage(context);
    await page.goto(`${server.url}/`);
    const booking = page.locator('video-appointment');
    await toDetails(booking);
    const time = await booking.locator('[part~="chosen"]').nth(1).innerText();
    await typeInto(page, booking.getByLabel('Nom', { exact: true }), 'Marta Soler');
    await typeInto(page, booking.getByLabel('Adreça electrònica'), 'marta@example.cat');
    await typeInto(page, booking.getByLabel('Telèfon'), '699 88 77 66');
    await booking.getByLabel(CONSENT).click();

    await context.setOffline(true);
    await booking.getByRole('button', { name: 'Demana la cita' }).click();
    await booking.getByRole('heading', { name: 'Desat en aquest dispositiu' }).waitFor({ timeout: 20_000 });

    // The connection comes back for the page but not yet for the booking: the outbox's attempts fail.
    const refused: string[] = [];
    await context.route('**/api/councils/demo/appointments', (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      refused.push(route.request().headers()['idempotency-key'] ?? '');
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await page.reload();
    await booking.getByRole('heading', { name: 'Desat en aquest dispositiu' }).waitFor({ timeout: 20_000 });
    await booking.getByText(/Alta al padró municipal/).first().waitFor();
    assert.equal(await booking.locator('[part~="chosen"]').nth(1).innerText(), time, 'the waiting booking says which time it holds');
    assert.equal(await booking.getByRole('button', { name: 'Continua' }).count(), 0, 'not an empty form');
    assert.equal((await cases('appointment', 'Marta Soler')).length, 0, 'nothing reached the server yet');

    await context.unroute('**/api/councils/demo/appointments');
    // The outbox tries again when the browser says the connection is back.
    await context.setOffline(true);
    await context.setOffline(false);
    await booking.getByRole('heading', { name: 'Cita confirmada' }).waitFor({ timeout: 30_000 });
    assert.equal((await cases('appointment', 'Marta Soler')).length, 1, 'booked exactly once');
    assert.equal(new Set(refused).size, 1, 'every attempt carried the one Idempotency-Key');
    await context.close();
    assert.deepEqual(errors, []);
  });

  it('<satisfaction-survey>: answered with the mouse, the answer arrives', async () => {
    const [callback] = await cases('callback', 'Núria Pons');
    assert.ok(callback, 'the callback of the first test');
    const issued = await new SurveyService(server.app).issue(callback.id, 'completed', new Date());
    assert.ok(issued);
    const page = await citizenPage();
    await page.goto(`${server.url}/survey?council=demo&token=${issued.token}`);
    const survey = page.locator('satisfaction-survey');
    await survey.getByRole('heading', { name: 'Com us hem atès?' }).waitFor();
    await survey.getByRole('radio', { name: '4 estrelles' }).click();
    await survey.getByRole('radio', { name: 'Sí' }).click();
    await typeInto(page, survey.getByLabel('Voleu dir-nos alguna cosa més? (opcional)'), 'Molt amable.');
    await survey.getByRole('button', { name: 'Envia la resposta' }).click();
    await survey.getByRole('heading', { name: 'Gràcies per la vostra resposta' }).waitFor();
    const stored = await server.app.db.selectFrom('survey_invitations').select(['rating', 'comment']).where('case_id', '=', callback.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...stored }, { rating: 4, comment: 'Molt amable.' });
    await page.close();
    assert.deepEqual(errors, []);
  });
});
