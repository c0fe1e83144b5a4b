import { Type, type Static } from '@sinclair/typebox';
import { FormSchema } from './form-schema.js';
import { RoleSchema } from '../../shared/roles.js';

export const LANGUAGES = ['ca', 'es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const Language = Type.Union(LANGUAGES.map((language) => Type.Literal(language)));
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const PlainDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-12-08'] });
const PlainTime = Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', examples: ['08:00'] });
// Patterns rather than `format`, so the councils file can be checked with TypeBox's Value as is.
const HttpUrl = Type.String({ pattern: '^https?://\\S+$' });
const Origin = Type.String({ pattern: '^https?://[^/]+$', examples: ['https://www.example.cat', 'http://localhost:*'] });

/**
 * A text in some of the council's languages, readers falling back to the default language; or one
 * text for every language, as older councils files give names.
 */
export const Localized = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    { ca: Type.Optional(Type.String()), es: Type.Optional(Type.String()), en: Type.Optional(Type.String()) },
    { minProperties: 1, additionalProperties: false },
  ),
]);
export type Localized = Static<typeof Localized>;

const OpeningHours = Type.Object({
  /** ISO weekday, 1 = Monday. */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  opens: PlainTime,
  closes: PlainTime,
});

const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', examples: ['#9b1c31'] });
const Email = Type.String({ pattern: '^[^@\\s<>"]+@[^@\\s<>"]+$', examples: ['oac@vilademo.cat'] });

/** The council's identity on its pages, widgets and emails. */
const Branding = Type.Object({
  /** The accent of the pages and the widgets' default one; it needs 4.5:1 contrast with white. */
  primaryColor: Color,
  /** A PNG, JPEG, WebP or SVG file, relative to the councils file; served at /api/councils/{council}/logo. */
  logo: Type.Optional(Type.String({ minLength: 1, examples: ['logos/vilademo.svg'] })),
});

/** The council's emails: always from its name; from its own address only where that domain allows this server. */
const CouncilMail = Type.Object(
  {
    /** The sender's address; its domain's SPF and DKIM must cover this server (README, "Branding and mail"). */
    from: Type.Optional(Email),
    /** Where citizens' replies go, since the sender is a no-reply address. */
    replyTo: Type.Optional(Email),
  },
  { additionalProperties: false },
);

const Document = Type.Object({ id: Id, name: Localized });

/** The types a council can accept, decided from a file's bytes. */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Limits of the documents citizens send to a case; every setting falls back to a default. */
export const DocumentSettings = Type.Partial(
  Type.Object({
    maxFileBytes: Type.Integer({ minimum: 1024, maximum: 1024 ** 3 }),
    maxFiles: Type.Integer({ minimum: 1, maximum: 100 }),
    maxTotalBytes: Type.Integer({ minimum: 1024, maximum: 1024 ** 3 }),
    types: Type.Array(Type.Union(DOCUMENT_TYPES.map((type) => Type.Literal(type))), { minItems: 1, uniqueItems: true }),
  }),
  { additionalProperties: false },
);
export type DocumentSettings = Static<typeof DocumentSettings>;

/**
 * A procedure's application form: its JSON Schema (2020-12, see FormSchema) and the fields the
 * desk shows, in order, each a JSON Pointer into the data with its label and help. A field on an
 * object is a group: the desk shows it as a fieldset, the document as a section. Fields under
 * `/declarations` are the document's declarations. `options` words a string enum's values. Data at
 * `/applicant/name`, `/applicant/idNumber`, `/applicant/email`, `/applicant/phone`,
 * `/addressee/body` and `/addressee/code` is prefilled from the case and the council.
 */
export const ApplicationFormConfig = Type.Object(
  {
    /** The form's title; the procedure's name when absent. */
    title: Type.Optional(Localized),
    schema: FormSchema,
    fields: Type.Array(
      Type.Object(
        {
          pointer: Type.String({ pattern: '^(/[^/]+)+$' }),
          label: Localized,
          help: Type.Optional(Localized),
          options: Type.Optional(Type.Record(Type.String(), Localized)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type ApplicationFormConfig = Static<typeof ApplicationFormConfig>;

const Procedure = Type.Object({
  id: Id,
  name: Localized,
  durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  documents: Type.Array(Document),
  /** Overrides the council's `documents` limits for this procedure's cases. */
  uploads: Type.Optional(DocumentSettings),
  /** The application filled in during the call; the generic application is always offered too. */
  application: Type.Optional(ApplicationFormConfig),
});

const slotSettings = {
  slotMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  /** Places per slot: how many agents take these calls or appointments at once. */
  capacity: Type.Integer({ minimum: 1, maximum: 100 }),
  /** How soon a slot can be booked, so that an agent sees it coming. */
  leadMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }),
  horizonDays: Type.Integer({ minimum: 1, maximum: 90 }),
};

/** Slots of the video appointment service; every setting falls back to a default. */
export const AppointmentSettings = Type.Partial(Type.Object(slotSettings), { additionalProperties: false });

/** Slots and retries of the phone callback service; every setting falls back to a default. */
export const CallbackSettings = Type.Partial(
  Type.Object({
    ...slotSettings,
    /** Calls before a callback that is never answered counts as failed. */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10 }),
    retryDelayMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }),
  }),
  { additionalProperties: false },
);

export const SURVEY_SCALES = ['stars5', 'nps10'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** The satisfaction survey asked after each service event; every setting falls back to a default. */
export const SurveySettings = Type.Partial(
  Type.Object({
    /** 1–5 stars or 0–10. */
    scale: Type.Union(SURVEY_SCALES.map((scale) => Type.Literal(scale))),
    /** Whether to ask "would you use this service again?". */
    askRepeat: Type.Boolean(),
    /** Longest comment accepted; 0 asks for no comment. */
    commentMaxLength: Type.Integer({ minimum: 0, maximum: 2000 }),
    /**
     * Minutes the citizen has to answer in the widget before the survey is emailed; 30 by
     * default. An answer within them means no email.
     */
    emailDelayMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }),
  }),
  { additionalProperties: false },
);

/**
 * When the council's bookings count as a flood that asks for a proof of work (README, "Mass
 * booking"); every setting falls back to the server's default. A council whose citizens often
 * share an address (a library's public computers, a carrier's NAT) or that books by the thousand
 * in an hour raises them.
 */
export const MassBookingSettings = Type.Partial(
  Type.Object({
    /** Bookings one address may make within `addressWindowMinutes` before it must prove work. */
    addressMax: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    addressWindowMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    /** The last hour's bookings flood the council above this many times its normal hourly rate… */
    councilFactor: Type.Number({ minimum: 1, maximum: 1000 }),
    /** …and never below this many. */
    councilFloor: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  }),
  { additionalProperties: false },
);
export type MassBookingSettings = Static<typeof MassBookingSettings>;

/**
 * The council's identity provider (OpenID Connect), for agents who sign in with their council
 * account instead of a password (modules/oidc). The client secret is read from a file at start,
 * never written here: the councils file is shared and versioned like the rest of the
 * configuration. An `http://` issuer is refused unless OIDC_ALLOW_HTTP_ISSUER permits it.
 */
export const IdentityProviderConfig = Type.Object(
  {
    /** What the desk's button says: "Sign in with <name>". */
    name: Type.String({ minLength: 1, maxLength: 80, examples: ['VÀLid'] }),
    /** The issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
    issuer: Type.String({ pattern: '^https?://[^\\s?#]+$', examples: ['https://login.example.cat/realms/oac'] }),
    clientId: Type.String({ minLength: 1, maxLength: 255 }),
    /** A file holding the client secret (its first line), relative to the councils file. */
    clientSecretFile: Type.String({ minLength: 1, examples: ['secrets/vilademo-oidc'] }),
    /** Scopes asked for; `openid email profile` when absent. The role claim must come in the ID token. */
    scopes: Type.Optional(Type.Array(Type.String({ pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' }), { minItems: 1, uniqueItems: true })),
    /**
     * Which ID token claim gives the agent's role, and the role each of its values gives. The claim
     * may be a string or a list (groups); the highest role among its values wins. Someone with no
     * value in `values` is refused, and nothing is created for them.
     */
    roles: Type.Object(
      {
        claim: Type.String({ minLength: 1, examples: ['groups'] }),
        values: Type.Record(Type.String({ minLength: 1 }), RoleSchema, { minProperties: 1, examples: [{ 'oac-agents': 'agent', 'oac-supervisors': 'supervisor' }] }),
      },
      { additionalProperties: false },
    ),
    /** When present, only verified emails in these domains may sign in. */
    emailDomains: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9.-]+\\.[a-z]{2,}$' }), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type IdentityProviderConfig = Static<typeof IdentityProviderConfig>;

/**
 * How many days after a case closes each kind of personal data it holds is erased (modules/retention):
 * the files and rows go, the evidence log records what went with its hashes. A kind left out is kept.
 */
export const RetentionSettings = Type.Partial(
  Type.Object({
    recordingsDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
    identityStillsDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
    documentsDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
    applicationDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
  }),
  { additionalProperties: false },
);
export type RetentionSettings = Static<typeof RetentionSettings>;

/** A council as an operator writes it in the councils file (agents excepted). */
export const CouncilConfig = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1 }),
  timeZone: Type.String({ minLength: 1, examples: ['Europe/Madrid'] }),
  languages: Type.Array(Language, { minItems: 1, uniqueItems: true }),
  defaultLanguage: Language,
  openingHours: Type.Array(OpeningHours),
  holidays: Type.Object({
    /** ISO 3166 country and region codes as date-holidays knows them (ES, CT). */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    region: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{1,3}$' })),
    local: Type.Array(Type.Object({ date: PlainDate, name: Localized })),
    /**
     * Names for regional holidays by their date-holidays rule (`12-06`, `easter -2`), where the
     * library lacks a language the council uses.
     */
    names: Type.Optional(Type.Record(Type.String(), Localized)),
  }),
  procedures: Type.Array(Procedure),
  /** The remote services the council offers, by id (`callback`, `video-appointment`). */
  services: Type.Array(Id),
  allowedOrigins: Type.Array(Origin),
  branding: Branding,
  mail: Type.Optional(CouncilMail),
  privacyUrl: HttpUrl,
  /** The council's code in the DIR3 directory of public bodies, which its applications are addressed to. */
  dir3Code: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{9}$', examples: ['L01089999'] })),
  callback: Type.Optional(CallbackSettings),
  appointment: Type.Optional(AppointmentSettings),
  /**
   * The council's page that embeds `<video-appointment>`; citizens' personal links open it with
   * `?token=…`. Without it they open this server's own `/cita` page.
   */
  appointmentPageUrl: Type.Optional(HttpUrl),
  /**
   * The council's page that embeds `<screen-help>`; the link emailed during a callback opens it
   * with `?help=<session>`. Without it the link opens this server's own `/ajuda-pantalla` page.
   */
  screenHelpPageUrl: Type.Optional(HttpUrl),
  /**
   * Whether a video appointment may go on when the citizen or the agent refuses to be recorded:
   * with `required` it ends instead. Absent means not required.
   */
  recording: Type.Optional(Type.Object({ required: Type.Boolean() }, { additionalProperties: false })),
  /**
   * Whether a booking that gave an email holds its place only once confirmed from the emailed
   * link; unconfirmed ones are cancelled after `expiryMinutes` (30 by default). Absent means not required.
   */
  emailConfirmation: Type.Optional(
    Type.Object(
      { required: Type.Boolean(), expiryMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })) },
      { additionalProperties: false },
    ),
  ),
  survey: Type.Optional(SurveySettings),
  massBooking: Type.Optional(MassBookingSettings),
  retention: Type.Optional(RetentionSettings),
  /**
   * Who answers what people report from the accessibility statement (RD 1112/2018 art. 10.2),
   * and the page of the council's complaint procedure (art. 13). Without it the statement
   * offers its feedback form only.
   */
  accessibility: Type.Optional(
    Type.Object(
      {
        contactEmail: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
        contactPhone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        complaintsUrl: Type.Optional(HttpUrl),
      },
      { additionalProperties: false },
    ),
  ),
  /** Limits of the documents citizens upload to their cases; a procedure's `uploads` overrides them. */
  documents: Type.Optional(DocumentSettings),
  /** Agents sign in with the council's identity provider; password sign-in stays for agents who have a password. */
  identityProvider: Type.Optional(IdentityProviderConfig),
});
export type CouncilConfig = Static<typeof CouncilConfig>;

/** `scrypt$N$r$p$salt$hash`, as `hashPassword` writes it. */
const PASSWORD_HASH = '^scrypt\\$\\d+\\$\\d+\\$\\d+\\$[A-Za-z0-9_-]{16,}\\$[A-Za-z0-9_-]{32,}$';

const SeedAgent = Type.Object({
  email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
  name: Type.String({ minLength: 1 }),
  /** The scrypt hash of their password (`npm run agents -- hash-password`): never the password itself. */
  passwordHash: Type.String({ pattern: PASSWORD_HASH, examples: ['scrypt$32768$8$1$<salt>$<hash>'] }),
  /**
   * Their entry in the council's register of habilitated employees (LPAC art. 12.3), which lets
   * them sign on a citizen's behalf (art. 12.2); absent for an agent who may not.
   */
  habilitation: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** What they may do at the desk: `agent` (the default), `supervisor` (also exports evidence) or `administrator`. */
  role: Type.Optional(RoleSchema),
}, { additionalProperties: false });

export const CouncilsFile = Type.Array(
  // A misspelt setting is a mistake to name, not one to ignore while the default applies.
  Type.Composite([CouncilConfig, Type.Object({
    agents: Type.Optional(
      Type.Array(SeedAgent, {
        description: "Agents created at start-up if no agent has their email yet; from then on the database wins: administrators manage them in the desk, and changing them here has no effect",
      }),
    ),
  })], { additionalProperties: false }),
  { minItems: 1 },
);
export type CouncilsFile = Static<typeof CouncilsFile>;

export const CouncilParams = Type.Object({ council: Id });
export type CouncilParams = Static<typeof CouncilParams>;

export const CouncilQuery = Type.Object({ lang: Type.Optional(Language) });
export type CouncilQuery = Static<typeof CouncilQuery>;

const Named = Type.Object({ id: Id, name: Type.String() });

/** What the citizen widgets read: names in one language, the office's status right now. */
export const PublicCouncil = Type.Object(
  {
    id: Id,
    name: Type.String(),
    timeZone: Type.String(),
    languages: Type.Array(Language),
    defaultLanguage: Language,
    openingHours: Type.Array(OpeningHours),
    holidays: Type.Array(Type.Object({ date: PlainDate, name: Type.String() }), {
      description: 'Days the office is closed in the next 90 days',
    }),
    status: Type.Object({
      open: Type.Boolean(),
      changesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When the office next opens or closes (UTC); null if not within two weeks',
      }),
    }),
    procedures: Type.Array(
      Type.Object({
        id: Id,
        name: Type.String(),
        durationMinutes: Type.Integer(),
        documents: Type.Array(Named),
      }),
    ),
    privacyUrl: Type.String(),
    branding: Type.Object({
      primaryColor: Color,
      logoUrl: Type.Union([Type.String(), Type.Null()], { description: "Where the council's logo is served; null without one" }),
    }),
    survey: Type.Required(Type.Omit(SurveySettings, ['emailDelayMinutes']), { description: 'The satisfaction survey, with the defaults filled in' }),
  },
  { title: 'PublicCouncil' },
);
export type PublicCouncil = Static<typeof PublicCouncil>;

/** The full configuration, as the council's own agents see it on the desk. */
export const DeskCouncil = Type.Composite(
  [
    CouncilConfig,
    Type.Object({
      agents: Type.Array(Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() })),
    }),
  ],
  { title: 'DeskCouncil' },
);
export type DeskCouncil = Static<typeof DeskCouncil>;
