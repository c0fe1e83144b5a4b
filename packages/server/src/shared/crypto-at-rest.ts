import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Files at rest (recordings, their per-party copies, documents, uploads in progress) are sealed
 * with AES-256-GCM under one master key kept outside the data directory, so a copy of DATA_DIR
 * alone reveals nothing.
 *
 * One format, of independently authenticated chunks, so that a range read (a player seeking in a
 * recording) deciphers only the chunks it covers and still checks every byte it returns:
 *
 *   MAGIC (8) | key id (4) | nonce prefix (8, random per file) | chunk 0 | chunk 1 | … | chunk n-1
 *
 * Each chunk is CHUNK_BYTES of plaintext (the last one 0..CHUNK_BYTES) enciphered with the nonce
 * prefix ‖ its index (uint32), followed by its 16-byte tag. The additional data of a chunk is the
 * header, its index, whether it is the last one, and the caller's context: a chunk cannot be moved,
 * reordered, dropped, or the file cut at a chunk boundary, without a tag failing. A random prefix
 * per file means no nonce is used twice under the key, as long as no chunk index of a file is sealed
 * twice (an upload in progress is one such file continued as its bytes arrive: a chunk that has to
 * be written again takes the file to a new header, every chunk sealed again; see `sealChunk`).
 *
 * Files sealed in the earlier format (`FINENC1`: one GCM stream, its tag at the end) are migrated on
 * first read: checked whole against their tag, sealed again in this format, renamed into place.
 */
const MAGIC = Buffer.from('FINENC2\0', 'latin1');
const LEGACY_MAGIC = Buffer.from('FINENC1\0', 'latin1');
const LEGACY_IV_BYTES = 12;
const KEY_ID_BYTES = 4;
const PREFIX_BYTES = 8;
export const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + PREFIX_BYTES;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Plaintext per chunk: small enough that a seek reads little more than it needs, large enough that the tags cost 0.02 %. */
export const CHUNK_BYTES = 64 * 1024;
export const SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
/** Chunks read from the disk at once. */
const CHUNKS_PER_READ = 16;
const MAX_CHUNKS = 2 ** 32;

/** A sealed file whose bytes do not match their seal: altered, truncated, reordered, or sealed under another key. */
export class SealDamaged extends Error {
  constructor(file: string, why: string) {
    super(`${file}: ${why}`);
    this.name = 'SealDamaged';
  }
}

/**
 * The master key in `file` (32 raw bytes). Only the demo (`create`) makes one, with mode 0600, when
 * it is missing: a deployment's processes must all share the operator's key, and one made here
 * would seal data no other process can open.
 */
export async function loadMasterKey(file: string, create = false): Promise<Buffer> {
  try {
    const key = await readFile(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file}: a master key must be ${KEY_BYTES} bytes, found ${key.length}`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: if another process created the key meanwhile, use theirs rather than overwrite it.
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(file, create);
    throw error;
  }
}

/** A sealed file or value whose key id names a master key this server was not given. */
export class SealKeyMissing extends SealDamaged {
  constructor(
    file: string,
    readonly keyId: string,
  ) {
    super(file, `sealed under master key ${keyId}, which this server does not have (is it missing from MASTER_KEY_PREVIOUS_FILES?)`);
    this.name = 'SealKeyMissing';
  }
}

/**
 * The current master key in `file`, opening also what was sealed under the keys in `previous`
 * (see `withPreviousKeys`). The same key given twice is refused: it would hide that a rotation
 * did not happen.
 */
export async function loadMasterKeys(file: string, previous: readonly string[], create = false): Promise<Buffer> {
  const current = await loadMasterKey(file, create);
  const older = await Promise.all(previous.map((other) => loadMasterKey(other)));
  const ids = [current, ...older].map(keyIdHex);
  const twin = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (twin >= 0) throw new Error(`${previous[twin - 1]}: the same master key is given twice`);
  return withPreviousKeys(current, older);
}

const keyIds = new WeakMap<Buffer, Buffer>();
/** Names the key a file was sealed under without revealing it, so a wrong key is told from damage. */
function keyIdOf(key: Buffer): Buffer {
  let id = keyIds.get(key);
  if (!id) {
    id = createHash('sha256').update('finestreta at-rest key id\0').update(key).digest().subarray(0, KEY_ID_BYTES);
    keyIds.set(key, id);
  }
  return id;
}

/** The id a sealed header names, or a key's own id, as the operator sees it (8 hex digits). */
export const keyIdHex = (key: Buffer): string => keyIdOf(key).toString('hex');

/** The key id in a sealed header, or undefined when `header` does not start a sealed form. */
export function sealedKeyId(header: Buffer): string | undefined {
  return header.length >= HEADER_BYTES && startsSealed(header) ? header.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('hex') : undefined;
}

/**
 * The keys a current master key still opens besides itself, after a rotation. Kept beside the key
 * rather than passed along with it, so that every caller holding "the master key" seals under the
 * current one and opens what any of them sealed, without knowing that a rotation is under way.
 */
const previousKeys = new WeakMap<Buffer, readonly Buffer[]>();

/** `current`, which from now on also opens what was sealed under any of `previous`. */
export function withPreviousKeys(current: Buffer, previous: readonly Buffer[]): Buffer {
  previousKeys.set(current, previous);
  return current;
}

/** The current key and the previous ones it opens for, current first. */
export const keyringOf = (key: Buffer): readonly Buffer[] => [key, ...(previousKeys.get(key) ?? [])];

/** The key that opens what `header` starts: the one its key id names, among `key` and its previous keys. */
function keyFor(key: Buffer, header: Buffer, name: string): Buffer {
  const id = header.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES);
  const found = keyringOf(key).find((candidate) => keyIdOf(candidate).equals(id));
  if (!found) throw new SealKeyMissing(name, id.toString('hex'));
  return found;
}

function nonceOf(header: Buffer, index: number): Buffer {
  const nonce = Buffer.alloc(PREFIX_BYTES + 4);
  header.copy(nonce, 0, MAGIC.length + KEY_ID_BYTES, HEADER_BYTES);
  nonce.writeUInt32BE(index, PREFIX_BYTES);
  return nonce;
}

function aadOf(header: Buffer, index: number, last: boolean, context: Buffer): Buffer {
  const place = Buffer.alloc(5);
  place.writeUInt32BE(index, 0);
  place[4] = last ? 1 : 0;
  return Buffer.concat([header, place, context]);
}

/** A sealed chunk as its ciphertext and its tag, which follows it: written as they are, with no copy joining them. */
function sealParts(key: Buffer, header: Buffer, index: number, last: boolean, context: Buffer, plaintext: Buffer): [Buffer, Buffer] {
  if (index >= MAX_CHUNKS) throw new Error('too large to seal in one file');
  const cipher = createCipheriv('aes-256-gcm', key, nonceOf(header, index));
  cipher.setAAD(aadOf(header, index, last, context));
  const ciphertext = cipher.update(plaintext);
  // GCM has no bytes left for `final`, which only computes the tag.
  cipher.final();
  return [ciphertext, cipher.getAuthTag()];
}

function sealOne(key: Buffer, header: Buffer, index: number, last: boolean, context: Buffer, plaintext: Buffer): Buffer {
  return Buffer.concat(sealParts(key, header, index, last, context, plaintext));
}

function openOne(key: Buffer, header: Buffer, index: number, last: boolean, context: Buffer, piece: Buffer, name: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(header, index));
  decipher.setAAD(aadOf(header, index, last, context));
  decipher.setAuthTag(piece.subarray(piece.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(piece.subarray(0, piece.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealDamaged(name, `chunk ${index} does not match its seal`);
  }
}

/** Whether `bytes` begin as this format's sealed form does. */
export function startsSealed(bytes: Buffer): boolean {
  return bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

/** The size of the sealed form of `plaintextBytes` bytes. */
export function sealedBytes(plaintextBytes: number): number {
  return HEADER_BYTES + Math.max(1, Math.ceil(plaintextBytes / CHUNK_BYTES)) * TAG_BYTES + plaintextBytes;
}

/** The plaintext length of a sealed form of `sealed` bytes, or undefined if no sealed form has that size. */
function plaintextOf(sealed: number): number | undefined {
  const body = sealed - HEADER_BYTES;
  if (body < TAG_BYTES) return undefined;
  const chunks = Math.ceil(body / SEALED_CHUNK_BYTES);
  const last = body - (chunks - 1) * SEALED_CHUNK_BYTES;
  return last < TAG_BYTES ? undefined : body - chunks * TAG_BYTES;
}

/** The header that starts a new sealed form under `key`, with a nonce prefix of its own. */
export function sealHeader(key: Buffer): Buffer {
  return Buffer.concat([MAGIC, keyIdOf(key), randomBytes(PREFIX_BYTES)]);
}

/**
 * Chunk `index` of the sealed form `header` starts (`last` if it is its final one), for a writer
 * that continues one sealed form across several requests: its ciphertext and its tag, to be
 * written one after the other. The writer must never seal an index twice under one header: a
 * chunk written again needs a new header, and every chunk sealed again.
 */
export function sealChunk(key: Buffer, header: Buffer, index: number, last: boolean, plaintext: Buffer, context = ''): [Buffer, Buffer] {
  return sealParts(key, header, index, last, Buffer.from(context), plaintext);
}

/**
 * The plaintext of the first `chunks` chunks, none of them the last, of the sealed form at the
 * start of an open file that is still being written; each chunk checked before it is given out.
 */
export async function* openLeadingChunks(key: Buffer, handle: FileHandle, name: string, chunks: number, context = ''): AsyncGenerator<Buffer> {
  const header = await readAt(handle, 0, HEADER_BYTES);
  if (header.length < HEADER_BYTES || !startsSealed(header)) throw new SealDamaged(name, 'not a sealed file');
  const opening = keyFor(key, header, name);
  const bound = Buffer.from(context);
  for (let batch = 0; batch < chunks; batch += CHUNKS_PER_READ) {
    const count = Math.min(CHUNKS_PER_READ, chunks - batch);
    const sealed = await readAt(handle, HEADER_BYTES + batch * SEALED_CHUNK_BYTES, count * SEALED_CHUNK_BYTES);
    if (sealed.length !== count * SEALED_CHUNK_BYTES) throw new SealDamaged(name, 'truncated');
    for (let index = batch; index < batch + count; index++) {
      yield openOne(opening, header, index, false, bound, sealed.subarray((index - batch) * SEALED_CHUNK_BYTES, (index - batch + 1) * SEALED_CHUNK_BYTES), name);
    }
  }
}

/**
 * The sealed form of `source`, as it arrives: the header, then each chunk once the next byte after
 * it is known to exist (so the last one is known to be last). `context` is bound to every chunk and
 * must be given again to open it.
 */
export async function* seal(key: Buffer, source: AsyncIterable<Buffer>, context = ''): AsyncGenerator<Buffer> {
  const header = sealHeader(key);
  const bound = Buffer.from(context);
  yield header;
  let index = 0;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  for await (const piece of source) {
    for (let at = 0; at < piece.length; ) {
      // A full chunk is sealed only once a byte after it arrives: then it is known not to be the last.
      if (filled === CHUNK_BYTES) {
        yield sealOne(key, header, index++, false, bound, chunk);
        filled = 0;
      }
      const copied = piece.copy(chunk, filled, at);
      filled += copied;
      at += copied;
    }
  }
  yield sealOne(key, header, index, true, bound, chunk.subarray(0, filled));
}

/** The sealed form of a small value kept in the database rather than a file, in the same format. */
export function sealBytes(key: Buffer, plaintext: Buffer, context = ''): Buffer {
  const header = sealHeader(key);
  const bound = Buffer.from(context);
  const chunks: Buffer[] = [header];
  const count = Math.max(1, Math.ceil(plaintext.length / CHUNK_BYTES));
  for (let index = 0; index < count; index++) {
    chunks.push(sealOne(key, header, index, index === count - 1, bound, plaintext.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)));
  }
  return Buffer.concat(chunks);
}

/** The plaintext of `sealBytes`' output, every chunk checked; `name` says what it was in a SealDamaged. */
export function openBytes(key: Buffer, sealed: Buffer, context = '', name = 'sealed value'): Buffer {
  const plaintext = plaintextOf(sealed.length);
  if (plaintext === undefined) throw new SealDamaged(name, 'truncated: no sealed form has this size');
  const header = sealed.subarray(0, HEADER_BYTES);
  if (!startsSealed(header)) throw new SealDamaged(name, 'not a sealed value');
  const opening = keyFor(key, header, name);
  const bound = Buffer.from(context);
  const count = Math.max(1, Math.ceil(plaintext / CHUNK_BYTES));
  const clear: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const start = HEADER_BYTES + index * SEALED_CHUNK_BYTES;
    clear.push(openOne(opening, header, index, index === count - 1, bound, sealed.subarray(start, start + SEALED_CHUNK_BYTES), name));
  }
  return Buffer.concat(clear);
}

/** Seals `source` into `target` a chunk at a time. */
export async function encryptFile(key: Buffer, source: string, target: string): Promise<void> {
  await encryptStream(key, createReadStream(source), target);
}

/** Sealed bytes queued for the disk while one write is under way, so that chunks go out together. */
const WRITE_QUEUE_BYTES = CHUNKS_PER_READ * SEALED_CHUNK_BYTES;

/** Seals a stream of plaintext into `target` as it arrives, so the plaintext never touches the disk. */
export async function encryptStream(key: Buffer, source: AsyncIterable<Buffer>, target: string): Promise<void> {
  await pipeline(seal(key, source), createWriteStream(target, { mode: 0o600, highWaterMark: WRITE_QUEUE_BYTES }));
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Where a sealed form lies in a file: at `start`, `bytes` long. */
export interface SealedRegion {
  start: number;
  bytes: number;
}

/**
 * The plaintext bytes `from`..`to` (inclusive) of the sealed form in `region` of an open file, read
 * chunk by chunk, each chunk checked before any of its bytes is given out.
 */
export async function* openRegion(
  key: Buffer,
  handle: FileHandle,
  name: string,
  region: SealedRegion,
  range?: { from: number; to: number },
  context = '',
): AsyncGenerator<Buffer> {
  const plaintext = plaintextOf(region.bytes);
  if (plaintext === undefined) throw new SealDamaged(name, 'truncated: no sealed form has this size');
  const header = await readAt(handle, region.start, HEADER_BYTES);
  if (header.length < HEADER_BYTES || !startsSealed(header)) throw new SealDamaged(name, 'not a sealed file');
  const opening = keyFor(key, header, name);
  const lastIndex = Math.max(0, Math.ceil(plaintext / CHUNK_BYTES) - 1);
  const { from, to } = range ?? { from: 0, to: plaintext - 1 };
  if (range && (from < 0 || to >= plaintext || from > to)) throw new RangeError(`${name}: bytes ${from}-${to} are outside its ${plaintext} bytes`);
  const bound = Buffer.from(context);
  const first = Math.floor(from / CHUNK_BYTES);
  // Read whole, even an empty file has its one chunk checked.
  const final = range ? Math.floor(to / CHUNK_BYTES) : lastIndex;
  for (let batch = first; batch <= final; batch += CHUNKS_PER_READ) {
    const count = Math.min(CHUNKS_PER_READ, final - batch + 1);
    const start = region.start + HEADER_BYTES + batch * SEALED_CHUNK_BYTES;
    const end = Math.min(region.start + region.bytes, start + count * SEALED_CHUNK_BYTES);
    const sealed = await readAt(handle, start, end - start);
    if (sealed.length !== end - start) throw new SealDamaged(name, 'truncated');
    for (let index = batch; index < batch + count; index++) {
      const piece = sealed.subarray((index - batch) * SEALED_CHUNK_BYTES, (index - batch + 1) * SEALED_CHUNK_BYTES);
      const clear = openOne(opening, header, index, index === lastIndex, bound, piece, name);
      const offset = index * CHUNK_BYTES;
      yield clear.subarray(Math.max(0, from - offset), Math.min(clear.length, to - offset + 1));
    }
  }
}

/** Migrates a file of the earlier format in place, if it is one (see the comment at the top). */
async function upgrade(key: Buffer, file: string): Promise<void> {
  const handle = await open(file, 'r');
  const work = `${file}.${randomUUID()}.upgrade`;
  try {
    const magic = await readAt(handle, 0, LEGACY_MAGIC.length);
    if (!magic.equals(LEGACY_MAGIC)) return;
    const { size } = await handle.stat();
    if (size < LEGACY_MAGIC.length + LEGACY_IV_BYTES + TAG_BYTES) throw new SealDamaged(file, 'truncated');
    const iv = await readAt(handle, LEGACY_MAGIC.length, LEGACY_IV_BYTES);
    const tag = await readAt(handle, size - TAG_BYTES, TAG_BYTES);
    // The earlier format names no key: each one the server has is tried, the current one first.
    let failure: unknown;
    for (const candidate of keyringOf(key)) {
      const decipher = createDecipheriv('aes-256-gcm', candidate, iv);
      decipher.setAuthTag(tag);
      const ciphertext = handle.createReadStream({ start: LEGACY_MAGIC.length + LEGACY_IV_BYTES, end: size - TAG_BYTES - 1, autoClose: false });
      try {
        // The whole file passes the old tag before the new form replaces it.
        await encryptStream(key, ciphertext.pipe(decipher), work);
        await rename(work, file);
        return;
      } catch (cause) {
        failure = cause;
      }
    }
    throw Object.assign(new SealDamaged(file, 'does not match its seal (earlier format)'), { cause: failure });
  } finally {
    await handle.close();
    await rm(work, { force: true });
  }
}

/** The plaintext length of a sealed file. */
export async function plaintextBytes(key: Buffer, file: string): Promise<number> {
  await upgrade(key, file);
  const handle = await open(file, 'r');
  try {
    const bytes = plaintextOf((await handle.stat()).size);
    if (bytes === undefined) throw new SealDamaged(file, 'truncated: no sealed form has this size');
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * A stream of plaintext bytes `from`..`to` of a sealed file, or all of them. The first chunk is
 * checked before this resolves, so a file damaged where the read starts fails here, before a
 * response is begun; a later damaged chunk fails the stream, before any of its bytes is given out.
 */
async function openFile(key: Buffer, file: string, range?: { from: number; to: number }): Promise<Readable> {
  await upgrade(key, file);
  const handle = await open(file, 'r');
  const chunks = (async function* () {
    try {
      yield* openRegion(key, handle, file, { start: 0, bytes: (await handle.stat()).size }, range);
    } finally {
      await handle.close();
    }
  })();
  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (error) {
    await chunks.return(undefined);
    throw error;
  }
  return Readable.from(
    (async function* () {
      if (first.done) return;
      if (first.value.length > 0) yield first.value;
      for await (const piece of chunks) if (piece.length > 0) yield piece;
    })(),
  );
}

/** The whole plaintext of a sealed file, every chunk checked (see openFile). */
export function decryptFile(key: Buffer, file: string): Promise<Readable> {
  return openFile(key, file);
}

/** The plaintext bytes `start`..`end` (inclusive) of a sealed file, for HTTP range requests; only the chunks they cover are read, each checked. */
export function decryptRange(key: Buffer, file: string, start: number, end: number): Promise<Readable> {
  return openFile(key, file, { from: start, to: end });
}

/**
 * The plaintext of a sealed file whose writer died before sealing its last chunk (a recording cut
 * by a crash): every chunk from the first, as long as each is whole and matches its seal, as one
 * sealed before the end (or, for the final one, as the last). What follows the first chunk that
 * does not is left out, so the result is exactly what was written before the crash, checked.
 */
export async function* openUnfinished(key: Buffer, file: string): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const header = await readAt(handle, 0, HEADER_BYTES);
    if (header.length < HEADER_BYTES || !startsSealed(header)) throw new SealDamaged(file, 'not a sealed file');
    const opening = keyFor(key, header, file);
    const bound = Buffer.alloc(0);
    for (let index = 0; ; index++) {
      const piece = await readAt(handle, HEADER_BYTES + index * SEALED_CHUNK_BYTES, SEALED_CHUNK_BYTES);
      if (piece.length < TAG_BYTES) return;
      const opened = [false, true].map((last) => {
        try {
          return openOne(opening, header, index, last, bound, piece, file);
        } catch {
          return undefined;
        }
      });
      const clear = opened[0] ?? opened[1];
      if (!clear) return;
      yield clear;
      if (!opened[0]) return;
    }
  } finally {
    await handle.close();
  }
}
