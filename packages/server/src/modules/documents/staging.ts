import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { CHUNK_OVERHEAD, openChunk, sealChunk } from '../../shared/crypto-at-rest.js';

/** Plaintext per sealed record: large enough that the 32 bytes each adds are negligible, small enough to hold in memory. */
const RECORD_BYTES = 256 * 1024;
/** Each record starts with its plaintext length, so the file can be read back record by record. */
const LENGTH_BYTES = 4;
/** Blocks read back when the upload is complete. */
const READ_BYTES = 4 * 1024 * 1024;

/**
 * A tus DataStore that never writes plaintext to disk: what a PATCH brings is cut into records of
 * at most RECORD_BYTES, each sealed with AES-256-GCM under the master key (shared/crypto-at-rest)
 * as soon as it is complete, and the last, shorter record of a request is sealed when the request
 * ends, also when the connection dropped, so every byte counted in the offset is on disk sealed.
 * Each record's additional data is the upload id and its plaintext offset: records cannot be
 * reordered or moved to another upload.
 *
 * The upload's size, offset and metadata are rows of `document_uploads` (the caller's hook inserts
 * the row, with its case, before `create`); the offset and the staging file's length move together
 * once a request's records are written, and a write first cuts the file back to the recorded
 * length, so records of a write that failed half-way are never read.
 */
export class SealedStagingStore extends DataStore {
  /** Where each upload stood before its latest write, in this process, for `rewind`. */
  private readonly previous = new Map<string, { offset: number; staged_bytes: number }>();

  constructor(
    private readonly db: Kysely<Database>,
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
    await this.db.deleteFrom('document_uploads').where('id', '=', id).execute();
    await rm(this.fileOf(id), { force: true });
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.db.selectFrom('document_uploads').selectAll().where('id', '=', id).executeTakeFirst();
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
    const row = await this.db.selectFrom('document_uploads').select(['offset', 'staged_bytes']).where('id', '=', id).executeTakeFirst();
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.offset !== offset) throw ERRORS.INVALID_OFFSET;
    const key = await this.masterKey();
    const handle = await open(this.fileOf(id), 'r+');
    let position = row.staged_bytes;
    let received = row.offset;
    try {
      await handle.truncate(position);
      const seal = async (plaintext: Buffer) => {
        const sealed = sealChunk(key, plaintext, `${id}:${received}`);
        const record = Buffer.allocUnsafe(LENGTH_BYTES + sealed.length);
        record.writeUInt32BE(plaintext.length, 0);
        sealed.copy(record, LENGTH_BYTES);
        await handle.write(record, 0, record.length, position);
        position += record.length;
        received += plaintext.length;
      };
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < RECORD_BYTES) continue;
        let buffer = Buffer.concat(pending, pendingBytes);
        while (buffer.length >= RECORD_BYTES) {
          await seal(buffer.subarray(0, RECORD_BYTES));
          buffer = buffer.subarray(RECORD_BYTES);
        }
        pending = buffer.length > 0 ? [buffer] : [];
        pendingBytes = buffer.length;
      }
      if (pendingBytes > 0) await seal(Buffer.concat(pending, pendingBytes));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.db.updateTable('document_uploads').set({ offset: received, staged_bytes: position }).where('id', '=', id).execute();
    this.previous.set(id, { offset: row.offset, staged_bytes: row.staged_bytes });
    return received;
  }

  /** Takes back the latest write of an upload: its bytes are dropped by the next write, which cuts the file. */
  async rewind(id: string): Promise<void> {
    const previous = this.previous.get(id);
    if (!previous) return;
    this.previous.delete(id);
    await this.db.updateTable('document_uploads').set(previous).where('id', '=', id).execute();
  }

  /** The plaintext of a complete upload, record by record, each checked against its tag. */
  async *plaintext(id: string): AsyncGenerator<Buffer> {
    const row = await this.db.selectFrom('document_uploads').select('staged_bytes').where('id', '=', id).executeTakeFirstOrThrow();
    const key = await this.masterKey();
    if (row.staged_bytes === 0) return;
    let offset = 0;
    let read = 0;
    let buffer: Buffer = Buffer.alloc(0);
    // Read in large blocks, only as far as the recorded length: bytes after it are a write that failed.
    for await (const block of createReadStream(this.fileOf(id), { end: row.staged_bytes - 1, highWaterMark: READ_BYTES })) {
      read += (block as Buffer).length;
      buffer = buffer.length > 0 ? Buffer.concat([buffer, block as Buffer]) : (block as Buffer);
      while (buffer.length >= LENGTH_BYTES) {
        const plaintextBytes = buffer.readUInt32BE(0);
        if (plaintextBytes > RECORD_BYTES) throw new Error(`staged upload ${id} is damaged`);
        const end = LENGTH_BYTES + plaintextBytes + CHUNK_OVERHEAD;
        if (buffer.length < end) break;
        yield openChunk(key, buffer.subarray(LENGTH_BYTES, end), `${id}:${offset}`);
        offset += plaintextBytes;
        buffer = buffer.subarray(end);
      }
    }
    if (read !== row.staged_bytes || buffer.length > 0) throw new Error(`staged upload ${id} is truncated`);
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
    const expired = await this.db.selectFrom('document_uploads').select('id').where('created_at', '<', before).execute();
    for (const { id } of expired) await this.remove(id);
    return expired.length;
  }
}
