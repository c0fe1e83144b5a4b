import type { Checklist, MrzReading, StillKind } from '../schemas.js';

/** The identity check as stored in `procedures.identity` (owned by this folder). */
export interface IdentityRecord {
  consent: { state: 'asked' | 'accepted' | 'refused'; textSha256: string; at: string } | null;
  requestedStill: StillKind | null;
  mrz: MrzReading | null;
  /** The spoken code is kept as its hash once shown, so the desk never reads it. */
  liveness: { codeSha256: string; code: string | null; issuedAt: string; matched: boolean | null; answeredAt: string | null } | null;
  checklist: Checklist;
  decision: { verified: boolean; reason: string | null; at: string; agentId: string } | null;
}

export function emptyIdentity(): IdentityRecord {
  return { consent: null, requestedStill: null, mrz: null, liveness: null, checklist: {}, decision: null };
}
