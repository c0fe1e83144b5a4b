/**
 * Data protection end to end, in Chromium against the real server: a supervisor finds a citizen's
 * case by the phone they gave, places a legal hold on it with its reason, and downloads everything
 * held about them for their right of access: a zip whose index names the case and that holds its
 * sealed evidence, which verifies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import yauzl from 'yauzl';
import { verifyBundle } from '../packages/server/src/modules/bundle/index.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** The zip's members by name. */
function unzip(file: string): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (failed, stream) => {
          if (failed || !stream) return reject(failed);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            members.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(members));
      zip.on('error', reject);
      zip.readEntry();
    }),
  );
}

describe("a citizen's data in the supervisor's desk", () => {
  let server: RunningServer;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'fin-e2e-privacy-'));

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds their case by phone, places a legal hold and downloads everything held about them', async () => {
    const booked = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'privacy-1' },
      body: JSON.stringify({ topic: 'padro', slot: 'asap', name: 'Marta Soler', phone: '612 34 56 78', consent: true, language: 'ca', website: '' }),
    });
    const body = await booked.text();
    assert.equal(booked.status, 201, body);
    const { reference } = JSON.parse(body) as { reference: string };

    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const desk = await signInToDesk(page, server.url);
    const panel = desk.locator('fin-data-protection');
    await panel.getByLabel('Cerca per').selectOption({ label: 'Telèfon' });
    await panel.getByLabel('Telèfon', { exact: true }).fill('+34 612 34 56 78');
    await panel.getByRole('button', { name: 'Cerca', exact: true }).click();
    const found = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: reference }) });
    await found.waitFor();

    await found.getByRole('button', { name: 'Posa una retenció legal' }).click();
    await found.getByLabel(/Per què s’ha de conservar/).fill('Queixa al Síndic de Greuges 45/2026');
    await found.getByRole('button', { name: 'Posa la retenció' }).click();
    await panel.getByRole('status').filter({ hasText: `${reference} té una retenció legal.` }).waitFor();
    await panel.getByRole('heading', { name: `${reference} · Retenció legal` }).waitFor();
    const held = await server.app.db.selectFrom('cases').select(['hold_reason']).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(held.hold_reason, 'Queixa al Síndic de Greuges 45/2026');

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Baixa tot el que se’n conserva' }).click()]);
    assert.equal(download.suggestedFilename(), 'access-export.zip');
    const zipFile = join(dir, 'access.zip');
    await download.saveAs(zipFile);
    const members = await unzip(zipFile);
    const index = JSON.parse(members.get('index.json')!.toString()) as { cases: Array<{ reference: string; hold: { reason: string } | null }> };
    assert.deepEqual(index.cases.map((entry) => [entry.reference, entry.hold?.reason]), [[reference, 'Queixa al Síndic de Greuges 45/2026']]);
    const bundle = join(dir, `${reference}.asice`);
    writeFileSync(bundle, members.get(`${reference}.asice`)!);
    const summary = await verifyBundle(bundle, {});
    assert.equal(summary.case.reference, reference);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
