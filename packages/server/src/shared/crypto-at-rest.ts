import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Files at rest (recordings, documents) are sealed with AES-256-GCM under one master key kept
 * outside the data directory, so a copy of DATA_DIR alone reveals nothing.
 *
 * Layout: MAGIC (8 bytes) | IV (12) | ciphertext | tag (16). The tag goes last so encryption can
 * stream; decryption reads it first, before the ciphertext.
 */
const MAGIC = Buffer.from('FINENC1\0', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES;
const KEY_BYTES = 32;

/** The master key in `file` (32 raw bytes), created with mode 0600 on first use. */
export async function loadMasterKey(file: string): Promise<Buffer> {
  try {
    const key = await readFile(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file}: a master key must be ${KEY_BYTES} bytes, found ${key.length}`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: if another process created the key meanwhile, use theirs rather than overwrite it.
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(file);
    throw error;
  }
}

/** Encrypts `source` into `target` a chunk at a time. */
export async function encryptFile(key: Buffer, source: string, target: string): Promise<void> {
  await encryptStream(key, createReadStream(source), target);
}

/** Encrypts a stream of plaintext into `target` as it arrives, so the plaintext never touches the disk. */
export async function encryptStream(key: Buffer, source: AsyncIterable<Buffer>, target: string): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  async function* sealed() {
    yield Buffer.concat([MAGIC, iv]);
    for await (const chunk of source) yield cipher.update(chunk);
    yield cipher.final();
    yield cipher.getAuthTag();
  }
  await pipeline(sealed, createWriteStream(target, { mode: 0o600 }));
}

/** The plaintext length of a file `encryptFile` sealed into `sealedBytes` bytes. */
export function plaintextBytes(sealedBytes: number): number {
  return sealedBytes - HEADER_BYTES - TAG_BYTES;
}

/** The bytes `sealChunk` adds to a piece: its IV and its tag. */
export const CHUNK_OVERHEAD = IV_BYTES + TAG_BYTES;

/**
 * Seals one piece on its own (IV | ciphertext | tag), for data that arrives in pieces and must be
 * at rest before the whole exists, such as an upload being received. `aad` binds the piece to its
 * place, so pieces cannot be swapped or moved between files unnoticed.
 */
export function sealChunk(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext of a `sealChunk` piece; throws if it was altered or belongs elsewhere. */
export function openChunk(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/**
 * A stream of the plaintext of an encrypted file. GCM authenticates only at the end: a tampered
 * file makes the stream fail with an error after its last chunk, so a consumer that must trust
 * every byte (rather than play it back) should wait for the stream to end without error.
 */
export async function decryptFile(key: Buffer, source: string): Promise<Readable> {
  const handle = await open(source, 'r');
  let header: Buffer;
  let tag: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size < HEADER_BYTES + TAG_BYTES) throw new Error(`${source}: too short to be an encrypted file`);
    header = Buffer.alloc(HEADER_BYTES);
    tag = Buffer.alloc(TAG_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${source}: not an encrypted file`);
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length));
  decipher.setAuthTag(tag);
  const ciphertext = size - HEADER_BYTES - TAG_BYTES;
  if (ciphertext === 0) {
    decipher.end();
    return decipher;
  }
  const input = createReadStream(source, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 });
  input.once('error', (error) => decipher.destroy(error));
  return input.pipe(decipher);
}

/**
 * The plaintext bytes `start`..`end` (inclusive) of an encrypted file, for HTTP range requests
 * (seeking in a recording). GCM is AES in counter mode plus a tag over the whole file, so a
 * range is deciphered with AES-CTR from the block it starts in; being a part, it is not
 * authenticated. Only the whole file, read with `decryptFile`, is checked against the tag.
 */
export async function decryptRange(key: Buffer, source: string, start: number, end: number): Promise<Readable> {
  const handle = await open(source, 'r');
  const header = Buffer.alloc(HEADER_BYTES);
  try {
    await handle.read(header, 0, HEADER_BYTES, 0);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${source}: not an encrypted file`);
  const block = Math.floor(start / 16);
  // With a 96-bit IV, GCM enciphers the plaintext from counter block IV ‖ 2 onwards.
  const counter = Buffer.alloc(16);
  header.copy(counter, 0, MAGIC.length);
  counter.writeUInt32BE(block + 2, 12);
  const decipher = createDecipheriv('aes-256-ctr', key, counter);
  const skip = start - block * 16;
  const input = createReadStream(source, { start: HEADER_BYTES + block * 16, end: HEADER_BYTES + end });
  async function* plaintext() {
    let skipped = 0;
    for await (const chunk of input) {
      let clear = decipher.update(chunk as Buffer);
      if (skipped < skip) {
        const drop = Math.min(skip - skipped, clear.length);
        skipped += drop;
        clear = clear.subarray(drop);
      }
      if (clear.length > 0) yield clear;
    }
  }
  return Readable.from(plaintext());
}
