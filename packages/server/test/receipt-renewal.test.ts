import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { prepareBundle, verifyBundle } from '../src/modules/bundle/index.js';
import { eventHash, type EvidenceEvent } from '../src/modules/evidence/log.js';
import { EVIDENCE_ENTRY } from '../src/modules/bundle/manifest.js';
import { canonicalJson } from '../src/shared/json.js';
import { retimestampReceipts } from '../src/modules/receipt/renew.js';
import { verifyPdfSeal } from '../src/modules/seal/index.js';
import { entry, flipByte, readEntries, resign, writeEntries, type Entries } from './bundle-fixtures.js';
import { ALPHA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { councilsWithHabilitations, signed } from './procedure-fixtures.js';
import { sha256 } from './registry-fixtures.js';
import { startTestTsa, type TestTsa } from './tsa-fixtures.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
// The receipt is timestamped under a certificate that lasts two days; the authority then moves to one of thirty.
let short: TestTsa;
let long: TestTsa;

before(async () => {
  [short, long] = await Promise.all([startTestTsa(2), startTestTsa(30)]);
});

after(async () => {
  await Promise.all([short.stop(), long.stop()]);
});

describe('a receipt whose timestamp certificate nears its end (evidence retimestamp)', () => {
  const suite = useTestApp(async (database) => ({
    env: { ...callsTestEnv(database), DEMO: 'true', COUNCILS_FILE: await councilsWithHabilitations(database.env.DATA_DIR!), TSA_URL: short.url },
  }));
  let caseId: string;
  let original: Buffer;
  let code: string;
  let earlier: EvidenceEvent[];
  let exported: Entries;
  const events = async () => suite.app.evidence.list(caseId);
  const renewals = async () => (await events()).filter((event) => event.type === 'receipt.retimestamped');
  const pdfsig = async (pdf: Buffer) => {
    const file = path.join(suite.app.config.dataDir, `renewed-${caseId}.pdf`);
    await writeFile(file, pdf);
    // pdfsig exits non-zero on a certificate it cannot trust (the demo seal's): its report is what counts.
    return (await run('pdfsig', [file]).catch((error: { stdout: string }) => error)).stdout.split(/^Signature #\d+:$/m).slice(1);
  };

  before(async () => {
    const { app } = suite;
    caseId = (await signed(app, await signIn(app, ALPHA_AGENT))).id;
    original = (await app.inject({ url: `/api/desk/appointments/${caseId}/procedure/receipt`, headers: { cookie: await signIn(app, ALPHA_AGENT) } })).rawPayload;
    const file = path.join(app.config.dataDir, `original-${caseId}.pdf`);
    await writeFile(file, original);
    code = /[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}/.exec((await run('pdftotext', [file, '-'])).stdout)![0];
    earlier = await events();
  });

  it('is left alone while its timestamp certificate lasts beyond the window', async () => {
    const result = await retimestampReceipts(suite.app, suite.app.now(), 1);
    assert.deepEqual({ added: result.added, failed: result.failed }, { added: 0, failed: 0 });
    assert.ok(result.checked >= 1);
    assert.equal((await suite.app.registry.documentOf(caseId))?.sha256, sha256(original));
    assert.deepEqual(await renewals(), []);
  });

  it('is renewed once: a document timestamp appended, its event logged, the chain before it untouched', async (t) => {
    const { app } = suite;
    Object.assign(app.seal, { tsaUrl: long.url });
    const started = performance.now();
    const result = await retimestampReceipts(app, app.now(), 3);
    t.diagnostic(`${result.added} receipt(s) renewed in ${Math.round(performance.now() - started)} ms`);
    assert.ok(result.added >= 1);
    assert.equal(result.failed, 0);
    const document = (await app.registry.documentOf(caseId))!;
    const [renewal, ...more] = await renewals();
    assert.equal(more.length, 0);
    assert.deepEqual(renewal!.data, {
      receiptId: path.basename(document.file!).split('.')[0],
      previousSha256: sha256(original),
      sha256: document.sha256,
      bytes: document.bytes,
      until: new Date(new X509Certificate(await readFile(long.certFile)).validTo).toISOString(),
    });
    assert.deepEqual((await events()).slice(0, earlier.length), earlier);
    assert.equal((await events()).find((event) => event.type === 'receipt.issued')?.data.sha256, sha256(original));
  });

  it('is not renewed again by the command while its new certificate lasts', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/evidence.ts', 'retimestamp', '--within', '3'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env, ...suite.database.env, ...callsTestEnv(suite.database), DEMO: 'true', COUNCILS_FILE: await councilsWithHabilitations(suite.app.config.dataDir),
        TSA_URL: long.url, WIDGETS_DIR: path.join(suite.app.config.dataDir, 'no-widgets'), PUBLIC_URL: 'http://localhost:80', LOG_LEVEL: 'silent',
      },
    });
    assert.match(stdout, /\n0 receipt\(s\) renewed with a document timestamp; \d+ receipt\(s\) checked, 0 without a timestamp to renew, 0 failed/);
    assert.equal((await renewals()).length, 1);
  });

  it('two runs at once renew it once, and leave no file behind', async () => {
    const { app } = suite;
    Object.assign(app.seal, { tsaUrl: short.url });
    const other = (await signed(app, await signIn(app, ALPHA_AGENT))).id;
    Object.assign(app.seal, { tsaUrl: long.url });
    await Promise.all([retimestampReceipts(app, app.now(), 3), retimestampReceipts(app, app.now(), 3)]);
    const renewed = (await app.evidence.list(other)).filter((event) => event.type === 'receipt.retimestamped');
    assert.equal(renewed.length, 1);
    const document = (await app.registry.documentOf(other))!;
    assert.equal(document.sha256, renewed[0]!.data.sha256);
    const id = String(renewed[0]!.data.receiptId);
    const files = (await readdir(path.join(app.config.dataDir, 'verifiable'))).filter((name) => name.startsWith(`${id}.`));
    assert.deepEqual(files, [path.basename(document.file!)]);
  });

  it('/verify serves the renewed PDF: the seal valid over the original revision, the timestamp over the whole', async () => {
    const served = await suite.app.inject({ url: `/api/verify/${code}/document` });
    assert.equal(served.statusCode, 200);
    const renewed = served.rawPayload;
    assert.equal(sha256(renewed), (await renewals())[0]!.data.sha256);
    assert.equal((await suite.app.inject({ url: `/api/verify/${code}` })).json().sha256, sha256(renewed));
    assert.ok(renewed.subarray(0, original.length).equals(original));
    const [seal, timestamp, ...more] = await pdfsig(renewed);
    assert.equal(more.length, 0);
    assert.match(seal!, /Signature Validation: Signature is Valid\./);
    assert.match(seal!, new RegExp(`Signed Ranges: \\[0 - \\d+\\], \\[\\d+ - ${original.length}\\]`));
    assert.match(timestamp!, /Signer Certificate Common Name: Finestreta test TSA \(30 days\)/);
    assert.match(timestamp!, /Total document signed/);
    const verified = verifyPdfSeal(renewed, { tsaTrust: [await readFile(short.certFile), await readFile(long.certFile)] });
    assert.equal(verified.timestamp?.trusted, true);
    assert.equal(verified.documentTimestamps[0]?.trusted, true);
  });

  it('is exported and verified renewed; a byte changed in its timestamp revision is refused', async () => {
    const { app } = suite;
    const file = path.join(app.config.dataDir, `bundle-${caseId}.asice`);
    await (await prepareBundle(app, caseId, 'system')).write(createWriteStream(file));
    const summary = await verifyBundle(file);
    assert.equal(summary.case.caseId, caseId);
    const entries = await readEntries(file);
    const member = `receipt/${String((await renewals())[0]!.data.receiptId)}.pdf`;
    assert.equal(sha256(entry(entries, member).bytes), (await renewals())[0]!.data.sha256);
    const changed = await resign(flipByte(entries, member, original.length + 40), app.seal, 'alpha');
    await assert.rejects(verifyBundle(await writeEntries(path.join(app.config.dataDir, `changed-${caseId}.asice`), changed)), new RegExp(`^BundleVerificationError: ${member} does not match the SHA-256`));
    exported = entries;
  });

  it('is refused when its first revision is not the original, even with the chain and the manifest made again', async () => {
    const renewal = (await renewals())[0]!;
    const member = `receipt/${String(renewal.data.receiptId)}.pdf`;
    // A byte of the sealed revision changed, and the renewal's event made to record the result.
    const changed = flipByte(exported, member, 2000);
    const forged = sha256(entry(changed, member).bytes);
    let prevHash = '';
    const lines = entry(changed, EVIDENCE_ENTRY).bytes.toString('utf8').trimEnd().split('\n').map((line) => {
      const event = JSON.parse(line) as EvidenceEvent;
      const data = event.seq === renewal.seq ? { ...event.data, sha256: forged } : event.data;
      const unhashed = { seq: event.seq, type: event.type, actor: event.actor, data, at: event.at, prevHash: prevHash || event.prevHash };
      prevHash = eventHash(caseId, unhashed);
      return `${canonicalJson({ ...unhashed, hash: prevHash })}\n`;
    });
    const rechained = changed.map((candidate) => (candidate.name === EVIDENCE_ENTRY ? { ...candidate, bytes: Buffer.from(lines.join('')) } : candidate));
    const file = await writeEntries(path.join(suite.app.config.dataDir, `forged-${caseId}.asice`), await resign(rechained, suite.app.seal, 'alpha'));
    await assert.rejects(verifyBundle(file), new RegExp(`^BundleVerificationError: ${member}: its first revision is not the original its first event recorded`));
  });
});
