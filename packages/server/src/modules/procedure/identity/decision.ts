import { AppError } from '../../../shared/errors.js';
import { STILL_KINDS, type ChecklistItem, type StillKind } from '../schemas.js';
import type { IdentityRecord } from './record.js';

/** The visible security features of a DNI or NIE card; at least three kinds are checked on camera (the BaFin rule). */
export const SECURITY_FEATURES: readonly ChecklistItem[] = ['hologram', 'laserImage', 'ghostPhoto', 'tactileRelief', 'microtext'];
export const MIN_SECURITY_FEATURES = 3;

/** What a verified identity still lacks, by name: `consent`, `still:front`, `mrz`, `liveness`, `securityFeatures`, … */
export function missingForVerified(identity: IdentityRecord, stills: Partial<Record<StillKind, unknown>>): string[] {
  const { consent, mrz, liveness, checklist } = identity;
  const missing: string[] = [];
  if (consent?.state !== 'accepted') missing.push('consent');
  for (const kind of STILL_KINDS) if (!stills[kind]) missing.push(`still:${kind}`);
  if (!mrz?.valid) missing.push('mrz');
  if (liveness?.matched !== true) missing.push('liveness');
  if (SECURITY_FEATURES.filter((feature) => checklist[feature]).length < MIN_SECURITY_FEATURES) missing.push('securityFeatures');
  if (!checklist.photoMatchesFace) missing.push('photoMatchesFace');
  if (!checklist.documentIntact) missing.push('documentIntact');
  return missing;
}

/** What a verification must be explained for: an expired document, or a number or name other than the booking's. */
export function needsReason(identity: IdentityRecord): string[] {
  const { mrz } = identity;
  if (!mrz) return [];
  return [...(mrz.expired ? ['expired'] : []), ...mrz.comparisons.filter((comparison) => !comparison.match).map((comparison) => comparison.field)];
}

/**
 * Checks a decision against the evidence gathered: "verified" needs every piece of the check, and
 * a reason where the document has expired or differs from the booking; "not verified" always
 * needs a reason. Returns the reason to record.
 */
export function checkDecision(identity: IdentityRecord, stills: Partial<Record<StillKind, unknown>>, verified: boolean, reason: string | undefined): string | null {
  const written = reason?.trim() || null;
  if (!verified) {
    if (written === null) throw new AppError('FIN_ERR_VALIDATION', 'Say why the identity is not verified', 'reason');
    return written;
  }
  const missing = missingForVerified(identity, stills);
  if (missing.length > 0) {
    throw new AppError('FIN_ERR_IDENTITY_INCOMPLETE', `The identity check is not complete: ${missing.join(', ')}`, undefined, { missing });
  }
  const explain = needsReason(identity);
  if (explain.length > 0 && written === null) {
    throw new AppError('FIN_ERR_VALIDATION', `Say why you verify the identity despite: ${explain.join(', ')}`, 'reason', { reasonFor: explain });
  }
  return written;
}
