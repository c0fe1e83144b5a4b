/**
 * The receipt end to end: the real server with its SFU, database, recording and demo seal, and
 * Chromium for the agent and the citizen. In a real call the citizen agrees to the application
 * and the agent signs; the citizen sees the receipt beside the call and downloads it, and the
 * code printed on it opens the verification page, which serves the same bytes. After the call,
 * the personal link, on a council page of another origin, still downloads it, the desk downloads
 * it from the case, and the desk's export of the case's evidence is an ASiC-E container our
 * offline verifier accepts.
 *
 * The steps before the agreement (identity, documents, the application) are the procedure's own
 * end-to-end test's (procedure.test.ts); here they are written straight to the server.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Download } from 'playwright-core';
import { ASICE_MIMETYPE, MIMETYPE_ENTRY } from '../packages/server/src/modules/bundle/manifest.ts';
import { verifyBundle } from '../packages/server/src/modules/bundle/index.ts';
import { localize } from '../packages/server/src/modules/councils/language.ts';
import { presentApplication, skipToApplication } from '../packages/server/test/procedure-fixtures.ts';
import { launchChromium } from './support/browser.ts';
import { MEDIA_FLAGS } from './support/call-harness.ts';
import { DEMO_AGENT } from './support/desk.ts';
import { startCallServer } from './support/joinable.ts';
import { eventually } from './support/procedure-api.ts';
import { openProcedureCall, type ProcedureCall } from './support/procedure-call.ts';
import { CitizenProcedurePage, DeskProcedurePage } from './support/procedure-pages.ts';
import type { RunningServer } from './support/server.ts';
import { serveStatic } from './support/static-server.ts';

const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A verification code as printed: 25 Crockford base32 characters in groups of five. */
const CODE = /[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){4}/;
const bytesOf = async (download: Download) => readFile((await download.path())!);

/** A page of the council's own site that embeds the citizen's appointment, loading the widgets from the server. */
const councilPage = (api: string, token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ajuntament</title>
<script type="module" src="${api}/widgets/finestreta.js"></script>
</head><body><main><h1>Your appointment</h1>
<video-appointment api="${api}" council="demo" lang="en" token="${token}"></video-appointment>
</main></body></html>`;

describe('the receipt, end to end', () => {
  let server: RunningServer & { keyDir: string };
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  // What the tests share, in order.
  let call: ProcedureCall;
  let receipt: { bytes: Buffer; entryNumber: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fin-e2e-receipt-'));
    server = await startCallServer();
    browser = await launchChromium(MEDIA_FLAGS);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the citizen the receipt once the agent signs, and downloads it with the entry and its code printed', async (t) => {
    call = await openProcedureCall(server, { agent: browser, citizen: browser, track: { contexts, errors } });
    const { app } = server;
    await skipToApplication(app, 'demo', call.caseId);
    await presentApplication(app, call.caseId);

    const citizen = new CitizenProcedurePage(call.appointment);
    await citizen.panel.getByText('Full fingerprint').waitFor();
    await citizen.agree();
    const agent = new DeskProcedurePage(call.desk);
    await agent.agreement.getByLabel('Your password', { exact: true }).waitFor();
    const signedAt = performance.now();
    await agent.sign(DEMO_AGENT.password);

    const shown = citizen.panel.locator('fin-citizen-receipt');
    await shown.getByRole('heading', { name: 'Your receipt is ready' }).waitFor();
    t.diagnostic(`signed → the citizen sees the receipt ready: ${(performance.now() - signedAt).toFixed(0)} ms`);
    const entryNumber = (await shown.locator('[part~="entry-number"]').innerText()).trim();
    assert.match(entryNumber, /^\d{4}\/\d{6}$/);
    assert.equal(await shown.getByRole('status').innerText(), `Your receipt is ready: registry entry ${entryNumber}.`);

    const [download] = await Promise.all([call.citizenPage.waitForEvent('download'), shown.getByRole('button', { name: 'Download the receipt (PDF)' }).click()]);
    assert.equal(download.suggestedFilename(), `receipt-${entryNumber.replace('/', '-')}.pdf`);
    const bytes = await bytesOf(download);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const file = join(dir, 'receipt.pdf');
    await writeFile(file, bytes);
    const text = (await run('pdftotext', [file, '-'])).stdout;
    assert.ok(text.includes(entryNumber), text);
    receipt = { bytes, entryNumber };
    assert.deepEqual(errors, []);
  });

  it('opens the verification page with the code printed on it, and downloads the same bytes', async () => {
    const file = join(dir, 'receipt.pdf');
    const code = CODE.exec((await run('pdftotext', [file, '-'])).stdout)?.[0];
    assert.ok(code, 'the receipt prints its verification code');
    const page = await (await browser.newContext()).newPage();
    contexts.push(page.context());
    await page.goto(`${server.url}/verify?lang=en`);
    await page.getByLabel('Secure verification code (CSV)').fill(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Document verified' }).waitFor();
    const value = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').innerText();
    assert.equal((await value('Registry entry number')).trim(), receipt.entryNumber);
    const procedure = (await server.app.db.selectFrom('appointments').select('procedure').where('case_id', '=', call.caseId).executeTakeFirstOrThrow()).procedure;
    const council = (await server.app.councils.get('demo'))!;
    const named = council.procedures.find((candidate) => candidate.id === procedure)!.name;
    assert.equal((await value('Procedure')).trim(), localize(named, 'en', council.defaultLanguage));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download the original/ }).click()]);
    assert.equal(sha256(await bytesOf(download)), sha256(receipt.bytes));
  });

  it('after the call: the personal link on another origin still downloads it, the desk too, and exports evidence that verifies offline', async () => {
    const { desk, appointment, citizenPage, api, caseId } = call;
    await desk.getByRole('button', { name: 'Hang up', exact: true }).click();
    await appointment.getByRole('heading', { name: 'The call has ended' }).waitFor();
    await eventually(() => api.evidence(caseId), (log) => log.events.some((event) => event.type === 'call.recording_stored'), 'the recording stored');

    // The citizen comes back to their personal link, on the council's own site (another origin):
    // the appointment completed, its receipt there, downloaded across origins.
    const site = await serveStatic({ pages: { '/cita': councilPage(server.url, call.token) } });
    try {
      await citizenPage.goto(`${site.url}/cita`);
      const later = citizenPage.locator('video-appointment fin-citizen-receipt');
      const [again] = await Promise.all([citizenPage.waitForEvent('download'), later.getByRole('button', { name: 'Download the receipt (PDF)' }).click()]);
      assert.equal(sha256(await bytesOf(again)), sha256(receipt.bytes));
      assert.equal(await later.getByRole('status').innerText(), 'The receipt has been downloaded.');
    } finally {
      await site.close();
    }

    // The desk, in the case's details.
    const details = desk.locator('[part~="details"]');
    const shown = details.locator('fin-case-receipt');
    await shown.getByRole('link', { name: 'Download the receipt (PDF)' }).waitFor();
    assert.equal((await shown.locator('[part~="sha256"]').innerText()).trim(), sha256(receipt.bytes));
    const [fromDesk] = await Promise.all([call.agentPage.waitForEvent('download'), shown.getByRole('link', { name: 'Download the receipt (PDF)' }).click()]);
    assert.equal(sha256(await bytesOf(fromDesk)), sha256(receipt.bytes));

    const [exported] = await Promise.all([call.agentPage.waitForEvent('download'), details.getByRole('button', { name: 'Export the evidence (ASiC-E)' }).click()]);
    assert.equal(exported.suggestedFilename(), `${call.reference}.asice`);
    const bundle = await bytesOf(exported);
    // A stored first entry named mimetype, holding the media type: ETSI EN 319 162's signature.
    assert.equal(bundle.readUInt32LE(0), 0x04034b50);
    assert.equal(bundle.readUInt16LE(8), 0, 'stored, not compressed');
    const nameEnd = 30 + bundle.readUInt16LE(26);
    assert.equal(bundle.subarray(30, nameEnd).toString('latin1'), MIMETYPE_ENTRY);
    const dataStart = nameEnd + bundle.readUInt16LE(28);
    assert.equal(bundle.subarray(dataStart, dataStart + ASICE_MIMETYPE.length).toString('latin1'), ASICE_MIMETYPE);
    const file = join(dir, `${call.reference}.asice`);
    await writeFile(file, bundle);
    const summary = await verifyBundle(file);
    assert.equal(summary.case.caseId, caseId);
    await details.getByText(`Evidence exported: ${call.reference}.asice.`).waitFor();

    const { events } = await api.evidence(caseId);
    const accessed = events.filter((event) => event.type === 'staff.accessed').map((event) => event.data.kind);
    assert.ok(accessed.includes('receipt'), `the desk's download is in the evidence: ${JSON.stringify(accessed)}`);
    assert.deepEqual(errors, []);
  });
});
