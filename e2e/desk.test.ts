/** An agent of the Citizen Service Office signs in to the desk served by the real server. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('the agent desk', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password, signs in the demo agent, keeps the session across a reload and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/desk?lang=ca`);
    const desk = page.locator('agent-desk');

    await desk.getByLabel('Adreça electrònica').fill('agent@demo.finestreta.cat');
    await desk.getByLabel('Contrasenya').fill('not-the-password');
    await desk.getByRole('button', { name: 'Inicia la sessió' }).click();
    await desk.getByText('L’adreça electrònica o la contrasenya no són correctes').first().waitFor();

    await desk.getByLabel('Contrasenya').fill('finestreta-demo');
    await desk.getByRole('button', { name: 'Inicia la sessió' }).click();
    await desk.getByText('Sessió iniciada com a Laia Puig').waitFor();
    await desk.getByText('Ajuntament de Vilademo').first().waitFor();

    const cookie = (await context.cookies()).find((c) => c.name === 'fin_session');
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');

    await page.reload();
    await desk.getByText('Sessió iniciada com a Laia Puig').waitFor();

    await desk.getByRole('button', { name: 'Tanca la sessió' }).click();
    await desk.getByRole('button', { name: 'Inicia la sessió' }).waitFor();
    await page.reload();
    await desk.getByRole('button', { name: 'Inicia la sessió' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lists where the agent is signed in and ends the session left on a phone, which is then signed out', async () => {
    const phoneContext = await browser.newContext({ userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36' });
    const phone = await phoneContext.newPage();
    await signInToDesk(phone, server.url);
    const officeContext = await browser.newContext();
    const office = await officeContext.newPage();
    const desk = await signInToDesk(office, server.url);

    const sessions = desk.getByRole('region', { name: 'On teniu la sessió iniciada' });
    await sessions.getByRole('heading', { name: 'Chrome a Linux · Aquest navegador' }).waitFor();
    await sessions.getByRole('heading', { name: 'Chrome a Android' }).waitFor();
    // Only the other session can be ended here: this one ends with the desk's own sign-out.
    assert.equal(await sessions.getByRole('button', { name: 'Tanca aquesta sessió' }).count(), 1);
    await sessions.getByRole('button', { name: 'Tanca aquesta sessió' }).click();
    await desk.getByRole('status').filter({ hasText: 'S’ha tancat la sessió de Chrome a Android.' }).waitFor();
    await sessions.getByRole('heading', { name: 'Chrome a Android' }).waitFor({ state: 'detached' });

    await phone.reload();
    await phone.locator('agent-desk').getByRole('button', { name: 'Inicia la sessió' }).waitFor();
    await desk.getByText('Sessió iniciada com a Laia Puig').waitFor();
    await phoneContext.close();
    await officeContext.close();
  });

  it("opens in the browser's language, switches on request and remembers it", async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`${server.url}/desk`);
    const desk = page.locator('agent-desk');
    await desk.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'es', 'the page itself too, from Accept-Language');

    await desk.getByRole('navigation', { name: 'Idioma del mostrador' }).getByRole('button', { name: 'English' }).click();
    await desk.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await desk.getAttribute('lang'), 'en', 'screen readers switch with the desk');
    await page.reload();
    await desk.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await desk.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    await context.close();
  });
});
