import { Type, type Static } from '@sinclair/typebox';

/** How long a code may be typed after the agent made it. */
export const CODE_TTL_MINUTES = 15;
/** Wrong tries, in total from any address, after which a code is dead. */
export const MAX_WRONG_TRIES = 5;

/** A session's life: its code waits to be typed, is opened, shared with consent, and ends. */
export const SCREEN_HELP_STATES = ['waiting', 'opened', 'sharing', 'ended'] as const;
export type ScreenHelpState = (typeof SCREEN_HELP_STATES)[number];
/** Why a session ended. */
export const END_REASONS = ['agent', 'citizen', 'expired', 'tooManyTries', 'replaced', 'callbackClosed'] as const;
export type EndReason = (typeof END_REASONS)[number];
/** What the citizen shares: their screen (a window, a tab or all of it), or, on a phone that cannot, the rear camera pointed at the other screen. */
export const SHARES = ['screen', 'camera'] as const;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));

const SessionId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'The six digits the agent read out' });
const CitizenToken = Type.String({ minLength: 1, maxLength: 200 });

export const DeskParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The desk's view of a callback's screen-help session (never the code, except when made). */
export const ScreenHelpStatus = Type.Object({
  session: Type.String(),
  state: literals(SCREEN_HELP_STATES),
  expiresAt: Type.String({ format: 'date-time', description: 'When the code stops opening the session' }),
  share: Type.Optional(literals(SHARES)),
  endedReason: Type.Optional(literals(END_REASONS)),
});
export type ScreenHelpStatus = Static<typeof ScreenHelpStatus>;

/** `POST /api/desk/callbacks/:id/screen-help`: the code to read out, shown once. */
export const ScreenHelpStarted = Type.Object({
  ...ScreenHelpStatus.properties,
  code: Code,
  link: Type.String({ description: "The council's screen-help page with the session, where the citizen types the code" }),
  emailed: Type.Boolean({ description: 'Whether the link went to the email the citizen gave' }),
});
export type ScreenHelpStarted = Static<typeof ScreenHelpStarted>;

export const CouncilParams = Type.Object({ council: Type.String({ minLength: 1, maxLength: 64 }) });

/** `POST /api/councils/:council/screen-help/open`. */
export const OpenRequest = Type.Object(
  { code: Code, session: Type.Optional(SessionId) },
  { additionalProperties: false },
);
export type OpenRequest = Static<typeof OpenRequest>;

/** What the citizen reads before consenting, and the token that lets them into the room. */
export const ScreenHelpOpened = Type.Object({
  session: Type.String(),
  token: Type.String({ description: 'Opens the room: `/api/calls/<room>/ws?token=`, once consented' }),
  room: Type.String({ description: "The callback's case id, the room's id" }),
  agent: Type.Object({ displayName: Type.String() }),
  council: Type.Object({ name: Type.String() }),
  expiresAt: Type.String({ format: 'date-time' }),
  recordingRequired: Type.Boolean({ description: "The council's policy: a refused recording ends the session" }),
});
export type ScreenHelpOpened = Static<typeof ScreenHelpOpened>;

/** `POST /api/councils/:council/screen-help/consent`: what the citizen agreed to share. */
export const ConsentRequest = Type.Object({ token: CitizenToken, share: literals(SHARES) }, { additionalProperties: false });
export type ConsentRequest = Static<typeof ConsentRequest>;

/** `POST /api/councils/:council/screen-help/end`. */
export const EndRequest = Type.Object({ token: CitizenToken }, { additionalProperties: false });
