import { Type } from '@sinclair/typebox';

export const ChallengeRequiredResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ examples: ['FIN_ERR_CHALLENGE_REQUIRED', 'FIN_ERR_CHALLENGE_INVALID'] }),
    message: Type.String(),
    challenge: Type.Object({
      token: Type.String({ description: 'Signed, single-use and expiring; send it back as is' }),
      difficulty: Type.Integer({ description: 'Leading zero bits SHA-256(`token:solution`) must have' }),
      expiresAt: Type.String({ format: 'date-time' }),
    }),
  },
  {
    description:
      'Bookings from this address, or on this council, are far above normal. Find a decimal `solution` such that ' +
      'SHA-256(`token:solution`) starts with `difficulty` zero bits, and send the same request again with the header ' +
      '`Fin-Proof: token:solution`. FIN_ERR_CHALLENGE_INVALID: the proof sent was wrong, expired or already used; a new challenge comes with it.',
  },
);

/** Response entries of a booking route that the flood guard protects. */
export const challengeResponses = { 428: ChallengeRequiredResponse };

const SuspiciousBooking = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('callback'), Type.Literal('appointment')]),
  reference: Type.String(),
  state: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  slot: Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) }),
});

export const FloodReport = Type.Object({
  flooding: Type.Boolean({ description: 'Whether an address, or the council as a whole, books far above normal' }),
  council: Type.Object({
    lastHour: Type.Integer({ description: "The council's bookings in the last hour" }),
    threshold: Type.Integer({ description: 'Where a flood starts: a multiple of the normal hourly rate of the past 4 weeks, with a floor' }),
  }),
  groups: Type.Array(
    Type.Object({
      origin: Type.String({ description: 'The first 12 hex digits of the keyed hash of the client address' }),
      count: Type.Integer(),
      first: Type.String({ format: 'date-time' }),
      last: Type.String({ format: 'date-time' }),
      bookings: Type.Array(SuspiciousBooking),
    }),
    { description: 'Bookings of the last 24 hours by address: addresses above their threshold, and every address of the last hour while the council is above its own' },
  ),
});

export const BulkCancelBody = Type.Object(
  { ids: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500, uniqueItems: true, description: 'Case ids of callbacks and appointments' }) },
  { additionalProperties: false },
);
export type BulkCancelBody = { ids: string[] };

export const BulkCancelled = Type.Object({
  cancelled: Type.Array(Type.Object({ id: Type.String(), reference: Type.String() })),
  skipped: Type.Array(Type.Object({ id: Type.String(), code: Type.String({ description: 'Why: not found, or no longer cancellable' }) })),
});
