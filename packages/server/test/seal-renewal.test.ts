import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { latestTimestampOf, Seal, sealedRevision, verifyPdfSeal } from '../src/modules/seal/index.js';
import { coveredBytes, pdfSignatures } from '../src/modules/seal/pdf-signatures.js';
import { makeTestSeal, openssl, smallPdf, startTestTsa, type TestSeal, type TestTsa } from './tsa-fixtures.js';

const exec = promisify(execFile);
let dir: string;
let tsa: TestTsa;
let rubi: TestSeal;
let seal: Seal;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-renewal-'));
  [tsa, rubi] = await Promise.all([startTestTsa(), makeTestSeal(dir, 'rubi')]);
  await writeFile(path.join(dir, 'rubi.p12'), rubi.p12);
  await writeFile(path.join(dir, 'rubi.pass'), rubi.passphrase);
  seal = new Seal({ dir, passphrases: {}, demo: false, demoDir: path.join(dir, 'demo-seals') }, tsa.url, () => new Date());
});

after(async () => {
  await tsa.stop();
  await rm(dir, { recursive: true, force: true });
});


/** pdfsig's report on `pdf`, one block per signature; it exits non-zero when one is invalid. */
async function pdfsig(pdf: Buffer): Promise<string[]> {
  const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const result = await exec('pdfsig', [file], { encoding: 'utf8' }).catch((error: { stdout: string; stderr: string }) => error);
  return `${result.stdout}${result.stderr}`.split(/^Signature #\d+:$/m).slice(1);
}

const trust = async () => ({ trust: [rubi.ca], tsaTrust: [await readFile(tsa.certFile)] });

describe('a sealed PDF renewed with a document timestamp (PAdES-LTA)', () => {
  let original: Buffer;
  let renewed: Buffer;
  before(async () => {
    original = await seal.sealPdf('rubi', await smallPdf(), { reason: 'Justificant de registre' });
    renewed = await seal.renewPdf(original);
  });

  it('keeps the sealed revision byte for byte and appends one revision', () => {
    assert.ok(renewed.length > original.length);
    assert.ok(renewed.subarray(0, original.length).equals(original));
    assert.ok(sealedRevision(renewed).equals(original));
  });

  it('pdfsig lists the seal, still valid over its revision, and the timestamp over the whole file', async () => {
    const [first, second, ...more] = await pdfsig(renewed);
    assert.equal(more.length, 0);
    assert.match(first!, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(first!, /Signature Validation: Signature is Valid\./);
    assert.match(first!, new RegExp(`Signed Ranges: \\[0 - \\d+\\], \\[\\d+ - ${original.length}\\]`));
    assert.match(first!, /Not total document signed/);
    // Poppler 22.12 lists a document timestamp but cannot validate one: OpenSSL judges its token below.
    assert.match(second!, /Signature Field Name: Timestamp1/);
    assert.match(second!, /Signer Certificate Common Name: Finestreta test TSA/);
    assert.match(second!, /Total document signed/);
  });

  it('its token is over the whole file but itself, as openssl ts -verify and our verifier agree', async () => {
    const [, timestamp] = pdfSignatures(renewed);
    await writeFile(path.join(dir, 'doc.tst'), latestTimestampOf(renewed)!);
    await writeFile(path.join(dir, 'doc.covered'), coveredBytes(renewed, timestamp!));
    assert.match(await openssl(dir, 'ts', '-verify', '-token_in', '-in', 'doc.tst', '-data', 'doc.covered', '-CAfile', tsa.certFile), /Verification: OK/);
    const verified = verifyPdfSeal(renewed, await trust());
    assert.equal(verified.trusted, true);
    assert.equal(verified.timestamp?.trusted, true);
    assert.equal(verified.documentTimestamps.length, 1);
    assert.equal(verified.documentTimestamps[0]!.trusted, true);
  });

  it('carries the certificates of the seal and of its timestamp in a DSS', () => {
    const dss = /\/Type \/DSS \/Certs \[([^\]]*)\]/.exec(renewed.subarray(original.length).toString('latin1'));
    // The seal, its CA and the timestamp authority.
    assert.equal(dss?.[1]!.trim().split(/\s+/).length, 9);
  });

  it('renewed again, keeps both timestamps valid and verifiable', async () => {
    const twice = await seal.renewPdf(renewed);
    assert.ok(twice.subarray(0, renewed.length).equals(renewed));
    const reports = await pdfsig(twice);
    assert.equal(reports.length, 3);
    assert.match(reports[0]!, /Signature Validation: Signature is Valid\./);
    assert.match(reports[2]!, /Signature Field Name: Timestamp2/);
    assert.equal(verifyPdfSeal(twice, await trust()).documentTimestamps.length, 2);
  });

  it('a byte changed in the timestamp revision, or appended after it, is refused', async () => {
    const changed = Buffer.from(renewed);
    const at = renewed.indexOf('/Type /DSS', original.length);
    changed[at + 1] = 'X'.charCodeAt(0);
    assert.throws(() => verifyPdfSeal(changed), /Document timestamp 1 is not over this signature/);
    await writeFile(path.join(dir, 'changed.covered'), coveredBytes(changed, pdfSignatures(changed)[1]!));
    await assert.rejects(openssl(dir, 'ts', '-verify', '-token_in', '-in', 'doc.tst', '-data', 'changed.covered', '-CAfile', tsa.certFile));
    assert.throws(() => verifyPdfSeal(Buffer.concat([renewed, Buffer.from('\n% more\n')])), /does not cover the whole file/);
  });

  it('a byte changed in the sealed revision is refused though the timestamp covers it', () => {
    const changed = Buffer.from(renewed);
    changed[changed.indexOf('stream\n') + 12]! ^= 0x01;
    assert.throws(() => verifyPdfSeal(changed), /digest differs/);
  });
});
