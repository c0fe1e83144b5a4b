import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { BundleVerificationError, verifyBundle } from '../src/modules/bundle/index.js';
import { retimestampSegments } from '../src/modules/evidence/archive.js';
import { archiveData, LOOKBACK_MS, QUIET_MS } from '../src/modules/evidence/seals.js';
import { Seal, verifyDetached, verifyTimestampToken } from '../src/modules/seal/index.js';
import { entry, flipByte, readEntries, resign, writeEntries, writeParts, type Entries } from './bundle-fixtures.js';
import { ALPHA_AGENT, callsTestEnv, seedAppointment, signIn } from './call-fixtures.js';
import { signIn as signInAs, useTestApp } from './helpers.js';
import { appointmentInCall } from './procedure-fixtures.js';
import { makeTestSeal, openssl, startTestTsa, type TestSeal, type TestTsa } from './tsa-fixtures.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
let dir: string;
let tsa: TestTsa;
let alpha: TestSeal;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-seals-'));
  [tsa, alpha] = await Promise.all([startTestTsa(), makeTestSeal(dir, 'alpha')]);
  await writeParts(dir, { 'alpha.p12': alpha.p12, 'alpha.pass': Buffer.from(alpha.passphrase) });
});

after(async () => {
  await tsa.stop();
  await rm(dir, { recursive: true, force: true });
});

const trust = async () => ({ trust: [alpha.ca], tsaTrust: [await readFile(tsa.certFile)] });

/** Completes an appointment in call through the lifecycle, as the agent's hang-up does. */
const complete = (app: FastifyInstance, id: string) =>
  app.appointments.lifecycle.write(id, 'alpha', app.now(), async () => ({ move: 'complete', event: { type: 'call.ended', actor: 'system', data: {} } }));

/** What a crash right after a close's commit leaves: the case closed, its event logged, no seal. */
async function closedWithoutSeal(app: FastifyInstance): Promise<string> {
  const { id } = await seedAppointment(app, 'alpha');
  await app.db.transaction().execute(async (trx) => {
    await trx.updateTable('cases').set({ state: 'cancelled', updated_at: app.now().toISOString() }).where('id', '=', id).execute();
    await app.evidence.append(trx, id, { type: 'appointment.cancelled', actor: 'citizen', data: {} }, app.now());
  });
  return id;
}

const staffView = (app: FastifyInstance, id: string) =>
  app.db.transaction().execute((trx) => app.evidence.append(trx, id, { type: 'staff.accessed', actor: 'agent:someone', data: { kind: 'document', id: 'd', sha256: '0'.repeat(64), how: 'view' } }, app.now()));

describe('sealed evidence segments', () => {
  const clock = new Date();
  const later = (ms: number) => new Date(clock.getTime() + ms);
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), SEALS_DIR: dir, TSA_URL: tsa.url }, reminderScheduler: false, now: () => clock }));

  describe('when an appointment closes', () => {
    let id: string;
    before(async () => {
      ({ id } = await appointmentInCall(suite.app, 'alpha'));
      await complete(suite.app, id);
      await suite.app.evidenceSeals.settled();
    });

    it('seals the whole chain with the council seal and a timestamp, stating the close', async () => {
      const events = await suite.app.evidence.list(id);
      const [segment, ...more] = await suite.app.evidenceSeals.list(id);
      assert.equal(more.length, 0);
      assert.deepEqual(
        { ...segment!.statement },
        { type: 'finestreta.evidence-seal.v1', councilId: 'alpha', caseId: id, segment: 1, firstSeq: 1, lastSeq: events.length, headHash: events.at(-1)!.hash, closedAt: clock.toISOString(), state: 'completed' },
      );
      const verified = verifyDetached(segment!.signature, segment!.statementBytes, await trust());
      assert.equal(verified.trusted, true);
      assert.equal(verified.timestamp?.trusted, true);
      assert.match(verified.signer.subject, /Segell electronic alpha/);
    });

    it('is accepted by openssl cms -verify against the council CA', async () => {
      const [segment] = await suite.app.evidenceSeals.list(id);
      await writeParts(dir, { 'segment.p7s': segment!.signature, 'segment.json': segment!.statementBytes });
      const output = await openssl(dir, 'cms', '-verify', '-binary', '-inform', 'DER', '-in', 'segment.p7s', '-content', 'segment.json', '-CAfile', alpha.caFile, '-out', '/dev/null');
      assert.match(output, /Verification successful/);
    });

    it('starts a new segment for events logged later, once they are quiet, leaving the first as it was', async () => {
      const [first] = await suite.app.evidenceSeals.list(id);
      await staffView(suite.app, id);
      await staffView(suite.app, id);
      assert.deepEqual(await suite.app.evidenceSeals.tick(clock), { sealed: 0, failed: 0 }, 'not before the tail is quiet');
      assert.deepEqual(await suite.app.evidenceSeals.tick(later(QUIET_MS)), { sealed: 1, failed: 0 });
      const segments = await suite.app.evidenceSeals.list(id);
      const events = await suite.app.evidence.list(id);
      assert.equal(segments.length, 2);
      assert.deepEqual(segments[0], first);
      assert.deepEqual(
        [segments[1]!.statement.segment, segments[1]!.statement.firstSeq, segments[1]!.statement.lastSeq, segments[1]!.statement.headHash],
        [2, first!.statement.lastSeq + 1, events.length, events.at(-1)!.hash],
      );
      assert.equal(segments[1]!.statement.closedAt, first!.statement.closedAt);
      verifyDetached(segments[1]!.signature, segments[1]!.statementBytes, await trust());
    });

    it('seals nothing of a case still open', async () => {
      const open = await appointmentInCall(suite.app, 'alpha');
      assert.equal(await suite.app.evidenceSeals.sealCase(open.id), null);
      await suite.app.evidenceSeals.tick(later(QUIET_MS));
      assert.deepEqual(await suite.app.evidenceSeals.list(open.id), []);
    });
  });

  describe('when a process stopped between a close and its seal', () => {
    it('the job seals it on a later tick, once, however many processes tick at once', async () => {
      const id = await closedWithoutSeal(suite.app);
      assert.deepEqual(await suite.app.evidenceSeals.list(id), []);
      const ticks = await Promise.all([suite.app.evidenceSeals.tick(later(QUIET_MS)), suite.app.evidenceSeals.tick(later(QUIET_MS))]);
      assert.equal(ticks[0].sealed + ticks[1].sealed, 1);
      const segments = await suite.app.evidenceSeals.list(id);
      assert.equal(segments.length, 1);
      assert.equal(segments[0]!.statement.state, 'cancelled');
      assert.deepEqual(await suite.app.evidenceSeals.tick(later(QUIET_MS)), { sealed: 0, failed: 0 });
    });

    it('leaves to an export a case whose last event is older than the lookback', async () => {
      const id = await closedWithoutSeal(suite.app);
      assert.deepEqual(await suite.app.evidenceSeals.tick(later(LOOKBACK_MS + 1)), { sealed: 0, failed: 0 });
      assert.deepEqual(await suite.app.evidenceSeals.list(id), []);
      assert.notEqual(await suite.app.evidenceSeals.sealCase(id), null);
    });
  });

  describe('exported and verified', () => {
    let id: string;
    let original: Entries;
    const tampered = async (entries: Entries, name: string) => writeEntries(path.join(dir, `${name}.asice`), await resign(entries, new Seal({ dir, passphrases: {}, demo: false, demoDir: path.join(dir, 'demo') }, tsa.url, () => new Date()), 'alpha'));
    const refused = async (file: string, pattern: RegExp) =>
      assert.rejects(verifyBundle(file, await trust()), (error: unknown) => {
        assert.ok(error instanceof BundleVerificationError, String(error));
        assert.match(error.message, pattern);
        return true;
      });

    before(async () => {
      ({ id } = await appointmentInCall(suite.app, 'alpha'));
      await complete(suite.app, id);
      await suite.app.evidenceSeals.settled();
      await staffView(suite.app, id);
      const response = await suite.app.inject({ url: `/api/desk/cases/${id}/evidence.asice`, headers: { cookie: await signIn(suite.app, ALPHA_AGENT) } });
      assert.equal(response.statusCode, 200, response.body);
      const file = path.join(dir, 'sealed.asice');
      await writeParts(dir, { 'sealed.asice': response.rawPayload });
      original = await readEntries(file);
    });

    it('holds every segment, the export itself sealed in the last, and verifies', async () => {
      const events = await suite.app.evidence.list(id);
      assert.equal(events.at(-1)!.type, 'evidence.exported');
      const names = original.map(({ name }) => name).filter((name) => name.startsWith('seals/'));
      assert.deepEqual(names, ['seals/1.json', 'seals/1.p7s', 'seals/2.json', 'seals/2.p7s']);
      const summary = await verifyBundle(path.join(dir, 'sealed.asice'), await trust());
      assert.deepEqual(summary.segments, { segments: 2, sealedThrough: events.length, archiveTimestamps: 0 });
      const run = await exec(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/evidence.ts', 'verify', path.join(dir, 'sealed.asice'), '--trust', alpha.caFile], { cwd: ROOT, encoding: 'utf8' });
      assert.match(run.stdout, new RegExp(`sealed: +2 segment\\(s\\), events 1–${events.length}, 0 archive timestamp\\(s\\)`));
    });

    it('refuses a statement changed, even with the manifest signed again by the council, naming it', async () => {
      const statement = JSON.parse(entry(original, 'seals/1.json').bytes.toString()) as Record<string, unknown>;
      const changed = original.map((candidate) =>
        candidate.name === 'seals/1.json' ? { ...candidate, bytes: Buffer.from(JSON.stringify({ ...statement, closedAt: '2020-01-01T00:00:00.000Z' })) } : candidate,
      );
      await refused(await tampered(changed, 'statement'), /^seals\/1\.(json|p7s)/);
    });

    it('refuses a segment claiming another head, naming the statement', async () => {
      const statement = JSON.parse(entry(original, 'seals/2.json').bytes.toString()) as Record<string, unknown>;
      const keys = Object.keys(statement).sort();
      const forged = Object.fromEntries(keys.map((key) => [key, key === 'headHash' ? 'f'.repeat(64) : statement[key]]));
      const changed = original.map((candidate) => (candidate.name === 'seals/2.json' ? { ...candidate, bytes: Buffer.from(JSON.stringify(forged)) } : candidate));
      await refused(await tampered(changed, 'head'), /^seals\/2\.json does not match the evidence log: event \d+ has another hash/);
    });

    it('refuses a seal signature changed, naming it', async () => {
      const changed = original.map((candidate) => {
        if (candidate.name !== 'seals/1.p7s') return candidate;
        const bytes = Buffer.from(candidate.bytes);
        bytes[bytes.length - 300] = bytes[bytes.length - 300]! ^ 0x01;
        return { ...candidate, bytes };
      });
      await refused(await tampered(changed, 'signature'), /^seals\/1\.p7s: /);
    });

    it('refuses a segment removed, naming what no longer follows', async () => {
      const changed = original.filter(({ name }) => name !== 'seals/1.json' && name !== 'seals/1.p7s');
      await refused(await tampered(changed, 'removed'), /^seals\/2\.(json|p7s) is not part of a sealed segment/);
    });
  });

  describe('archive timestamps (evidence retimestamp)', () => {
    let id: string;
    // The test authority's certificate lasts two days: due within a year, not within a day.
    before(async () => {
      id = await closedWithoutSeal(suite.app);
      await suite.app.evidenceSeals.tick(later(QUIET_MS));
    });
    const segment = async () => (await suite.app.evidenceSeals.list(id))[0]!;

    it('adds none to segments whose timestamp certificate lasts beyond the window', async () => {
      const result = await retimestampSegments(suite.app, clock, 1);
      assert.equal(result.added, 0);
      assert.ok(result.checked >= 1);
      assert.deepEqual((await segment()).archiveTimestamps, []);
    });

    it('adds one over the signature to those that expire within it, which OpenSSL verifies', async () => {
      const result = await retimestampSegments(suite.app, clock, 365);
      assert.equal(result.failed, 0);
      assert.equal(result.added, result.checked);
      const { signature, archiveTimestamps } = await segment();
      assert.equal(archiveTimestamps.length, 1);
      const verified = verifyTimestampToken(archiveTimestamps[0]!, archiveData(signature, []), [await readFile(tsa.certFile)]);
      assert.equal(verified.trusted, true);
      await writeParts(dir, { 'ats.tst': archiveTimestamps[0]!, 'ats.bin': archiveData(signature, []) });
      assert.match(await openssl(dir, 'ts', '-verify', '-token_in', '-in', 'ats.tst', '-data', 'ats.bin', '-CAfile', tsa.certFile), /Verification: OK/);
    });

    it('chains the next over the signature and the one before, from the command line', async () => {
      const run = await exec(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/evidence.ts', 'retimestamp', '--within', '3'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...suite.database.env, ...callsTestEnv(suite.database), SEALS_DIR: dir, TSA_URL: tsa.url, WIDGETS_DIR: path.join(dir, 'no-widgets'), PUBLIC_URL: 'http://localhost:80', LOG_LEVEL: 'silent' },
      });
      assert.match(run.stdout, /^\d+ archive timestamp\(s\) added; \d+ sealed segment\(s\) checked, 0 without a timestamp to renew, 0 failed/);
      const { signature, archiveTimestamps } = await segment();
      assert.equal(archiveTimestamps.length, 2);
      verifyTimestampToken(archiveTimestamps[1]!, archiveData(signature, [archiveTimestamps[0]!]), [await readFile(tsa.certFile)]);
    });

    it('are exported with their segment and verified; one changed is refused by name', async () => {
      const response = await suite.app.inject({ url: `/api/desk/cases/${id}/evidence.asice`, headers: { cookie: await signIn(suite.app, ALPHA_AGENT) } });
      assert.equal(response.statusCode, 200, response.body);
      await writeParts(dir, { 'archived.asice': response.rawPayload });
      const file = path.join(dir, 'archived.asice');
      const entries = await readEntries(file);
      assert.deepEqual(entries.map(({ name }) => name).filter((name) => name.startsWith('seals/')), ['seals/1.json', 'seals/1.p7s', 'seals/1.ats1.tst', 'seals/1.ats2.tst', 'seals/2.json', 'seals/2.p7s']);
      const summary = await verifyBundle(file, await trust());
      assert.equal(summary.segments.archiveTimestamps, 2);
      const changed = flipByte(entries, 'seals/1.ats2.tst', entry(entries, 'seals/1.ats2.tst').bytes.length - 40);
      const resigned = await resign(changed, new Seal({ dir, passphrases: {}, demo: false, demoDir: path.join(dir, 'demo') }, tsa.url, () => new Date()), 'alpha');
      await assert.rejects(verifyBundle(await writeEntries(path.join(dir, 'archived-changed.asice'), resigned), await trust()), (error: unknown) => {
        assert.ok(error instanceof BundleVerificationError);
        assert.match(error.message, /^seals\/1\.ats2\.tst/);
        return true;
      });
    });
  });
});

/** A front to the test TSA that answers 503 while `down`, as an authority out of service does. */
async function flakyTsa(target: string): Promise<{ url: string; down: boolean; stop(): Promise<void> }> {
  const front = { url: '', down: true, stop: async () => {} };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (front.down) return void response.writeHead(503).end();
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.concat(chunks) })
        .then(async (answer) => response.writeHead(answer.status, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  front.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return front;
}

describe('a callback closed in the demo while the timestamp authority is down', () => {
  const clock = new Date();
  let front: Awaited<ReturnType<typeof flakyTsa>>;
  const suite = useTestApp(async () => {
    front = await flakyTsa(tsa.url);
    return { env: { TSA_URL: front.url }, reminderScheduler: false, now: () => clock };
  });
  after(async () => front.stop());

  it('closes all the same, and is sealed by the job once the authority is back', async () => {
    const booked = await suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      headers: { 'idempotency-key': 'sealed-callback' },
      payload: { topic: 'padro', slot: 'asap', name: 'Marta Soler', phone: '611100009', email: 'marta@example.org', consent: true, language: 'ca' },
    });
    assert.equal(booked.statusCode, 201, booked.body);
    const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', booked.json().reference).executeTakeFirstOrThrow();
    const cookie = await signInAs(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const done = await suite.app.inject({ method: 'POST', url: `/api/desk/callbacks/${id}/outcome`, headers: { cookie }, payload: { outcome: 'reached' } });
    assert.equal(done.statusCode, 200, done.body);
    await suite.app.evidenceSeals.settled();
    assert.deepEqual(await suite.app.evidenceSeals.list(id), []);
    const quiet = new Date(clock.getTime() + QUIET_MS);
    assert.deepEqual(await suite.app.evidenceSeals.tick(quiet), { sealed: 0, failed: 1 });
    const exported = await suite.app.inject({ url: `/api/desk/cases/${id}/evidence.asice`, headers: { cookie } });
    assert.equal(exported.statusCode, 503);
    assert.equal(exported.json().code, 'FIN_ERR_TIMESTAMP_UNAVAILABLE');
    front.down = false;
    assert.deepEqual(await suite.app.evidenceSeals.tick(quiet), { sealed: 1, failed: 0 });
    const [segment] = await suite.app.evidenceSeals.list(id);
    assert.equal(segment!.statement.state, 'completed');
    const verified = verifyDetached(segment!.signature, segment!.statementBytes, { tsaTrust: [await readFile(tsa.certFile)] });
    assert.match(verified.signer.subject, /DEMONSTRATION seal of demo - NOT VALID/);
    assert.equal(verified.timestamp?.trusted, true);
  });
});
