import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DocumentsTable, DocumentUploadsTable } from '../../db/schema.js';
import type { Language } from '../councils/schemas.js';

/** A case as the documents module needs it. */
export interface DocumentCase {
  id: string;
  councilId: string;
  kind: 'callback' | 'appointment';
  reference: string;
  language: Language;
  /** The appointment's procedure; null for a callback. */
  procedure: string | null;
  state: string;
  citizenName: string;
  /** Where the citizen gets news of the case; null when they gave no address. */
  citizenEmail: string | null;
}

/** Where a staged upload stands: the plaintext bytes counted, and the staging file's length. */
export type UploadPosition = Pick<DocumentUploadsTable, 'offset' | 'staged_bytes'>;

/** What a case already holds or has on its way, as its limits count it. */
export interface CaseUsage {
  files: number;
  bytes: number;
}

/**
 * The SQL of the documents capability: cases as documents see them, their documents, and the
 * uploads in progress (`document_uploads`, which the staging store keeps in step with its files).
 * A method that takes a transaction runs in the caller's, where the caller decides what is atomic.
 */
export class DocumentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The case `id`, of the council `councilId` when given: another council's case does not exist for it. */
  async findCase(id: string, councilId?: string, executor: Kysely<Database> = this.db): Promise<DocumentCase | undefined> {
    let query = executor
      .selectFrom('cases')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select(['cases.id', 'cases.council_id as councilId', 'cases.kind', 'cases.reference', 'cases.language', 'cases.state', 'cases.citizen_name as citizenName', 'cases.citizen_email as citizenEmail', 'appointments.procedure'])
      .where('cases.id', '=', id);
    if (councilId !== undefined) query = query.where('cases.council_id', '=', councilId);
    const row = await query.executeTakeFirst();
    return row && { ...row, procedure: row.procedure ?? null };
  }

  /** A case's documents, oldest first. */
  documents(caseId: string): Promise<DocumentsTable[]> {
    return this.db.selectFrom('documents').selectAll().where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute();
  }

  /**
   * What a case holds (documents not rejected) and has on its way (uploads, at their full
   * length), after writing the case's row so that a concurrent transaction doing the same waits
   * for this one (PostgreSQL locks the row; SQLite serialises writers).
   */
  async lockUsage(trx: Transaction<Database>, caseId: string): Promise<CaseUsage> {
    await trx.updateTable('cases').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', caseId).execute();
    const kept = await trx
      .selectFrom('documents')
      .select((eb) => [eb.fn.countAll<number>().as('files'), eb.fn.sum<number>('bytes').as('bytes')])
      .where('case_id', '=', caseId)
      .where('state', '!=', 'rejected')
      .executeTakeFirstOrThrow();
    const pending = await trx
      .selectFrom('document_uploads')
      .select((eb) => [eb.fn.countAll<number>().as('files'), eb.fn.sum<number>('size').as('bytes')])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return { files: Number(kept.files) + Number(pending.files), bytes: Number(kept.bytes ?? 0) + Number(pending.bytes ?? 0) };
  }

  async insertUpload(trx: Transaction<Database>, upload: DocumentUploadsTable): Promise<void> {
    await trx.insertInto('document_uploads').values(upload).execute();
  }

  upload(id: string): Promise<DocumentUploadsTable | undefined> {
    return this.db.selectFrom('document_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Whether an upload in progress belongs to the case. */
  async ownsUpload(caseId: string, uploadId: string): Promise<boolean> {
    const row = await this.db.selectFrom('document_uploads').select('id').where('id', '=', uploadId).where('case_id', '=', caseId).executeTakeFirst();
    return row !== undefined;
  }

  /** Moves an upload to `position` if it still stands at `from`; whether it moved. */
  async moveUpload(id: string, position: UploadPosition, from: UploadPosition): Promise<boolean> {
    const result = await this.db
      .updateTable('document_uploads')
      .set(position)
      .where('id', '=', id)
      .where('offset', '=', from.offset)
      .where('staged_bytes', '=', from.staged_bytes)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deleteUpload(id: string): Promise<void> {
    await this.db.deleteFrom('document_uploads').where('id', '=', id).execute();
  }

  /** The uploads created before `before` (an ISO instant). */
  async uploadsCreatedBefore(before: string): Promise<string[]> {
    const rows = await this.db.selectFrom('document_uploads').select('id').where('created_at', '<', before).execute();
    return rows.map((row) => row.id);
  }

  /** The document a case's upload became, with the upload's length. */
  finishedUpload(caseId: string, uploadId: string): Promise<Pick<DocumentsTable, 'id' | 'upload_size'> | undefined> {
    return this.db
      .selectFrom('documents')
      .select(['id', 'upload_size'])
      .where('upload_id', '=', uploadId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
  }

  /** Keeps a finished upload as a document: the document's row takes the place of the upload's. */
  async keepUpload(trx: Transaction<Database>, uploadId: string, document: DocumentsTable): Promise<void> {
    await trx.insertInto('documents').values(document).execute();
    await trx.deleteFrom('document_uploads').where('id', '=', uploadId).execute();
  }

  /** A document of the council's cases; `executor` is the caller's transaction when it has one. */
  councilDocument(councilId: string, documentId: string, executor: Kysely<Database> = this.db): Promise<DocumentsTable | undefined> {
    return executor
      .selectFrom('documents')
      .innerJoin('cases', 'cases.id', 'documents.case_id')
      .selectAll('documents')
      .where('documents.id', '=', documentId)
      .where('cases.council_id', '=', councilId)
      .executeTakeFirst();
  }

  async review(trx: Transaction<Database>, documentId: string, changes: Pick<DocumentsTable, 'state' | 'rejection_reason' | 'reviewed_at' | 'reviewed_by'>): Promise<void> {
    await trx.updateTable('documents').set(changes).where('id', '=', documentId).execute();
  }
}
