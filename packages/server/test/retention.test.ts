import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { verifyBundle } from '../src/modules/bundle/index.js';
import { eraseExpired } from '../src/modules/retention/job.js';
import { evidencedCase, readEntries, writeParts, type EvidencedCase } from './bundle-fixtures.js';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, CALLS_COUNCILS_FILE, callsTestEnv, signIn } from './call-fixtures.js';
import { buildTestApp, useTestApp } from './helpers.js';
import { makeTestSeal, type TestSeal } from './tsa-fixtures.js';

const DAY_MS = 86_400_000;
const RETENTION = { recordingsDays: 30, identityStillsDays: 30, documentsDays: 365, applicationDays: 30 };

let dir: string;
let alpha: TestSeal;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-retention-'));
  alpha = await makeTestSeal(dir, 'alpha');
  await writeParts(dir, { 'alpha.p12': alpha.p12, 'alpha.pass': Buffer.from(alpha.passphrase) });
  // The calls councils, alpha keeping recordings, stills and applications 30 days and documents a year.
  const councils = JSON.parse(await readFile(CALLS_COUNCILS_FILE, 'utf8')) as Array<Record<string, unknown>>;
  councils[0]!.retention = RETENTION;
  await writeFile(path.join(dir, 'councils.json'), JSON.stringify(councils));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The case's rows of each kind of personal data, and whether their files are on disk. */
async function held(app: FastifyInstance, caseId: string) {
  const files = async (table: 'recordings' | 'identity_stills' | 'documents') => {
    const rows = await app.db.selectFrom(table).select('file').where('case_id', '=', caseId).execute();
    return rows.map((row) => existsSync(path.join(app.config.dataDir, row.file)));
  };
  const application = await app.db.selectFrom('procedures').select('application').where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return {
    recordings: await files('recordings'),
    stills: await files('identity_stills'),
    documents: await files('documents'),
    presented: (await app.db.selectFrom('application_documents').select('id').where('case_id', '=', caseId).execute()).length,
    values: Object.keys((JSON.parse(application.application) as { data: object }).data).length,
  };
}

describe('retention periods and legal holds', () => {
  const suite = useTestApp(async (database) => ({
    env: { ...callsTestEnv(database), COUNCILS_FILE: path.join(dir, 'councils.json'), SEALS_DIR: dir },
    reminderScheduler: false,
  }));
  let erased: EvidencedCase;
  let kept: EvidencedCase;
  let supervisor: string;

  /** Closes the case as of `daysAgo` days ago. */
  const closed = (app: FastifyInstance, caseId: string, daysAgo: number) =>
    app.db.updateTable('cases').set({ state: 'completed', updated_at: new Date(app.now().getTime() - daysAgo * DAY_MS).toISOString() }).where('id', '=', caseId).execute();
  const hold = (caseId: string, cookie: string, method: 'PUT' | 'DELETE' = 'PUT') =>
    suite.app.inject({ method, url: `/api/desk/cases/${caseId}/hold`, headers: { cookie }, ...(method === 'PUT' && { payload: { reason: 'Recurs contenciós 123/2026' } }) });
  const events = async (caseId: string, type: string) =>
    (await suite.app.db.selectFrom('evidence_events').select('data').where('case_id', '=', caseId).where('type', '=', type).orderBy('seq').execute()).map((row) => JSON.parse(row.data) as Record<string, unknown>);

  before(async () => {
    const { app } = suite;
    erased = await evidencedCase(app, ALPHA_AGENT, 4096);
    kept = await evidencedCase(app, ALPHA_AGENT, 4096);
    await app.procedure.core.write(await app.procedure.core.findCase(erased.id).then((found) => found!), 'system', (record) => {
      record.application = { ...record.application, formId: 'generic', data: { exposo: 'Visc al carrer Major, 3' } };
      return { events: [{ type: 'application.saved', data: {} }] };
    });
    await closed(app, erased.id, 40);
    await closed(app, kept.id, 40);
    supervisor = await signIn(app, ALPHA_AGENT);
  });

  it('lets a supervisor of the council place a legal hold, recorded as evidence; not an agent, not another council', async () => {
    const agent = await hold(kept.id, await signIn(suite.app, ALPHA_PLAIN_AGENT));
    assert.equal(agent.statusCode, 403);
    assert.equal(agent.json().code, 'FIN_ERR_ROLE_FORBIDDEN');
    const elsewhere = await hold(kept.id, await signIn(suite.app, BETA_AGENT));
    assert.equal(elsewhere.statusCode, 404);
    assert.equal(elsewhere.json().code, 'FIN_ERR_CASE_NOT_FOUND');

    const placed = await hold(kept.id, supervisor);
    assert.equal(placed.statusCode, 200, placed.body);
    assert.equal(placed.json().reason, 'Recurs contenciós 123/2026');
    assert.deepEqual(await events(kept.id, 'case.hold_placed'), [{ reason: 'Recurs contenciós 123/2026' }]);
    const short = await suite.app.inject({ method: 'PUT', url: `/api/desk/cases/${kept.id}/hold`, headers: { cookie: supervisor }, payload: { reason: '' } });
    assert.equal(short.statusCode, 400);
  });

  it('erases each kind past its period, files first, and records what went with its hashes', async () => {
    const { app } = suite;
    const before = await held(app, erased.id);
    assert.deepEqual(before, { recordings: [true], stills: [true, true, true], documents: [true], presented: 1, values: 1 });
    const run = await eraseExpired(app, app.now());
    assert.deepEqual(run.erased, { recordings: 1, 'identity-stills': 1, documents: 0, application: 1 });
    assert.deepEqual(await held(app, erased.id), { recordings: [], stills: [], documents: [true], presented: 0, values: 0 }, 'documents are kept a year');
    assert.equal(existsSync(path.join(app.config.dataDir, 'recordings', `${erased.recordingId}.sealed`)), false);

    const recorded = await events(erased.id, 'retention.erased');
    assert.deepEqual(recorded.map((data) => [data.kind, data.retentionDays]), [['recordings', 30], ['identity-stills', 30], ['application', 30]]);
    const stored = (await events(erased.id, 'call.recording_stored'))[0]!;
    assert.deepEqual((recorded[0]!.items as unknown[])[0], { folder: 'recordings', id: erased.recordingId, sha256: stored.sha256 });
    const chain = await app.inject({ url: `/api/desk/cases/${erased.id}/evidence`, headers: { cookie: supervisor } });
    assert.equal(chain.json().valid, true);

    assert.deepEqual((await held(app, kept.id)).recordings, [true], 'the held case keeps everything');
    assert.deepEqual((await eraseExpired(app, app.now())).erased, { recordings: 0, 'identity-stills': 0, documents: 0, application: 0 }, 'a second run finds nothing');
  });

  it('still exports a bundle that verifies offline, without what was erased', async () => {
    const response = await suite.app.inject({ url: `/api/desk/cases/${erased.id}/evidence.asice`, headers: { cookie: supervisor } });
    assert.equal(response.statusCode, 200, response.body);
    const file = path.join(dir, 'erased.asice');
    await writeFile(file, response.rawPayload);
    const summary = await verifyBundle(file, { trust: [alpha.ca] });
    assert.equal(summary.case.caseId, erased.id);
    const folders = new Set((await readEntries(file)).map(({ name }) => name.split('/')[0]));
    assert.ok(folders.has('documents'), 'the document, kept a year, is in it');
    for (const gone of ['recordings', 'stills', 'application']) assert.ok(!folders.has(gone), `nothing of ${gone}`);
  });

  it('refuses a bundle whose erasure names a hash other than the one recorded', async () => {
    const { app } = suite;
    const forged = await evidencedCase(app, ALPHA_AGENT, 1024);
    await app.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recordings').where('case_id', '=', forged.id).execute();
      await app.evidence.append(trx, forged.id, { type: 'retention.erased', actor: 'system', data: { kind: 'recordings', retentionDays: 30, items: [{ folder: 'recordings', id: forged.recordingId, sha256: '0'.repeat(64) }] } }, app.now());
    });
    const response = await app.inject({ url: `/api/desk/cases/${forged.id}/evidence.asice`, headers: { cookie: supervisor } });
    const file = path.join(dir, 'forged.asice');
    await writeFile(file, response.rawPayload);
    await assert.rejects(verifyBundle(file, { trust: [alpha.ca] }), /erases recordings\/[\w-]+ with a SHA-256 other than the one recorded/);
  });

  it('erases a held case once its hold is lifted', async () => {
    const { app } = suite;
    const lifted = await hold(kept.id, supervisor, 'DELETE');
    assert.equal(lifted.statusCode, 204);
    assert.equal((await events(kept.id, 'case.hold_lifted')).length, 1);
    assert.equal((await eraseExpired(app, app.now())).erased.recordings, 1);
    assert.deepEqual((await held(app, kept.id)).recordings, []);
  });

  // Two instances in one Node process cannot write one SQLite file at the same moment (see
  // appointment-reminders.test.ts); SQLite deployments run one process.
  it('erases and records each kind once when two processes run at the same moment', { skip: process.env.FIN_TEST_DB !== 'postgres' && 'PostgreSQL only' }, async () => {
    const { app, database } = suite;
    const expired = await evidencedCase(app, ALPHA_AGENT, 1024);
    await closed(app, expired.id, 40);
    const other = await buildTestApp(database, { env: { ...callsTestEnv(database), COUNCILS_FILE: path.join(dir, 'councils.json'), SEALS_DIR: dir }, reminderScheduler: false });
    try {
      const runs = await Promise.all([eraseExpired(app, app.now()), eraseExpired(other, app.now()), eraseExpired(app, app.now()), eraseExpired(other, app.now())]);
      assert.equal(runs.reduce((sum, run) => sum + Object.values(run.erased).reduce((a, b) => a + b, 0), 0), 3);
    } finally {
      await other.close();
    }
    assert.deepEqual((await events(expired.id, 'retention.erased')).map((data) => data.kind), ['recordings', 'identity-stills', 'application']);
    assert.deepEqual(await held(app, expired.id), { recordings: [], stills: [], documents: [true], presented: 0, values: 0 });
    const chain = await app.inject({ url: `/api/desk/cases/${expired.id}/evidence`, headers: { cookie: supervisor } });
    assert.equal(chain.json().valid, true);
  });
});
