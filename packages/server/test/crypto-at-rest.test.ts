import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { CHUNK_BYTES, decryptFile, decryptRange, encryptFile, loadMasterKey, openBytes, plaintextBytes, SealDamaged, sealBytes, sealedBytes } from '../src/shared/crypto-at-rest.js';

const HEADER_BYTES = 20;
const SEALED_CHUNK_BYTES = CHUNK_BYTES + 16;

describe('encryption at rest', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'finestreta-crypto-'));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('creates the master key once in the demo, 32 bytes readable only by its owner, and reuses it', async () => {
    const file = path.join(dir, 'config', 'master.key');
    const key = await loadMasterKey(file, true);
    assert.equal(key.length, 32);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await loadMasterKey(file), key);
  });

  it('outside the demo, never makes a master key of its own', async () => {
    const file = path.join(dir, 'elsewhere', 'master.key');
    await assert.rejects(loadMasterKey(file), { code: 'ENOENT' });
    await assert.rejects(stat(file), { code: 'ENOENT' });
  });

  it('round-trips a file larger than one stream chunk, and the file on disk holds no plaintext', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'), true);
    const marker = Buffer.from('DNI 12345678Z — Marta Soler');
    const plaintext = Buffer.concat([marker, randomBytes(300_000), marker]);
    const source = path.join(dir, 'plain.bin');
    const sealed = path.join(dir, 'plain.bin.enc');
    await writeFile(source, plaintext);
    await encryptFile(key, source, sealed);
    const onDisk = await readFile(sealed);
    assert.equal(onDisk.includes(marker), false);
    assert.equal(onDisk.length, sealedBytes(plaintext.length));
    assert.equal(onDisk.length, HEADER_BYTES + plaintext.length + Math.ceil(plaintext.length / CHUNK_BYTES) * 16);
    assert.equal(await plaintextBytes(key, sealed), plaintext.length);
    assert.deepEqual(await buffer(await decryptFile(key, sealed)), plaintext);
  });

  it('round-trips an empty file', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'), true);
    const source = path.join(dir, 'empty');
    await writeFile(source, '');
    await encryptFile(key, source, `${source}.enc`);
    assert.equal((await buffer(await decryptFile(key, `${source}.enc`))).length, 0);
  });

  it('fails on a tampered file or the wrong key instead of returning altered bytes quietly', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'), true);
    const source = path.join(dir, 'tamper');
    await writeFile(source, 'the agreed content of the application');
    await encryptFile(key, source, `${source}.enc`);
    const sealed = await readFile(`${source}.enc`);
    sealed[30] ^= 1;
    await writeFile(`${source}.bad`, sealed);
    await assert.rejects(async () => buffer(await decryptFile(key, `${source}.bad`)), SealDamaged);
    await assert.rejects(async () => buffer(await decryptFile(randomBytes(32), `${source}.enc`)), /does not have/);
  });

  it('deciphers any byte range of a sealed file, across block and stream-chunk boundaries', async () => {
    const key = await loadMasterKey(path.join(dir, 'master.key'), true);
    const plaintext = randomBytes(200_003);
    const source = path.join(dir, 'ranges');
    await writeFile(source, plaintext);
    await encryptFile(key, source, `${source}.enc`);
    for (const [start, end] of [[0, 0], [0, 15], [15, 16], [17, 17], [1000, 70_000], [65_535, 65_537], [199_990, 200_002]] as const) {
      assert.deepEqual(await buffer(await decryptRange(key, `${source}.enc`, start, end)), plaintext.subarray(start, end + 1), `bytes ${start}-${end}`);
    }
  });

  describe('a file of several chunks', () => {
    // Three whole chunks and a short last one.
    const plaintext = randomBytes(3 * CHUNK_BYTES + 1234);
    let key: Buffer;
    let sealed: Buffer;
    const damaged = async (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      return file;
    };
    before(async () => {
      key = await loadMasterKey(path.join(dir, 'master.key'), true);
      await writeFile(path.join(dir, 'chunks'), plaintext);
      await encryptFile(key, path.join(dir, 'chunks'), path.join(dir, 'chunks.enc'));
      sealed = await readFile(path.join(dir, 'chunks.enc'));
    });

    it('gives any random range equal to the same slice of the plaintext', async () => {
      for (let i = 0; i < 200; i++) {
        const start = Math.floor(Math.random() * plaintext.length);
        const end = start + Math.floor(Math.random() * (plaintext.length - start));
        assert.deepEqual(await buffer(await decryptRange(key, path.join(dir, 'chunks.enc'), start, end)), plaintext.subarray(start, end + 1), `bytes ${start}-${end}`);
      }
    });

    it('refuses a whole read or a range read of a chunk with a flipped bit, whichever chunk it is', async () => {
      for (const chunk of [0, 1, 2, 3]) {
        const bytes = Buffer.from(sealed);
        bytes[HEADER_BYTES + chunk * SEALED_CHUNK_BYTES + 7]! ^= 0x01;
        const file = await damaged(`flipped-${chunk}`, bytes);
        await assert.rejects(async () => buffer(await decryptFile(key, file)), SealDamaged, `chunk ${chunk}`);
        const start = chunk * CHUNK_BYTES + 10;
        await assert.rejects(async () => buffer(await decryptRange(key, file, start, start + 5)), SealDamaged, `range in chunk ${chunk}`);
        // The chunks before it still read: only the damaged one is refused.
        if (chunk > 0) assert.deepEqual(await buffer(await decryptRange(key, file, 0, 99)), plaintext.subarray(0, 100));
      }
      const header = Buffer.from(sealed);
      header[HEADER_BYTES - 1]! ^= 0x01;
      await assert.rejects(async () => buffer(await decryptRange(key, await damaged('flipped-header', header), 0, 0)), SealDamaged);
    });

    it('gives out no byte of a damaged chunk: a whole read fails before it, having given only the chunks that passed', async () => {
      const bytes = Buffer.from(sealed);
      bytes[HEADER_BYTES + 2 * SEALED_CHUNK_BYTES + 100]! ^= 0x80;
      const received: Buffer[] = [];
      await assert.rejects(async () => {
        for await (const piece of await decryptFile(key, await damaged('late', bytes))) received.push(piece as Buffer);
      }, SealDamaged);
      assert.deepEqual(Buffer.concat(received), plaintext.subarray(0, 2 * CHUNK_BYTES));
    });

    it('detects a file cut at a chunk boundary or in a chunk, a chunk dropped, swapped or repeated, and bytes added', async () => {
      const chunk = (index: number) => sealed.subarray(HEADER_BYTES + index * SEALED_CHUNK_BYTES, HEADER_BYTES + (index + 1) * SEALED_CHUNK_BYTES);
      const header = sealed.subarray(0, HEADER_BYTES);
      const variants: Record<string, Buffer> = {
        'cut at a boundary': sealed.subarray(0, HEADER_BYTES + 3 * SEALED_CHUNK_BYTES),
        'cut in a chunk': sealed.subarray(0, sealed.length - 100),
        'cut to the header': sealed.subarray(0, HEADER_BYTES),
        'chunk dropped': Buffer.concat([header, chunk(0), chunk(2), sealed.subarray(HEADER_BYTES + 3 * SEALED_CHUNK_BYTES)]),
        'chunks swapped': Buffer.concat([header, chunk(1), chunk(0), sealed.subarray(HEADER_BYTES + 2 * SEALED_CHUNK_BYTES)]),
        'chunk repeated': Buffer.concat([header, chunk(0), chunk(0), sealed.subarray(HEADER_BYTES + 2 * SEALED_CHUNK_BYTES)]),
        'bytes added': Buffer.concat([sealed, randomBytes(40)]),
      };
      for (const [name, bytes] of Object.entries(variants)) {
        await assert.rejects(async () => buffer(await decryptFile(key, await damaged(name, bytes))), SealDamaged, name);
      }
      // A range read of a chunk that is in place is not fooled either: the first chunk of a swapped file sits at the second's place.
      await assert.rejects(async () => buffer(await decryptRange(key, path.join(dir, 'chunks swapped'), 0, 10)), SealDamaged);
    });
  });

  describe('a file sealed in the earlier format (one GCM stream, its tag at the end)', () => {
    async function sealLegacy(key: Buffer, plaintext: Buffer, file: string) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      await writeFile(file, Buffer.concat([Buffer.from('FINENC1\0', 'latin1'), iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
    }

    it('is checked whole and sealed again in chunks when first read, and reads the same', async () => {
      const key = await loadMasterKey(path.join(dir, 'master.key'), true);
      const plaintext = randomBytes(150_000);
      const file = path.join(dir, 'legacy.enc');
      await sealLegacy(key, plaintext, file);
      assert.deepEqual(await buffer(await decryptRange(key, file, 70_000, 80_000)), plaintext.subarray(70_000, 80_001));
      assert.equal((await readFile(file)).subarray(0, 8).toString('latin1'), 'FINENC2\0');
      assert.equal((await stat(file)).size, sealedBytes(plaintext.length));
      assert.deepEqual(await buffer(await decryptFile(key, file)), plaintext);
    });

    it('is refused, and left as it was, when it does not match its tag', async () => {
      const key = await loadMasterKey(path.join(dir, 'master.key'), true);
      const file = path.join(dir, 'legacy-bad.enc');
      await sealLegacy(key, randomBytes(5000), file);
      const bytes = await readFile(file);
      bytes[100]! ^= 0x01;
      await writeFile(file, bytes);
      await assert.rejects(async () => buffer(await decryptFile(key, file)), SealDamaged);
      assert.deepEqual(await readFile(file), bytes);
      assert.deepEqual((await readdir(dir)).filter((name) => name.includes('upgrade')), []);
    });
  });

  describe('a value kept in the database', () => {
    const key = randomBytes(32);
    const value = randomBytes(CHUNK_BYTES + 100);

    it('seals it in the same format, opened only under its key and its context', () => {
      const sealed = sealBytes(key, value, 'idempotency a b');
      assert.equal(sealed.length, sealedBytes(value.length));
      assert.equal(sealed.includes(value.subarray(0, 32)), false);
      assert.deepEqual(openBytes(key, sealed, 'idempotency a b'), value);
      assert.throws(() => openBytes(key, sealed, 'idempotency a c'), SealDamaged);
      assert.throws(() => openBytes(randomBytes(32), sealed, 'idempotency a b'), SealDamaged);
    });

    it('refuses it flipped, cut to its first chunk, or empty', () => {
      const sealed = sealBytes(key, value, 'x');
      const flipped = Buffer.from(sealed);
      flipped[flipped.length - 1]! ^= 1;
      assert.throws(() => openBytes(key, flipped, 'x'), SealDamaged);
      assert.throws(() => openBytes(key, sealed.subarray(0, HEADER_BYTES + SEALED_CHUNK_BYTES), 'x'), SealDamaged);
      assert.throws(() => openBytes(key, Buffer.alloc(0), 'x'), SealDamaged);
    });
  });
});
