/**
 * Background failures end to end, in Chromium against the real server: the council's mail server
 * refuses connections, so a citizen's confirmation email fails; the supervisor sees it appear in
 * the desk's Incidents panel as it happens, marks it dealt with, and a monitoring system holding
 * the metrics token reads the same counts from /metrics.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('incidents in the desk and in the metrics', () => {
  let server: RunningServer;
  let browser: Browser;
  const secrets = mkdtempSync(join(tmpdir(), 'fin-e2e-metrics-'));
  const token = randomBytes(24).toString('hex');

  before(async () => {
    writeFileSync(join(secrets, 'metrics.token'), `${token}\n`, { mode: 0o600 });
    // Nothing listens on port 1: every email fails to go.
    server = await startServer({ SMTP_URL: 'smtp://127.0.0.1:1', METRICS_TOKEN_FILE: join(secrets, 'metrics.token') });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(secrets, { recursive: true, force: true });
  });

  let phones = 0;
  async function bookWithEmail(): Promise<string> {
    const response = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `incident-${++phones}` },
      body: JSON.stringify({ topic: 'padro', slot: 'asap', name: 'Pere Vila', phone: `61450${String(phones).padStart(4, '0')}`, email: 'pere.vila@example.org', consent: true, language: 'ca', website: '' }),
    });
    const body = await response.text();
    assert.equal(response.status, 201, body);
    return (JSON.parse(body) as { reference: string }).reference;
  }

  it('shows the supervisor a failed email as it fails, and lets them mark it dealt with', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const desk = await signInToDesk(page, server.url);
    const panel = desk.locator('fin-desk-incidents');
    await panel.getByText('Aquesta setmana no ha fallat res.').waitFor();

    const reference = await bookWithEmail();
    const incident = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Correu a la persona de ${reference} · Oberta` }) });
    await incident.waitFor({ timeout: 15_000 });
    assert.match(await incident.innerText(), /callback-confirmation/);
    assert.match(await incident.innerText(), /ECONN|ESOCKET/);
    assert.equal(await panel.getByText('1 incidència oberta').count(), 1);

    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(metrics.status, 200);
    const body = await metrics.text();
    assert.match(body, /^finestreta_failures_total\{council="demo",kind="email"\} 1$/m);
    assert.match(body, /^finestreta_incidents_open\{council="demo",kind="email"\} 1$/m);
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401, 'no token, no metrics');

    await incident.getByRole('button', { name: 'Marca-la com a atesa' }).click();
    await panel.getByRole('status').filter({ hasText: `Correu a la persona de ${reference}: marcada com a atesa.` }).waitFor();
    await panel.getByRole('heading', { name: `Correu a la persona de ${reference} · Atesa` }).waitFor();
    assert.equal(await incident.getByRole('button').count(), 0);
    assert.match(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text(), /^finestreta_incidents_open\{council="demo",kind="email"\} 0$/m);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
