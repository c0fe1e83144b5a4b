/**
 * The master keys of the files at rest (README "Rotating the master key"):
 *
 *   npm run keys -- new <file>
 *   npm run keys -- status
 *   npm run keys -- reseal
 *
 * `new` writes a new key of 32 random bytes, mode 0600, and refuses to overwrite a file. `status`
 * counts the files under DATA_DIR and the answers stored in the database (DATABASE_URL or
 * DATA_DIR's SQLite) sealed under each key, and says which configured file holds it
 * (MASTER_KEY_FILE, MASTER_KEY_PREVIOUS_FILES, or none: what it sealed cannot be opened); a
 * previous key can be removed once it counts nothing. `reseal` runs one re-sealing pass now, as the
 * servers do in the background, and exits with 1 while something is left under a previous key.
 */
import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { loadConfig, type AppConfig } from '../config.js';
import { createDatabase, type Database } from '../db/index.js';
import { keyIdHex, loadMasterKey, loadMasterKeys } from '../shared/crypto-at-rest.js';
import { countByKey, resealAll, type KeyCount } from '../modules/keys/reseal.js';

const USAGE = ['usage: npm run keys -- new <file>', '       npm run keys -- status', '       npm run keys -- reseal'].join('\n');

class Stop extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

async function newKey(file: string): Promise<string> {
  try {
    await writeFile(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Stop(`${file} exists; a key is never overwritten.`);
    throw error;
  }
  await chmod(file, 0o600);
  return `New master key ${keyIdHex(await loadMasterKey(file))} in ${path.resolve(file)}.`;
}

/** Which configured file holds each key id. */
async function keyFiles(config: AppConfig): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set(keyIdHex(await loadMasterKey(config.masterKeyFile)), `${config.masterKeyFile} (current)`);
  for (const file of config.masterKeyPreviousFiles) files.set(keyIdHex(await loadMasterKey(file)), `${file} (previous)`);
  return files;
}

function table(counts: readonly KeyCount[], files: Map<string, string>): string {
  const unused = [...files.keys()].filter((id) => !counts.some((count) => count.keyId === id)).map((id) => ({ keyId: id, files: 0, uploadsInProgress: 0, storedAnswers: 0 }));
  return [...counts, ...unused]
    .map(({ keyId, files: count, uploadsInProgress, storedAnswers }) => {
      const uploads = uploadsInProgress > 0 ? `, ${uploadsInProgress} of uploads in progress (moved by their next write, or removed when they expire)` : '';
      return `key ${keyId}: ${count} files${uploads}, ${storedAnswers} stored answers; ${files.get(keyId) ?? 'not configured: what it sealed cannot be opened'}`;
    })
    .join('\n');
}

/** Runs `work` with the configuration and database the environment names. */
async function withDatabase<T>(work: (config: AppConfig, db: Kysely<Database>) => Promise<T>, env = process.env): Promise<T> {
  const config = loadConfig(env);
  const db = createDatabase(config.database);
  try {
    return await work(config, db);
  } finally {
    await db.destroy();
  }
}

/** What `status` prints: a line per key. */
export const status = (env = process.env) => withDatabase(async (config, db) => table(await countByKey(config.dataDir, db), await keyFiles(config)), env);

const reseal = () =>
  withDatabase(async (config, db) => {
    const key = await loadMasterKeys(config.masterKeyFile, config.masterKeyPreviousFiles);
    const report = await resealAll(key, config.dataDir, db);
    const failed = report.failed.map(({ file, reason }) => `not re-sealed: ${file}: ${reason}`);
    const summary = [`Re-sealed ${report.resealed} files and stored answers.`, ...failed, table(await countByKey(config.dataDir, db), await keyFiles(config))].join('\n');
    if (report.left.length > 0) throw new Stop(summary);
    return summary;
  });

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'new' && rest.length === 1) process.stdout.write(`${await newKey(rest[0]!)}\n`);
    else if (command === 'status' && rest.length === 0) process.stdout.write(`${await status()}\n`);
    else if (command === 'reseal' && rest.length === 0) process.stdout.write(`${await reseal()}\n`);
    else throw new Stop(USAGE, 64);
    return 0;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    console.error(error.message);
    return error.code;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
