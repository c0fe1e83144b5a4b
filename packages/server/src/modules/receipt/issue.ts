import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { lockCase } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { languageFor, localize } from '../councils/language.js';
import type { CouncilConfig } from '../councils/schemas.js';
import type { AgreementRecord } from '../procedure/agreement/record.js';
import type { ProcedureCase } from '../procedure/core.js';
import type { ApplicationDocument, RecordingPosition } from '../procedure/schemas.js';
import type { IssuedCode } from '../registry/service.js';
import type { RegistryEntry, VerifiableDocument } from '../registry/store.js';
import { NoSealError, TimestampError } from '../seal/index.js';
import type { ReceiptContent } from './content.js';
import { makeReceipt } from './pdf.js';

/** A case's made receipt, and its verification code as printed if this call made it (the code is kept nowhere else). */
export interface IssuedReceipt {
  document: VerifiableDocument;
  code: string | null;
}

/**
 * Makes the receipt of a signed case: registers it (once), issues its verification code, makes
 * the PDF, seals it with the council's seal, and records it (the file under its code, the
 * `receipt.issued` event and the receipt step done) in one transaction. A case with its receipt
 * made gets it back as it is, so a retry after a seal or timestamp failure keeps the entry. The
 * code is the making's claim (`RegistryService.issueCode`): another making of the case, here or
 * in another process, is refused with FIN_ERR_RECEIPT_IN_PROGRESS unless its code was issued
 * before `staleBefore`; a failure gives the claim up at once, a crash when it goes stale.
 */
export async function issueReceipt(fastify: FastifyInstance, found: ProcedureCase, staleBefore: Date): Promise<IssuedReceipt> {
  const made = await fastify.registry.documentOf(found.id);
  if (made?.file) return { document: made, code: null };
  const record = await fastify.procedure.core.read(found.id);
  const { signature, documentId, sha256 } = record.agreement;
  if (!signature || !documentId || !sha256) throw new AppError('FIN_ERR_AGREEMENT_NOT_SIGNED');
  const council = await fastify.procedure.council(found);
  // Asked first, so that a council without a seal spends no code.
  if (!(await fastify.seal.has(council.id))) throw new AppError('FIN_ERR_SEAL_NOT_CONFIGURED');

  const issued = await fastify.registry.issueCode(found, 'receipt', staleBefore);
  try {
    await makeAndAttach(fastify, found, council, { signature, documentId, sha256 }, issued);
  } catch (error) {
    await fastify.registry.release(issued.code);
    throw error;
  }
  await fastify.calls.notify(found.id, 'procedureChanged', { revision: record.revision + 1 });
  return { document: (await fastify.registry.documentOf(found.id))!, code: issued.printed };
}

/** What the receipt proves was signed: the agreed document, its fingerprint, the employee's signature. */
interface Signed {
  signature: NonNullable<AgreementRecord['signature']>;
  documentId: string;
  sha256: string;
}

/** Makes the receipt with the code just issued, seals it, and records it, all or nothing. */
async function makeAndAttach(fastify: FastifyInstance, found: ProcedureCase, council: CouncilConfig, signed: Signed, issued: IssuedCode & { entry: RegistryEntry }): Promise<void> {
  const { signature, documentId, sha256 } = signed;
  const document = await fastify.db.selectFrom('application_documents').select('body').where('id', '=', documentId).executeTakeFirstOrThrow();
  const agreed = (await fastify.evidence.list(found.id)).findLast((event) => event.type === 'agreement.agreed');
  const language = languageFor(council, found.language);
  const procedure = council.procedures.find((candidate) => candidate.id === found.procedure);
  const content: ReceiptContent = {
    language,
    council: { name: council.name, dir3Code: council.dir3Code ?? null, timeZone: council.timeZone },
    registry: { entryNumber: issued.entry.number, registeredAt: issued.entry.at },
    procedure: procedure ? localize(procedure.name, language, council.defaultLanguage) : found.procedure,
    applicant: { name: found.citizenName, idNumber: found.idDocument },
    application: JSON.parse(document.body) as ApplicationDocument,
    agreement: {
      agreedAt: agreed?.at ?? signature.signedAt,
      sha256,
      recording: (agreed?.data.recording as RecordingPosition | null | undefined) ?? null,
    },
    employee: { name: signature.agentName, habilitation: signature.habilitation, signedAt: signature.signedAt },
    verification: { code: issued.printed, url: issued.url },
  };
  const sealed = await sealReceipt(fastify, council.id, await makeReceipt(content));

  await fastify.db.transaction().execute(async (trx) => {
    await lockCase(trx, fastify.config.database.kind, 'appointments', found.id);
    const file = await fastify.registry.attach(trx, issued.code, sealed);
    const now = fastify.now();
    await fastify.evidence.append(
      trx,
      found.id,
      {
        type: 'receipt.issued',
        actor: 'system',
        // receiptId names the sealed file, and so its member in the evidence bundle.
        data: { receiptId: receiptId(file.file), entryNumber: issued.entry.number, sha256: file.sha256, bytes: file.bytes },
      },
      now,
    );
    const steps = { ...(await fastify.procedure.core.read(found.id, trx)).steps, receipt: 'done' };
    await trx
      .updateTable('procedures')
      .set((eb) => ({ steps: JSON.stringify(steps), revision: eb('revision', '+', 1), updated_at: now.toISOString() })).where('case_id', '=', found.id).execute();
  });
}

/** The id of a receipt's sealed file (`verifiable/<id>.sealed`, once renewed `verifiable/<id>.<renewal>.sealed`). */
export const receiptId = (file: string): string => path.basename(file).split('.')[0]!;

/** The receipt sealed, or the reason it could not be, as the API says it. */
async function sealReceipt(fastify: FastifyInstance, councilId: string, pdf: Buffer): Promise<Buffer> {
  try {
    return await fastify.seal.sealPdf(councilId, pdf);
  } catch (error) {
    if (error instanceof NoSealError) throw Object.assign(new AppError('FIN_ERR_SEAL_NOT_CONFIGURED'), { cause: error });
    if (error instanceof TimestampError) throw Object.assign(new AppError('FIN_ERR_TIMESTAMP_UNAVAILABLE'), { cause: error });
    throw error;
  }
}
