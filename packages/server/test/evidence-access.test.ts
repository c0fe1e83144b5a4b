import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { encryptStream, loadMasterKey } from '../src/shared/crypto-at-rest.js';
import { ALPHA_AGENT, BETA_AGENT, callsTestEnv, seedAppointment, signIn, TWO_PARTY_LAYOUTS, twoPartyWebm } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

describe('staff opening a case’s files', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let alphaCookie: string;
  let betaCookie: string;
  let alphaAgentId: string;
  let caseId: string;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: callsTestEnv(database), reminderScheduler: false });
    alphaCookie = await signIn(app, ALPHA_AGENT);
    betaCookie = await signIn(app, BETA_AGENT);
    ({ id: alphaAgentId } = await app.db.selectFrom('agents').select('id').where('email', '=', ALPHA_AGENT.email).executeTakeFirstOrThrow());
    ({ id: caseId } = await seedAppointment(app, 'alpha'));
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  /** Seals `content` under DATA_DIR the way uploads and recordings are, and returns its path relative to DATA_DIR. */
  async function sealed(dir: string, name: string, content: Buffer): Promise<string> {
    await mkdir(path.join(database.env.DATA_DIR!, dir), { recursive: true });
    const file = path.join(dir, name);
    await encryptStream(await loadMasterKey(app.config.masterKeyFile), Readable.from([content]), path.join(database.env.DATA_DIR!, file));
    return file;
  }

  /** The staff.accessed events of the case logged since `from` (a sequence number). */
  async function accessesAfter(from: number) {
    const { events, valid } = await app.evidence.verify(caseId);
    assert.equal(valid, true);
    return events.filter((event) => event.seq > from && event.type === 'staff.accessed');
  }
  const lastSeq = async () => (await app.evidence.list(caseId)).at(-1)?.seq ?? 0;

  describe('a document', () => {
    const content = Buffer.from('%PDF-1.4 a certificate of residence');
    let url: string;
    before(async () => {
      const id = randomUUID();
      const file = await sealed('documents', `${id}.enc`, content);
      await app.db
        .insertInto('documents')
        .values({ id, case_id: caseId, file_name: 'padro.pdf', expected: null, content_type: 'application/pdf', bytes: content.length, sha256: sha256(content), file, scan: 'clean', state: 'received', rejection_reason: null, uploaded_at: new Date().toISOString(), reviewed_at: null, reviewed_by: null, upload_id: null, upload_size: null })
        .execute();
      url = `/api/desk/documents/${id}/content`;
    });

    it('logs who opened which bytes, and how, once per opening', async () => {
      const from = await lastSeq();
      const view = await app.inject({ url, headers: { cookie: alphaCookie } });
      assert.equal(view.statusCode, 200);
      assert.deepEqual(view.rawPayload, content);
      const download = await app.inject({ url: `${url}?download=1`, headers: { cookie: alphaCookie } });
      assert.equal(download.statusCode, 200);
      const logged = await accessesAfter(from);
      assert.deepEqual(
        logged.map((event) => [event.actor, event.data]),
        [
          [`agent:${alphaAgentId}`, { kind: 'document', id: url.split('/')[4], sha256: sha256(content), how: 'view' }],
          [`agent:${alphaAgentId}`, { kind: 'document', id: url.split('/')[4], sha256: sha256(content), how: 'download' }],
        ],
      );
      assert.ok(logged.every((event) => Date.parse(event.at) <= Date.now()));
    });

    it("is a 404 for another council's agent, and nothing is logged", async () => {
      const from = await lastSeq();
      const theirs = await app.inject({ url, headers: { cookie: betaCookie } });
      assert.equal(theirs.statusCode, 404);
      assert.equal(theirs.json().code, 'FIN_ERR_DOCUMENT_NOT_FOUND');
      assert.deepEqual(await accessesAfter(from), []);
    });
  });

  describe('an identity still', () => {
    const content = Buffer.from('not really a jpeg, but sealed bytes all the same');
    let url: string;
    let id: string;
    before(async () => {
      id = randomUUID();
      const file = await sealed('stills', `${id}.enc`, content);
      await app.db
        .insertInto('identity_stills')
        .values({ id, case_id: caseId, kind: 'front', content_type: 'image/jpeg', width: 10, height: 10, bytes: content.length, sha256: sha256(content), file, taken_at: new Date().toISOString() })
        .execute();
      url = `/api/desk/appointments/${caseId}/procedure/identity/stills/${id}`;
    });

    it('logs each time it is shown', async () => {
      const from = await lastSeq();
      for (let i = 0; i < 2; i++) assert.equal((await app.inject({ url, headers: { cookie: alphaCookie } })).statusCode, 200);
      assert.deepEqual(
        (await accessesAfter(from)).map((event) => [event.actor, event.data]),
        Array(2).fill([`agent:${alphaAgentId}`, { kind: 'still', id, sha256: sha256(content), how: 'view' }]),
      );
    });

    it("is a 404 for another council's agent, and nothing is logged", async () => {
      const from = await lastSeq();
      assert.equal((await app.inject({ url, headers: { cookie: betaCookie } })).statusCode, 404);
      assert.deepEqual(await accessesAfter(from), []);
    });
  });

  describe('a recording', () => {
    let call: Buffer;
    let id: string;
    let url: string;

    before(async () => {
      call = await twoPartyWebm(app.config.calls.ffmpegBin, path.join(tmpdir(), `${randomUUID()}.webm`));
      id = randomUUID();
      const sealedFile = await sealed('recordings', `${id}.webm.enc`, call);
      const at = new Date().toISOString();
      await app.db
        .insertInto('recordings')
        .values({ id, case_id: caseId, file: sealedFile, content_type: 'video/webm', sha256: sha256(call), bytes: call.length, started_at: at, stopped_at: at, tracks: JSON.stringify(TWO_PARTY_LAYOUTS) })
        .execute();
      url = `/api/desk/appointments/${caseId}/recordings/${id}`;
    });

    it('logs a playback once, however many ranges the player asks for', async () => {
      const from = await lastSeq();
      // A player: the first request from byte 0, then the chunks and seeks of the same playback.
      const third = Math.floor(call.length / 3);
      for (const range of ['bytes=0-', `bytes=${third}-`, `bytes=${third * 2}-${call.length - 1}`, 'bytes=-100', `bytes=1-${third}`]) {
        const response = await app.inject({ url, headers: { cookie: alphaCookie, range } });
        assert.equal(response.statusCode, 206, range);
      }
      assert.deepEqual(
        (await accessesAfter(from)).map((event) => [event.actor, event.data]),
        [[`agent:${alphaAgentId}`, { kind: 'recording', id, sha256: sha256(call), how: 'view' }]],
      );
    });

    it('logs a download of the whole file as one, and a second playback as another', async () => {
      const from = await lastSeq();
      const download = await app.inject({ url: `${url}?download=1`, headers: { cookie: alphaCookie } });
      assert.equal(download.statusCode, 200);
      assert.match(String(download.headers['content-disposition']), /^attachment; /);
      assert.deepEqual(download.rawPayload, call);
      assert.equal((await app.inject({ url, headers: { cookie: alphaCookie, range: 'bytes=0-1023' } })).statusCode, 206);
      assert.deepEqual(
        (await accessesAfter(from)).map((event) => event.data.how),
        ['download', 'view'],
      );
    });

    it("logs one party's streams as such, once per playback", async () => {
      const from = await lastSeq();
      const parties = `${url}/parties/citizen`;
      const first = await app.inject({ url: parties, headers: { cookie: alphaCookie } });
      assert.equal(first.statusCode, 200, first.body);
      const bytes = Number(first.headers['content-length']);
      assert.equal((await app.inject({ url: parties, headers: { cookie: alphaCookie, range: `bytes=${Math.floor(bytes / 2)}-` } })).statusCode, 206);
      assert.deepEqual(
        (await accessesAfter(from)).map((event) => event.data),
        [{ kind: 'recording', id, sha256: sha256(call), how: 'view', party: 'citizen' }],
      );
    });

    it("is a 404 for another council's agent, whole or by party, and nothing is logged", async () => {
      const from = await lastSeq();
      for (const target of [url, `${url}/parties/agent`]) {
        const theirs = await app.inject({ url: target, headers: { cookie: betaCookie } });
        assert.equal(theirs.statusCode, 404);
        assert.equal(theirs.json().code, 'FIN_ERR_RECORDING_NOT_FOUND');
      }
      assert.deepEqual(await accessesAfter(from), []);
    });
  });
});
