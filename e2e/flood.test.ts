/**
 * A booking flood end to end, in Chromium against the real server with its real thresholds: once
 * one address has booked far above normal, the server asks for a proof of work, and the real
 * <call-me-form> solves it by itself, tells the citizen it may take a few seconds, and books.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEFAULT_FLOOD_LIMITS } from '../packages/server/src/modules/flood/guard.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('a flood of bookings from one address', () => {
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

  it('makes the real widget solve a proof of work, then books', async () => {
    // A script on the same address as the browser (loopback) books up to the threshold.
    for (let i = 0; i < DEFAULT_FLOOD_LIMITS.addressMax; i++) {
      const response = await fetch(`${server.url}/api/councils/demo/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `flood-${i}` },
        body: JSON.stringify({ topic: 'padro', slot: 'asap', name: 'Bot', phone: `61400${String(i).padStart(4, '0')}`, consent: true, language: 'ca', website: '' }),
      });
      assert.equal(response.status, 201, await response.text());
    }
    const refused = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'flood-over' },
      body: JSON.stringify({ topic: 'padro', slot: 'asap', name: 'Bot', phone: '614999999', consent: true, language: 'ca', website: '' }),
    });
    assert.equal(refused.status, 428);
    assert.equal((await refused.json()).challenge.difficulty, DEFAULT_FLOOD_LIMITS.baseBits);

    const citizen = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const errors: string[] = [];
    citizen.on('pageerror', (error) => errors.push(error.message));
    const proofs: Array<string | undefined> = [];
    citizen.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/councils/demo/callbacks')) proofs.push(request.headers()['fin-proof']);
    });
    await citizen.goto(`${server.url}/`);
    const form = citizen.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    await form.getByLabel('Nom', { exact: true }).fill('Núria Soler');
    await form.getByLabel('Telèfon').fill('612 34 56 78');
    await form.getByLabel('Expliqueu-nos breument què necessiteu').fill('No sé com adjuntar el certificat al tràmit.');
    await form.getByLabel(/Accepto que les meves dades es facin servir/).check();
    // Every text the form's status takes, caught as it is written: a lucky solution can be found
    // in a few milliseconds, between two of Playwright's polls of the page.
    const statuses = await form.evaluateHandle((element) => {
      const said: string[] = [];
      const root = element.shadowRoot!;
      new MutationObserver(() => said.push(root.querySelector('[role="status"]')?.textContent?.trim() ?? '')).observe(root, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      return said;
    });
    await form.getByRole('button', { name: 'Demana la trucada' }).click();

    await form.getByRole('heading', { name: 'Trucada sol·licitada' }).waitFor({ timeout: 60_000 });
    assert.ok(
      (await statuses.jsonValue()).some((text) => text.includes('Pot trigar uns segons')),
      'the form said that checking the request may take a few seconds',
    );
    assert.match(await form.getByText(/La vostra referència és CB-/).innerText(), /CB-[A-Z0-9]{6}/);
    assert.equal(proofs.length, 2);
    assert.equal(proofs[0], undefined);
    assert.match(proofs[1] ?? '', /^demo\.\d+\.16\.[\w-]+\.[\w-]+:\d+$/);
    const spent = await server.app.db.selectFrom('spent_challenges').select('nonce').execute();
    assert.equal(spent.length, 1);
    assert.deepEqual(errors, []);
    await citizen.close();
  });
});
