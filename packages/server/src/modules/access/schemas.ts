import { Type, type Static } from '@sinclair/typebox';
import { LegalHold } from '../retention/schemas.js';

/** Whom to look for: one of their phone, email or identity document, as they gave it. */
export const SubjectBody = Type.Object(
  {
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    idDocument: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'DNI or NIE' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type SubjectBody = Static<typeof SubjectBody>;

export const SubjectCase = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    kind: Type.Union([Type.Literal('callback'), Type.Literal('appointment')]),
    state: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    hold: Type.Union([LegalHold, Type.Null()]),
  },
  { title: 'SubjectCase' },
);
export type SubjectCase = Static<typeof SubjectCase>;

export const SubjectCases = Type.Object({ cases: Type.Array(SubjectCase) }, { title: 'SubjectCases' });
