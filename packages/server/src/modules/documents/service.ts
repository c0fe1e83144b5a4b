import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DocumentsTable } from '../../db/schema.js';
import { decryptFile, encryptStream, SealDamaged } from '../../shared/crypto-at-rest.js';
import { AppError, type HttpErrorCode } from '../../shared/errors.js';
import type { Agent } from '../agents/store.js';
import { tokenInvalid } from '../cases/contact.js';
import { DOCUMENT_TYPES, type CouncilConfig, type Language } from '../councils/schemas.js';
import { recordStaffAccess, type StaffAccess } from '../evidence/access.js';
import type { Actor, EvidenceInput } from '../evidence/log.js';
import { DESK_CHANNEL } from '../notifications/desk-events.js';
import { measured, SNIFF_BYTES, sniffType, storedBytes, strippedJpeg, UnreadableImage } from './process.js';
import { sendRejection, type RejectionNotice } from './rejection-mail.js';
import { MalwareScanner } from './scan.js';
import type { DeskDocument, DocumentState, DocumentView, Expected, Limits, MyDocuments, ReviewBody } from './schemas.js';
import { SealedStagingStore } from './staging.js';
import { DocumentStore, type DocumentCase } from './store.js';
import { languageFor, localize } from '../councils/language.js';

const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: Limits = { maxFileBytes: 10 * MiB, maxFiles: 10, maxTotalBytes: 50 * MiB, types: [...DOCUMENT_TYPES] };

/** Every kind of citizen token opens its own case's documents. */
const UPLOAD_GRANTS = ['callback', 'appointment', 'upload'] as const;

/** A cancelled case takes no more documents; any other may still need some, a completed one included. */
export function takesDocuments(found: DocumentCase): boolean {
  return found.state !== 'cancelled';
}

/** What the tus hooks know about the request's grant, set by the route before tus runs. */
export interface UploadGrant {
  council: CouncilConfig;
  case: DocumentCase;
  limits: Limits;
}

/** A refusal of a finished upload, answered to its last PATCH. */
export class DocumentRefused extends AppError {}

export const caseNotFound = () => new AppError('FIN_ERR_CASE_NOT_FOUND', 'Case not found');
export const caseClosed = () => new AppError('FIN_ERR_CASE_CLOSED', 'This case was cancelled: it takes no more documents');
const documentNotFound = () => new AppError('FIN_ERR_DOCUMENT_NOT_FOUND', 'Document not found');

/** `limits` with the council's settings and then the procedure's over the defaults. */
export function limitsFor(council: CouncilConfig, procedureId: string | null): Limits {
  const procedure = council.procedures.find((candidate) => candidate.id === procedureId);
  return { ...DEFAULT_LIMITS, ...council.documents, ...procedure?.uploads };
}

/** An expected document's state: accepted wins, then one waiting for review, then a rejection. */
function expectedState(states: DocumentState[]): Expected['status'] {
  for (const state of ['accepted', 'received', 'rejected'] as const) if (states.includes(state)) return state;
  return 'missing';
}

const view = (row: DocumentsTable): DocumentView => ({
  id: row.id,
  fileName: row.file_name,
  expected: row.expected,
  contentType: row.content_type,
  bytes: row.bytes,
  sha256: row.sha256,
  state: row.state,
  rejectionReason: row.rejection_reason,
  uploadedAt: row.uploaded_at,
});

const deskView = (row: DocumentsTable): DeskDocument => ({ ...view(row), scan: row.scan, reviewedAt: row.reviewed_at });

/**
 * Documents citizens send to their case: the grant behind each upload, the limits per case, what
 * happens to an upload once its last byte is in (type from the bytes, malware scan, metadata
 * stripped from images, SHA-256, sealed at rest, evidence, desk event), and the desk's review.
 */
export class DocumentService {
  readonly staging: SealedStagingStore;
  private readonly store: DocumentStore;
  private readonly scanner: MalwareScanner;

  constructor(private readonly fastify: FastifyInstance) {
    const { config } = fastify;
    this.store = new DocumentStore(fastify.db);
    this.staging = new SealedStagingStore(
      this.store,
      path.join(config.dataDir, 'uploads'),
      () => fastify.masterKey(),
      config.documents.uploadExpiryMs,
      () => fastify.now(),
    );
    this.scanner = new MalwareScanner(config.documents.clamd);
  }

  private get db() {
    return this.fastify.db;
  }

  /** The case and limits a citizen's token grants in this council; 401 for any other token. */
  async grant(council: CouncilConfig, token: string, now: Date): Promise<UploadGrant> {
    const caseId = await this.fastify.tokens.resolve(token, UPLOAD_GRANTS, now);
    const found = caseId ? await this.store.findCase(caseId, council.id) : undefined;
    if (!found) throw tokenInvalid();
    return { council, case: found, limits: limitsFor(council, found.procedure) };
  }

  private expected(council: CouncilConfig, found: DocumentCase, rows: DocumentsTable[], language: Language): Expected[] {
    const procedure = council.procedures.find((candidate) => candidate.id === found.procedure);
    return (procedure?.documents ?? []).map((document) => ({
      id: document.id,
      name: localize(document.name, language, council.defaultLanguage),
      status: expectedState(rows.filter((row) => row.expected === document.id).map((row) => row.state)),
    }));
  }

  /**
   * The documents a case's procedure expects, each with whether it arrived and how it was
   * reviewed, names in `language`; for the call, which asks the citizen for a missing one.
   */
  async expectedFor(caseId: string, language?: Language): Promise<Expected[]> {
    const found = await this.store.findCase(caseId);
    if (!found) throw caseNotFound();
    const council = await this.fastify.councils.get(found.councilId);
    if (!council) throw caseNotFound();
    return this.expected(council, found, await this.store.documents(caseId), language ?? found.language);
  }

  /** What the citizen's widget shows: the case, its limits and usage, expected and sent documents. */
  async mine(council: CouncilConfig, token: string, now: Date, language?: Language): Promise<MyDocuments> {
    const { case: found, limits } = await this.grant(council, token, now);
    const lang = languageFor(council, language, found.language);
    const rows = await this.store.documents(found.id);
    const kept = rows.filter((row) => row.state !== 'rejected');
    const procedure = council.procedures.find((candidate) => candidate.id === found.procedure);
    return {
      case: {
        reference: found.reference,
        kind: found.kind,
        open: takesDocuments(found),
        procedure: found.procedure
          ? { id: found.procedure, name: procedure ? localize(procedure.name, lang, council.defaultLanguage) : found.procedure }
          : null,
      },
      limits,
      usage: { files: kept.length, bytes: kept.reduce((sum, row) => sum + row.bytes, 0) },
      expected: this.expected(council, found, rows, lang),
      documents: rows.map(view),
    };
  }

  /**
   * Checks an upload about to be created against the case's limits and records it, in one
   * transaction that first writes the case's row, so that two uploads created at once are
   * counted one after the other (PostgreSQL locks the row; SQLite serialises writers). Uploads
   * still in progress count with their full length.
   */
  async reserve(grant: UploadGrant, upload: { id: string; size: number; metadata: Record<string, string | null> }): Promise<void> {
    const { limits } = grant;
    const fileName = upload.metadata.filename?.trim();
    if (!fileName) throw new AppError('FIN_ERR_VALIDATION', 'Upload-Metadata must name the file (filename)');
    const expected = upload.metadata.expected || null;
    if (expected !== null && !this.expected(grant.council, grant.case, [], grant.case.language).some((document) => document.id === expected)) {
      throw new AppError('FIN_ERR_VALIDATION', `This case expects no document "${expected}"`);
    }
    if (upload.size > limits.maxFileBytes) throw tooLarge(limits);
    const now = this.fastify.now();
    await this.db.transaction().execute(async (trx) => {
      const { files, bytes } = await this.store.lockUsage(trx, grant.case.id);
      if (files + 1 > limits.maxFiles) {
        throw new AppError('FIN_ERR_DOCUMENT_LIMIT', `This case already has ${files} of its ${limits.maxFiles} documents`, undefined, { limit: 'files' });
      }
      if (bytes + upload.size > limits.maxTotalBytes) {
        throw new AppError('FIN_ERR_DOCUMENT_LIMIT', `This file would take the case over its ${limits.maxTotalBytes} bytes`, undefined, { limit: 'bytes' });
      }
      await this.store.insertUpload(trx, {
        id: upload.id,
        case_id: grant.case.id,
        file_name: fileName.slice(0, 255),
        expected,
        metadata: JSON.stringify(upload.metadata),
        size: upload.size,
        offset: 0,
        staged_bytes: 0,
        created_at: now.toISOString(),
      });
    });
  }

  /** Whether an upload in progress belongs to the case: another case's uploads do not exist for it. */
  ownsUpload(caseId: string, uploadId: string): Promise<boolean> {
    return this.store.ownsUpload(caseId, uploadId);
  }

  /** The document a case's upload became, once it finished, with the upload's length. */
  async finishedUpload(caseId: string, uploadId: string): Promise<{ documentId: string; size: number } | undefined> {
    const row = await this.store.finishedUpload(caseId, uploadId);
    return row && row.upload_size !== null ? { documentId: row.id, size: row.upload_size } : undefined;
  }

  /**
   * Turns a complete upload into a document, or refuses it; either way the staged upload is gone
   * afterwards. A type the council does not accept (decided from the bytes) is refused with 415,
   * malware with 422, an image that cannot be read (a JPEG not whole, a PNG that does not
   * decode) with 422; refusals are written to the evidence log. When clamd cannot be reached the
   * document is kept, marked `unavailable`, and the desk sees that it was not scanned.
   */
  async finish(grant: UploadGrant, uploadId: string): Promise<DocumentView> {
    const upload = await this.store.upload(uploadId);
    // The tus server calls this only once the upload's last byte is staged, so its row is there.
    if (!upload) throw new Error(`The finished upload ${uploadId} has no row`);
    const caseId = grant.case.id;
    const refuse = async (code: HttpErrorCode, message: string, data: Record<string, unknown>) => {
      await this.staging.remove(uploadId);
      await this.record(caseId, { type: 'document.refused', actor: 'citizen', data: { fileName: upload.file_name, bytes: upload.size, ...data } });
      return new DocumentRefused(code, message);
    };

    const contentType = await sniffType(this.staging.plaintext(uploadId, SNIFF_BYTES));
    if (!contentType || !grant.limits.types.includes(contentType)) {
      throw await refuse('FIN_ERR_DOCUMENT_TYPE', `Only ${grant.limits.types.join(', ')} files are accepted`, {
        reason: 'type',
        detectedType: contentType ?? 'unknown',
      });
    }

    const verdict = await this.scanner.scan(this.staging.plaintext(uploadId));
    if (verdict.result === 'infected') {
      throw await refuse('FIN_ERR_DOCUMENT_INFECTED', 'The file contains malware and was not kept', { reason: 'malware', viruses: verdict.viruses });
    }
    if (verdict.result === 'unavailable') {
      this.fastify.log.error({ err: verdict.error, caseId }, 'the malware scanner could not be reached; the document is kept unscanned');
    }

    const id = randomUUID();
    const file = path.join('documents', caseId, `${id}.sealed`);
    const target = path.join(this.fastify.config.dataDir, file);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    let kept: { bytes: number; sha256: string };
    try {
      kept = await this.keep(uploadId, contentType, upload.size, target);
    } catch (error) {
      await rm(target, { force: true });
      if (error instanceof UnreadableImage) {
        throw await refuse('FIN_ERR_DOCUMENT_UNREADABLE', 'The image could not be read', { reason: 'unreadable', detectedType: contentType });
      }
      throw error;
    }

    const now = this.fastify.now();
    const row: DocumentsTable = {
      id,
      case_id: caseId,
      file_name: upload.file_name,
      expected: upload.expected,
      content_type: contentType,
      bytes: kept.bytes,
      sha256: kept.sha256,
      file,
      scan: verdict.result,
      state: 'received',
      rejection_reason: null,
      uploaded_at: now.toISOString(),
      reviewed_at: null,
      reviewed_by: null,
      upload_id: uploadId,
      upload_size: upload.size,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.store.keepUpload(trx, uploadId, row);
      await this.fastify.evidence.append(
        trx,
        caseId,
        {
          type: 'document.received',
          actor: 'citizen',
          data: { documentId: id, fileName: row.file_name, expected: row.expected, contentType, bytes: row.bytes, sha256: row.sha256, scan: row.scan },
        },
        now,
      );
    });
    await this.staging.remove(uploadId);
    await this.announce(grant.case, row);
    return view(row);
  }

  /**
   * Writes the document a complete upload becomes at `target`. The staged file already is the
   * sealed document, hashed as it arrived: it takes a second name. Images are the exception, their
   * metadata stripped on the way (losslessly for a JPEG, as the bytes stream; a PNG is decoded and
   * encoded again), and sealed anew.
   */
  private async keep(uploadId: string, contentType: string, size: number, target: string): Promise<{ bytes: number; sha256: string }> {
    if (contentType === 'image/jpeg' || contentType === 'image/png') {
      const plaintext = this.staging.plaintext(uploadId);
      const { stream, result } = measured(contentType === 'image/jpeg' ? strippedJpeg(plaintext) : storedBytes(contentType, plaintext));
      await encryptStream(await this.fastify.masterKey(), stream, target);
      return result;
    }
    const sha256 = await this.staging.sha256(uploadId);
    await this.staging.keepAs(uploadId, target);
    return { bytes: size, sha256 };
  }

  private async record(caseId: string, event: EvidenceInput): Promise<void> {
    await this.db.transaction().execute((trx) => this.fastify.evidence.append(trx, caseId, event, this.fastify.now()));
  }

  /** Tells the council's desks that a case's documents changed; a desk that misses it sees the change on its next load. */
  private async announce(found: DocumentCase, row: DocumentsTable): Promise<void> {
    try {
      await this.fastify.notifications.publish(DESK_CHANNEL, {
        councilId: found.councilId,
        event: 'document',
        data: { id: found.id, reference: found.reference, documentId: row.id, state: row.state },
      });
    } catch (error) {
      this.fastify.log.error({ err: error }, 'could not announce a document change');
    }
  }

  /** A case of the agent's council with its documents; another council's case does not exist for them. */
  async deskList(agent: Agent, caseId: string, lang?: Language): Promise<{ expected: Expected[]; documents: DeskDocument[] }> {
    const found = await this.store.findCase(caseId, agent.councilId);
    const council = await this.fastify.councils.get(agent.councilId);
    if (!found || !council) throw caseNotFound();
    const rows = await this.store.documents(found.id);
    return { expected: this.expected(council, found, rows, languageFor(council, lang)), documents: rows.map(deskView) };
  }

  private async deskDocument(agent: Agent, documentId: string, trx?: Transaction<Database>) {
    const row = await this.store.councilDocument(agent.councilId, documentId, trx);
    if (!row) throw documentNotFound();
    return row;
  }

  /** The document's plaintext, decrypted as it is streamed, for an agent of its council; the opening is logged as evidence first. */
  async content(agent: Agent, documentId: string, how: StaffAccess['how']): Promise<{ document: DocumentsTable; stream: Readable }> {
    const document = await this.deskDocument(agent, documentId);
    await recordStaffAccess(this.fastify, document.case_id, agent.id, { kind: 'document', id: document.id, sha256: document.sha256, how });
    const stream = await decryptFile(await this.fastify.masterKey(), path.join(this.fastify.config.dataDir, document.file)).catch((cause: unknown) => {
      if (!(cause instanceof SealDamaged)) throw cause;
      throw Object.assign(new AppError('FIN_ERR_DOCUMENT_DAMAGED', 'The document does not match its seal: it is damaged or was altered'), { cause });
    });
    return { document, stream };
  }

  /** Accepts or rejects a document; a rejection's reason is what the citizen is shown. */
  async review(agent: Agent, documentId: string, body: ReviewBody): Promise<DeskDocument> {
    const reason = body.reason?.trim() ?? '';
    if (body.decision === 'rejected' && reason === '') {
      throw new AppError('FIN_ERR_VALIDATION', 'A rejection needs a reason the citizen can act on', 'reason');
    }
    const now = this.fastify.now();
    const actor: Actor = `agent:${agent.id}`;
    let tellCitizen: RejectionNotice | undefined;
    let found: DocumentCase | undefined;
    const row = await this.db.transaction().execute(async (trx: Transaction<Database>) => {
      const current = await this.deskDocument(agent, documentId, trx);
      const changes = {
        state: body.decision,
        rejection_reason: body.decision === 'rejected' ? reason : null,
        reviewed_at: now.toISOString(),
        reviewed_by: agent.id,
      };
      await this.store.review(trx, current.id, changes);
      await this.fastify.evidence.append(
        trx,
        current.case_id,
        { type: 'document.reviewed', actor, data: { documentId: current.id, decision: body.decision, reason: changes.rejection_reason } },
        now,
      );
      found = await this.store.findCase(current.case_id, agent.councilId, trx);
      // A citizen who gave an address is told at once, with a link to send the document again.
      if (body.decision === 'rejected' && found) tellCitizen = await this.rejectionNotice(trx, found, current, reason, now);
      return { ...current, ...changes };
    });
    if (found) await this.announce(found, row);
    if (tellCitizen) await sendRejection(this.fastify, tellCitizen);
    return deskView(row);
  }

  /** What the rejection's email needs, with its upload link issued in the review's transaction; none without an address. */
  private async rejectionNotice(trx: Transaction<Database>, found: DocumentCase, document: DocumentsTable, reason: string, now: Date): Promise<RejectionNotice | undefined> {
    if (!found.citizenEmail || !takesDocuments(found)) return undefined;
    const link = await this.issueUploadLink(trx, found, 'system', now);
    return { found, document, reason, link: link.url, to: found.citizenEmail, name: found.citizenName };
  }

  /** An upload-only link for a case of the agent's council, to send to the citizen. */
  async createUploadLink(agent: Agent, caseId: string): Promise<{ url: string; token: string; expiresAt: string }> {
    const found = await this.store.findCase(caseId, agent.councilId);
    if (!found) throw caseNotFound();
    if (!takesDocuments(found)) throw caseClosed();
    const now = this.fastify.now();
    return this.db.transaction().execute((trx) => this.issueUploadLink(trx, found, `agent:${agent.id}`, now));
  }

  /** Issues an upload-only token for the case, logged in the caller's transaction, and its page's address. */
  private async issueUploadLink(trx: Transaction<Database>, found: DocumentCase, actor: Actor, now: Date): Promise<{ url: string; token: string; expiresAt: string }> {
    const expiresAt = new Date(now.getTime() + this.fastify.config.documents.uploadLinkDays * 86_400_000);
    const token = await this.fastify.tokens.issue(trx, { caseId: found.id, purpose: 'upload', expiresAt, now });
    await this.fastify.evidence.append(trx, found.id, { type: 'document.upload_link_created', actor, data: { expiresAt: expiresAt.toISOString() } }, now);
    const url = new URL(`${this.fastify.config.linkBase}/documents`);
    url.searchParams.set('council', found.councilId);
    url.searchParams.set('lang', found.language);
    url.searchParams.set('token', token);
    return { url: url.toString(), token, expiresAt: expiresAt.toISOString() };
  }
}

export const tooLarge = (limits: Limits) =>
  new AppError('FIN_ERR_DOCUMENT_TOO_LARGE', `A file can be at most ${limits.maxFileBytes} bytes`, undefined, { maxFileBytes: limits.maxFileBytes });
