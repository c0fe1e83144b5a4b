/**
 * The at-rest format of documents and recordings: sealing and opening 100 MB, against copying the
 * same file in the same process (the floor any sealed write or read stands on), and a player's
 * seek: a 256 KiB range read, which deciphers and checks only the chunks it covers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { decryptFile, decryptRange, encryptFile, loadMasterKey } from '../../packages/server/src/shared/crypto-at-rest.ts';

const MEGABYTES = 100;
const ROUNDS = 3;
const SEEKS = 200;
const RANGE = 256 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const dir = mkdtempSync(join(tmpdir(), 'fin-bench-at-rest-'));
try {
  const plain = join(dir, 'plain.bin');
  const bytes = MEGABYTES * 1e6;
  writeFileSync(plain, randomBytes(bytes));
  const key = await loadMasterKey(join(dir, 'master.key'), true);
  const sealed = join(dir, 'sealed.bin');

  const copy: number[] = [];
  const seal: number[] = [];
  const open: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    copy.push(await timed(() => copyFile(plain, join(dir, 'copy.bin'))));
    seal.push(await timed(() => encryptFile(key, plain, sealed)));
    open.push(await timed(async () => buffer(await decryptFile(key, sealed))));
  }
  const seeks: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const from = Math.floor(Math.random() * (bytes - RANGE));
    seeks.push(await timed(async () => buffer(await decryptRange(key, sealed, from, from + RANGE - 1))));
  }
  const rate = (ms: number) => `${(MEGABYTES / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(`copy ${MEGABYTES} MB (baseline): ${rate(median(copy))}`);
  console.log(`seal: ${rate(median(seal))}, ${(median(seal) / median(copy)).toFixed(1)}× the copy`);
  console.log(`open and check: ${rate(median(open))}, ${(median(open) / median(copy)).toFixed(1)}× the copy`);
  console.log(`256 KiB range read, checked: median ${median(seeks).toFixed(2)} ms, p95 ${[...seeks].sort((a, b) => a - b)[Math.floor(SEEKS * 0.95)]!.toFixed(2)} ms (${SEEKS} seeks)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
