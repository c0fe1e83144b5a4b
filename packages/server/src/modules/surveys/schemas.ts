import { Type, type Static } from '@sinclair/typebox';
import { Language, SURVEY_SCALES } from '../councils/schemas.js';

/**
 * How the service event that earned the invitation ended. `failed`: a callback that never
 * reached the citizen (no answer after the last attempt, wrong number, given up). `abandoned`: a
 * video appointment whose time ended more than an hour ago while it was still booked, checked in
 * or in the call: nobody completed it or marked a no-show.
 */
export const SURVEY_OUTCOMES = ['completed', 'failed', 'no_show', 'abandoned'] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));
const Token = Type.String({ minLength: 1, maxLength: 200, description: "A survey invitation's token, or the case's own capability token" });

export const SurveyQuery = Type.Object({ token: Token, lang: Type.Optional(Language) });
export type SurveyQuery = Static<typeof SurveyQuery>;

export const MySurvey = Type.Object({
  state: literals(['open', 'answered'] as const),
  scale: literals(SURVEY_SCALES),
  askRepeat: Type.Boolean(),
  commentMaxLength: Type.Integer({ description: '0: no comment field' }),
  channel: literals(['callback', 'video'] as const),
  reference: Type.String(),
  serviceDate: Type.String({ format: 'date-time', description: "The day of the service: the appointment's slot, or when the callback's last call ended" }),
  procedure: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
    description: "The callback's topic or the appointment's procedure",
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  // The citizen's language, as they chose it when booking: the page's language when the link names none.
  language: Language,
});
export type MySurvey = Static<typeof MySurvey>;

/** Types and lengths only: the rating's range and the comment's length depend on the council. */
export const AnswerBody = Type.Object(
  {
    token: Token,
    rating: Type.Integer({ minimum: 0, maximum: 10, description: '1–5 on a stars5 scale, 0–10 on nps10' }),
    wouldRepeat: Type.Optional(Type.Boolean()),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: "At most the council's commentMaxLength" })),
  },
  { additionalProperties: false },
);
export type AnswerBody = Static<typeof AnswerBody>;

export const Answered = Type.Object({ state: Type.Literal('answered'), answeredAt: Type.String({ format: 'date-time' }) });
export type Answered = Static<typeof Answered>;
