import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canonicalJson } from '../src/shared/json.js';
import { seedAppointment } from './call-fixtures.js';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * An appointment of `councilId` whose application the citizen agreed to and Anna, a
 * habilitated employee, signed: the procedure as agreement/sign.ts leaves it (the receipt step
 * current), written in one change so that many cases can be made quickly.
 */
export async function signedCase(app: FastifyInstance, councilId: string): Promise<{ id: string; token: string; documentSha256: string }> {
  const appointment = await seedAppointment(app, councilId);
  await app.db.updateTable('cases').set({ state: 'in_call' }).where('id', '=', appointment.id).execute();
  const body = canonicalJson({ language: 'ca', title: 'Alta al padró', applicant: appointment.id });
  const documentId = randomUUID();
  const documentSha256 = sha256(body);
  const found = await app.procedure.core.deskCase(councilId, appointment.id);
  await app.procedure.core.write(found, 'system', async (record, trx) => {
    const at = app.now().toISOString();
    await trx
      .insertInto('application_documents')
      .values({ id: documentId, case_id: found.id, language: 'ca', content_type: 'application/json', body, sha256: documentSha256, presented_at: at, presented_by: 'system' })
      .execute();
    record.agreement = {
      state: 'agreed',
      documentId,
      sha256: documentSha256,
      presentedAt: at,
      answeredAt: at,
      reason: null,
      signature: { agentId: 'anna', agentName: 'Anna Alfa', habilitation: 'ALFA-HAB-2026-007', algorithm: 'ES256', publicKeySha256: sha256('key'), value: 'c2lnbmF0dXJl', signedAt: at },
    };
    Object.assign(record.steps, { identity: 'done', documents: 'done', application: 'done', agreement: 'done', receipt: 'current' });
    record.current = 'receipt';
    return { events: [{ type: 'agreement.signed', data: { documentId, sha256: documentSha256 } }] };
  });
  return { ...appointment, documentSha256 };
}

/** The case as the registry is handed it. */
export async function procedureCase(app: FastifyInstance, caseId: string) {
  const found = await app.procedure.core.findCase(caseId);
  if (!found) throw new Error(`no case ${caseId}`);
  return found;
}

/** A stand-in for the sealed receipt: what serves it serves whatever bytes were attached. */
export const standInPdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);

/** A registered case whose receipt is made: its code as printed, the receipt's bytes, and the citizen's token. */
export async function madeReceipt(app: FastifyInstance, council = 'alpha') {
  const signed = await signedCase(app, council);
  const issued = await app.registry.issueCode(await procedureCase(app, signed.id));
  const content = standInPdf();
  await app.db.transaction().execute((trx) => app.registry.attach(trx, issued.code, content));
  return { ...issued, content, caseId: signed.id, token: signed.token };
}
