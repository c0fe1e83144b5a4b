import { Type, type Static } from '@sinclair/typebox';
import { Language } from '../councils/schemas.js';

/** Lengths and types only: the email's form has its own code (FIN_ERR_EMAIL_INVALID). */
export const FeedbackBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 4000, description: 'The barrier met, in the person’s words' }),
    pageUrl: Type.Optional(Type.String({ maxLength: 500, description: 'Where it was met' })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254, description: 'To be answered and sent an acknowledgement' })),
    language: Type.Optional(Language),
  },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;

export const Received = Type.Object(
  {
    reference: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    answerBy: Type.String({ format: 'date-time', description: 'The end of the 20 working days RD 1112/2018 art. 12 gives the council to answer' }),
  },
  { title: 'AccessibilityFeedbackReceived' },
);
export type Received = Static<typeof Received>;

export const REPORT_STATES = ['new', 'acknowledged'] as const;
const State = Type.Union(REPORT_STATES.map((state) => Type.Literal(state)));

export const DeskReport = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    state: State,
    message: Type.String(),
    pageUrl: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    language: Language,
    receivedAt: Type.String({ format: 'date-time' }),
    answerBy: Type.String({ format: 'date-time' }),
    acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    acknowledgedBy: Type.Union([Type.String(), Type.Null()], { description: "The agent's name" }),
  },
  { title: 'DeskAccessibilityReport' },
);
export type DeskReport = Static<typeof DeskReport>;

export const DeskReports = Type.Object({ reports: Type.Array(DeskReport) });
export const ReportsQuery = Type.Object({ state: Type.Optional(State) });
export type ReportsQuery = Static<typeof ReportsQuery>;
export const ReportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export type ReportParams = Static<typeof ReportParams>;
