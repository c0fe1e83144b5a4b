import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DatabaseLocker, UPLOAD_LOCKED } from '../src/modules/documents/locker.js';
import { buildTestApp, createTestDatabase, eventually, signIn, type TestDatabase } from './helpers.js';
import { appOptions, bookCase, KiB, listen, pdf, sha256, TusClient, type Answer } from './tus-fixtures.js';


/** A PATCH whose body stops after `sent` of its declared bytes, as from a client whose connection stalled. */
function stalledPatch(base: string, token: string, location: string, offset: number, declared: number, sent: Buffer) {
  const req = http.request(`${base}${location}`, {
    method: 'PATCH',
    headers: {
      'tus-resumable': '1.0.0',
      authorization: `Bearer ${token}`,
      'upload-offset': offset,
      'content-type': 'application/offset+octet-stream',
      'content-length': declared,
    },
  });
  const answer = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', () => resolve(0));
  });
  req.write(sent);
  return { answer, abandon: () => req.destroy() };
}

describe('an upload through two processes on one database and DATA_DIR', () => {
  let database: TestDatabase;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let baseA: string;
  let baseB: string;
  before(async () => {
    database = await createTestDatabase();
    const options = appOptions();
    a = await buildTestApp(database, await options(database));
    b = await buildTestApp(database, await options(database));
    baseA = await listen(a);
    baseB = await listen(b);
  });
  after(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  /** An upload created through A; its address as a path, which either process answers. */
  async function start(file: Buffer) {
    const { token } = await bookCase(a);
    const created = await new TusClient(baseA, token).create(file.length, { filename: 'contracte.pdf', expected: 'habitatge' });
    assert.equal(created.status, 201, created.body);
    return { token, location: new URL(created.headers.location!).pathname, onA: new TusClient(baseA, token), onB: new TusClient(baseB, token) };
  }

  /** The bytes of the document an answer names, as an agent downloads them through B. */
  async function stored(answer: Answer): Promise<Buffer> {
    assert.equal(answer.status, 204, answer.body);
    const cookie = await signIn(b, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const content = await b.inject({ url: `/api/desk/documents/${answer.headers['finestreta-document']}/content`, headers: { cookie } });
    assert.equal(content.statusCode, 200);
    return content.rawPayload;
  }

  it('is started through one process, resumed through the other after a HEAD, and arrives whole', async () => {
    const file = pdf(700 * KiB);
    const { location, onA, onB } = await start(file);
    // Ends inside a sealed chunk, so B continues a tail A wrote.
    const first = 200 * KiB + 123;
    assert.equal((await onA.patch(location, 0, file.subarray(0, first))).status, 204);

    const head = await onB.head(location);
    assert.equal(head.status, 200);
    assert.equal(head.headers['upload-offset'], String(first));
    const last = await onB.sendFrom(location, file, first, 128 * KiB);
    assert.equal(sha256(await stored(last)), sha256(file));
    assert.equal((await a.db.selectFrom('upload_locks').selectAll().execute()).length, 0, 'no lock is left behind');
  });

  it('arrives whole when its requests alternate between the processes, each hashing what the other staged', async () => {
    const file = pdf(900 * KiB);
    const { location, onA, onB } = await start(file);
    const chunk = 100 * KiB + 7;
    let last: Answer | undefined;
    for (let at = 0, turn = 0; at < file.length; at += chunk, turn++) {
      last = await (turn % 2 ? onB : onA).patch(location, at, file.subarray(at, Math.min(file.length, at + chunk)));
      assert.equal(last.status, 204, last.body);
    }
    assert.equal(sha256(await stored(last!)), sha256(file));
  });

  it('lets one of two PATCHes of the same bytes write, through either process, and the upload still arrives whole', async () => {
    const file = pdf(600 * KiB);
    const { token, location, onB } = await start(file);
    const stalled = stalledPatch(baseA, token, location, 0, file.length, file.subarray(0, 100 * KiB));
    await eventually(() => a.db.selectFrom('upload_locks').select('upload_id').executeTakeFirst(), (lock) => lock !== undefined, 'A holds the lock');

    // B asks A to let go; A keeps what it received and lets go; B's bytes were for an offset that moved.
    const competing = await onB.patch(location, 0, file);
    assert.equal(competing.status, 409, competing.body);
    assert.equal(JSON.parse(competing.body).code, 'FIN_ERR_UPLOAD_OFFSET_CONFLICT');
    await stalled.answer;
    stalled.abandon();

    const offset = Number((await onB.head(location)).headers['upload-offset']);
    assert.ok(offset > 0 && offset <= 100 * KiB, `A kept part of what it received (${offset})`);
    const last = await onB.sendFrom(location, file, offset, 256 * KiB);
    assert.equal(sha256(await stored(last)), sha256(file));
  });

  it('is not blocked for long by the lock of a process that died holding it', async () => {
    const file = pdf(300 * KiB);
    const { location, onB } = await start(file);
    const uploadId = location.split('/').pop()!;
    await a.db
      .insertInto('upload_locks')
      .values({ upload_id: uploadId, holder: 'a process that crashed', expires_at: new Date(Date.now() + 500).toISOString(), release_requested: 0 })
      .execute();
    const last = await onB.sendFrom(location, file, 0, file.length);
    assert.equal(sha256(await stored(last)), sha256(file));
    assert.equal((await b.db.selectFrom('upload_locks').selectAll().execute()).length, 0);
  });

  it('answers 423 with Retry-After, not a 500, when the lock is not freed within tus’s wait', async () => {
    const file = pdf(100 * KiB);
    const { location, onB } = await start(file);
    const uploadId = location.split('/').pop()!;
    await a.db
      .insertInto('upload_locks')
      .values({ upload_id: uploadId, holder: 'a request that does not let go', expires_at: new Date(Date.now() + 60_000).toISOString(), release_requested: 0 })
      .execute();
    const refused = await onB.patch(location, 0, file);
    assert.equal(refused.status, 423);
    assert.equal(refused.headers['retry-after'], '3');
    assert.deepEqual(JSON.parse(refused.body), { statusCode: 423, code: 'FIN_ERR_UPLOAD_LOCKED', message: 'The upload is being written by another request: try again shortly' });
    await a.db.deleteFrom('upload_locks').where('upload_id', '=', uploadId).execute();
    assert.equal(sha256(await stored(await onB.patch(location, 0, file))), sha256(file));
  });

  describe('the lock itself', () => {
    const quick = { leaseMs: 2_000, renewMs: 50, pollMs: 20, acquireTimeoutMs: 300 };

    it('asks the holder in the other process to let go, and refuses with 423 a request that cannot wait longer', async () => {
      const holder = new DatabaseLocker(a.db, a.log, quick).newLock('upload-x');
      let asked = 0;
      await holder.lock(new AbortController().signal, () => void asked++);
      const waiting = new DatabaseLocker(b.db, b.log, quick).newLock('upload-x');
      await assert.rejects(waiting.lock(new AbortController().signal, () => undefined), (error) => error === UPLOAD_LOCKED);
      assert.equal(UPLOAD_LOCKED.status_code, 423);
      assert.equal(asked, 1);

      await holder.unlock();
      await waiting.lock(new AbortController().signal, () => undefined);
      await waiting.unlock();
    });

    it('passes to the next request once its holder lets go', async () => {
      const holder = new DatabaseLocker(a.db, a.log, quick).newLock('upload-y');
      const next = new DatabaseLocker(b.db, b.log, { ...quick, acquireTimeoutMs: 5_000 }).newLock('upload-y');
      await holder.lock(new AbortController().signal, () => void holder.unlock());
      await next.lock(new AbortController().signal, () => undefined);
      const [row] = await a.db.selectFrom('upload_locks').selectAll().where('upload_id', '=', 'upload-y').execute();
      assert.equal(row?.release_requested, 0, 'the new holder starts unasked');
      await next.unlock();
    });
  });
});
