import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CLAIM_MS } from '../src/modules/receipt/job.js';
import { ALPHA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { buildTestApp, useTestApp, type TestDatabase } from './helpers.js';
import { councilsWithHabilitations, readyToAgree, type Ready } from './procedure-fixtures.js';
import { procedureCase, sha256, signedCase } from './registry-fixtures.js';
import { startTestTsa, type TestTsa } from './tsa-fixtures.js';

const CITIZEN = '/api/councils/alpha/appointments/mine/procedure';
// Nothing listens on the discard port: every timestamp request is refused.
const TSA_DOWN = 'http://127.0.0.1:9/tsa';

/** The app with Anna habilitated, the council sealing with its demo seal and timestamps from `TSA_URL`, no timers: the test ticks. */
async function receiptJobOptions(database: TestDatabase, now: () => Date) {
  return {
    env: { ...callsTestEnv(database), DEMO: 'true', TSA_URL: TSA_DOWN, COUNCILS_FILE: await councilsWithHabilitations(database.env.DATA_DIR!) },
    now,
    reminderScheduler: false,
  };
}

/** A case the citizen (speaking `language`) agreed to and Anna signed; the sign request's answer too. */
async function sign(app: FastifyInstance, cookie: string, language = 'ca'): Promise<Ready & { answer: { receipt: unknown } }> {
  const target = await readyToAgree(app);
  await app.db.updateTable('cases').set({ language: language as 'ca' }).where('id', '=', target.id).execute();
  await app.inject({ url: `${CITIZEN}/document?${new URLSearchParams({ token: target.token, id: target.documentId })}` });
  const agreed = await app.inject({ method: 'POST', url: `${CITIZEN}/agreement`, payload: { token: target.token, agree: true, sha256: target.sha256 } });
  assert.equal(agreed.statusCode, 200, agreed.body);
  const signed = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/agreement/sign`, headers: { cookie }, payload: { password: ALPHA_AGENT.password } });
  assert.equal(signed.statusCode, 200, signed.body);
  return { ...target, answer: signed.json() };
}

interface Sent {
  to: string;
  subject: string;
  text: string;
  attachments: string[];
  /** The attached PDF, decoded from the .eml. */
  pdf: Buffer;
}

/** What the outbox (DATA_DIR/mail) holds, oldest first. */
async function outbox(app: FastifyInstance): Promise<Sent[]> {
  const dir = path.join(app.config.dataDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => {
      const entry = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Omit<Sent, 'pdf'>;
      const eml = (await readFile(path.join(dir, name.replace(/\.json$/, '.eml')), 'utf8')).replaceAll('\r\n', '\n');
      const base64 = /Content-Type: application\/pdf[^\n]*\n(?:[^\n]+\n)*\n([A-Za-z0-9+/=\n]+)/.exec(eml)?.[1] ?? '';
      return { ...entry, pdf: Buffer.from(base64, 'base64') };
    }),
  );
}

const events = async (app: FastifyInstance, caseId: string, type: string) => (await app.evidence.list(caseId)).filter((event) => event.type === type);
const receiptsOf = (app: FastifyInstance, caseId: string) => app.db.selectFrom('verifiable_documents').selectAll().where('case_id', '=', caseId).execute();

describe('the receipt job', () => {
  let tsa: TestTsa;
  let now = new Date('2026-06-15T10:00:00Z');
  const suite = useTestApp(async (database) => receiptJobOptions(database, () => now));
  before(async () => {
    tsa = await startTestTsa();
  });
  after(() => tsa.stop());
  const tsaUp = (app: FastifyInstance, up: boolean) => Object.assign(app.seal, { tsaUrl: up ? tsa.url : TSA_DOWN });

  it('answers the signature at once, then makes the receipt and emails it to the citizen in their language, once', async () => {
    const { app } = suite;
    tsaUp(app, true);
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await sign(app, cookie, 'es');
    assert.equal(target.answer.receipt, null, 'the sign request waited for the receipt');
    await app.receipts.settled(target.id);

    const [made] = await receiptsOf(app, target.id);
    assert.ok(made?.file);
    const [mail, ...more] = await outbox(app);
    assert.deepEqual(more, []);
    assert.equal(mail!.to, 'marta@example.org');
    assert.equal(mail!.subject, `Justificante de registro de su solicitud (${made.entry_number})`);
    assert.deepEqual(mail!.attachments, [`receipt-${made.entry_number.replace('/', '-')}.pdf`]);
    assert.equal(sha256(mail!.pdf), made.sha256, 'the attachment is not the sealed receipt');
    assert.match(mail!.text, /Número de registro: \d{4}\/\d{6}/);
    // The page, not the code: the code opens the document, and mail passes through third parties.
    assert.ok(mail!.text.includes('http://localhost:80/verify?lang=es'), mail!.text);
    assert.doesNotMatch(mail!.text, /[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/);
    const mailed = await events(app, target.id, 'receipt.mailed');
    assert.deepEqual(mailed.map((event) => event.data), [{ to: 'marta@example.org', language: 'es', entryNumber: made.entry_number, sha256: made.sha256 }]);

    now = new Date(now.getTime() + 2 * CLAIM_MS);
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 0 });
    assert.equal((await outbox(app)).length, 1);
    const retried = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/receipt`, headers: { cookie } });
    assert.equal(retried.json().entryNumber, made.entry_number);
    assert.equal((await outbox(app)).length, 1);
  });

  it('retries a receipt the timestamp authority refused, later each time, under the same entry', async () => {
    const { app } = suite;
    tsaUp(app, false);
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await sign(app, cookie);
    await app.receipts.settled(target.id);
    assert.deepEqual(await receiptsOf(app, target.id), [], 'a refused making kept its code');
    const [entered] = await events(app, target.id, 'registry.entered');

    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 0 }, 'retried before its time');
    now = new Date(now.getTime() + 31_000);
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 1 });
    now = new Date(now.getTime() + 31_000);
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 0 }, 'the second wait is not longer');

    tsaUp(app, true);
    now = new Date(now.getTime() + 31_000);
    assert.deepEqual(await app.receipts.tick(now), { made: 1, mailed: 0, failed: 0 });
    const [issued, ...again] = await events(app, target.id, 'receipt.issued');
    assert.deepEqual(again, []);
    assert.equal(issued!.data.entryNumber, entered!.data.number);
    assert.equal((await events(app, target.id, 'registry.entered')).length, 1);
    assert.equal((await events(app, target.id, 'receipt.mailed')).length, 1);
  });

  it('takes over the making of a process that crashed once its claim is stale, and its code finds nothing', async () => {
    const { app } = suite;
    tsaUp(app, false);
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await sign(app, cookie);
    await app.receipts.settled(target.id);
    tsaUp(app, true);
    // A process registered the case and issued its code, then died before attaching the receipt.
    const crashed = await app.registry.issueCode(await procedureCase(app, target.id), 'receipt', new Date(now.getTime() - CLAIM_MS));

    now = new Date(now.getTime() + 60_000);
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 0 }, 'took a claim still fresh');
    const busy = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/receipt`, headers: { cookie } });
    assert.equal(busy.statusCode, 409);
    assert.equal(busy.json().code, 'FIN_ERR_RECEIPT_IN_PROGRESS');

    now = new Date(now.getTime() + CLAIM_MS);
    assert.deepEqual(await app.receipts.tick(now), { made: 1, mailed: 0, failed: 0 });
    assert.equal((await receiptsOf(app, target.id)).length, 1);
    assert.equal((await app.inject({ url: `/api/verify/${crashed.code}` })).statusCode, 404);
    assert.equal((await events(app, target.id, 'receipt.issued')).length, 1);
    assert.equal((await events(app, target.id, 'receipt.mailed')).length, 1);
  });

  it('emails a made receipt whose email failed, at the next tick after its claim', async () => {
    const { app } = suite;
    tsaUp(app, true);
    const send = app.mail.send;
    Object.assign(app.mail, { send: () => Promise.reject(new Error('the mail server is down')) });
    const cookie = await signIn(app, ALPHA_AGENT);
    const target = await sign(app, cookie);
    await app.receipts.settled(target.id);
    Object.assign(app.mail, { send });
    assert.equal((await receiptsOf(app, target.id))[0]?.file ? 'made' : 'not made', 'made');
    assert.deepEqual(await events(app, target.id, 'receipt.mailed'), []);

    assert.deepEqual(await app.receipts.tick(new Date(now.getTime() + 60_000)), { made: 0, mailed: 0, failed: 0 }, 'mailed while its making could still be');
    now = new Date(now.getTime() + CLAIM_MS + 1000);
    const sent = (await outbox(app)).length;
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 1, failed: 0 });
    assert.equal((await outbox(app)).length, sent + 1);
    assert.equal((await events(app, target.id, 'receipt.mailed')).length, 1);
  });
});

describe('the receipt job with cases that fail for good', () => {
  let now = new Date('2026-06-15T10:00:00Z');
  const suite = useTestApp(async (database) => receiptJobOptions(database, () => now));

  it('still makes the receipts of the others, however many fail', async () => {
    const { app } = suite;
    // Alpha has no seal: its cases fail every time, before taking a code.
    const has = app.seal.has.bind(app.seal);
    Object.assign(app.seal, { has: async (council: string) => council !== 'alpha' && has(council) });
    for (let i = 0; i < 21; i++) await signedCase(app, 'alpha');
    now = new Date(now.getTime() + 1000);
    const target = await readyToAgree(app, 'beta');
    // Signed as agreement/sign.ts leaves it, without its kick: only a tick makes this receipt.
    await app.procedure.core.write(await procedureCase(app, target.id), 'system', (record) => {
      const signedAt = app.now().toISOString();
      record.agreement = { ...record.agreement, state: 'agreed', answeredAt: signedAt };
      record.agreement.signature = { agentId: 'bernat', agentName: 'Bernat Beta', habilitation: 'BETA-HAB-1', algorithm: 'ES256', publicKeySha256: sha256('key'), value: 'c2lnbg==', signedAt };
      Object.assign(record.steps, { agreement: 'done', receipt: 'current' });
      record.current = 'receipt';
      return { events: [{ type: 'agreement.signed', data: {} }] };
    });
    Object.assign(app.seal, { tsaUrl: null });

    now = new Date(now.getTime() + 1000);
    assert.deepEqual(await app.receipts.tick(now), { made: 0, mailed: 0, failed: 20 });
    now = new Date(now.getTime() + 1000);
    assert.deepEqual(await app.receipts.tick(now), { made: 1, mailed: 0, failed: 1 });
    assert.ok((await receiptsOf(app, target.id))[0]?.file);
  });
});

describe('the receipt job in two processes on one database', () => {
  let tsa: TestTsa;
  let now = new Date('2026-06-15T10:00:00Z');
  const clock = () => now;
  const suite = useTestApp(async (database) => receiptJobOptions(database, clock));
  before(async () => {
    tsa = await startTestTsa();
  });
  after(() => tsa.stop());

  it('makes one receipt, one code and one email per case when both tick at once', async () => {
    const { app, database } = suite;
    const other = await buildTestApp(database, await receiptJobOptions(database, clock));
    try {
      const cookie = await signIn(app, ALPHA_AGENT);
      const cases = [];
      for (let i = 0; i < 3; i++) cases.push(await sign(app, cookie));
      await Promise.all(cases.map((target) => app.receipts.settled(target.id)));
      for (const each of [app, other]) Object.assign(each.seal, { tsaUrl: tsa.url });

      now = new Date(now.getTime() + 60_000);
      const [first, second] = await Promise.all([app.receipts.tick(now), other.receipts.tick(now)]);
      assert.equal(first.made + second.made, 3, JSON.stringify({ first, second }));
      assert.equal(first.failed + second.failed, 0, JSON.stringify({ first, second }));
      for (const target of cases) {
        assert.equal((await receiptsOf(app, target.id)).length, 1);
        assert.equal((await events(app, target.id, 'receipt.issued')).length, 1);
        assert.equal((await events(app, target.id, 'receipt.mailed')).length, 1);
      }
      assert.equal((await outbox(app)).length, 3);

      now = new Date(now.getTime() + 2 * CLAIM_MS);
      const [third, fourth] = await Promise.all([app.receipts.tick(now), other.receipts.tick(now)]);
      assert.deepEqual([third, fourth], [{ made: 0, mailed: 0, failed: 0 }, { made: 0, mailed: 0, failed: 0 }]);
    } finally {
      await other.close();
    }
  });
});
