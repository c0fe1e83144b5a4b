import type { Checklist, MrzReading, StillKind } from '../schemas.js';

/** The identity check as stored in `procedures.identity` (owned by this folder). */
export interface IdentityRecord {
  consent: { state: 'asked' | 'accepted' | 'refused'; textSha256: string; at: string } | null;
  requestedStill: StillKind | null;
  mrz: MrzReading | null;
  /**
   * The spoken code, shown to the citizen only until the agent answers; then only its commitment
   * stays (the SHA-256 of `nonce:code`, logged when issued, the nonce and code logged when
   * answered), so that neither the desk's view nor the evidence reveals it before it is said.
   */
  liveness: { codeSha256: string; code: string | null; nonce: string | null; issuedAt: string; matched: boolean | null; answeredAt: string | null } | null;
  checklist: Checklist;
  decision: { verified: boolean; reason: string | null; at: string; agentId: string } | null;
}

export function emptyIdentity(): IdentityRecord {
  return { consent: null, requestedStill: null, mrz: null, liveness: null, checklist: {}, decision: null };
}
