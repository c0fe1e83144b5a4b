import type { Selectable } from 'kysely';
import type { IdentityStillsTable } from '../../../db/schema.js';
import { normaliseIdDocument } from '../../../shared/id-document.js';
import type { ProcedureCase, ProcedureRecord } from '../core.js';
import type { Asked, DeskIdentity } from '../schemas.js';

/** The identity check as the agent sees it: the booking beside what was read, the stills newest first. */
export function deskIdentity(found: ProcedureCase, record: ProcedureRecord, stills: Array<Selectable<IdentityStillsTable>>): DeskIdentity {
  const { consent, requestedStill, mrz, liveness, checklist, decision } = record.identity;
  return {
    booked: {
      name: found.citizenName,
      idNumber: found.idDocument,
      idValid: found.idDocument === null ? null : normaliseIdDocument(found.idDocument) !== undefined,
    },
    consent,
    requestedStill,
    stills: stills.map((still) => ({
      id: still.id,
      kind: still.kind,
      contentType: still.content_type,
      width: still.width,
      height: still.height,
      bytes: still.bytes,
      sha256: still.sha256,
      takenAt: still.taken_at,
    })),
    mrz,
    liveness: liveness && { issuedAt: liveness.issuedAt, matched: liveness.matched, answeredAt: liveness.answeredAt },
    checklist,
    decision,
  };
}

/** What the identity step asks of the citizen now, if anything: nothing once it is decided, until the agent redoes it. */
export function identityAsked(record: ProcedureRecord, consentText: { text: string; textSha256: string }): Asked | null {
  if (record.current !== 'identity' || record.steps.identity !== 'current') return null;
  const { consent, requestedStill, liveness } = record.identity;
  if (consent?.state === 'asked') return { kind: 'consent', ...consentText };
  if (requestedStill) return { kind: 'still', still: requestedStill };
  if (liveness?.code && liveness.matched === null) return { kind: 'liveness', code: liveness.code };
  return null;
}
