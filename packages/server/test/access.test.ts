import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyBundle } from '../src/modules/bundle/index.js';
import { evidencedCase, readEntries, writeParts, type EvidencedCase } from './bundle-fixtures.js';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, callsTestEnv, seedAppointment, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { makeTestSeal, type TestSeal } from './tsa-fixtures.js';

let dir: string;
let alpha: TestSeal;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-access-'));
  alpha = await makeTestSeal(dir, 'alpha');
  await writeParts(dir, { 'alpha.p12': alpha.p12, 'alpha.pass': Buffer.from(alpha.passphrase) });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a person's right of access", () => {
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), SEALS_DIR: dir }, reminderScheduler: false }));
  let supervisor: string;
  let first: EvidencedCase;
  let second: EvidencedCase;

  const post = (what: 'search' | 'export', payload: object, cookie = supervisor) => suite.app.inject({ method: 'POST', url: `/api/desk/subjects/${what}`, headers: { cookie }, payload });

  before(async () => {
    const { app } = suite;
    // Marta booked twice at alpha, and once at beta, with the same phone, email and DNI.
    first = await evidencedCase(app, ALPHA_AGENT, 2048);
    second = await evidencedCase(app, ALPHA_AGENT, 2048);
    await seedAppointment(app, 'beta');
    supervisor = await signIn(app, ALPHA_AGENT);
  });

  it("finds the person's cases of the council by phone, email or DNI, however they are written", async () => {
    for (const who of [{ phone: '612 34 56 78' }, { phone: '+34612345678' }, { email: ' Marta@Example.org ' }, { idDocument: '12.345.678-z' }]) {
      const found = await post('search', who);
      assert.equal(found.statusCode, 200, found.body);
      assert.deepEqual(found.json().cases.map((row: { id: string }) => row.id).sort(), [first.id, second.id].sort(), JSON.stringify(who));
    }
    assert.deepEqual((await post('search', { phone: '699 99 99 99' })).json().cases, []);
  });

  it('names the field of an identifier that cannot be one, and takes exactly one', async () => {
    const cases: Array<[object, number, string]> = [
      [{ phone: 'not a phone' }, 400, 'FIN_ERR_PHONE_INVALID'],
      [{ email: 'marta@' }, 400, 'FIN_ERR_EMAIL_INVALID'],
      [{ idDocument: '12345678A' }, 400, 'FIN_ERR_VALIDATION'],
      [{ phone: '612345678', email: 'marta@example.org' }, 400, 'FIN_ERR_VALIDATION'],
      [{}, 400, 'FIN_ERR_VALIDATION'],
    ];
    for (const [payload, status, code] of cases) {
      const answer = await post('search', payload);
      assert.equal(answer.statusCode, status, JSON.stringify(payload));
      assert.equal(answer.json().code, code, JSON.stringify(payload));
    }
  });

  it('is for supervisors of the council only', async () => {
    const agent = await post('search', { phone: '612345678' }, await signIn(suite.app, ALPHA_PLAIN_AGENT));
    assert.equal(agent.statusCode, 403);
    const beta = await post('search', { phone: '612345678' }, await signIn(suite.app, BETA_AGENT));
    assert.equal(beta.statusCode, 200);
    assert.ok(!beta.body.includes(first.id) && !beta.body.includes(second.id), "beta sees only its own case");
  });

  it('exports everything held about them: an index and each case sealed, each verifying offline and logged', async () => {
    const answer = await post('export', { email: 'marta@example.org' });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers['content-type'], 'application/zip');
    assert.equal(answer.headers['cache-control'], 'no-store');
    const file = path.join(dir, 'access.zip');
    await writeFile(file, answer.rawPayload);
    const entries = await readEntries(file);
    const index = JSON.parse(entries.find(({ name }) => name === 'index.json')!.bytes.toString()) as { cases: Array<{ reference: string; file: string }> };
    assert.deepEqual(index.cases.map(({ reference }) => reference).sort(), [first.reference, second.reference].sort());
    for (const { file: name, reference } of index.cases) {
      const inner = path.join(dir, name);
      await writeFile(inner, entries.find((entry) => entry.name === name)!.bytes);
      const summary = await verifyBundle(inner, { trust: [alpha.ca] });
      assert.equal(summary.case.reference, reference);
    }
    const logged = await suite.app.db.selectFrom('evidence_events').select('case_id').where('type', '=', 'evidence.exported').execute();
    assert.deepEqual(logged.map((row) => row.case_id).sort(), [first.id, second.id].sort());
    const none = await post('export', { phone: '699999999' });
    assert.equal(none.statusCode, 200, 'holding nothing about someone is an answer too');
    await writeFile(file, none.rawPayload);
    assert.deepEqual(JSON.parse((await readEntries(file)).find(({ name }) => name === 'index.json')!.bytes.toString()).cases, []);
  });
});
