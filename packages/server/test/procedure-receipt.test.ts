import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ALPHA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { councilsWithHabilitations, readyToAgree, type Ready } from './procedure-fixtures.js';
import { sha256 } from './registry-fixtures.js';

const run = promisify(execFile);
const CITIZEN = '/api/councils/alpha/appointments/mine/procedure';

describe('the receipt of a signed application', () => {
  const suite = useTestApp(async (database) => ({
    env: { ...callsTestEnv(database), DEMO: 'true', COUNCILS_FILE: await councilsWithHabilitations(database.env.DATA_DIR!) },
  }));

  /** A case the citizen agreed to and Anna signed, through the API; the sign request's answer. */
  async function signed(cookie: string): Promise<Ready> {
    const { app } = suite;
    const target = await readyToAgree(app);
    const shown = await app.inject({ url: `${CITIZEN}/document?${new URLSearchParams({ token: target.token, id: target.documentId })}` });
    assert.equal(shown.statusCode, 200, shown.body);
    const agreed = await app.inject({ method: 'POST', url: `${CITIZEN}/agreement`, payload: { token: target.token, agree: true, sha256: target.sha256 } });
    assert.equal(agreed.statusCode, 200, agreed.body);
    const sign = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/agreement/sign`, headers: { cookie }, payload: { password: ALPHA_AGENT.password } });
    assert.equal(sign.statusCode, 200, sign.body);
    return target;
  }
  const issuedEvent = async (caseId: string) => (await suite.app.evidence.list(caseId)).find((event) => event.type === 'receipt.issued');
  const citizenReceipt = (token: string) => suite.app.inject({ url: `${CITIZEN}/receipt?${new URLSearchParams({ token })}` });
  const deskReceipt = (caseId: string, cookie: string, method: 'GET' | 'POST' = 'GET') =>
    suite.app.inject({ method, url: `/api/desk/appointments/${caseId}/procedure/receipt`, headers: { cookie } });

  it('is made when the agent signs: registered, sealed over the whole file, found by its code, the citizen’s to download', async (t) => {
    const { app } = suite;
    const cookie = await signIn(app, ALPHA_AGENT);
    const started = performance.now();
    const target = await signed(cookie);
    t.diagnostic(`signed, registered, made and sealed in ${Math.round(performance.now() - started)} ms`);

    const issued = (await issuedEvent(target.id))!;
    const { entryNumber, sha256: sealedSha256, bytes, verifyUrl } = issued.data as { entryNumber: string; sha256: string; bytes: number; verifyUrl: string };
    assert.match(entryNumber, /^\d{4}\/\d{6}$/);
    const code = verifyUrl.slice(verifyUrl.lastIndexOf('/') + 1);
    assert.match(code, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    assert.equal((await app.procedure.core.read(target.id)).steps.receipt, 'done');

    const mine = await citizenReceipt(target.token);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['content-type'], 'application/pdf');
    assert.equal(mine.headers['cache-control'], 'no-store');
    assert.match(String(mine.headers['content-disposition']), /^attachment; filename="receipt-\d{4}-\d{6}\.pdf"$/);
    assert.equal(mine.rawPayload.length, bytes);
    assert.equal(sha256(mine.rawPayload), sealedSha256);

    const byCode = await app.inject({ url: `/api/verify/${code}/document` });
    assert.equal(sha256(byCode.rawPayload), sealedSha256);
    const desk = await deskReceipt(target.id, cookie);
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
    assert.ok(text.includes(code), text);
    // pdfsig exits non-zero on a certificate it cannot trust (the demo seal's); the validation of the signature itself is what counts.
    const sig = (await run('pdfsig', [file]).catch((error: { stdout: string }) => error)).stdout;
    assert.match(sig, /Signature Validation: Signature is Valid\./);
    assert.match(sig, /Total document signed/);

    const again = await deskReceipt(target.id, cookie, 'POST');
    assert.deepEqual(again.json(), { entryNumber, sha256: sealedSha256, bytes });
  });

  it('gives another case’s token nothing, and nothing before it is made', async () => {
    const cookie = await signIn(suite.app, ALPHA_AGENT);
    const target = await signed(cookie);
    const other = await readyToAgree(suite.app);
    const refused = await citizenReceipt(other.token);
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.json().code, 'FIN_ERR_RECEIPT_NOT_FOUND');
    assert.equal((await deskReceipt(other.id, cookie)).json().code, 'FIN_ERR_RECEIPT_NOT_FOUND');
    assert.equal((await citizenReceipt(`${target.token.slice(0, -1)}x`)).statusCode, 401);
  });
});
