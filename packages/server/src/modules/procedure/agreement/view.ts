import type { ProcedureRecord } from '../core.js';
import type { Agreement } from '../schemas.js';

/** The agreement as both sides see it; the signature's value stays in the evidence. */
export function agreementView(record: ProcedureRecord): Agreement {
  const { state, documentId, sha256, presentedAt, answeredAt, reason, shown, voided, signature } = record.agreement;
  return {
    state,
    documentId,
    sha256,
    presentedAt,
    answeredAt,
    reason,
    shownAt: documentId !== null && shown?.documentId === documentId ? shown.at : null,
    voidCause: state === 'void' ? (voided?.cause ?? null) : null,
    signature: signature
      ? {
          agentId: signature.agentId,
          agentName: signature.agentName,
          habilitation: signature.habilitation,
          algorithm: signature.algorithm,
          publicKeySha256: signature.publicKeySha256,
          signedAt: signature.signedAt,
        }
      : null,
  };
}
