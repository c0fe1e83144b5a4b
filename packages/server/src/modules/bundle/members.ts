import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { decryptFile } from '../../shared/crypto-at-rest.js';
import { canonicalJson } from '../../shared/json.js';
import { receiptId } from '../receipt/issue.js';
import { memberPath } from './evidenced.js';
import { CASE_ENTRY, EVIDENCE_ENTRY } from './manifest.js';
import { sealMembers } from './seals.js';

/** A member of the bundle: its name, media type and the SHA-256 (hex) of its plaintext. */
export interface Member {
  path: string;
  mimeType: string;
  sha256: string;
  bytes: number;
  /** The bytes themselves for a small member; a large one is streamed with `open`. */
  content?: Buffer;
  /** The plaintext of a file sealed at rest, each chunk checked as it is read. */
  open?: () => Promise<Readable>;
}

/** The case a bundle is of, as `case.json` says it and the summary shows it. */
export interface BundleCase {
  caseId: string;
  reference: string;
  councilId: string;
  councilName: string;
}

/**
 * More members from modules that own them (the receipt), each with the event that records its
 * hash (see EVIDENCED_KINDS); the wiring passes them to `exportBundle`.
 */
export type MemberSource = (fastify: FastifyInstance, caseId: string) => Promise<Member[]>;

const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A member held in memory. */
const inMemory = (file: string, mimeType: string, content: Buffer): Member => ({ path: file, mimeType, sha256: sha256Hex(content), bytes: content.length, content });

/** A file sealed at rest under DATA_DIR as `<folder>/<id>.<ext>`, decrypted as the bundle is written. */
export function sealedMember(fastify: FastifyInstance, folder: string, row: { id: string; content_type: string; sha256: string; bytes: number; file: string }): Member {
  return {
    path: memberPath(folder, row.id, row.content_type),
    mimeType: row.content_type,
    sha256: row.sha256,
    bytes: row.bytes,
    open: async () => decryptFile(await fastify.masterKey(), path.join(fastify.config.dataDir, row.file)),
  };
}

/**
 * Everything the bundle of a case holds, in the order it is written: the case, its evidence log
 * as JSON lines (each event as stored) and the seals over its segments, the applications as presented (their exact bytes), the
 * documents, the identity stills, the recordings and the sealed receipt, decrypted, then what `sources` add.
 */
export async function caseMembers(fastify: FastifyInstance, bundleCase: BundleCase, sources: MemberSource[] = []): Promise<Member[]> {
  const { caseId } = bundleCase;
  const events = await fastify.evidence.list(caseId);
  const lines = events.map(({ seq, type, actor, data, at, prevHash, hash }) => `${canonicalJson({ seq, type, actor, data, at, prevHash, hash })}\n`).join('');
  const db = fastify.db;
  const [segments, previousSeals, applications, documents, stills, recordings, receipts] = await Promise.all([
    fastify.evidenceSeals.list(caseId),
    fastify.seal.previousCertificates(bundleCase.councilId),
    db.selectFrom('application_documents').select(['id', 'content_type', 'body']).where('case_id', '=', caseId).orderBy('presented_at').orderBy('id').execute(),
    db.selectFrom('documents').select(['id', 'content_type', 'sha256', 'bytes', 'file']).where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute(),
    db.selectFrom('identity_stills').select(['id', 'content_type', 'sha256', 'bytes', 'file']).where('case_id', '=', caseId).orderBy('taken_at').orderBy('id').execute(),
    db.selectFrom('recordings').select(['id', 'content_type', 'sha256', 'bytes', 'file']).where('case_id', '=', caseId).orderBy('started_at').orderBy('id').execute(),
    // The sealed receipt, once made; a code issued for a receipt that failed to be made has no file.
    db.selectFrom('verifiable_documents').select(['sha256', 'bytes', 'file']).where('case_id', '=', caseId).where('file', 'is not', null).orderBy('issued_at').execute(),
  ]);
  const extra = (await Promise.all(sources.map((source) => source(fastify, caseId)))).flat();
  return [
    inMemory(CASE_ENTRY, 'application/json', Buffer.from(`${canonicalJson(bundleCase)}\n`)),
    inMemory(EVIDENCE_ENTRY, 'application/jsonl', Buffer.from(lines)),
    ...sealMembers(segments, previousSeals, inMemory),
    // The body is the text the citizen agreed to, byte for byte (its SHA-256 is in the event).
    ...applications.map((row) => inMemory(memberPath('application', row.id, row.content_type), row.content_type, Buffer.from(row.body, 'utf8'))),
    ...documents.map((row) => sealedMember(fastify, 'documents', row)),
    ...stills.map((row) => sealedMember(fastify, 'stills', row)),
    ...recordings.map((row) => sealedMember(fastify, 'recordings', row)),
    ...receipts.map(({ sha256, bytes, file }) => sealedMember(fastify, 'receipt', { id: receiptId(file!), content_type: 'application/pdf', sha256: sha256!, bytes: bytes!, file: file! })),
    ...extra,
  ];
}
