import { Type, type Static } from '@sinclair/typebox';

/** The steps of a procedure done in a video call, in the order the agent takes them. */
export const STEPS = ['identity', 'documents', 'application', 'agreement', 'receipt'] as const;
export type StepId = (typeof STEPS)[number];
export const StepId = Type.Union(STEPS.map((step) => Type.Literal(step)));

/** `pending` not reached yet, `current` the one being done, `done`, `failed` (identity not verified, agreement refused). */
export const STEP_STATES = ['pending', 'current', 'done', 'failed'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const Step = Type.Object({ id: StepId, state: Type.Union(STEP_STATES.map((state) => Type.Literal(state))) });
export type Step = Static<typeof Step>;

/**
 * Where an event happened in the call's recording: the part being recorded (the id its stored
 * recording takes, or the id of the recording it is joined into, with `partStartedAt`) and the
 * time since that part started.
 */
export const RecordingPosition = Type.Object({
  recordingPart: Type.String(),
  partStartedAt: Type.String({ format: 'date-time' }),
  offsetMs: Type.Integer({ minimum: 0 }),
});
export type RecordingPosition = Static<typeof RecordingPosition>;

export const STILL_KINDS = ['front', 'back', 'face'] as const;
export type StillKind = (typeof STILL_KINDS)[number];
export const StillKind = Type.Union(STILL_KINDS.map((kind) => Type.Literal(kind)));

/** A still the citizen's own camera took, as the agent's desk lists it. */
export const Still = Type.Object({
  id: Type.String(),
  kind: StillKind,
  contentType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  takenAt: Type.String({ format: 'date-time' }),
});
export type Still = Static<typeof Still>;

/** The visible security features an agent checks on camera (at least three kinds), and the photo against the face. */
export const CHECKLIST_ITEMS = ['hologram', 'laserImage', 'ghostPhoto', 'tactileRelief', 'microtext', 'photoMatchesFace', 'documentIntact'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export const Checklist = Type.Partial(
  Type.Object(Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, Type.Boolean()])) as Record<ChecklistItem, ReturnType<typeof Type.Boolean>>),
  { additionalProperties: false },
);
export type Checklist = Static<typeof Checklist>;

/** The MRZ the agent typed from the still of the back, parsed, its check digits verified and compared with the booking. */
export const MrzReading = Type.Object({
  lines: Type.Array(Type.String()),
  format: Type.String({ description: 'TD1 for the DNI and the NIE card' }),
  valid: Type.Boolean({ description: 'Whether it parsed and every check digit is right' }),
  checks: Type.Array(Type.Object({ field: Type.String(), valid: Type.Boolean() })),
  fields: Type.Object({
    documentNumber: Type.Union([Type.String(), Type.Null()], { description: 'The support number' }),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: 'The DNI or NIE' }),
    surname: Type.Union([Type.String(), Type.Null()]),
    givenNames: Type.Union([Type.String(), Type.Null()]),
    birthDate: Type.Union([Type.String(), Type.Null()]),
    expirationDate: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM-DD; 9999-01-01 for a permanent DNI' }),
    nationality: Type.Union([Type.String(), Type.Null()]),
  }),
  expired: Type.Boolean(),
  comparisons: Type.Array(
    Type.Object({
      field: Type.Union([Type.Literal('idNumber'), Type.Literal('name')]),
      booked: Type.Union([Type.String(), Type.Null()]),
      read: Type.Union([Type.String(), Type.Null()]),
      match: Type.Boolean(),
    }),
  ),
  readAt: Type.String({ format: 'date-time' }),
});
export type MrzReading = Static<typeof MrzReading>;

/** The identity check as the agent sees it. */
export const DeskIdentity = Type.Object({
  booked: Type.Object({
    name: Type.String(),
    idNumber: Type.Union([Type.String(), Type.Null()]),
    idValid: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether its check letter is right; null when none was given' }),
  }),
  consent: Type.Union([
    Type.Null(),
    Type.Object({
      state: Type.Union([Type.Literal('asked'), Type.Literal('accepted'), Type.Literal('refused')]),
      textSha256: Type.String(),
      at: Type.String({ format: 'date-time' }),
    }),
  ]),
  /** The still the citizen is asked to take now. */
  requestedStill: Type.Union([StillKind, Type.Null()]),
  /** Every still taken, newest first; the newest of each kind is the one that counts. */
  stills: Type.Array(Still),
  mrz: Type.Union([MrzReading, Type.Null()]),
  liveness: Type.Union([
    Type.Null(),
    Type.Object({
      issuedAt: Type.String({ format: 'date-time' }),
      /** Whether what the agent heard matched the code shown; null until they say. */
      matched: Type.Union([Type.Boolean(), Type.Null()]),
      answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ]),
  checklist: Checklist,
  decision: Type.Union([
    Type.Null(),
    Type.Object({
      verified: Type.Boolean(),
      reason: Type.Union([Type.String(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
      agentId: Type.String(),
    }),
  ]),
});
export type DeskIdentity = Static<typeof DeskIdentity>;

/** Presentation hints of an application form: the order of its fields, labels and help in each language. */
export const FormField = Type.Object({
  /** A JSON Pointer into the data (`/applicant/name`). */
  pointer: Type.String(),
  label: Type.String(),
  help: Type.Union([Type.String(), Type.Null()]),
  /** How a string enum's values are worded, in the form's order; the value itself where absent. */
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
});

/** An application form of the council, in the agent's language, with its JSON Schema (2020-12). */
export const ApplicationForm = Type.Object({
  id: Type.String(),
  title: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  fields: Type.Array(FormField),
});
export type ApplicationForm = Static<typeof ApplicationForm>;

export const FieldError = Type.Object({ pointer: Type.String(), message: Type.String() });
export type FieldError = Static<typeof FieldError>;

/** The application as the agent fills it in. */
export const DeskApplication = Type.Object({
  forms: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  form: Type.Union([ApplicationForm, Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The case's documents attached to it, by id. */
  attachments: Type.Array(Type.String()),
  /** Goes up with every saved change. */
  version: Type.Integer(),
  errors: Type.Array(FieldError),
});
export type DeskApplication = Static<typeof DeskApplication>;

/**
 * The application as a readable document in one language: what the citizen sees live, what is
 * presented for agreement (its canonical JSON bytes), and what the receipt prints.
 */
export const ApplicationDocument = Type.Object({
  language: Type.String(),
  title: Type.String(),
  council: Type.String(),
  procedure: Type.String(),
  sections: Type.Array(
    Type.Object({
      heading: Type.String(),
      items: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
    }),
  ),
  attachments: Type.Array(Type.Object({ name: Type.String(), sha256: Type.String() })),
  declarations: Type.Array(Type.String()),
});
export type ApplicationDocument = Static<typeof ApplicationDocument>;

export const AGREEMENT_STATES = ['none', 'presented', 'agreed', 'refused', 'void'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** The agreement, as both sides see it. */
export const Agreement = Type.Object({
  state: Type.Union(AGREEMENT_STATES.map((state) => Type.Literal(state))),
  /** The document presented, its SHA-256 and when. */
  documentId: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  presentedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** When the citizen's device first fetched the document presented; null until it does. */
  shownAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  /** Why a void agreement was voided (what changed after it was presented); null otherwise. */
  voidCause: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The habilitated employee's signature on the citizen's behalf (LPAC art. 12.2). */
  signature: Type.Union([
    Type.Null(),
    Type.Object({
      agentId: Type.String(),
      agentName: Type.String(),
      habilitation: Type.String(),
      algorithm: Type.String(),
      publicKeySha256: Type.String(),
      signedAt: Type.String({ format: 'date-time' }),
    }),
  ]),
});
export type Agreement = Static<typeof Agreement>;

/**
 * The receipt once made: its registry entry and the sealed file's SHA-256. Its verification code
 * is printed on it and nowhere else in clear (the registry keeps only its hash), so that whoever
 * reads the database cannot fetch receipts with it.
 */
export const DeskReceipt = Type.Object({
  entryNumber: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  sha256: Type.String(),
});
export type DeskReceipt = Static<typeof DeskReceipt>;

/** `GET /api/desk/appointments/:id/procedure`: the whole procedure as the agent works it. */
export const DeskProcedure = Type.Object(
  {
    caseId: Type.String(),
    revision: Type.Integer(),
    current: StepId,
    steps: Type.Array(Step),
    identity: DeskIdentity,
    application: DeskApplication,
    agreement: Agreement,
    /** Whether the council requires the call to be recorded while the citizen agrees, and whether it is being recorded. */
    recording: Type.Object({ required: Type.Boolean(), running: Type.Boolean() }),
    /** Null until the receipt is made (after the signature; again by POST …/procedure/receipt if that failed). */
    receipt: Type.Union([DeskReceipt, Type.Null()]),
  },
  { title: 'DeskProcedure' },
);
export type DeskProcedure = Static<typeof DeskProcedure>;

/** What the citizen is asked to do now, if anything. */
export const Asked = Type.Union([
  Type.Object({ kind: Type.Literal('consent'), text: Type.String(), textSha256: Type.String() }),
  Type.Object({ kind: Type.Literal('still'), still: StillKind }),
  Type.Object({ kind: Type.Literal('liveness'), code: Type.String() }),
  Type.Object({ kind: Type.Literal('agreement'), documentId: Type.String() }),
]);
export type Asked = Static<typeof Asked>;

/** `GET /api/councils/:council/appointments/mine/procedure?token=&lang=`: where the citizen is and what is asked of them. */
export const CitizenProcedure = Type.Object(
  {
    revision: Type.Integer(),
    current: StepId,
    steps: Type.Array(Step),
    asked: Type.Union([Asked, Type.Null()]),
    /** The application as it stands, in the citizen's language; null before the agent chooses a form. */
    application: Type.Union([ApplicationDocument, Type.Null()]),
    agreement: Type.Object({
      state: Type.Union(AGREEMENT_STATES.map((state) => Type.Literal(state))),
      documentId: Type.Union([Type.String(), Type.Null()]),
    }),
    /** The receipt once made, downloaded from …/procedure/receipt; its verification code is on it. */
    receipt: Type.Union([Type.Object({ entryNumber: Type.String() }), Type.Null()]),
  },
  { title: 'CitizenProcedure' },
);
export type CitizenProcedure = Static<typeof CitizenProcedure>;
