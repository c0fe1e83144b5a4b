import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { prepareBundle, verifyBundle } from '../src/modules/bundle/index.js';
import { entry, flipByte, readEntries, writeEntries } from './bundle-fixtures.js';
import { ALPHA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { councilsWithHabilitations, readyToAgree, signed } from './procedure-fixtures.js';
import { sha256 } from './registry-fixtures.js';
import { startTestTsa, type TestTsa } from './tsa-fixtures.js';

const run = promisify(execFile);
const CITIZEN = '/api/councils/alpha/appointments/mine/procedure';

/** The app with Anna habilitated; in demo mode (its councils sealing with demo seals) unless `demo` is false, then with no seal. */
const receiptTestApp = ({ tsaUrl, demo = true }: { tsaUrl?: string; demo?: boolean } = {}) =>
  useTestApp(async (database) => ({
    env: { ...callsTestEnv(database), DEMO: String(demo), COUNCILS_FILE: await councilsWithHabilitations(database.env.DATA_DIR!), ...(tsaUrl && { TSA_URL: tsaUrl }) },
  }));

const issuedEvent = async (app: FastifyInstance, caseId: string) => (await app.evidence.list(caseId)).find((event) => event.type === 'receipt.issued');
const deskReceipt = (app: FastifyInstance, caseId: string, cookie: string, method: 'GET' | 'POST' = 'GET') =>
  app.inject({ method, url: `/api/desk/appointments/${caseId}/procedure/receipt`, headers: { cookie } });

describe('the receipt of a signed application', () => {
  const suite = receiptTestApp();
  const citizenReceipt = (token: string) => suite.app.inject({ url: `${CITIZEN}/receipt?${new URLSearchParams({ token })}` });

  it('is made when the agent signs: registered, sealed over the whole file, found by its code, the citizen’s to download', async (t) => {
    const { app } = suite;
    const cookie = await signIn(app, ALPHA_AGENT);
    const started = performance.now();
    const target = await signed(suite.app, cookie);
    t.diagnostic(`signed, registered, made and sealed in ${Math.round(performance.now() - started)} ms`);

    const issued = (await issuedEvent(app, target.id))!;
    const { entryNumber, sha256: sealedSha256, bytes } = issued.data as { entryNumber: string; sha256: string; bytes: number };
    assert.match(entryNumber, /^\d{4}\/\d{6}$/);
    assert.equal((await app.procedure.core.read(target.id)).steps.receipt, 'done');
    const deskView = (await app.inject({ url: `/api/desk/appointments/${target.id}/procedure`, headers: { cookie } })).json();
    assert.deepEqual(deskView.receipt, { entryNumber, registeredAt: deskView.receipt.registeredAt, sha256: sealedSha256 });
    assert.ok(!Number.isNaN(Date.parse(deskView.receipt.registeredAt)));
    const citizenView = (await app.inject({ url: `${CITIZEN}?${new URLSearchParams({ token: target.token })}` })).json();
    assert.deepEqual(citizenView.receipt, { entryNumber });

    const mine = await citizenReceipt(target.token);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['content-type'], 'application/pdf');
    assert.equal(mine.headers['cache-control'], 'no-store');
    assert.match(String(mine.headers['content-disposition']), /^attachment; filename="receipt-\d{4}-\d{6}\.pdf"$/);
    assert.equal(mine.rawPayload.length, bytes);
    assert.equal(sha256(mine.rawPayload), sealedSha256);

    const desk = await deskReceipt(app, target.id, cookie);
    assert.equal(sha256(desk.rawPayload), sealedSha256);
    const accessed = (await app.evidence.list(target.id)).filter((event) => event.type === 'staff.accessed');
    assert.deepEqual(
      accessed.map((event) => [event.data.kind, event.data.sha256]),
      [['receipt', sealedSha256]],
    );

    const file = path.join(app.config.dataDir, `receipt-${target.id}.pdf`);
    await writeFile(file, mine.rawPayload);
    const text = (await run('pdftotext', [file, '-'])).stdout;
    assert.ok(text.includes(entryNumber), text);
    // The code is printed on the receipt, and nowhere in clear on the server: the evidence holds none.
    const code = /[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}/.exec(text)?.[0];
    assert.ok(code, text);
    assert.ok(!JSON.stringify(await app.evidence.list(target.id)).includes(code), 'the evidence log holds the verification code');
    const byCode = await app.inject({ url: `/api/verify/${code}/document` });
    assert.equal(sha256(byCode.rawPayload), sealedSha256);
    // pdfsig exits non-zero on a certificate it cannot trust (the demo seal's); the validation of the signature itself is what counts.
    const sig = (await run('pdfsig', [file]).catch((error: { stdout: string }) => error)).stdout;
    assert.match(sig, /Signature Validation: Signature is Valid\./);
    assert.match(sig, /Total document signed/);

    const bundleFile = path.join(app.config.dataDir, `bundle-${target.id}.asice`);
    const bundle = await prepareBundle(app, target.id, 'system');
    const out = createWriteStream(bundleFile);
    await bundle.write(out);
    const verified = await verifyBundle(bundleFile);
    assert.equal(verified.case.caseId, target.id);
    const entries = await readEntries(bundleFile);
    const memberName = `receipt/${String(issued.data.receiptId)}.pdf`;
    assert.equal(sha256(entry(entries, memberName).bytes), sealedSha256);
    const tampered = await writeEntries(path.join(app.config.dataDir, `tampered-${target.id}.asice`), flipByte(entries, memberName, 100));
    await assert.rejects(verifyBundle(tampered), /does not match its digest/);

    const again = await deskReceipt(app, target.id, cookie, 'POST');
    assert.deepEqual(again.json(), { entryNumber, sha256: sealedSha256, bytes });
  });

  it('gives another case’s token nothing, and nothing before it is made', async () => {
    const cookie = await signIn(suite.app, ALPHA_AGENT);
    const target = await signed(suite.app, cookie);
    const other = await readyToAgree(suite.app);
    const refused = await citizenReceipt(other.token);
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.json().code, 'FIN_ERR_RECEIPT_NOT_FOUND');
    assert.equal((await deskReceipt(suite.app, other.id, cookie)).json().code, 'FIN_ERR_RECEIPT_NOT_FOUND');
    assert.equal((await suite.app.inject({ url: `${CITIZEN}?${new URLSearchParams({ token: other.token })}` })).json().receipt, null);
    assert.equal((await citizenReceipt(`${target.token.slice(0, -1)}x`)).statusCode, 401);
  });
});

describe('the receipt when the timestamp authority is down', () => {
  // Nothing listens on the discard port: every timestamp request is refused.
  const suite = receiptTestApp({ tsaUrl: 'http://127.0.0.1:9/tsa' });
  let tsa: TestTsa;
  before(async () => {
    tsa = await startTestTsa();
  });
  after(() => tsa.stop());

  it('leaves the signature without a receipt, which the retry makes under the same entry', async () => {
    const { app } = suite;
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await signed(app, cookie);
    assert.ok((await app.procedure.core.read(target.id)).agreement.signature);
    assert.equal(await issuedEvent(app, target.id), undefined);
    assert.equal((await deskReceipt(app, target.id, cookie)).json().code, 'FIN_ERR_RECEIPT_NOT_FOUND');
    const entered = (await app.evidence.list(target.id)).filter((event) => event.type === 'registry.entered');
    assert.equal(entered.length, 1);

    const stillDown = await deskReceipt(app, target.id, cookie, 'POST');
    assert.equal(stillDown.statusCode, 503);
    assert.equal(stillDown.json().code, 'FIN_ERR_TIMESTAMP_UNAVAILABLE');

    // The authority is back.
    Object.assign(app.seal, { tsaUrl: tsa.url });
    const made = await deskReceipt(app, target.id, cookie, 'POST');
    assert.equal(made.statusCode, 200, made.body);
    assert.equal(made.json().entryNumber, entered[0]!.data.number);
    assert.equal((await issuedEvent(app, target.id))?.data.entryNumber, entered[0]!.data.number);
    assert.equal((await app.evidence.list(target.id)).filter((event) => event.type === 'registry.entered').length, 1);
  });
});

describe('the receipt of a council without a seal', () => {
  const suite = receiptTestApp({ demo: false });

  it('is refused with 503, the signature kept', async () => {
    const { app } = suite;
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await signed(app, cookie);
    const refused = await deskReceipt(app, target.id, cookie, 'POST');
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().code, 'FIN_ERR_SEAL_NOT_CONFIGURED');
    assert.ok((await app.procedure.core.read(target.id)).agreement.signature);
    assert.equal(await issuedEvent(app, target.id), undefined);
  });
});
