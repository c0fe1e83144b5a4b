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
