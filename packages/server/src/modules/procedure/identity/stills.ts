import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../../db/index.js';
import type { IdentityStillsTable } from '../../../db/schema.js';
import { decryptFile, encryptStream, SealDamaged } from '../../../shared/crypto-at-rest.js';
import { AppError } from '../../../shared/errors.js';
import { measured, sniffType, storedBytes, UnreadableImage } from '../../documents/process.js';
import { recordStaffAccess } from '../../evidence/access.js';
import type { StillKind } from '../schemas.js';

/** The largest still a citizen's device may send: a phone camera's full-resolution JPEG fits with room. */
export const MAX_STILL_BYTES = 10 * 1024 * 1024;
export const STILL_TYPES = ['image/jpeg', 'image/png'] as const;

/** A still cleaned and sealed at rest, waiting for its row to be written with the evidence of it. */
export type SealedStill = Omit<Selectable<IdentityStillsTable>, 'case_id' | 'kind' | 'taken_at'>;

/** Bytes already in memory as the stream documents' processing reads. */
const streamOf = (bytes: Buffer): AsyncIterable<Buffer> => Readable.from([bytes]);

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The identity stills of the cases, kept apart from their documents (table `identity_stills`,
 * files under DATA_DIR/stills). A still is treated as documents' images are: its type decided
 * from its bytes, decoded and encoded again so that no metadata (a GPS position) survives and the
 * orientation is in the pixels, hashed (the SHA-256 of what is kept, which the evidence names) and
 * sealed with the master key.
 */
export class StillStore {
  constructor(private readonly fastify: FastifyInstance) {}

  /** Cleans and seals `body`; the caller writes its row (`insert`) or, if that fails, `discard`s it. */
  async seal(caseId: string, body: Buffer): Promise<SealedStill> {
    const contentType = await sniffType(streamOf(body));
    if (contentType !== 'image/jpeg' && contentType !== 'image/png') {
      throw new AppError('FIN_ERR_MEDIA_TYPE_UNSUPPORTED', 'A still is a JPEG or PNG picture');
    }
    let clean: Buffer;
    let width: number | undefined;
    let height: number | undefined;
    try {
      clean = await collect(storedBytes(contentType, streamOf(body)));
      ({ width, height } = await sharp(clean).metadata());
    } catch (error) {
      if (!(error instanceof UnreadableImage)) throw error;
      throw Object.assign(new AppError('FIN_ERR_DOCUMENT_UNREADABLE', 'The picture could not be read'), { cause: error });
    }
    const id = randomUUID();
    const file = path.join('stills', caseId, `${id}.sealed`);
    const target = path.join(this.fastify.config.dataDir, file);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const { stream, result } = measured(streamOf(clean));
    await encryptStream(await this.fastify.masterKey(), stream, target);
    return { id, content_type: contentType, width: width!, height: height!, bytes: result.bytes, sha256: result.sha256, file };
  }

  async insert(trx: Transaction<Database>, row: Selectable<IdentityStillsTable>): Promise<void> {
    await trx.insertInto('identity_stills').values(row).execute();
  }

  async discard(still: SealedStill): Promise<void> {
    await rm(path.join(this.fastify.config.dataDir, still.file), { force: true });
  }

  /** A case's stills, newest first. */
  list(caseId: string, db: Transaction<Database> | FastifyInstance['db'] = this.fastify.db): Promise<Array<Selectable<IdentityStillsTable>>> {
    return db.selectFrom('identity_stills').selectAll().where('case_id', '=', caseId).orderBy('taken_at', 'desc').orderBy('id').execute();
  }

  /** The newest still of each kind, which is the one that counts. */
  async newest(caseId: string, trx: Transaction<Database>): Promise<Partial<Record<StillKind, Selectable<IdentityStillsTable>>>> {
    const newest: Partial<Record<StillKind, Selectable<IdentityStillsTable>>> = {};
    for (const still of await this.list(caseId, trx)) newest[still.kind] ??= still;
    return newest;
  }

  /** The plaintext of a still of the case for an agent, decrypted as it is streamed, the opening logged first; a still of another case does not exist. */
  async open(caseId: string, stillId: string, agentId: string): Promise<{ still: Selectable<IdentityStillsTable>; stream: Readable }> {
    const still = await this.fastify.db.selectFrom('identity_stills').selectAll().where('id', '=', stillId).where('case_id', '=', caseId).executeTakeFirst();
    if (!still) throw new AppError('FIN_ERR_STILL_NOT_FOUND');
    await recordStaffAccess(this.fastify, caseId, agentId, { kind: 'still', id: still.id, sha256: still.sha256, how: 'view' });
    const stream = await decryptFile(await this.fastify.masterKey(), path.join(this.fastify.config.dataDir, still.file)).catch((cause: unknown) => {
      if (!(cause instanceof SealDamaged)) throw cause;
      throw Object.assign(new AppError('FIN_ERR_DOCUMENT_DAMAGED', 'The still does not match its seal: it is damaged or was altered'), { cause });
    });
    return { still, stream };
  }
}
