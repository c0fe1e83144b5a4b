import { Type, type Static } from '@sinclair/typebox';

export const CaseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type CaseParams = Static<typeof CaseParams>;

export const HoldBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500, description: 'Why the data must be kept: the court case, complaint or inspection' }) },
  { additionalProperties: false },
);
export type HoldBody = Static<typeof HoldBody>;

/** A case's legal hold: who placed it, when and why. */
export const LegalHold = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    by: Type.String({ description: 'The agent who placed it' }),
    reason: Type.String(),
  },
  { title: 'LegalHold' },
);
