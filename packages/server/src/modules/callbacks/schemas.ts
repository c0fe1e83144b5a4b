import { CLOSED_STATES as CASE_CLOSED_STATES } from '../cases/closed.js';
import { Type, type Static } from '@sinclair/typebox';
import { Language } from '../councils/schemas.js';

export const OPEN_STATES = ['requested', 'assigned', 'in_progress', 'retry'] as const;
export const CLOSED_STATES = CASE_CLOSED_STATES.callback;
export const CALLBACK_STATES = [...OPEN_STATES, ...CLOSED_STATES] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));

const Window = Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) });
const Topic = Type.Object({ id: Type.String(), name: Type.String() });

export const SlotsResponse = Type.Object({
  timeZone: Type.String(),
  slotMinutes: Type.Integer(),
  topics: Type.Array(Topic),
  asap: Type.Union([Window, Type.Null()], { description: 'The next free slot' }),
  slots: Type.Array(Type.Object({ ...Window.properties, available: Type.Integer({ description: 'Free places' }) })),
});

/**
 * Lengths and types only: the fields with their own error codes (phone, email, consent, topic,
 * slot) are checked by the handler, so that each gets its code rather than a generic one.
 */
export const CallbackRequest = Type.Object(
  {
    topic: Type.String({ maxLength: 64 }),
    slot: Type.String({ maxLength: 40, description: 'The start of a free slot (ISO), or "asap"' }),
    name: Type.String({ maxLength: 120 }),
    phone: Type.String({ maxLength: 40 }),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    consent: Type.Boolean(),
    language: Language,
    website: Type.Optional(Type.String({ maxLength: 500, description: 'Reserved: send it empty or leave it out' })),
  },
  { additionalProperties: false },
);
export type CallbackRequest = Static<typeof CallbackRequest>;

export const CallbackCreated = Type.Object({
  reference: Type.String(),
  state: Type.Literal('requested'),
  slot: Window,
  cancelUrl: Type.String(),
  confirmBy: Type.Optional(Type.String({ format: 'date-time', description: 'Where the council asks for it: the booking holds its place only if confirmed from the emailed link before this time' })),
});
export type CallbackCreated = Static<typeof CallbackCreated>;

export const SlotTakenResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    alternatives: Type.Optional(Type.Array(Window)),
  },
  { description: 'FIN_ERR_SLOT_TAKEN lists the next free slots in `alternatives`' },
);

export const TokenQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), lang: Type.Optional(Language) });
export type TokenQuery = Static<typeof TokenQuery>;
export const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type TokenBody = Static<typeof TokenBody>;

export const MyCallback = Type.Object({
  reference: Type.String(),
  state: literals(CALLBACK_STATES),
  topic: Topic,
  slot: Window,
  name: Type.String(),
});

export const Cancelled = Type.Object({ reference: Type.String(), state: Type.Literal('cancelled') });

export const DeskCallback = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  state: literals(CALLBACK_STATES),
  topic: Topic,
  slot: Window,
  callableFrom: Type.String({ format: 'date-time', description: 'The citizen may be called from this moment on (the request, for "as soon as possible"); earlier calls are refused' }),
  name: Type.String(),
  phone: Type.String({ description: 'E.164, ready for a tel: link' }),
  email: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  language: Language,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  assignedAgent: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  notes: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), agent: Type.String(), text: Type.String() })),
  surveyUrl: Type.Optional(Type.String({ description: 'Only in the answer that ends the callback (completed or failed): the token is stored hashed' })),
});
export type DeskCallback = Static<typeof DeskCallback>;

export const DeskQuery = Type.Object({
  state: Type.Optional(literals(['open', ...CALLBACK_STATES] as const)),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  agent: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Supervisors only: the callbacks assigned to this agent of the council (an agent's own queue is what nobody has plus theirs)" })),
  /** The language of the desk that asks, for procedure and topic names; the council's default otherwise. */
  lang: Type.Optional(Language),
});
export type DeskQuery = Static<typeof DeskQuery>;

export const AssignBody = Type.Object(
  { agent: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'An enabled agent of the council, or null to put the callback back in the queue' }) },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;

export const CallbackParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type CallbackParams = Static<typeof CallbackParams>;

export const OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'gave_up'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OutcomeBody = Type.Object(
  { outcome: literals(OUTCOMES), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type OutcomeBody = Static<typeof OutcomeBody>;

export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type NoteBody = Static<typeof NoteBody>;
