import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { openRegion, SealDamaged, seal, sealedBytes, startsSealed } from '../../shared/crypto-at-rest.js';
import type { DocumentStore, UploadPosition } from './store.js';

/** Each segment starts with its plaintext length, so the file can be read back segment by segment. */
const LENGTH_BYTES = 8;

/**
 * A tus DataStore that never writes plaintext to disk. What each PATCH brings is one segment of
 * the staging file: its plaintext length, then that plaintext in the at-rest format of
 * shared/crypto-at-rest (its own random nonce prefix, chunks sealed as they fill, the last one when
 * the request ends, also when the connection dropped), so every byte counted in the offset is on
 * disk sealed. A segment's context is the upload id and its plaintext offset: segments cannot be
 * reordered, dropped or moved to another upload. A new segment per write, rather than chunks
 * continued across writes, is what keeps a chunk that is written again (after a failed write or a
 * rewind) from reusing a nonce.
 *
 * The upload's size, offset and metadata are rows of `document_uploads` (the caller's hook inserts
 * the row, with its case, before `create`); the offset and the staging file's length move together
 * once a request's segment is written, and a write first cuts the file back to the recorded
 * length, so a segment of a write that failed half-way is never read.
 */
export class SealedStagingStore extends DataStore {
  /** Where each upload stood before its latest write, in this process, for `rewind`. */
  private readonly previous = new Map<string, UploadPosition>();

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

  override async create(upload: Upload): Promise<Upload> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await (await open(this.fileOf(upload.id), 'w', 0o600)).close();
    return upload;
  }

  override async remove(id: string): Promise<void> {
    this.previous.delete(id);
    await this.uploads.deleteUpload(id);
    await rm(this.fileOf(id), { force: true });
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

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.offset !== offset) throw ERRORS.INVALID_OFFSET;
    if (row.staged_bytes > 0 && !(await this.stagedInSegments(id))) {
      // Staged before segments of the at-rest format (by an earlier version): it cannot be
      // continued, so it goes, and the client, told the upload is gone, starts it again.
      await this.remove(id);
      throw ERRORS.FILE_NOT_FOUND;
    }
    const key = await this.masterKey();
    const handle = await open(this.fileOf(id), 'r+');
    let position = row.staged_bytes;
    let received = 0;
    try {
      await handle.truncate(position);
      const counted = (async function* () {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          received += chunk.length;
          yield chunk;
        }
      })();
      let at = position + LENGTH_BYTES;
      for await (const sealed of seal(key, counted, `${id}:${row.offset}`)) {
        await handle.write(sealed, 0, sealed.length, at);
        at += sealed.length;
      }
      // A request that brought nothing leaves no segment: the bytes written are cut by the next write.
      if (received > 0) {
        const length = Buffer.alloc(LENGTH_BYTES);
        length.writeUIntBE(received, 2, 6);
        await handle.write(length, 0, LENGTH_BYTES, position);
        await handle.sync();
        position = at;
      }
    } finally {
      await handle.close();
    }
    await this.uploads.moveUpload(id, { offset: row.offset + received, staged_bytes: position });
    this.previous.set(id, { offset: row.offset, staged_bytes: row.staged_bytes });
    return row.offset + received;
  }

  private async stagedInSegments(id: string): Promise<boolean> {
    const handle = await open(this.fileOf(id), 'r');
    try {
      const start = Buffer.alloc(LENGTH_BYTES * 2);
      await handle.read(start, 0, start.length, 0);
      return start.readUInt16BE(0) === 0 && startsSealed(start.subarray(LENGTH_BYTES));
    } finally {
      await handle.close();
    }
  }

  /** Takes back the latest write of an upload: its bytes are dropped by the next write, which cuts the file. */
  async rewind(id: string): Promise<void> {
    const previous = this.previous.get(id);
    if (!previous) return;
    this.previous.delete(id);
    await this.uploads.moveUpload(id, previous);
  }

  /** The plaintext of a complete upload, segment by segment, each chunk checked against its tag. */
  async *plaintext(id: string): AsyncGenerator<Buffer> {
    const row = await this.uploads.upload(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const key = await this.masterKey();
    const file = this.fileOf(id);
    const handle = await open(file, 'r');
    try {
      // Only as far as the recorded length: bytes after it are a write that failed.
      let position = 0;
      let offset = 0;
      while (position < row.staged_bytes) {
        const length = Buffer.alloc(LENGTH_BYTES);
        const { bytesRead } = await handle.read(length, 0, LENGTH_BYTES, position);
        const plaintext = length.readUIntBE(2, 6);
        const bytes = sealedBytes(plaintext);
        if (bytesRead < LENGTH_BYTES || length.readUInt16BE(0) !== 0 || position + LENGTH_BYTES + bytes > row.staged_bytes) {
          throw new SealDamaged(file, 'a segment runs past the staged length');
        }
        yield* openRegion(key, handle, file, { start: position + LENGTH_BYTES, bytes }, undefined, `${id}:${offset}`);
        position += LENGTH_BYTES + bytes;
        offset += plaintext;
      }
    } finally {
      await handle.close();
    }
  }

  override async declareUploadLength(): Promise<void> {
    // Uploads must state their length when created, so the limits are checked up front.
    throw ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION;
  }

  override getExpiration(): number {
    return this.expiryMs;
  }

  /** Deletes uploads left unfinished for longer than the expiry, with their staging files. */
  override async deleteExpired(): Promise<number> {
    const before = new Date(this.now().getTime() - this.expiryMs).toISOString();
    const expired = await this.uploads.uploadsCreatedBefore(before);
    for (const id of expired) await this.remove(id);
    return expired.length;
  }
}
