import { createHash, randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import type { Change, ProcedureRecord } from '../core.js';

type Events = Change<never>['events'];

/** Identity changes are made while it is the current step: going back to it (which voids an agreement) comes first. */
export function assertIdentityOpen(record: ProcedureRecord): void {
  if (record.current !== 'identity') throw new AppError('FIN_ERR_PROCEDURE_STEP_ORDER', 'Go back to the identity step to change it');
}

/** Nothing of the identity check is done before the citizen consents to it. */
export function assertConsented(record: ProcedureRecord): void {
  if (record.identity.consent?.state !== 'accepted') throw new AppError('FIN_ERR_IDENTITY_CONSENT_REQUIRED');
}

/**
 * A decision stands on the evidence it was made on: a change to that evidence withdraws it, and
 * the identity step is to be decided again. Returns what the change's event adds.
 */
export function withdrawDecision(record: ProcedureRecord): { decisionWithdrawn?: true } {
  if (!record.identity.decision) return {};
  record.identity.decision = null;
  record.steps.identity = 'current';
  return { decisionWithdrawn: true };
}

/** The SHA-256 that commits to a spoken code without revealing it: a 4-digit code alone would be found from its hash at once. */
const commitment = (nonce: string, code: string) => createHash('sha256').update(`${nonce}:${code}`).digest('hex');

/** Shows the citizen a new random code to say aloud; any code before it is spent. */
export function issueLiveness(record: ProcedureRecord, now: Date): Events {
  const code = String(randomInt(0, 10_000)).padStart(4, '0');
  const nonce = randomBytes(16).toString('hex');
  const codeSha256 = commitment(nonce, code);
  const withdrawn = withdrawDecision(record);
  record.identity.requestedStill = null;
  record.identity.liveness = { codeSha256, code, nonce, issuedAt: now.toISOString(), matched: null, answeredAt: null };
  return [{ type: 'identity.liveness_issued', data: { codeSha256, ...withdrawn } }];
}

/**
 * Compares what the agent heard with the code shown, once: the code is then spent and revealed in
 * the evidence with its nonce, so that anyone can check it against the commitment logged when it
 * was issued.
 */
export function answerLiveness(record: ProcedureRecord, heard: string, now: Date): Events {
  const { liveness } = record.identity;
  if (!liveness?.code || !liveness.nonce) throw new AppError('FIN_ERR_LIVENESS_NOT_ISSUED', 'No spoken code is waiting for an answer: show a new one');
  const spoken = heard.replace(/\s/g, '');
  const matched = spoken === liveness.code;
  const { code, nonce, codeSha256 } = liveness;
  const withdrawn = withdrawDecision(record);
  record.identity.liveness = { ...liveness, code: null, nonce: null, matched, answeredAt: now.toISOString() };
  return [{ type: 'identity.liveness_answered', data: { heard: spoken, matched, code, nonce, codeSha256, ...withdrawn } }];
}
