/**
 * The evidence bundle of a case with a long recording: a 200 MB recording sealed at rest (about
 * what a 20-minute call makes), exported as ASiC-E (decrypted, checked against its hash, deflated
 * into the container) and verified offline, with the process's peak memory, which stays far below
 * the recording's size because every large member is streamed.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { prepareBundle, verifyBundle } from '../../packages/server/src/modules/bundle/index.ts';
import { insertCase, newReference } from '../../packages/server/src/modules/cases/store.ts';
import { encryptStream, loadMasterKey } from '../../packages/server/src/shared/crypto-at-rest.ts';

const MEGABYTES = 200;

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The recording's plaintext, made up as it is sealed so that it never sits whole in memory. */
async function* plaintext(hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for (let left = MEGABYTES * 1e6; left > 0; left -= 1e6) {
    const piece = randomBytes(Math.min(1e6, left));
    hash.update(piece);
    yield piece;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fin-bench-bundle-'));
try {
  const config = loadConfig({ DATA_DIR: dir, DEMO: 'true', MASTER_KEY_FILE: join(dir, 'keys', 'master.key'), WIDGETS_DIR: join(dir, 'no-widgets'), LOG_LEVEL: 'silent' });
  await loadMasterKey(config.masterKeyFile, true);
  const app = await buildApp(config, { logger: false, reminderScheduler: false });
  try {
    const recordingId = randomUUID();
    const file = join('recordings', `${recordingId}.sealed`);
    const hash = createHash('sha256');
    await mkdir(join(dir, 'recordings'), { recursive: true });
    await encryptStream(await app.masterKey(), plaintext(hash), join(dir, file));
    const sha256 = hash.digest('hex');
    const now = new Date();
    const caseId = await app.db.transaction().execute(async (trx) => {
      const id = await insertCase(
        trx,
        { council_id: 'demo', kind: 'appointment', reference: newReference('VC'), state: 'completed', language: 'ca', citizen_name: 'Marta Soler', citizen_phone: '+34612345678', citizen_email: null },
        now,
      );
      await trx
        .insertInto('recordings')
        .values({ id: recordingId, case_id: id, file, content_type: 'video/webm', sha256, bytes: MEGABYTES * 1e6, started_at: now.toISOString(), stopped_at: now.toISOString(), tracks: '[]', parts: '[]' })
        .execute();
      await app.evidence.append(trx, id, { type: 'call.recording_stored', actor: 'system', data: { recordingId, sha256, bytes: MEGABYTES * 1e6 } }, now);
      return id;
    });
    const bundle = join(dir, 'case.asice');
    const baseline = process.memoryUsage().rss;
    peak = 0;
    const exported = await timed(async () => (await prepareBundle(app, caseId, 'system')).write(createWriteStream(bundle)));
    const exportPeak = peak;
    peak = 0;
    const verified = await timed(() => verifyBundle(bundle));
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
    console.log(`recording ${MEGABYTES} MB sealed at rest; bundle ${mb((await stat(bundle)).size)}; RSS before exporting ${mb(baseline)}`);
    console.log(`export (decrypt, check, deflate, seal the manifest): ${(exported / 1000).toFixed(1)} s, peak RSS ${mb(exportPeak)}`);
    console.log(`verify offline (structure, seal, every digest, chain, events): ${(verified / 1000).toFixed(1)} s, peak RSS ${mb(peak)}`);
  } finally {
    await app.close();
  }
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
