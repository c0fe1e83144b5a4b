import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.js';
import type { CouncilConfig } from '../../councils/schemas.js';
import type { ProcedureCase, ProcedureRecord } from '../core.js';

/** What the citizen answers to the application presented. */
export interface AgreementAnswer {
  agree: boolean;
  /** The SHA-256 the citizen's device computed over the bytes it was sent; needed to agree. */
  sha256?: string;
  /** Why they do not agree, if they say. */
  reason?: string;
}

// Enough for any browser's; a longer header is cut rather than stored whole in the evidence.
const USER_AGENT_CHARS = 500;

/** Who answered, as the evidence keeps it: the address the request came from and the browser it says it is. */
const origin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, USER_AGENT_CHARS) ?? null });

const notPresented = (message?: string) => new AppError('FIN_ERR_AGREEMENT_NOT_PRESENTED', message);

/**
 * The citizen's side of the agreement: reading the exact document presented (whose first reading
 * is logged as "shown"), then agreeing to it, or not.
 */
export class CitizenAgreement {
  constructor(private readonly fastify: FastifyInstance) {}

  /**
   * The exact bytes presented as document `documentId` of the citizen's own case (another case's
   * id is not found). The first reading of the document now awaiting agreement is logged, with
   * its hash, from where and in which browser: agreeing needs it, so "shown" precedes "agreed".
   */
  async document(found: ProcedureCase, documentId: string, request: FastifyRequest): Promise<Buffer> {
    const document = await this.fastify.db
      .selectFrom('application_documents')
      .select(['id', 'body', 'sha256'])
      .where('id', '=', documentId)
      .where('case_id', '=', found.id)
      .executeTakeFirst();
    if (!document) throw new AppError('FIN_ERR_DOCUMENT_NOT_FOUND');
    const awaiting = (record: ProcedureRecord) =>
      record.agreement.state === 'presented' && record.agreement.documentId === document.id && record.agreement.shown?.documentId !== document.id;
    // Once the call has ended nothing can be agreed to; the citizen may still read what was presented.
    if (found.state === 'in_call' && awaiting(await this.fastify.procedure.core.read(found.id))) {
      await this.fastify.procedure.core.write(found, 'citizen', (record) => {
        if (!awaiting(record)) return { events: [] };
        record.agreement.shown = { documentId: document.id, at: this.fastify.now().toISOString() };
        return { events: [{ type: 'agreement.shown', data: { documentId: document.id, sha256: document.sha256, ...origin(request) } }] };
      });
    }
    return Buffer.from(document.body, 'utf8');
  }

  /**
   * Agrees to the document presented, or refuses it. Agreeing needs the document shown, the
   * identity verified, the fingerprint of what was presented and, where the council requires it,
   * the recording running now. Each answer is given once; a change voids it and asks again.
   */
  async answer(council: CouncilConfig, found: ProcedureCase, answer: AgreementAnswer, request: FastifyRequest): Promise<void> {
    if (answer.agree && answer.sha256 === undefined) throw new AppError('FIN_ERR_VALIDATION', 'body.sha256 is required to agree');
    if (answer.agree && answer.reason !== undefined) throw new AppError('FIN_ERR_VALIDATION', 'body.reason is only for not agreeing');
    const { core } = this.fastify.procedure;
    await core.write(found, 'citizen', async (record, trx) => {
      const { agreement } = record;
      if (agreement.state === 'agreed' || agreement.state === 'refused') throw notPresented('The citizen has answered already');
      if (agreement.state !== 'presented' || !agreement.documentId) throw notPresented();
      const answeredAt = this.fastify.now().toISOString();
      const about = { documentId: agreement.documentId, sha256: agreement.sha256 };
      if (!answer.agree) {
        const reason = answer.reason?.trim() || null;
        record.agreement = { ...agreement, state: 'refused', answeredAt, reason };
        record.steps.agreement = 'failed';
        return { events: [{ type: 'agreement.refused', data: { ...about, reason, ...origin(request) } }] };
      }
      if (agreement.shown?.documentId !== agreement.documentId) throw notPresented('The citizen has not been shown the application yet');
      if (record.identity.decision?.verified !== true) throw new AppError('FIN_ERR_IDENTITY_NOT_VERIFIED');
      if (answer.sha256!.toLowerCase() !== agreement.sha256) throw new AppError('FIN_ERR_AGREEMENT_MISMATCH');
      if (council.recording?.required && !(await core.position(found.id, trx))) throw new AppError('FIN_ERR_AGREEMENT_RECORDING_REQUIRED');
      record.agreement = { ...agreement, state: 'agreed', answeredAt, reason: null };
      return { events: [{ type: 'agreement.agreed', data: { ...about, ...origin(request) } }] };
    });
  }
}
