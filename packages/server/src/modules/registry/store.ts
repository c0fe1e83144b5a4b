import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { VerifiableDocumentsTable } from '../../db/schema.js';

/** A case's entry in its council's registry. */
export interface RegistryEntry {
  caseId: string;
  councilId: string;
  /** As the registry gave it (the built-in one: `2026/000123`). */
  number: string;
  /** ISO-8601 UTC. */
  at: string;
  /** The agreed application document and its SHA-256. */
  documentId: string;
  documentSha256: string;
}

export type VerifiableDocument = Selectable<VerifiableDocumentsTable>;
export type DocumentKind = VerifiableDocumentsTable['kind'];

type Db = Kysely<Database> | Transaction<Database>;

/** Later than any ISO 8601 instant: a bound that keeps nothing out. */
const FOREVER = '9999-12-31T23:59:59.999Z';

/** The registry's SQL: entries, and the documents their verification codes find. */
export class RegistryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async entry(caseId: string, db: Db = this.db): Promise<RegistryEntry | undefined> {
    const row = await db.selectFrom('registry_entries').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    return (
      row && {
        caseId: row.case_id,
        councilId: row.council_id,
        number: row.number,
        at: row.registered_at,
        documentId: row.document_id,
        documentSha256: row.document_sha256,
      }
    );
  }

  async insertEntry(trx: Transaction<Database>, entry: RegistryEntry): Promise<void> {
    await trx
      .insertInto('registry_entries')
      .values({
        case_id: entry.caseId,
        council_id: entry.councilId,
        number: entry.number,
        registered_at: entry.at,
        document_id: entry.documentId,
        document_sha256: entry.documentSha256,
      })
      .execute();
  }

  /**
   * Stores a code for the case's document of `row.kind`, replacing the code of one not yet made
   * (its code was never printed on anything that exists), if that code was issued before
   * `staleBefore` when given: the code is then a making's claim, and one not yet stale is
   * another making's, still under way. Returns false, storing nothing, when the document is
   * already made or claimed.
   */
  async issue(row: Omit<VerifiableDocument, 'sha256' | 'file' | 'bytes'>, staleBefore?: string): Promise<boolean> {
    const result = await this.db
      .insertInto('verifiable_documents')
      .values({ ...row, sha256: null, file: null, bytes: null })
      .onConflict((conflict) =>
        conflict
          .columns(['case_id', 'kind'])
          .doUpdateSet((eb) => ({
            code_hash: eb.ref('excluded.code_hash'),
            entry_number: eb.ref('excluded.entry_number'),
            registered_at: eb.ref('excluded.registered_at'),
            procedure_name: eb.ref('excluded.procedure_name'),
            issued_at: eb.ref('excluded.issued_at'),
          }))
          .where('verifiable_documents.file', 'is', null)
          .where('verifiable_documents.issued_at', '<', staleBefore ?? FOREVER),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows) === 1;
  }

  /** Forgets a code whose document will not be made (its making failed), so that the next making need not wait for it to go stale. */
  async release(codeHash: string): Promise<void> {
    await this.db.deleteFrom('verifiable_documents').where('code_hash', '=', codeHash).where('file', 'is', null).execute();
  }

  /** Records the made document under its code; false when that code is no longer the case's (issued again meanwhile) or already has one. */
  async attach(trx: Transaction<Database>, codeHash: string, made: { sha256: string; file: string; bytes: number }): Promise<boolean> {
    const result = await trx
      .updateTable('verifiable_documents')
      .set(made)
      .where('code_hash', '=', codeHash)
      .where('file', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Points a made document at its renewed file; false when its bytes are no longer `previousSha256` (renewed meanwhile). */
  async replace(trx: Transaction<Database>, codeHash: string, previousSha256: string, made: { sha256: string; file: string; bytes: number }): Promise<boolean> {
    const result = await trx.updateTable('verifiable_documents').set(made).where('code_hash', '=', codeHash).where('sha256', '=', previousSha256).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The made document a code finds; one whose making has not finished is found by no code. */
  found(codeHash: string): Promise<VerifiableDocument | undefined> {
    return this.db.selectFrom('verifiable_documents').selectAll().where('code_hash', '=', codeHash).where('file', 'is not', null).executeTakeFirst();
  }

  /** A case's made document of `kind`. */
  ofCase(caseId: string, kind: DocumentKind): Promise<VerifiableDocument | undefined> {
    return this.db.selectFrom('verifiable_documents').selectAll().where('case_id', '=', caseId).where('kind', '=', kind).where('file', 'is not', null).executeTakeFirst();
  }
}
