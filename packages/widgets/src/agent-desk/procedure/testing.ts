/**
 * Procedures in each state of the identity check, for the desk's tests and stories: what the
 * server would answer at each point, so that neither needs a server.
 */
import type { DeskIdentity, DeskProcedure, IdentityStill, MrzReading, ProcedureStepId } from '@finestreta/server/contract';

export const AT = '2026-11-23T09:05:00.000Z';

/** A fresh procedure: the identity check just begun. */
export function deskProcedure(identity: Partial<DeskIdentity> = {}, overrides: Partial<DeskProcedure> = {}): DeskProcedure {
  return {
    caseId: 'case-1',
    revision: 1,
    receipt: null,
    current: 'identity',
    steps: stepsAt('identity'),
    identity: {
      booked: { name: 'Carmen Española Española', idNumber: '99999999R', idValid: true },
      consent: null,
      requestedStill: null,
      stills: [],
      mrz: null,
      liveness: null,
      checklist: {},
      decision: null,
      ...identity,
    },
    application: { forms: [{ id: 'generic', title: 'Generic application' }], form: null, data: {}, attachments: [], version: 0, errors: [] },
    agreement: { state: 'none', documentId: null, sha256: null, presentedAt: null, answeredAt: null, reason: null, signature: null },
    recording: { required: false, running: true },
    ...overrides,
  };
}

/** The steps with `current` the current one, those before it done and those after it pending. */
export function stepsAt(current: ProcedureStepId, failed: ProcedureStepId[] = []): DeskProcedure['steps'] {
  const order: ProcedureStepId[] = ['identity', 'documents', 'application', 'agreement', 'receipt'];
  const at = order.indexOf(current);
  return order.map((id, index) => ({ id, state: failed.includes(id) ? 'failed' : index < at ? 'done' : index === at ? 'current' : 'pending' }));
}

export const accepted: Partial<DeskIdentity> = { consent: { state: 'accepted', textSha256: 'ab'.repeat(32), at: AT } };

export const stills: IdentityStill[] = (['face', 'back', 'front'] as const).map((kind, index) => ({
  id: `still-${kind}`,
  kind,
  contentType: 'image/png',
  width: 1920,
  height: 1080,
  bytes: 2_400_000,
  sha256: String(index).repeat(64),
  takenAt: `2026-11-23T09:0${8 - index}:00.000Z`,
}));

export const MRZ_LINES = ['IDESPBAA000589599999999D<<<<<<', '8001014F2501017ESP<<<<<<<<<<<7', 'ESPANOLA<ESPANOLA<<CARMEN<<<<<'];

/** The specimen DNI's MRZ as the server reads it; `changes` make it wrong in one way or another. */
export function mrzReading(changes: Partial<MrzReading> = {}): MrzReading {
  return {
    lines: MRZ_LINES,
    format: 'TD1',
    valid: true,
    checks: [
      { field: 'documentNumber', valid: true },
      { field: 'birthDate', valid: true },
      { field: 'expirationDate', valid: true },
      { field: 'composite', valid: true },
    ],
    fields: {
      documentNumber: 'BAA000589',
      idNumber: '99999999D',
      surname: 'ESPANOLA ESPANOLA',
      givenNames: 'CARMEN',
      birthDate: '1980-01-01',
      expirationDate: '2035-01-01',
      nationality: 'ESP',
    },
    expired: false,
    comparisons: [
      { field: 'idNumber', booked: '99999999D', read: '99999999D', match: true },
      { field: 'name', booked: 'Carmen Española Española', read: 'CARMEN ESPANOLA ESPANOLA', match: true },
    ],
    readAt: AT,
    ...changes,
  };
}

export const badCheckDigit = mrzReading({ valid: false, checks: mrzReading().checks.map((check) => (check.field === 'birthDate' ? { ...check, valid: false } : check)) });
export const expired = mrzReading({ expired: true, fields: { ...mrzReading().fields, expirationDate: '2025-01-01' } });
export const mismatch = mrzReading({
  comparisons: [
    { field: 'idNumber', booked: '12345678Z', read: '99999999D', match: false },
    { field: 'name', booked: 'Carmen Española Española', read: 'CARMEN ESPANOLA ESPANOLA', match: true },
  ],
});

/** Everything a verification needs: consent, the three stills, a valid MRZ, the code matched and the checklist ticked. */
export const complete: Partial<DeskIdentity> = {
  ...accepted,
  stills,
  mrz: mrzReading(),
  liveness: { issuedAt: AT, matched: true, answeredAt: AT },
  checklist: { hologram: true, laserImage: true, ghostPhoto: true, photoMatchesFace: true, documentIntact: true },
};

/** A small picture where a still's bytes would be: a document-coloured card on a dark table. */
export async function stillPicture(width = 320, height = 200): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#333';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#c9d8e8';
  context.fillRect(width * 0.1, height * 0.15, width * 0.8, height * 0.7);
  return canvas.convertToBlob({ type: 'image/png' });
}
