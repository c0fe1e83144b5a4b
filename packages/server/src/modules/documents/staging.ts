import { createHash, type Hash } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DataStore, ERRORS, Upload } from '@tus/server';
import {
  CHUNK_BYTES,
  HEADER_BYTES,
  keyIdHex,
  openBytes,
  openLeadingChunks,
  openRegion,
  SEALED_CHUNK_BYTES,
  SealDamaged,
  sealBytes,
  sealChunk,
  sealedKeyId,
  sealHeader,
  startsSealed,
} from '../../shared/crypto-at-rest.js';
import { startsAsImage } from './process.js';
import type { DocumentStore, UploadPosition } from './store.js';

/** Sealed chunks gathered before one write to the disk. */
const WRITE_BYTES = 16 * SEALED_CHUNK_BYTES;

/**
 * The SHA-256 of an upload's first `offset` bytes, carried from one request to the next; none for
 * a photo, whose document is its stripped copy, hashed as that is made.
 */
interface Digest {
  offset: number;
  /**
   * The staging file's header when the digest was taken. Bytes once staged change only after a
   * `rewind`, and the write after one seals under a new header: with the offset, this tells a
   * digest still true from one another process made stale.
   */
  header: Buffer;
  hash: Hash | undefined;
  /** When this process last used it (epoch ms), so that entries of uploads finished elsewhere are dropped. */
  usedAt: number;
}

/** Where a write of this process took an upload from and to, and the digest before it, for `rewind`. */
interface Step {
  from: UploadPosition;
  to: UploadPosition;
  digest: Digest;
}

/**
 * A tus DataStore that never writes plaintext to disk, and that has the document ready when the
 * last byte arrives: the staging file is the document's own sealed file (shared/crypto-at-rest,
 * whole chunks sealed as they fill, continued across requests), and the SHA-256 of the bytes is
 * carried along, so finishing reads nothing back.
 *
 * A request that ends inside a chunk leaves that chunk's bytes in a small sealed tail file named by
 * the offset it ends at (`<id>.<offset>.tail`, bound to the upload and that offset), which the next
 * request reads and continues; so every byte counted in the offset is on disk sealed. The final
 * chunk, whose place the declared length gives, is sealed as the last one.
 *
 * The upload's size, offset and metadata are rows of `document_uploads` (the caller's hook inserts
 * the row, with its case, before `create`); the offset and the length of the sealed chunks move
 * together once a request's chunks and tail are on disk, synced. Chunks written past the recorded
 * length (a request that failed half-way, a crash, a `rewind`) are never sealed again under the
 * same header: the next write first moves the recorded chunks to a new header, so no nonce is used
 * twice.
 *
 * Any process may serve an upload's next request (the locker, in the database, keeps them one at a
 * time; the files are under DATA_DIR, which every process shares). What this process keeps of an
 * upload is a cache checked against the row: the running SHA-256 is used only at the offset and
 * header it was taken at, and computed again from what is staged otherwise; a `rewind` acts only
 * if the row is still where this process's write left it; the row moves only from where the
 * write found it, so a write that lost its lock is refused rather than counted.
 */
export class SealedStagingStore extends DataStore {
  /** The latest write of each upload made in this process, for `rewind`. */
  private readonly previous = new Map<string, Step>();
  private readonly digests = new Map<string, Digest>();

  constructor(
    private readonly uploads: DocumentStore,
    readonly directory: string,
    private readonly masterKey: () => Promise<Buffer>,
    private readonly expiryMs: number,
    private readonly now: () => Date,
  ) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  fileOf(id: string): string {
    return path.join(this.directory, `${id}.sealed`);
  }

  private tailOf(id: string, offset: number): string {
    return path.join(this.directory, `${id}.${offset}.tail`);
  }

  override async create(upload: Upload): Promise<Upload> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await (await open(this.fileOf(upload.id), 'w', 0o600)).close();
    return upload;
  }

  override async remove(id: string): Promise<void> {
    this.previous.delete(id);
    this.digests.delete(id);
    await this.uploads.deleteUpload(id);
    const files = await readdir(this.directory).catch(() => []);
    await Promise.all(files.filter((name) => name.startsWith(`${id}.`)).map((name) => rm(path.join(this.directory, name), { force: true })));
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      size: row.size,
      offset: row.offset,
      metadata: JSON.parse(row.metadata) as Record<string, string | null>,
      creation_date: row.created_at,
    });
  }

  override async write(stream: AsyncIterable<Buffer>, id: string, offset: number): Promise<number> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.offset !== offset) throw ERRORS.INVALID_OFFSET;
    const key = await this.masterKey();
    const file = this.fileOf(id);
    let handle = await open(file, 'r+');
    let writing: Promise<unknown> = Promise.resolve();
    try {
      let header: Buffer = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
      if (bytesRead === 0 && row.staged_bytes === 0) {
        header = sealHeader(key);
        await handle.write(header, 0, HEADER_BYTES, 0);
      } else if (!startsSealed(header)) {
        // Staged in the segments of an earlier version: it cannot be continued, so it goes, and
        // the client, told the upload is gone, starts it again.
        await handle.close();
        await this.remove(id);
        throw ERRORS.FILE_NOT_FOUND;
      }
      const staged = Math.max(HEADER_BYTES, row.staged_bytes);
      const chunks = (staged - HEADER_BYTES) / SEALED_CHUNK_BYTES;
      const tailBytes = row.offset - chunks * CHUNK_BYTES;
      if (!Number.isInteger(chunks) || tailBytes < 0 || tailBytes >= CHUNK_BYTES) throw new SealDamaged(file, 'the staged length does not match the offset');
      // Chunks after a failed write, or sealed under a master key since rotated out, are sealed
      // anew under a header of the current key: the chunks that follow are sealed under that one.
      let rekeyed: Hash | undefined;
      if ((await handle.stat()).size > staged || sealedKeyId(header) !== keyIdHex(key)) {
        await handle.close();
        ({ header, hash: rekeyed } = await this.rekey(key, id, chunks));
        handle = await open(file, 'r+');
      }
      const tail = tailBytes > 0 ? await this.readTail(key, id, row.offset, tailBytes) : Buffer.alloc(0);
      // A rekey read every staged byte: its hash is the digest, whatever this process knew before.
      const before = rekeyed ? this.remember(id, row.offset, header, rekeyed.update(tail)) : await this.digestAt(key, id, row.offset, header, chunks, tail);
      let hash = before.hash?.copy();

      // The declared length places the final chunk, sealed as the last one when its last byte arrives.
      const finalIndex = Math.max(0, Math.ceil(row.size / CHUNK_BYTES) - 1);
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      tail.copy(chunk);
      let filled = tail.length;
      let index = chunks;
      let received = 0;
      let at = staged;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      // One write to the disk at a time, under way while the next chunks arrive and are sealed.
      const flush = async () => {
        if (pendingBytes === 0) return;
        const [batch, position] = [pending, at];
        at += pendingBytes;
        pending = [];
        pendingBytes = 0;
        await writing;
        writing = handle.writev(batch, position);
        // Awaited by the next flush or at the end; meanwhile a failure must not go unhandled.
        writing.catch(() => undefined);
      };
      const sealed = ([ciphertext, tag]: [Buffer, Buffer]) => {
        pending.push(ciphertext, tag);
        pendingBytes += ciphertext.length + tag.length;
      };
      for await (const piece of stream) {
        if (row.offset + received + piece.length > row.size) throw ERRORS.ERR_SIZE_EXCEEDED;
        if (row.offset + received === 0 && startsAsImage(piece)) hash = undefined;
        hash?.update(piece);
        received += piece.length;
        for (let from = 0; from < piece.length; ) {
          const copied = piece.copy(chunk, filled, from);
          filled += copied;
          from += copied;
          if (filled === CHUNK_BYTES) {
            sealed(sealChunk(key, header, index, index === finalIndex, chunk));
            index++;
            filled = 0;
          }
        }
        if (pendingBytes >= WRITE_BYTES) await flush();
      }
      const reached = row.offset + received;
      if (received === 0) return row.offset;
      if (reached === row.size && filled > 0) {
        sealed(sealChunk(key, header, index, true, chunk.subarray(0, filled)));
        filled = 0;
      }
      await flush();
      await writing;
      if (filled > 0) await this.writeTail(key, id, reached, chunk.subarray(0, filled));
      await handle.sync();
      const from = { offset: row.offset, staged_bytes: row.staged_bytes };
      const to = { offset: reached, staged_bytes: at };
      if (!(await this.uploads.moveUpload(id, to, from))) throw ERRORS.INVALID_OFFSET;

      const earlier = this.previous.get(id)?.from.offset;
      this.previous.set(id, { from, to, digest: before });
      this.digests.set(id, { offset: reached, header, hash, usedAt: Date.now() });
      // Only the tails of the latest position and the one before it (for `rewind`) can be read again.
      if (earlier !== undefined && earlier !== row.offset) await rm(this.tailOf(id, earlier), { force: true });
      return reached;
    } finally {
      await writing.catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
  }

  private async readTail(key: Buffer, id: string, offset: number, bytes: number): Promise<Buffer> {
    const file = this.tailOf(id, offset);
    const tail = openBytes(key, await readFile(file), `${id}:${offset}`, file);
    if (tail.length !== bytes) throw new SealDamaged(file, 'the tail does not match the offset');
    return tail;
  }

  private async writeTail(key: Buffer, id: string, offset: number, plaintext: Buffer): Promise<void> {
    const handle = await open(this.tailOf(id, offset), 'w', 0o600);
    try {
      await handle.write(sealBytes(key, plaintext, `${id}:${offset}`));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** The running SHA-256 at `offset`; computed again from the staged chunks and tail when this process has none true of them. */
  private async digestAt(key: Buffer, id: string, offset: number, header: Buffer, chunks: number, tail: Buffer): Promise<Digest> {
    const known = this.digests.get(id);
    if (known?.offset === offset && known.header.equals(header)) return known;
    const hash = createHash('sha256');
    const handle = await open(this.fileOf(id), 'r');
    try {
      for await (const plaintext of openLeadingChunks(key, handle, this.fileOf(id), chunks)) hash.update(plaintext);
    } finally {
      await handle.close();
    }
    return this.remember(id, offset, header, hash.update(tail));
  }

  private remember(id: string, offset: number, header: Buffer, hash: Hash): Digest {
    const digest = { offset, header, hash, usedAt: Date.now() };
    this.digests.set(id, digest);
    return digest;
  }

  /**
   * Moves the first `chunks` chunks of an upload to a new header, each checked and sealed again,
   * so that the chunks after them can be sealed anew without reusing a nonce; with the SHA-256 of
   * their bytes, read on the way.
   */
  private async rekey(key: Buffer, id: string, chunks: number): Promise<{ header: Buffer; hash: Hash }> {
    const file = this.fileOf(id);
    const work = `${file}.rekey`;
    const header = sealHeader(key);
    const hash = createHash('sha256');
    const source = await open(file, 'r');
    const target = await open(work, 'w', 0o600);
    try {
      await target.write(header);
      let index = 0;
      for await (const plaintext of openLeadingChunks(key, source, file, chunks)) {
        hash.update(plaintext);
        await target.writev(sealChunk(key, header, index++, false, plaintext));
      }
      await target.sync();
    } finally {
      await source.close();
      await target.close();
    }
    await rename(work, file);
    return { header, hash };
  }

  /**
   * Takes back the latest write of an upload, if it was this process's and nothing moved the
   * upload since: the chunks it sealed are left for the next write, which takes a new header.
   */
  async rewind(id: string): Promise<void> {
    const previous = this.previous.get(id);
    if (!previous) return;
    this.previous.delete(id);
    if (await this.uploads.moveUpload(id, previous.from, previous.to)) this.digests.set(id, previous.digest);
  }

  /** The plaintext of a complete upload, or its first `bytes`; each chunk read checked against its tag. */
  async *plaintext(id: string, bytes?: number): AsyncGenerator<Buffer> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.size === 0 || bytes === 0) return;
    const key = await this.masterKey();
    const file = this.fileOf(id);
    const handle = await open(file, 'r');
    try {
      // Only as far as the recorded length: bytes after it are a write that failed.
      const range = bytes === undefined ? undefined : { from: 0, to: Math.min(bytes, row.size) - 1 };
      yield* openRegion(key, handle, file, { start: 0, bytes: row.staged_bytes }, range);
    } finally {
      await handle.close();
    }
  }

  /** The SHA-256 of a complete upload's bytes. */
  async sha256(id: string): Promise<string> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const known = this.digests.get(id);
    if (known?.offset === row.offset && known.hash && known.header.equals(await this.headerOf(id))) return known.hash.copy().digest('hex');
    const hash = createHash('sha256');
    for await (const plaintext of this.plaintext(id)) hash.update(plaintext);
    return hash.digest('hex');
  }

  private async headerOf(id: string): Promise<Buffer> {
    const handle = await open(this.fileOf(id), 'r');
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      await handle.read(header, 0, HEADER_BYTES, 0);
      return header;
    } finally {
      await handle.close();
    }
  }

  /**
   * Gives a complete upload's sealed file a second name, `target`, as the document it became: the
   * same sealed bytes, not copied. The staging name goes with `remove`.
   */
  async keepAs(id: string, target: string): Promise<void> {
    await link(this.fileOf(id), target);
  }

  override async declareUploadLength(): Promise<void> {
    // Uploads must state their length when created, so the limits are checked up front.
    throw ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION;
  }

  override getExpiration(): number {
    return this.expiryMs;
  }

  /**
   * Deletes uploads left unfinished for longer than the expiry, with their staging files; and
   * forgets what this process kept of uploads it has not written for as long (finished or
   * removed through another process, or expired by now), which it would otherwise keep forever.
   */
  override async deleteExpired(): Promise<number> {
    const before = new Date(this.now().getTime() - this.expiryMs).toISOString();
    const expired = await this.uploads.uploadsCreatedBefore(before);
    for (const id of expired) await this.remove(id);
    const unused = Date.now() - this.expiryMs;
    for (const [id, digest] of this.digests) {
      if (digest.usedAt < unused) {
        this.digests.delete(id);
        this.previous.delete(id);
      }
    }
    return expired.length;
  }
}
