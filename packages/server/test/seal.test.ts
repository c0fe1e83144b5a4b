import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as pkijs from 'pkijs';
import { NoSealError, Seal, SealVerificationError, TimestampError, verifyDetached, verifyPdfSeal } from '../src/modules/seal/index.js';
import type { SealSettings } from '../src/modules/seal/keystore.js';
import { createTestDatabase, buildTestApp } from './helpers.js';
import { makeTestSeal, openssl, smallPdf, startTestTsa, type TestSeal, type TestTsa } from './tsa-fixtures.js';

const exec = promisify(execFile);
const NOW = () => new Date();
const DATA = Buffer.from('{"event":"agreement.signed","hash":"3f…"}\n');

let dir: string;
let tsa: TestTsa;
let rsa: TestSeal;
let ec: TestSeal;
let other: TestSeal;

const settings = (overrides: Partial<SealSettings> = {}): SealSettings => ({ dir, passphrases: {}, demo: false, demoDir: path.join(dir, 'demo-seals'), ...overrides });

/** `openssl cms -verify` of a detached signature over DATA: its combined output, or its failure. */
async function opensslVerify(cms: Buffer, data: Buffer, ...trust: string[]): Promise<{ ok: boolean; output: string }> {
  const name = `v-${Math.random().toString(36).slice(2)}`;
  await writeFile(path.join(dir, `${name}.p7s`), cms);
  await writeFile(path.join(dir, `${name}.data`), data);
  try {
    return { ok: true, output: await openssl(dir, 'cms', '-verify', '-binary', '-inform', 'DER', '-in', `${name}.p7s`, '-content', `${name}.data`, '-out', '/dev/null', ...trust) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

/** The first SignerInfo of a CMS, to take its signature value and timestamp token apart. */
function signerInfoOf(cms: Buffer): { signedData: pkijs.SignedData; signerInfo: pkijs.SignerInfo } {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
  return { signedData, signerInfo: signedData.signerInfos[0]! };
}

async function pdfsig(pdf: Buffer): Promise<string> {
  const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  // pdfsig exits non-zero when a signature is invalid; its report is what the test reads.
  const result = await exec('pdfsig', [file], { encoding: 'utf8' }).catch((error: { stdout: string; stderr: string }) => error);
  return result.stdout + result.stderr;
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-seal-'));
  [tsa, rsa, ec, other] = await Promise.all([startTestTsa(), makeTestSeal(dir, 'rubi'), makeTestSeal(dir, 'sabadell', 'ec'), makeTestSeal(dir, 'intrus')]);
  await writeFile(path.join(dir, 'rubi.p12'), rsa.p12);
  await writeFile(path.join(dir, 'rubi.pass'), `${rsa.passphrase}\n`);
  await writeFile(path.join(dir, 'sabadell.p12'), ec.p12);
  await writeFile(path.join(dir, 'intrus.p12'), other.p12);
  await writeFile(path.join(dir, 'intrus.pass'), other.passphrase);
});

after(async () => {
  await tsa.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a detached seal (CAdES)', () => {
  it('verifies with OpenSSL against the council CA and with our verifier', async () => {
    const seal = new Seal(settings(), null, NOW);
    const cms = await seal.signDetached('rubi', DATA);
    const openSsl = await opensslVerify(cms, DATA, '-CAfile', rsa.caFile);
    assert.ok(openSsl.ok, openSsl.output);
    assert.match(openSsl.output, /Verification successful/);
    const verified = verifyDetached(cms, DATA, { trust: [rsa.ca] });
    assert.equal(verified.trusted, true);
    assert.match(verified.signer.subject, /CN=Segell electronic rubi/);
    assert.ok(verified.signingTime && Math.abs(verified.signingTime.getTime() - Date.now()) < 60_000);
    assert.equal(verified.timestamp, null);
    // The chain travels with the signature, so a verifier needs only the CA.
    assert.equal(signerInfoOf(cms).signedData.certificates?.length, 2);
    const signed = signerInfoOf(cms).signerInfo.signedAttrs!.attributes.map((attribute) => attribute.type).sort();
    // content-type, message-digest, signing-time, signing-certificate-v2
    assert.deepEqual(signed, ['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.5']);
  });

  it('signs with an ECDSA seal as well, its passphrase from the environment', async () => {
    const seal = new Seal(settings({ passphrases: { sabadell: ec.passphrase } }), null, NOW);
    const cms = await seal.signDetached('sabadell', DATA);
    assert.ok((await opensslVerify(cms, DATA, '-CAfile', ec.caFile)).ok);
    assert.equal(verifyDetached(cms, DATA, { trust: [ec.ca] }).trusted, true);
  });

  it('carries a timestamp over its signature that openssl ts -verify accepts', async () => {
    const seal = new Seal(settings(), tsa.url, NOW);
    const cms = await seal.signDetached('rubi', DATA);
    assert.ok((await opensslVerify(cms, DATA, '-CAfile', rsa.caFile)).ok);
    const { signerInfo } = signerInfoOf(cms);
    const token = signerInfo.unsignedAttrs!.attributes.find((attribute) => attribute.type === '1.2.840.113549.1.9.16.2.14')!.values[0]!;
    await writeFile(path.join(dir, 'token.der'), Buffer.from(token.toBER(false)));
    await writeFile(path.join(dir, 'signature.bin'), Buffer.from(signerInfo.signature.valueBlock.valueHexView));
    const output = await openssl(dir, 'ts', '-verify', '-token_in', '-in', 'token.der', '-data', 'signature.bin', '-CAfile', tsa.certFile);
    assert.match(output, /Verification: OK/);
    const verified = verifyDetached(cms, DATA, { trust: [rsa.ca], tsaTrust: [await readFile(tsa.certFile)] });
    assert.equal(verified.timestamp?.trusted, true);
    assert.match(verified.timestamp!.authority.subject, /Finestreta test TSA/);
    assert.ok(Math.abs(verified.timestamp!.time.getTime() - Date.now()) < 60_000);
  });

  it('is refused by OpenSSL and by our verifier when one byte of the data changed', async () => {
    const cms = await new Seal(settings(), null, NOW).signDetached('rubi', DATA);
    const changed = Buffer.from(DATA);
    changed[3]! ^= 0x01;
    assert.equal((await opensslVerify(cms, changed, '-CAfile', rsa.caFile)).ok, false);
    assert.throws(() => verifyDetached(cms, changed), (error) => error instanceof SealVerificationError && /digest differs/.test(error.message));
  });

  it('is refused by both when the signature was made by another key', async () => {
    const seal = new Seal(settings(), null, NOW);
    const cms = await seal.signDetached('rubi', DATA);
    const forged = await seal.signDetached('intrus', DATA);
    // The intruder's signature value under rubi's certificate and signed attributes.
    const target = signerInfoOf(cms);
    target.signerInfo.signature = signerInfoOf(forged).signerInfo.signature;
    const swapped = Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: target.signedData.toSchema(true) }).toSchema().toBER(false));
    assert.equal((await opensslVerify(swapped, DATA, '-CAfile', rsa.caFile)).ok, false);
    assert.throws(() => verifyDetached(swapped, DATA), /signature is not valid/);
  });

  it('is refused by both when its chain does not lead to the trusted CA', async () => {
    const cms = await new Seal(settings(), null, NOW).signDetached('intrus', DATA);
    assert.equal((await opensslVerify(cms, DATA, '-CAfile', rsa.caFile)).ok, false);
    assert.throws(() => verifyDetached(cms, DATA, { trust: [rsa.ca] }), /does not lead to a trusted one/);
  });

  it('is refused when the timestamp token is over another signature', async () => {
    const seal = new Seal(settings(), tsa.url, NOW);
    const [first, second] = await Promise.all([seal.signDetached('rubi', DATA), seal.signDetached('rubi', Buffer.from('other'))]);
    const target = signerInfoOf(first);
    target.signerInfo.unsignedAttrs = signerInfoOf(second).signerInfo.unsignedAttrs;
    const moved = Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: target.signedData.toSchema(true) }).toSchema().toBER(false));
    assert.throws(() => verifyDetached(moved, DATA), /not over this signature/);
  });

  it('is refused by both when the signer certificate is not for signing', async () => {
    for (const [name, usage] of [['cifra', 'keyUsage=critical,keyEncipherment'], ['web', 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth']] as const) {
      const unfit = await makeTestSeal(dir, name, 'rsa', usage);
      await writeFile(path.join(dir, `${name}.p12`), unfit.p12);
      const cms = await new Seal(settings({ passphrases: { [name]: unfit.passphrase } }), null, NOW).signDetached(name, DATA);
      assert.equal((await opensslVerify(cms, DATA, '-CAfile', unfit.caFile)).ok, false, name);
      assert.throws(() => verifyDetached(cms, DATA, { trust: [unfit.ca] }), /not for signing/, name);
    }
  });

  it('refuses a token the authority replays for an earlier request', async () => {
    let first: Buffer | undefined;
    // A man in the middle that always sends the authority the first request it saw.
    const replaying = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        first ??= Buffer.concat(chunks);
        void fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: first })
          .then(async (reply) => response.writeHead(reply.status, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(await reply.arrayBuffer())));
      });
    });
    await new Promise<void>((resolve) => replaying.listen(0, '127.0.0.1', resolve));
    try {
      const seal = new Seal(settings(), `http://127.0.0.1:${(replaying.address() as AddressInfo).port}/`, NOW);
      await seal.signDetached('rubi', DATA);
      await assert.rejects(seal.signDetached('rubi', DATA), (error) => error instanceof TimestampError && /nonce/.test(error.message));
    } finally {
      await new Promise<void>((resolve) => replaying.close(() => resolve()));
    }
  });

  it('refuses bytes that are not a signature with a SealVerificationError', async () => {
    const cms = await new Seal(settings(), null, NOW).signDetached('rubi', DATA);
    for (const bytes of [Buffer.alloc(0), Buffer.from('not a signature'), cms.subarray(0, cms.length / 2), Buffer.from([0x30, 0x03, 0x06, 0x01, 0x00])]) {
      assert.throws(() => verifyDetached(bytes, DATA), SealVerificationError);
    }
  });

  it('fails with a TimestampError and no output when the authority is down', async () => {
    const seal = new Seal(settings(), 'http://127.0.0.1:9/tsa', NOW);
    await assert.rejects(seal.signDetached('rubi', DATA), (error) => error instanceof TimestampError && /could not be reached/.test(error.message));
    await assert.rejects(seal.sealPdf('rubi', await smallPdf()), TimestampError);
  });
});

describe("a council's seal configuration", () => {
  it('outside demo mode, a council without a PKCS#12 has no seal and signing says so', async () => {
    const seal = new Seal(settings(), null, NOW);
    assert.equal(await seal.has('vilanova'), false);
    assert.deepEqual(await seal.chain('vilanova'), []);
    await assert.rejects(seal.signDetached('vilanova', DATA), NoSealError);
  });

  it('a PKCS#12 without its passphrase, or with a wrong one, is an error naming the council', async () => {
    await writeFile(path.join(dir, 'nopass.p12'), rsa.p12);
    await assert.rejects(new Seal(settings(), null, NOW).signDetached('nopass', DATA), /nopass has no passphrase.*SEAL_PASSPHRASE_NOPASS/);
    await assert.rejects(new Seal(settings({ passphrases: { nopass: 'wrong' } }), null, NOW).signDetached('nopass', DATA), /seal of nopass cannot be opened/);
  });

  it('in demo mode, a council without one gets a self-signed seal that says it is not valid, made once', async () => {
    const first = new Seal(settings({ demo: true }), null, NOW);
    const cms = await first.signDetached('vilademo', DATA);
    const [certificate] = await first.chain('vilademo');
    const subject = new X509Certificate(certificate!).subject;
    assert.match(subject, /DEMONSTRATION/);
    assert.match(subject, /NOT VALID/);
    assert.ok((await opensslVerify(cms, DATA, '-noverify')).ok);
    // Another process (a new Seal over the same DATA_DIR) signs with the same certificate.
    const again = new Seal(settings({ demo: true }), null, NOW);
    assert.deepEqual(await again.chain('vilademo'), [certificate]);
    // A council with a real seal keeps it in demo mode.
    assert.match(new X509Certificate((await first.chain('rubi'))[0]!).subject, /Segell electronic rubi/);
  });
});

describe('the app', () => {
  it('seals with the configured PKCS#12 and authority (SEALS_DIR, SEAL_PASSPHRASE_*, TSA_URL)', async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database, { env: { SEALS_DIR: dir, SEAL_PASSPHRASE_SABADELL: ec.passphrase, TSA_URL: tsa.url } });
    try {
      const cms = await app.seal.signDetached('sabadell', DATA);
      const verified = verifyDetached(cms, DATA, { trust: [ec.ca], tsaTrust: [await readFile(tsa.certFile)] });
      assert.equal(verified.trusted, true);
      assert.equal(verified.timestamp?.trusted, true);
      // The demo council has no PKCS#12, so the demo makes its own, under DATA_DIR.
      assert.match(new X509Certificate((await app.seal.chain('demo'))[0]!).subject, /NOT VALID/);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('a sealed PDF (PAdES)', () => {
  it('pdfsig reports the ETSI.CAdES.detached signature valid over the whole document', async () => {
    const seal = new Seal(settings(), tsa.url, NOW);
    const sealed = await seal.sealPdf('rubi', await smallPdf(), { reason: 'Justificant de registre' });
    const report = await pdfsig(sealed);
    assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(report, /Signature Validation: Signature is Valid\./);
    assert.match(report, /Total document signed/);
    const verified = verifyPdfSeal(sealed, { trust: [rsa.ca], tsaTrust: [await readFile(tsa.certFile)] });
    assert.equal(verified.trusted, true);
    assert.equal(verified.timestamp?.trusted, true);
    // PAdES keeps the time in the dictionary's /M, not in a signing-time attribute.
    assert.equal(verified.signingTime, null);
  });

  it('a changed byte makes pdfsig and our verifier fail', async () => {
    const sealed = await new Seal(settings(), null, NOW).sealPdf('rubi', await smallPdf());
    const tampered = Buffer.from(sealed);
    // A byte of the page's content stream, inside what the signature covers.
    const at = tampered.indexOf('stream\n') + 12;
    assert.ok(at > 12 && at < tampered.indexOf('/ByteRange'));
    tampered[at]! ^= 0x01;
    assert.doesNotMatch(await pdfsig(tampered), /Signature is Valid\./);
    assert.throws(() => verifyPdfSeal(tampered), /digest differs/);
  });

  it('bytes appended after sealing are not covered, and our verifier says so', async () => {
    const sealed = await new Seal(settings(), null, NOW).sealPdf('rubi', await smallPdf());
    const appended = Buffer.concat([sealed, Buffer.from('\n% appended\n')]);
    assert.doesNotMatch(await pdfsig(appended), /Total document signed/);
    assert.throws(() => verifyPdfSeal(appended), /does not cover the whole file/);
  });
});

