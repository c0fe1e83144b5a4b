/**
 * Shapes of the server's answers and requests the widgets use. They are the server's own: its
 * schemas define them once (packages/server/src/contract.ts), so a change there that breaks a
 * widget fails the type check.
 */
export type {
  Agent,
  AuditEntry,
  AuditPage,
  AppointmentCreated,
  AppointmentProcedures,
  AppointmentRequest,
  AppointmentSlots,
  AppointmentState,
  CallbackCreated,
  CallbackOutcome,
  CallbackRequest,
  CallbackSlots,
  CallbackState,
  CaseEvent,
  Council,
  DeskAppointment,
  DeskAppointmentDetails,
  DeskCallback,
  Holiday,
  MyAppointment,
  MySurvey,
  OpeningHours,
  Procedure,
  RecordingParty,
  SurveyAnswer,
  StaffInvited,
  StaffMember,
  SurveyAnswered,
  SurveyScale,
  TeamMember,
  TimeWindow,
  Topic,
} from '@finestreta/server/contract';
