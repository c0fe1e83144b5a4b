import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { decryptFile, loadMasterKey, openUnfinished } from '../src/shared/crypto-at-rest.js';
import { callsTestEnv, plaintextWebm, seedAppointment } from './call-fixtures.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

const WRITER = fileURLToPath(new URL('./fixtures/sealed-part-writer.ts', import.meta.url));
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const SEALED_CHUNK = 64 * 1024 + 16;

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('a recording when the server crashes mid-call', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  /** A second process sharing the database and the recordings, started at the same moment. */
  let twin: FastifyInstance;
  let dataDir: string;
  let dir: string;
  let caseId: string;
  const id = randomUUID();
  const scans: string[][] = [];
  let cut: Buffer;

  before(async () => {
    database = await createTestDatabase();
    dataDir = database.env.DATA_DIR!;
    dir = path.join(dataDir, 'recordings');
    await mkdir(dir, { recursive: true });
    const env = callsTestEnv(database);
    let app1: FastifyInstance | undefined = await buildTestApp(database, { env, reminderScheduler: false });
    ({ id: caseId } = await seedAppointment(app1, 'alpha'));
    await app1.masterKey();
    await app1.close();
    app1 = undefined;

    // The recorder in a process of its own, killed with its ffmpeg as a crash would: no chance to finish.
    const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, env.MASTER_KEY_FILE!, dir, id, caseId], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    await once(writer.stdout!, 'data');
    const sealed = path.join(dir, `${id}.part.webm.enc`);
    // Until a few chunks are sealed, looking for plaintext in DATA_DIR all along.
    for (let size = 0; size < 20 + 4 * SEALED_CHUNK; size = (await stat(sealed)).size) {
      scans.push(await plaintextWebm(dataDir));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    process.kill(-writer.pid!, 'SIGKILL');
    await once(writer, 'exit');
    scans.push(await plaintextWebm(dataDir));
    const key = await loadMasterKey(env.MASTER_KEY_FILE!);
    cut = await collect(openUnfinished(key, sealed));

    // Two processes start again at once once the part has lain idle: they store what the crash left.
    const later = new Date(Date.now() + 60 * 60 * 1000);
    [app, twin] = await Promise.all([1, 2].map(() => buildTestApp(database, { env, reminderScheduler: false, now: () => later })));
  });

  after(async () => {
    await Promise.all([app?.close(), twin?.close()]);
    await database.drop();
  });

  it('never had plaintext WebM in the data directory', () => {
    assert.ok(scans.length > 1);
    assert.deepEqual(scans.flat(), []);
  });

  it('left a sealed part that reads, checked, up to the crash', () => {
    assert.ok(cut.subarray(0, 4).equals(EBML), 'a WebM from its first byte');
    assert.ok(cut.length >= 4 * 64 * 1024, `every whole chunk: ${cut.length} bytes`);
  });

  it('stores it at the next start, once whichever processes start, sealed, whole up to the crash, with its hash in the evidence log', async () => {
    const [stored, ...more] = await app.db.selectFrom('recordings').selectAll().where('case_id', '=', caseId).execute();
    assert.deepEqual([stored?.id, more.length], [id, 0]);
    assert.deepEqual((await app.evidence.list(caseId)).filter((e) => e.type === 'call.recording_stored').length, 1);
    const plaintext = await collect(await decryptFile(await app.masterKey(), path.join(dataDir, stored.file)));
    assert.equal(createHash('sha256').update(plaintext).digest('hex'), stored.sha256);
    assert.equal(plaintext.length, stored.bytes);
    const event = (await app.evidence.list(caseId)).find((e) => e.type === 'call.recording_stored')!;
    assert.equal(event.data.sha256, stored.sha256);
    assert.equal(event.data.recovered, true);
    assert.deepEqual(event.data.tracks, ['citizen:microphone:audio', 'citizen:camera:video']);

    // It decodes, both streams, for about as long as was recorded, and says how long it lasts.
    const file = path.join(tmpdir(), `${id}-check.webm`);
    await writeFile(file, plaintext);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
    const info = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string }>; format: { duration: string } };
    assert.deepEqual(info.streams.map((s) => s.codec_name), ['opus', 'vp8']);
    assert.ok(Number(info.format.duration) > 1, `lasts ${info.format.duration} s`);
    assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']).status, 0, 'decodes to its end');
    await rm(file);
  });

  it('leaves no part behind', async () => {
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('.part.')), []);
  });
});
