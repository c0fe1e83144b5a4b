import { Type, type Static } from '@sinclair/typebox';
import { Language } from '../councils/schemas.js';
import { PARTIES } from '../cases/recordings.js';
import { EvidenceEvent } from '../evidence/schemas.js';

/**
 * booked → cancelled | checked_in → in_call → completed | no_show; a reschedule keeps `booked`.
 * `abandoned`: checked in or in the call, and left open an hour after its end (the job in
 * abandoned.ts), neither served to the end nor missed by the citizen.
 */
export const APPOINTMENT_STATES = ['booked', 'cancelled', 'checked_in', 'in_call', 'completed', 'no_show', 'abandoned'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));
const State = literals(APPOINTMENT_STATES);
const Window = Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) });
const Document = Type.Object({ id: Type.String(), name: Type.String() });
export const Procedure = Type.Object({
  id: Type.String(),
  name: Type.String(),
  durationMinutes: Type.Integer(),
  documents: Type.Array(Document),
});
export type Procedure = Static<typeof Procedure>;

export const ProceduresResponse = Type.Object({ procedures: Type.Array(Procedure) });

export const SlotsQuery = Type.Object({ procedure: Type.String({ maxLength: 64 }), lang: Type.Optional(Language) });
export type SlotsQuery = Static<typeof SlotsQuery>;

export const SlotsResponse = Type.Object({
  timeZone: Type.String(),
  slotMinutes: Type.Integer(),
  procedure: Procedure,
  slots: Type.Array(
    Type.Object({
      ...Window.properties,
      available: Type.Integer({ description: 'Free places: the fewest of the slots the procedure needs' }),
    }),
    { description: 'Starts where every slot the procedure needs has a free place; `end` is the start plus its duration' },
  ),
});

/**
 * Lengths and types only: the fields with their own error codes are checked by the handler, in
 * the order of the form, so that each gets its code rather than a generic one.
 */
export const AppointmentRequest = Type.Object(
  {
    procedure: Type.String({ maxLength: 64 }),
    slot: Type.String({ maxLength: 40, description: 'The start of a free slot (ISO)' }),
    name: Type.String({ maxLength: 120 }),
    email: Type.String({ maxLength: 254 }),
    phone: Type.String({ maxLength: 40 }),
    idDocument: Type.Optional(Type.String({ maxLength: 20, description: 'DNI or NIE, checked by its letter' })),
    consent: Type.Boolean(),
    language: Language,
    website: Type.Optional(Type.String({ maxLength: 500, description: 'Reserved: send it empty or leave it out' })),
  },
  { additionalProperties: false },
);
export type AppointmentRequest = Static<typeof AppointmentRequest>;

export const AppointmentCreated = Type.Object({
  reference: Type.String(),
  state: Type.Literal('booked'),
  procedure: Procedure,
  slot: Window,
  token: Type.String({ description: "The case's capability token, as in the personal link" }),
  appointmentUrl: Type.String({ description: 'The personal link, also sent by email' }),
  calendarUrl: Type.String({ description: "Downloads the .ics; it carries the calendar's token, which opens the appointment page and joins the call only" }),
  confirmBy: Type.Optional(Type.String({ format: 'date-time', description: 'Where the council asks for it: the booking holds its place only if confirmed from the emailed link before this time' })),
});
export type AppointmentCreated = Static<typeof AppointmentCreated>;

export const MyAppointment = Type.Object({
  /** The appointment's id: the address of its call's signaling socket, `/api/calls/:id/ws`. */
  id: Type.String(),
  reference: Type.String(),
  state: State,
  procedure: Procedure,
  slot: Window,
  name: Type.String(),
  /** Left out when the page was opened with a calendar's link. */
  email: Type.Optional(Type.String()),
  timeZone: Type.String(),
  joinOpensAt: Type.String({ format: 'date-time' }),
  canJoin: Type.Boolean(),
  canReschedule: Type.Boolean(),
  canCancel: Type.Boolean(),
  access: Type.Union([Type.Literal('full'), Type.Literal('calendar')], {
    description: "`full` with the personal link; `calendar` with a calendar file's link, which opens this page and the call only (no changes, documents or survey)",
  }),
});
export type MyAppointment = Static<typeof MyAppointment>;

const Token = Type.String({ minLength: 1, maxLength: 200 });
export const TokenQuery = Type.Object({ token: Token, lang: Type.Optional(Language) });
export type TokenQuery = Static<typeof TokenQuery>;
export const TokenBody = Type.Object({ token: Token }, { additionalProperties: false });
export type TokenBody = Static<typeof TokenBody>;
export const RescheduleBody = Type.Object({ token: Token, slot: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
export type RescheduleBody = Static<typeof RescheduleBody>;

const PlainDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const DeskQuery = Type.Object({
  day: Type.Optional(PlainDate),
  from: Type.Optional(PlainDate),
  to: Type.Optional(PlainDate),
  state: Type.Optional(State),
  /** The language of the desk that asks, for procedure and topic names; the council's default otherwise. */
  lang: Type.Optional(Language),
});
export type DeskQuery = Static<typeof DeskQuery>;

export const DeskAppointment = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  state: State,
  procedure: Type.Object({ id: Type.String(), name: Type.String(), documents: Type.Array(Document) }),
  slot: Window,
  name: Type.String(),
  email: Type.String(),
  phone: Type.String({ description: 'E.164, ready for a tel: link' }),
  idDocument: Type.Union([Type.String(), Type.Null()]),
  language: Language,
  createdAt: Type.String({ format: 'date-time' }),
});
export type DeskAppointment = Static<typeof DeskAppointment>;

export const DeskAppointmentDetail = Type.Object({
  ...DeskAppointment.properties,
  events: Type.Array(EvidenceEvent),
  /**
   * The call's recordings, downloaded whole from `/api/desk/appointments/:id/recordings/:recordingId`
   * and played a party at a time from `…/:recordingId/parties/:party`.
   */
  recordings: Type.Array(
    Type.Object({
      id: Type.String(),
      startedAt: Type.String({ format: 'date-time' }),
      stoppedAt: Type.String({ format: 'date-time' }),
      bytes: Type.Integer(),
      sha256: Type.String(),
      /** Whose streams it holds: both parties for the call, one for a shared screen; empty for recordings stored before this was kept. */
      parties: Type.Array(Type.Union(PARTIES.map((party) => Type.Literal(party)))),
      /**
       * The parts of the call joined into it, each beginning `atMs` into the file: an evidence
       * event's `data.recording` (its part and offset) plays from `atMs + offsetMs`.
       */
      parts: Type.Array(Type.Object({ id: Type.String(), startedAt: Type.String({ format: 'date-time' }), atMs: Type.Integer({ minimum: 0 }) })),
    }),
  ),
});

export const AppointmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type AppointmentParams = Static<typeof AppointmentParams>;
