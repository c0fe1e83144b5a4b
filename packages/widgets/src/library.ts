/**
 * The package's entry for sites that build (`@finestreta/widgets`): importing it defines every
 * citizen element at once and exports their classes, events and client. The snippet councils
 * paste loads `finestreta.js` instead (`index.ts`), which fetches only the elements a page uses.
 * The agent desk is not part of either; it has its own module.
 */
import './finestreta-config/index.js';
import './office-hours/index.js';
import './call-me-form/index.js';
import './video-appointment/index.js';
import './doc-upload/index.js';
import './satisfaction-survey/index.js';
import './screen-help/index.js';
import './activity-panel/index.js';

export { FinestretaConfig } from './shared/config.js';
export { OfficeHours } from './office-hours/office-hours.js';
export { CallMeForm } from './call-me-form/call-me-form.js';
export { VideoAppointment } from './video-appointment/video-appointment.js';
export { DocUpload } from './doc-upload/doc-upload.js';
export { FinUploadCompleteEvent, FinUploadProgressEvent, type UploadFileDetail } from './doc-upload/events.js';
export { SatisfactionSurvey } from './satisfaction-survey/satisfaction-survey.js';
export { ScreenHelp, type ScreenHelpOpened } from './screen-help/screen-help.js';
export { ActivityPanel } from './activity-panel/activity-panel.js';
export { FinElement } from './shared/base-element.js';
export { ApiClient, type ApiClientOptions, type RequestOptions } from './shared/api.js';
export { ApiError, ErrorCode, FinError } from './shared/errors.js';
export {
  FinAppointmentChangeEvent,
  FinErrorEvent,
  FinJoinEvent,
  FinQueuedEvent,
  FinSubmitEvent,
  FinLoginEvent,
  FinLogoutEvent,
  type AppointmentChange,
  type FinErrorDetail,
} from './shared/events.js';
export { Outbox, OutboxEvent, getOutbox, OUTBOX_MAX_AGE, type OutboxEntry, type OutboxError, type PendingItem } from './shared/outbox.js';
export { submitOrQueue, type SubmitResult } from './shared/submit.js';
export { languages, type Lang, type Messages, type StringOverrides } from './shared/i18n.js';
export type { FinConfig } from './shared/context.js';
export type {
  Agent,
  AppointmentCreated,
  AppointmentProcedures,
  AppointmentRequest,
  AppointmentSlots,
  AppointmentState,
  CallbackCreated,
  CallbackRequest,
  CallbackSlots,
  Council,
  Holiday,
  MyAppointment,
  OpeningHours,
  Procedure,
  TimeWindow,
  Topic,
} from './shared/types.js';
