import { randomUUID } from 'node:crypto';
import { chown, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { resealStoredAnswers, storedAnswersByKey } from '../../plugins/idempotency.js';
import { decryptFile, encryptStream, HEADER_BYTES, keyIdHex, keyringOf, SealDamaged, sealedKeyId } from '../../shared/crypto-at-rest.js';

/**
 * Moving the files at rest from master keys rotated out to the current one (README "Rotating the
 * master key"). Every process runs it; nothing is claimed: re-sealing a file is idempotent, each
 * writes its own work file and renames it over the original only once the whole file has been read
 * back through its old seal and sealed again, so a process dying midway leaves the original intact
 * and at most a work file (`*.reseal`) that the next pass removes.
 */

/** Uploads in progress are continued by their writer, which moves them to the current key on its next write (documents/staging.ts). */
const IN_PROGRESS = 'uploads';
const WORK_SUFFIX = '.reseal';

/** A sealed file under DATA_DIR and the id of the key it is sealed under. */
export interface SealedFile {
  file: string;
  keyId: string;
  /** An upload in progress: moved by its writer, not here. */
  inProgress: boolean;
}

async function headerOf(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    return header.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Every sealed file under `dataDir`; files that vanish while listed are passed over. */
export async function* sealedFiles(dataDir: string): AsyncGenerator<SealedFile> {
  const walk = async function* (dir: string, inProgress: boolean): AsyncGenerator<SealedFile> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(file, inProgress || (dir === dataDir && entry.name === IN_PROGRESS));
      if (!entry.isFile() || entry.name.endsWith(WORK_SUFFIX)) continue;
      const header = await headerOf(file).catch(() => Buffer.alloc(0));
      const keyId = sealedKeyId(header);
      if (keyId !== undefined) yield { file, keyId, inProgress };
    }
  };
  yield* walk(dataDir, false);
}

/** What is sealed under each key id: files, uploads in progress, and answers stored in the database for retried requests. */
export interface KeyCount {
  keyId: string;
  files: number;
  uploadsInProgress: number;
  storedAnswers: number;
}

/** The total a key still seals. */
export const sealedUnder = (count: KeyCount) => count.files + count.uploadsInProgress + count.storedAnswers;

export async function countByKey(dataDir: string, db: Kysely<Database>): Promise<KeyCount[]> {
  const counts = new Map<string, KeyCount>();
  const countOf = (keyId: string) => counts.get(keyId) ?? counts.set(keyId, { keyId, files: 0, uploadsInProgress: 0, storedAnswers: 0 }).get(keyId)!;
  for await (const { keyId, inProgress } of sealedFiles(dataDir)) {
    if (inProgress) countOf(keyId).uploadsInProgress++;
    else countOf(keyId).files++;
  }
  for (const [keyId, answers] of await storedAnswersByKey(db)) countOf(keyId).storedAnswers = answers;
  return [...counts.values()].sort((a, b) => a.keyId.localeCompare(b.keyId));
}

/**
 * Seals `file` again under `key` if it is under another one, replacing it only once its new form
 * is complete and the original is still the file that was read (not deleted or replaced
 * meanwhile). `beforeReplace` runs between the two, for a caller that has to stop there.
 * Whether the file was re-sealed.
 */
export async function resealFile(key: Buffer, file: string, beforeReplace?: () => Promise<void>): Promise<boolean> {
  if (sealedKeyId(await headerOf(file)) === keyIdHex(key)) return false;
  const before = await stat(file);
  const work = `${file}.${randomUUID()}${WORK_SUFFIX}`;
  try {
    await encryptStream(key, await decryptFile(key, file), work);
    // Run by root (`npm run keys -- reseal`), the new file keeps the owner the service reads it as.
    if (process.getuid?.() === 0) await chown(work, before.uid, before.gid);
    await beforeReplace?.();
    const now = await stat(file).catch(() => undefined);
    if (now?.ino !== before.ino || now.mtimeMs !== before.mtimeMs) return false;
    await rename(work, file);
    return true;
  } finally {
    await rm(work, { force: true });
  }
}

/** What a re-sealing pass did, and what is left under each key other than the current one. */
export interface ResealReport {
  /** Files and stored answers sealed again. */
  resealed: number;
  /** Files that could not be opened now (still being written, damaged, or under a key this server lacks); tried again next pass. */
  failed: { file: string; reason: string }[];
  left: KeyCount[];
}

/** One pass: every finished file under DATA_DIR, and every stored answer, under a previous key sealed again under the current one. */
export async function resealAll(key: Buffer, dataDir: string, db: Kysely<Database>): Promise<ResealReport> {
  const current = keyIdHex(key);
  const known = new Set(keyringOf(key).map(keyIdHex));
  const report: ResealReport = { resealed: 0, failed: [], left: [] };
  for await (const { file, keyId, inProgress } of sealedFiles(dataDir)) {
    if (keyId === current || inProgress || !known.has(keyId)) continue;
    try {
      if (await resealFile(key, file)) report.resealed++;
    } catch (error) {
      if (!(error instanceof SealDamaged) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      report.failed.push({ file: path.relative(dataDir, file), reason: (error as Error).message });
    }
  }
  report.resealed += await resealStoredAnswers(db, key);
  await removeLeftWork(dataDir);
  report.left = (await countByKey(dataDir, db)).filter((count) => count.keyId !== current);
  return report;
}

/** Work files older than an hour: left by a process that died while re-sealing. */
async function removeLeftWork(dataDir: string, now = Date.now()): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.name.endsWith(WORK_SUFFIX) && now - (await stat(file).catch(() => ({ mtimeMs: now }))).mtimeMs > 3_600_000) await rm(file, { force: true });
    }
  };
  await walk(dataDir);
}
