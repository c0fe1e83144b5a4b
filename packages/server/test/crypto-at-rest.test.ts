import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { decryptFile, decryptRange, encryptFile, loadMasterKey } from '../src/shared/crypto-at-rest.js';

describe('encryption at rest', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'finestreta-crypto-'));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('creates the master key once, 32 bytes readable only by its owner, and reuses it', async () => {
    const file = path.join(dir, 'config', 'master.key');
    const key = await loadMasterKey(file);
    assert.equal(key.length, 32);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await loadMasterKey(file), key);
  });

  it('round-trips a file larger than one stream chunk, and the file on disk holds no plaintext', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'));
    const marker = Buffer.from('DNI 12345678Z — Marta Soler');
    const plaintext = Buffer.concat([marker, randomBytes(300_000), marker]);
    const source = path.join(dir, 'plain.bin');
    const sealed = path.join(dir, 'plain.bin.enc');
    await writeFile(source, plaintext);
    await encryptFile(key, source, sealed);
    const onDisk = await readFile(sealed);
    assert.equal(onDisk.includes(marker), false);
    assert.equal(onDisk.length, plaintext.length + 8 + 12 + 16);
    assert.deepEqual(await buffer(await decryptFile(key, sealed)), plaintext);
  });

  it('round-trips an empty file', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'));
    const source = path.join(dir, 'empty');
    await writeFile(source, '');
    await encryptFile(key, source, `${source}.enc`);
    assert.equal((await buffer(await decryptFile(key, `${source}.enc`))).length, 0);
  });

  it('fails on a tampered file or the wrong key instead of returning altered bytes quietly', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'));
    const source = path.join(dir, 'tamper');
    await writeFile(source, 'the agreed content of the application');
    await encryptFile(key, source, `${source}.enc`);
    const sealed = await readFile(`${source}.enc`);
    sealed[30] ^= 1;
    await writeFile(`${source}.bad`, sealed);
    await assert.rejects(async () => buffer(await decryptFile(key, `${source}.bad`)));
    await assert.rejects(async () => buffer(await decryptFile(randomBytes(32), `${source}.enc`)));
  });

  it('deciphers any byte range of a sealed file, across block and stream-chunk boundaries', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'));
    const plaintext = randomBytes(200_003);
    const source = path.join(dir, 'ranges');
    await writeFile(source, plaintext);
    await encryptFile(key, source, `${source}.enc`);
    for (const [start, end] of [[0, 0], [0, 15], [15, 16], [17, 17], [1000, 70_000], [65_535, 65_537], [199_990, 200_002]] as const) {
      assert.deepEqual(await buffer(await decryptRange(key, `${source}.enc`, start, end)), plaintext.subarray(start, end + 1), `bytes ${start}-${end}`);
    }
  });
});
