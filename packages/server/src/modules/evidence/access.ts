import type { FastifyInstance } from 'fastify';

/** What staff opened: a case's document, identity still, recording, or (once it exists) receipt. */
export type AccessedKind = 'document' | 'still' | 'recording' | 'receipt';

export interface StaffAccess {
  kind: AccessedKind;
  id: string;
  /** The SHA-256 of the plaintext the evidence log already holds for it, so the event names the exact bytes shown. */
  sha256: string;
  how: 'view' | 'download';
  /** One party's streams of a recording (`citizen`, `agent`), when only those were opened. */
  party?: string;
}

/**
 * Whether a request opens a file rather than continuing to read it: a player fetches a video in
 * many range requests (the first from byte 0, then seeks and chunks), and only the first of a
 * playback is an opening worth a line in the evidence. A malformed Range header is answered with
 * the whole file, so it counts as an opening too.
 */
export function isOpening(range: string | undefined): boolean {
  if (range === undefined) return true;
  const first = /^\s*bytes\s*=\s*(\d*)\s*-/i.exec(range);
  return !first || first[1] === '0';
}

/**
 * Logs that an agent opened one of a case's files, in a transaction of its own, before the first
 * byte is sent: if the event cannot be written, nothing is shown (traceability the ENS and the
 * GDPR expect of access to personal data).
 */
export async function recordStaffAccess(fastify: FastifyInstance, caseId: string, agentId: string, access: StaffAccess): Promise<void> {
  await fastify.db
    .transaction()
    .execute((trx) => fastify.evidence.append(trx, caseId, { type: 'staff.accessed', actor: `agent:${agentId}`, data: { ...access } }, fastify.now()));
}
