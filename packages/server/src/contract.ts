/**
 * The contract between this server and the widgets: the shapes of the REST answers and requests
 * the widgets use, and the call's signaling protocol. Each is defined once, by the TypeBox schema
 * that validates it at run time (or, for the protocol, by `modules/calls/protocol.ts`); the
 * widgets import these types from `@finestreta/server/contract`, so a change on one side that
 * breaks the other fails the type check.
 *
 * Types only: the package exports this file as types (`exports["./contract"].types`), and the
 * widgets `import type` it, so no server code reaches their bundle.
 */
import type { Static } from '@sinclair/typebox';
import type { AgentSession, Team } from './modules/agents/schemas.js';
import type * as appointments from './modules/appointments/schemas.js';
import type * as callbacks from './modules/callbacks/schemas.js';
import type { Party } from './modules/calls/views.js';
import type { PublicCouncil } from './modules/councils/schemas.js';
import type * as demo from './modules/demo/schemas.js';
import type * as documents from './modules/documents/schemas.js';
import type { EvidenceEvent } from './modules/evidence/schemas.js';
import type * as indicators from './modules/indicators/schemas.js';
import type * as procedure from './modules/procedure/schemas.js';
import type * as screenHelp from './modules/screen-help/schemas.js';
import type * as staff from './modules/staff/schemas.js';
import type * as surveys from './modules/surveys/schemas.js';

export type * from './modules/calls/protocol.js';

/** `GET /api/councils/:council`: the council as the citizen widgets read it. */
export type Council = Static<typeof PublicCouncil>;
export type OpeningHours = Council['openingHours'][number];
export type Holiday = Council['holidays'][number];
export type Procedure = appointments.Procedure;

/** `GET /api/desk/session`. */
export type Agent = AgentSession['agent'];
/** `GET /api/desk/team`: one of the council's enabled agents, for a supervisor. */
export type TeamMember = Static<typeof Team>['agents'][number];

/** A time window, as ISO instants in UTC. */
export type TimeWindow = callbacks.CallbackCreated['slot'];
export type Topic = callbacks.DeskCallback['topic'];

/** `GET /api/councils/:council/callbacks/slots`. */
export type CallbackSlots = Static<typeof callbacks.SlotsResponse>;
export type CallbackRequest = callbacks.CallbackRequest;
export type CallbackCreated = callbacks.CallbackCreated;
export type CallbackState = callbacks.CallbackState;
export type CallbackOutcome = callbacks.Outcome;
export type DeskCallback = callbacks.DeskCallback;

/** `GET /api/councils/:council/appointments/procedures`. */
export type AppointmentProcedures = Static<typeof appointments.ProceduresResponse>;
/** `GET /api/councils/:council/appointments/slots?procedure=`. */
export type AppointmentSlots = Static<typeof appointments.SlotsResponse>;
export type AppointmentState = appointments.AppointmentState;
export type AppointmentRequest = appointments.AppointmentRequest;
export type AppointmentCreated = appointments.AppointmentCreated;
export type MyAppointment = appointments.MyAppointment;
export type DeskAppointment = appointments.DeskAppointment;
/** `GET /api/desk/appointments/:id`. */
export type DeskAppointmentDetails = Static<typeof appointments.DeskAppointmentDetail>;
/** One entry of a case's evidence log. */
export type CaseEvent = Static<typeof EvidenceEvent>;
/** The people whose camera and microphone a call recording holds. */
export type RecordingParty = Party;

/** `GET /api/councils/:council/surveys/mine?token=`. */
export type MySurvey = surveys.MySurvey;
export type SurveyScale = MySurvey['scale'];
/** `POST /api/councils/:council/surveys/mine/answer`. */
export type SurveyAnswer = surveys.AnswerBody;
export type SurveyAnswered = surveys.Answered;

/** `GET /api/councils/:council/documents/mine?token=`: the case a link grants uploads to. */
export type MyDocuments = documents.MyDocuments;
export type UploadLimits = documents.Limits;
export type ExpectedDocument = documents.Expected;
export type CaseDocument = documents.DocumentView;
export type DocumentState = documents.DocumentState;
export type ExpectedStatus = documents.ExpectedState;
/** `GET /api/desk/cases/:id/documents`. */
export type DeskCaseDocuments = Static<typeof documents.DeskCaseDocuments>;
export type DeskDocument = documents.DeskDocument;
/** `POST /api/desk/cases/:id/upload-links`. */
export type UploadLink = Static<typeof documents.UploadLink>;

/** `GET /api/councils/:council/indicators`. */
export type IndicatorIndex = Static<typeof indicators.IndicatorMonths>;
export type IndicatorMetadata = indicators.Metadata;
export type IndicatorChannel = indicators.Channel;
export type IndicatorRow = indicators.IndicatorRow;
/** `GET /api/councils/:council/indicators/:month.json`. */
export type MonthIndicators = Static<typeof indicators.MonthIndicators>;
/** `GET /api/councils/:council/indicators/series?to=&months=`. */
export type IndicatorSeries = Static<typeof indicators.Series>;

/** `GET /api/desk/appointments/:id/procedure`: the procedure done in the call, as the agent works it. */
export type DeskProcedure = procedure.DeskProcedure;
/** `GET /api/councils/:council/appointments/mine/procedure?token=`: where the citizen is and what is asked of them. */
export type CitizenProcedure = procedure.CitizenProcedure;
export type ProcedureStepId = procedure.StepId;
export type ProcedureStep = procedure.Step;
export type StillKind = procedure.StillKind;
export type IdentityStill = procedure.Still;
export type ChecklistItem = procedure.ChecklistItem;
export type MrzReading = procedure.MrzReading;
export type DeskIdentity = procedure.DeskIdentity;
export type DeskApplication = procedure.DeskApplication;
export type ApplicationForm = procedure.ApplicationForm;
export type ApplicationDocument = procedure.ApplicationDocument;
export type FieldError = procedure.FieldError;
export type Agreement = procedure.Agreement;
export type AgreementState = procedure.AgreementState;
export type ProcedureAsked = procedure.Asked;

/** `GET /api/desk/demo` (demo mode only): what a test appointment would be for. */
export type DemoOffer = demo.DemoOffer;
/** `POST /api/desk/demo/appointments` (demo mode only): a test appointment starting now, with the citizen's link. */
export type TestAppointment = demo.TestAppointment;

/** `GET /api/desk/agents` (administrators): one of the council's agents. */
export type StaffMember = Static<typeof staff.StaffMember>;
/** `POST /api/desk/agents` (administrators): the invited agent and their one-time link. */
export type StaffInvited = Static<typeof staff.Invited>;
/** `GET /api/desk/audit` (administrators): a page of the council's audit log, newest first. */
export type AuditPage = Static<typeof staff.AuditPage>;
export type AuditEntry = AuditPage['entries'][number];

/** Screen help during a callback: the desk's view, the code made, and what opening it gives the citizen. */
export type ScreenHelpStatus = screenHelp.ScreenHelpStatus;
export type ScreenHelpStarted = screenHelp.ScreenHelpStarted;
export type ScreenHelpOpened = screenHelp.ScreenHelpOpened;
