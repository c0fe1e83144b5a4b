import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Upload } from '@tus/server';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../src/config.js';
import { SealedStagingStore } from '../src/modules/documents/staging.js';
import { DocumentStore } from '../src/modules/documents/store.js';
import { verifyBundle } from '../src/modules/bundle/index.js';
import { verifyPdfSeal } from '../src/modules/seal/index.js';
import { main as evidence } from '../src/scripts/evidence.js';
import { countByKey, resealFile } from '../src/modules/keys/reseal.js';
import { canonicalJson } from '../src/shared/json.js';
import { decryptFile, encryptStream, keyIdHex, loadMasterKey, SealKeyMissing } from '../src/shared/crypto-at-rest.js';
import { main as keys, status } from '../src/scripts/keys.js';
import { evidencedCase, writeParts } from './bundle-fixtures.js';
import { ALPHA_AGENT, callsTestEnv, seedAppointment, signIn } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, testConfig, type TestDatabase } from './helpers.js';
import { makeTestSeal, smallPdf, startTestTsa, type TestSeal, type TestTsa } from './tsa-fixtures.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const plaintextOf = async (stream: AsyncIterable<Buffer>) => {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
};

describe('rotating the master key', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let keyA: string;
  let keyB: string;
  let caseId: string;
  const document = { id: randomUUID(), content: randomBytes(200 * 1024) };
  const others = [
    { file: path.join('recordings', 'r1.webm.enc'), content: randomBytes(70 * 1024) },
    { file: path.join('stills', 's1.jpg.enc'), content: randomBytes(3000) },
    { file: path.join('registry', 'e1.pdf.enc'), content: Buffer.alloc(0) },
  ];
  const upload = { id: randomBytes(16).toString('hex'), content: randomBytes(150 * 1024) };
  const address = '192.0.2.7';

  const start = (env: Record<string, string>) => buildTestApp(database, { env: { ...callsTestEnv(database), ...env }, reminderScheduler: false });
  const staging = () => new SealedStagingStore(new DocumentStore(app.db), path.join(dataDir, 'uploads'), () => app.masterKey(), 3_600_000, () => app.now());
  const readDocument = async () => {
    const answer = await app.inject({ url: `/api/desk/documents/${document.id}/content`, headers: { cookie: await signIn(app, ALPHA_AGENT) } });
    assert.equal(answer.statusCode, 200);
    return answer.rawPayload;
  };
  const readAll = async () => {
    assert.deepEqual(await readDocument(), document.content);
    await replay();
    const key = await app.masterKey();
    for (const { file, content } of others) assert.deepEqual(await plaintextOf(await decryptFile(key, path.join(dataDir, file))), content, file);
  };
  const keysOf = async () => new Map((await countByKey(dataDir, app.db)).map((count) => [count.keyId, count]));
  /** A citizen's retried booking, answered from the answer stored (sealed) for its first try. */
  const retried = { url: '/api/councils/alpha/callbacks', body: { topic: 'padro', slot: 'asap', name: 'Pere Vila', phone: '611000001', consent: true, language: 'ca', website: '' } };
  const replay = async () => {
    const answer = await app.inject({ method: 'POST', url: retried.url, headers: { 'idempotency-key': 'before-rotation' }, payload: retried.body });
    assert.equal(answer.headers['idempotent-replayed'], 'true');
    assert.deepEqual(answer.json(), { reference: 'CB-ROTATED' });
  };

  before(async () => {
    database = await createTestDatabase();
    dataDir = database.env.DATA_DIR!;
    keyA = path.join(dataDir, 'keys', 'master.key');
    keyB = path.join(dataDir, 'master-b.key');
    app = await start({});
    ({ id: caseId } = await seedAppointment(app, 'alpha'));
    const key = await app.masterKey();
    await mkdir(path.join(dataDir, 'documents'), { recursive: true });
    const documentFile = path.join('documents', `${document.id}.enc`);
    await encryptStream(key, Readable.from([document.content]), path.join(dataDir, documentFile));
    await app.db
      .insertInto('documents')
      .values({ id: document.id, case_id: caseId, file_name: 'padro.pdf', expected: null, content_type: 'application/pdf', bytes: document.content.length, sha256: sha256(document.content), file: documentFile, scan: 'clean', state: 'received', rejection_reason: null, uploaded_at: new Date().toISOString(), reviewed_at: null, reviewed_by: null, upload_id: null, upload_size: null })
      .execute();
    for (const { file, content } of others) {
      await mkdir(path.join(dataDir, path.dirname(file)), { recursive: true });
      await encryptStream(key, Readable.from([content]), path.join(dataDir, file));
    }
    // An upload in progress: its first 100 KiB arrive under key A (a staged file, and the tail of a chunk).
    await app.db
      .insertInto('document_uploads')
      .values({ id: upload.id, case_id: caseId, file_name: 'u.pdf', expected: null, metadata: '{}', size: upload.content.length, offset: 0, staged_bytes: 0, created_at: new Date().toISOString() })
      .execute();
    await staging().create(new Upload({ id: upload.id, size: upload.content.length, offset: 0 }));
    assert.equal(await staging().write(Readable.from([upload.content.subarray(0, 100 * 1024)]), upload.id, 0), 100 * 1024);
    // The answer to a booking, stored for its retries, sealed under key A by the hourly sweep.
    await app.db
      .insertInto('idempotency_keys')
      .values({
        scope: 'council:alpha POST /api/councils/:council/callbacks',
        key: 'before-rotation',
        request_hash: createHash('sha256').update(canonicalJson({ url: retried.url, body: retried.body })).digest('hex'),
        status_code: 201,
        response_body: '{"reference":"CB-ROTATED"}',
        state: 'completed',
        created_at: app.now().toISOString(),
      })
      .execute();
    await app.idempotency.sweep(app.now());
    await replay();
    // A booking from `address`, recorded under the MAC derived from key A.
    const [origin] = await app.flood.originsOf({ ip: address } as never);
    await app.db.insertInto('booking_origins').values({ case_id: caseId, council_id: 'alpha', origin: origin!, created_at: app.now().toISOString() }).execute();
    await app.close();
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  it('makes a new key with `keys new`, readable by its owner only, and never overwrites one', async () => {
    assert.equal(await keys(['new', keyB]), 0);
    assert.equal((await stat(keyB)).mode & 0o777, 0o600);
    assert.equal((await readFile(keyB)).length, 32);
    const before = await readFile(keyB);
    assert.equal(await keys(['new', keyB]), 1);
    assert.deepEqual(await readFile(keyB), before);
  });

  it('refuses at start the same key twice, or a key of the wrong size', async () => {
    assert.throws(() => testConfig(database, { MASTER_KEY_FILE: keyB, MASTER_KEY_PREVIOUS_FILES: `${keyA},${keyA}` }), (error: ConfigError) => /same key as/.test(error.message));
    assert.throws(() => testConfig(database, { MASTER_KEY_FILE: keyA, MASTER_KEY_PREVIOUS_FILES: keyA }), (error: ConfigError) => /same key as/.test(error.message));
    const short = path.join(dataDir, 'short.key');
    await writeFile(short, randomBytes(16));
    assert.throws(() => testConfig(database, { MASTER_KEY_FILE: keyB, MASTER_KEY_PREVIOUS_FILES: short }), (error: ConfigError) => /must hold 32 bytes, it holds 16/.test(error.message));
  });

  it('with B current and A previous, reads everything, seals new files under B, and re-seals the rest', async () => {
    app = await start({ MASTER_KEY_FILE: keyB, MASTER_KEY_PREVIOUS_FILES: keyA });
    const [a, b] = [keyIdHex(await loadMasterKey(keyA)), keyIdHex(await loadMasterKey(keyB))];
    await readAll();
    assert.deepEqual((await keysOf()).get(a), { keyId: a, files: 4, uploadsInProgress: 2, storedAnswers: 1 });
    const env = { ...database.env, DEMO: 'true', MASTER_KEY_FILE: keyB, MASTER_KEY_PREVIOUS_FILES: keyA };
    assert.match(await status(env), new RegExp(`^key ${a}: 4 files, 2 of uploads in progress .*, 1 stored answers; ${keyA} \\(previous\\)$`, 'm'));
    assert.match(await status(env), new RegExp(`^key ${b}: 0 files, 0 stored answers; ${keyB} \\(current\\)$`, 'm'));

    // The upload goes on after the rotation: its first chunks move to B with the rest.
    assert.equal(await staging().write(Readable.from([upload.content.subarray(100 * 1024)]), upload.id, 100 * 1024), upload.content.length);
    assert.deepEqual(await plaintextOf(staging().plaintext(upload.id)), upload.content);
    // Once kept as a document, the upload's staging files go, and with them the last under key A.
    await staging().remove(upload.id);
    assert.equal((await keysOf()).get(a)?.uploadsInProgress, 0);

    // A process that dies after sealing a copy and before putting it in place loses nothing.
    const recording = path.join(dataDir, others[0]!.file);
    await assert.rejects(
      resealFile(await app.masterKey(), recording, () => Promise.reject(new Error('killed'))),
      /killed/,
    );
    assert.deepEqual(await plaintextOf(await decryptFile(await app.masterKey(), recording)), others[0]!.content);
    assert.deepEqual(await readdir(path.dirname(recording)), ['r1.webm.enc']);

    const report = await app.keyRotation.reseal();
    assert.deepEqual({ resealed: report.resealed, failed: report.failed, left: report.left }, { resealed: 5, failed: [], left: [] });
    assert.deepEqual([...(await keysOf()).keys()], [b]);
    assert.match(await status(env), new RegExp(`^key ${a}: 0 files, 0 stored answers; ${keyA} \\(previous\\)$`, 'm'));
    assert.deepEqual(app.keyRotation.left(), []);
    await readAll();
    // A second pass, or another process's, finds nothing to do.
    assert.equal((await app.keyRotation.reseal()).resealed, 0);
  });

  it('keeps recognising an address by the MAC derived from the previous key', async () => {
    const origins = await app.flood.originsOf({ ip: address } as never);
    assert.equal(origins.length, 2);
    const council = (await app.councils.get('alpha'))!;
    assert.equal((await app.flood.pressure(council, origins, app.now())).address, 1);
    await app.close();
  });

  it('with B only, reads everything; a file under a key it lacks fails clearly', async () => {
    app = await start({ MASTER_KEY_FILE: keyB });
    await readAll();
    const stray = path.join(dataDir, 'stray.enc');
    await encryptStream(await loadMasterKey(keyA), Readable.from([Buffer.from('old')]), stray);
    await assert.rejects(decryptFile(await app.masterKey(), stray), (error: Error) => error instanceof SealKeyMissing && /which this server does not have/.test(error.message));
  });
});

describe("rotating a council's seal", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tsa: TestTsa;
  let dirs: { a: string; b: string };
  let seals: { a: TestSeal; b: TestSeal };
  let caseId: string;
  let receiptA: Buffer;

  const start = (sealsDir: string) => buildTestApp(database, { env: { ...callsTestEnv(database), SEALS_DIR: sealsDir, TSA_URL: tsa.url }, reminderScheduler: false });
  const exportBundle = async (name: string) => {
    const answer = await app.inject({ url: `/api/desk/cases/${caseId}/evidence.asice`, headers: { cookie: await signIn(app, ALPHA_AGENT) } });
    assert.equal(answer.statusCode, 200, answer.body);
    const file = path.join(dirs.a, name);
    await writeFile(file, answer.rawPayload);
    return file;
  };
  /** The seal certificate made in `dir`. */
  const certificateIn = async (dir: string) => new X509Certificate(await readFile(path.join(dir, 'alpha.crt')));

  before(async () => {
    dirs = { a: await mkdtemp(path.join(tmpdir(), 'finestreta-seal-a-')), b: await mkdtemp(path.join(tmpdir(), 'finestreta-seal-b-')) };
    tsa = await startTestTsa();
    seals = { a: await makeTestSeal(dirs.a, 'alpha'), b: await makeTestSeal(dirs.b, 'alpha') };
    await writeParts(dirs.a, { 'alpha.p12': seals.a.p12, 'alpha.pass': Buffer.from(seals.a.passphrase) });
    await writeParts(dirs.b, { 'alpha.p12': seals.b.p12, 'alpha.pass': Buffer.from(seals.b.passphrase) });
    database = await createTestDatabase();
    app = await start(dirs.a);
    ({ id: caseId } = await evidencedCase(app, ALPHA_AGENT));
    // Closed, so that its evidence chain is sealed in segments.
    await app.db.updateTable('cases').set({ state: 'cancelled', updated_at: app.now().toISOString() }).where('id', '=', caseId).execute();
    // Sealed with certificate A: a receipt, and the case's evidence segments, by the first export.
    receiptA = await app.seal.sealPdf('alpha', await smallPdf());
    await exportBundle('before.asice');
    await app.close();
    // The rotation: the new PKCS#12 in place, the old certificate kept in alpha.previous/.
    await mkdir(path.join(dirs.b, 'alpha.previous'));
    await copyFile(path.join(dirs.a, 'alpha.crt'), path.join(dirs.b, 'alpha.previous', '2026-a.pem'));
    app = await start(dirs.b);
  });

  after(async () => {
    await app.close();
    await database.drop();
    await tsa.stop();
    await Promise.all(Object.values(dirs).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('seals new receipts with certificate B, and those sealed with A still verify', async () => {
    const receiptB = await app.seal.sealPdf('alpha', await smallPdf());
    const trust = { trust: [seals.a.ca, seals.b.ca], tsaTrust: [await readFile(tsa.certFile)] };
    const [a, b] = [verifyPdfSeal(receiptA, trust), verifyPdfSeal(receiptB, trust)];
    assert.ok(b.signer.raw.equals((await certificateIn(dirs.b)).raw));
    assert.ok(a.signer.raw.equals((await certificateIn(dirs.a)).raw));
    assert.equal(a.trusted && b.trusted, true);
  });

  it('exports a bundle sealed with B whose segments sealed with A verify offline, with or without trust anchors', async () => {
    const file = await exportBundle('after.asice');
    const summary = await verifyBundle(file);
    assert.ok(summary.segments.segments >= 2, 'a segment sealed with A and one with B');
    assert.ok(summary.seal.signer.raw.equals((await certificateIn(dirs.b)).raw));
    const verified = await evidence(['verify', file, '--trust', seals.a.caFile, '--trust', seals.b.caFile, '--tsa-trust', tsa.certFile]);
    assert.match(verified, /trusted: {3}yes/);
    // The new CA alone does not vouch for what the old certificate sealed.
    await assert.rejects(evidence(['verify', file, '--trust', seals.b.caFile, '--tsa-trust', tsa.certFile]), /seals\/1\.p7s: The signer's certificate does not lead to a trusted one/);
    // Without the old certificate kept in alpha.previous/, the bundle cannot vouch for what it sealed.
    await rename(path.join(dirs.b, 'alpha.previous'), path.join(dirs.b, 'alpha.gone'));
    await assert.rejects(verifyBundle(await exportBundle('forgotten.asice')), /seals\/1\.p7s is sealed by another certificate than the bundle or the council's previous ones/);
    await rename(path.join(dirs.b, 'alpha.gone'), path.join(dirs.b, 'alpha.previous'));
  });
});
