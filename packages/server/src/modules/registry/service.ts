import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { lockCase, type Database } from '../../db/index.js';
import { decryptFile, SealDamaged, sealBytes } from '../../shared/crypto-at-rest.js';
import { AppError } from '../../shared/errors.js';
import type { CouncilConfig, Localized } from '../councils/schemas.js';
import type { Actor } from '../evidence/log.js';
import type { ProcedureCase } from '../procedure/core.js';
import { codeHash, formatCode, newCode, verificationUrl } from './code.js';
import type { Registry } from './registry.js';
import { RegistryStore, type DocumentKind, type RegistryEntry, type VerifiableDocument } from './store.js';

/** A code just issued: as stored (normalised), as printed, and the address its QR code holds. */
export interface IssuedCode {
  code: string;
  printed: string;
  url: string;
}

/** What a verification code finds: the document and what it is, for `/verify` and its API. */
export interface Verified {
  document: VerifiableDocument;
  council: CouncilConfig | undefined;
  procedureName: Localized;
}

const notFound = () => new AppError('FIN_ERR_VERIFY_NOT_FOUND');


/**
 * Registers signed applications in the council's registry, once each, and keeps the documents
 * made for them (the receipt) findable by their verification code. The seams the receipt's
 * making uses, in order: `register` (idempotent), `issueCode`, then `attach` the sealed PDF in
 * the transaction that records the receipt.
 */
export class RegistryService {
  private readonly store: RegistryStore;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly registry: Registry,
  ) {
    this.store = new RegistryStore(fastify.db);
  }

  /**
   * Registers the case whose application the citizen agreed to and the habilitated employee
   * signed, in one transaction with its `registry.entered` evidence event; a case registered
   * already gets its entry back as it is, so whatever comes after (the receipt) can be retried
   * without renumbering.
   */
  async register(found: ProcedureCase, actor: Actor = 'system'): Promise<RegistryEntry> {
    const { fastify } = this;
    const registered = await this.store.entry(found.id);
    if (registered) return registered;
    const { agreement } = await fastify.procedure.core.read(found.id);
    const { signature, documentId, sha256 } = agreement;
    if (!signature || !documentId || !sha256) throw new AppError('FIN_ERR_AGREEMENT_NOT_SIGNED');
    const council = await fastify.procedure.council(found);
    const details = await fastify.db
      .selectFrom('cases')
      .innerJoin('application_documents', 'application_documents.case_id', 'cases.id')
      .select(['cases.reference', 'application_documents.content_type', 'application_documents.language'])
      .where('cases.id', '=', found.id)
      .where('application_documents.id', '=', documentId)
      .executeTakeFirstOrThrow();

    return fastify.db.transaction().execute(async (trx) => {
      // Two registrations of one case queue here, and the second finds the first's entry.
      await lockCase(trx, fastify.config.database.kind, 'appointments', found.id);
      const raced = await this.store.entry(found.id, trx);
      if (raced) return raced;
      const now = fastify.now();
      const answer = await this.registry.register(trx, {
        key: found.id,
        council: { id: council.id, name: council.name, timeZone: council.timeZone },
        case: { id: found.id, reference: details.reference },
        procedure: { id: found.procedure, name: this.procedureName(council, found.procedure) },
        applicant: { name: found.citizenName, idDocument: found.idDocument, email: found.citizenEmail, phone: found.citizenPhone },
        document: { id: documentId, sha256, contentType: details.content_type, language: details.language },
        signature: { agentName: signature.agentName, habilitation: signature.habilitation, signedAt: signature.signedAt },
        at: now,
      });
      const entry: RegistryEntry = { caseId: found.id, councilId: council.id, number: answer.number, at: answer.at.toISOString(), documentId, documentSha256: sha256 };
      await this.store.insertEntry(trx, entry);
      await fastify.evidence.append(
        trx,
        found.id,
        {
          type: 'registry.entered',
          actor,
          data: { registry: this.registry.name, number: entry.number, councilId: entry.councilId, at: entry.at, documentId, sha256, recording: await fastify.procedure.core.position(found.id, trx) },
        },
        now,
      );
      return entry;
    });
  }

  /**
   * A new verification code for the case's document of `kind`, registering the case first if it
   * is not yet. Asked again before the document is attached, it gives a new code and the old one
   * finds nothing. With `staleBefore` the code claims the making of the document: until it is
   * attached, `release`d, or issued before `staleBefore` (its making crashed), no other code is
   * issued for the case (FIN_ERR_RECEIPT_IN_PROGRESS). Once attached, the document has its code
   * for good and this refuses with FIN_ERR_RECEIPT_EXISTS.
   */
  async issueCode(found: ProcedureCase, kind: DocumentKind = 'receipt', staleBefore?: Date): Promise<IssuedCode & { entry: RegistryEntry }> {
    const entry = await this.register(found);
    const council = await this.fastify.procedure.council(found);
    const code = newCode();
    const issued = await this.store.issue({
      code_hash: codeHash(code),
      case_id: found.id,
      kind,
      council_id: entry.councilId,
      entry_number: entry.number,
      registered_at: entry.at,
      procedure_id: found.procedure,
      procedure_name: JSON.stringify(this.procedureName(council, found.procedure)),
      issued_at: this.fastify.now().toISOString(),
    }, staleBefore?.toISOString());
    if (!issued) throw new AppError((await this.documentOf(found.id, kind)) ? 'FIN_ERR_RECEIPT_EXISTS' : 'FIN_ERR_RECEIPT_IN_PROGRESS');
    return { code, printed: formatCode(code), url: verificationUrl(this.fastify.config.linkBase, code), entry };
  }

  /** Gives up the claim of a code whose document will not be made after all. */
  release(code: string): Promise<void> {
    return this.store.release(codeHash(code));
  }

  /**
   * Keeps the made document (the sealed PDF, as it is to be served) under the code printed on
   * it, sealed at rest, inside the caller's transaction (the one recording the receipt's
   * evidence). A code issued again meanwhile has lost: FIN_ERR_CHANGED_MEANWHILE, and the caller
   * makes the document again with the new code. If the caller's transaction fails after this,
   * the file stays behind unreferenced.
   */
  async attach(trx: Transaction<Database>, code: string, content: Buffer): Promise<{ sha256: string; file: string; bytes: number }> {
    const hash = codeHash(code);
    const file = path.join('verifiable', `${randomUUID()}.sealed`);
    const target = path.join(this.fastify.config.dataDir, file);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, sealBytes(await this.fastify.masterKey(), content), { mode: 0o600 });
    const made = { sha256: createHash('sha256').update(content).digest('hex'), file, bytes: content.length };
    if (!(await this.store.attach(trx, hash, made))) {
      await rm(target, { force: true });
      throw new AppError('FIN_ERR_CHANGED_MEANWHILE', 'Another verification code was issued for this document meanwhile');
    }
    return made;
  }

  /**
   * Replaces a made document's bytes with `content`, a renewal of them (the receipt with a new
   * timestamp), found by the same code from then on: the new file is sealed at rest beside the
   * old, `record` logs the change in the same transaction, and the old file goes once it has
   * committed. Null, changing nothing, when another renewal stored its bytes first.
   */
  async replace<T>(document: VerifiableDocument, content: Buffer, record: (trx: Transaction<Database>, made: { sha256: string; file: string; bytes: number }) => Promise<T>): Promise<T | null> {
    const { fastify } = this;
    // The file keeps the document's id before its first dot, so that the receipt's member in the evidence bundle keeps its name.
    const file = path.join(path.dirname(document.file!), `${path.basename(document.file!).split('.')[0]}.${randomUUID()}.sealed`);
    const target = path.join(fastify.config.dataDir, file);
    await writeFile(target, sealBytes(await fastify.masterKey(), content), { mode: 0o600 });
    const made = { sha256: createHash('sha256').update(content).digest('hex'), file, bytes: content.length };
    let recorded: { value: T } | null;
    try {
      recorded = await fastify.db.transaction().execute(async (trx) => {
        await lockCase(trx, fastify.config.database.kind, 'appointments', document.case_id);
        if (!(await this.store.replace(trx, document.code_hash, document.sha256!, made))) return null;
        return { value: await record(trx, made) };
      });
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
    await rm(path.join(fastify.config.dataDir, recorded ? document.file! : file), { force: true });
    return recorded ? recorded.value : null;
  }

  /** What a code (as typed: any case, spacing or dashes) finds, or FIN_ERR_VERIFY_NOT_FOUND, malformed or unknown alike. */
  async verify(typed: string): Promise<Verified> {
    const document = await this.store.found(codeHash(typed));
    if (!document) throw notFound();
    return { document, council: await this.fastify.councils.get(document.council_id), procedureName: JSON.parse(document.procedure_name) as Localized };
  }

  /** The document's bytes as they were attached, every chunk checked against its seal as it is streamed. */
  async open(document: VerifiableDocument): Promise<Readable> {
    return decryptFile(await this.fastify.masterKey(), path.join(this.fastify.config.dataDir, document.file!)).catch((cause: unknown) => {
      if (!(cause instanceof SealDamaged)) throw cause;
      throw Object.assign(new AppError('FIN_ERR_DOCUMENT_DAMAGED', 'The document does not match its seal: it is damaged or was altered'), { cause });
    });
  }

  /** The case's made document of `kind` (its receipt), for the desk, the citizen's link and the evidence export. */
  documentOf(caseId: string, kind: DocumentKind = 'receipt'): Promise<VerifiableDocument | undefined> {
    return this.store.ofCase(caseId, kind);
  }

  private procedureName(council: CouncilConfig, procedureId: string): Localized {
    return council.procedures.find((procedure) => procedure.id === procedureId)?.name ?? { [council.defaultLanguage]: procedureId };
  }
}
