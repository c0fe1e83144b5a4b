import type { AgreementState } from '../schemas.js';

/** The agreement as stored in `procedures.agreement` (owned by this folder). */
export interface AgreementRecord {
  state: AgreementState;
  documentId: string | null;
  sha256: string | null;
  presentedAt: string | null;
  answeredAt: string | null;
  reason: string | null;
  /** The presented document the citizen's device first fetched, and when: agreeing needs it. */
  shown?: { documentId: string; at: string };
  /** The agreement voided last, and why. */
  voided?: { documentId: string | null; sha256: string | null; cause: string };
  signature?: {
    agentId: string;
    agentName: string;
    habilitation: string;
    algorithm: string;
    publicKeySha256: string;
    /** Base64 over the agreed document's SHA-256. */
    value: string;
    signedAt: string;
  };
}

export function emptyAgreement(): AgreementRecord {
  return { state: 'none', documentId: null, sha256: null, presentedAt: null, answeredAt: null, reason: null };
}
