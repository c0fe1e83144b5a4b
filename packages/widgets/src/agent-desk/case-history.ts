import { html, nothing } from 'lit';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import type { DeskAppointmentDetails } from '../shared/types.js';
import { clock, momentOf, playFrom } from './recording.js';

type Words = MessageKey | ((data: Record<string, unknown>) => MessageKey);

/** Why a screen-help session ended (its `reason`), in words; an unknown reason reads as the plain end. */
const SCREEN_HELP_ENDINGS: Readonly<Record<string, MessageKey>> = {
  agent: 'deskEventScreenHelpEndedAgent',
  citizen: 'deskEventScreenHelpEndedCitizen',
  expired: 'deskEventScreenHelpEndedExpired',
  tooManyTries: 'deskEventScreenHelpEndedTooManyTries',
  replaced: 'deskEventScreenHelpEndedReplaced',
  callbackClosed: 'deskEventScreenHelpEndedCallbackClosed',
};

/**
 * Each type of evidence event the server writes (its `EVIDENCE_TYPES`), in words; the test fails
 * when a type there has none here. A few read their outcome from the event's data.
 */
export const EVENT_WORDS: Readonly<Record<string, Words>> = {
  'appointment.booked': 'deskEventBooked',
  'appointment.confirmed': 'deskEventConfirmed',
  'appointment.rescheduled': 'deskEventRescheduled',
  'appointment.cancelled': 'deskEventCancelled',
  'appointment.reminder_sent': 'deskEventReminderSent',
  'appointment.checked_in': 'deskEventCheckedIn',
  'appointment.no_show': 'deskEventNoShow',
  'appointment.abandoned': 'deskEventAbandoned',
  'callback.requested': 'deskEventCallbackRequested',
  'callback.confirmed': 'deskEventConfirmed',
  'callback.claimed': 'deskEventCallbackClaimed',
  'callback.reassigned': (data) => (data.to === null ? 'deskEventCallbackUnassigned' : 'deskEventCallbackReassigned'),
  'callback.started': 'deskEventCallbackStarted',
  'callback.note_added': 'deskEventCallbackNote',
  'callback.retry_scheduled': 'deskEventCallbackRetry',
  'callback.completed': 'deskEventCallbackCompleted',
  'callback.failed': 'deskEventCallbackFailed',
  'callback.cancelled': 'deskEventCallbackCancelled',
  'call.invited': 'deskEventCallInvited',
  'call.admitted': 'deskEventCallAdmitted',
  'call.joined': 'deskEventCallJoined',
  'call.left': 'deskEventCallLeft',
  'call.recording_consent': 'deskEventRecordingConsent',
  'call.recording_refused': 'deskEventRecordingRefused',
  'call.recording_started': 'deskEventRecordingStarted',
  'call.recording_stored': 'deskEventRecordingStored',
  'call.document_requested': 'deskEventDocumentRequested',
  'call.ended': 'deskEventCallEnded',
  'screen_help.started': (data) => (data.emailed === true ? 'deskEventScreenHelpStartedEmailed' : 'deskEventScreenHelpStarted'),
  'screen_help.opened': 'deskEventScreenHelpOpened',
  'screen_help.consented': (data) => (data.share === 'camera' ? 'deskEventScreenHelpConsentedCamera' : 'deskEventScreenHelpConsented'),
  'screen_help.locked': 'deskEventScreenHelpLocked',
  'screen_help.ended': (data) => (typeof data.reason === 'string' && Object.hasOwn(SCREEN_HELP_ENDINGS, data.reason) ? SCREEN_HELP_ENDINGS[data.reason] : 'deskEventScreenHelpEnded'),
  'document.upload_link_created': 'deskEventUploadLink',
  'document.received': 'deskEventDocumentReceived',
  'document.refused': 'deskEventDocumentRefused',
  'document.reviewed': (data) => (data.decision === 'accepted' ? 'deskEventDocumentAccepted' : 'deskEventDocumentRejected'),
  'procedure.step': 'deskEventProcedureStep',
  'identity.consent_asked': 'deskEventConsentAsked',
  'identity.consent_answered': 'deskEventConsentAnswered',
  'identity.mrz_read': 'deskEventMrzRead',
  'identity.still_requested': 'deskEventStillRequested',
  'identity.still_taken': 'deskEventStillTaken',
  'identity.liveness_issued': 'deskEventLivenessIssued',
  'identity.liveness_answered': 'deskEventLivenessAnswered',
  'identity.checklist': 'deskEventChecklist',
  'identity.decision': (data) => (data.verified === true ? 'deskEventIdentityVerified' : 'deskEventIdentityNotVerified'),
  'application.saved': 'deskEventApplicationSaved',
  'agreement.presented': 'deskEventAgreementPresented',
  'agreement.shown': 'deskEventAgreementShown',
  'agreement.agreed': 'deskEventAgreementAgreed',
  'agreement.refused': 'deskEventAgreementRefused',
  'agreement.signed': 'deskEventAgreementSigned',
  'agreement.voided': 'deskEventAgreementVoided',
  'registry.entered': 'deskEventRegistryEntered',
  'receipt.issued': 'deskEventReceiptIssued',
  'receipt.mailed': 'deskEventReceiptMailed',
  'receipt.retimestamped': 'deskEventReceiptRetimestamped',
  'staff.accessed': 'deskEventStaffAccessed',
  'evidence.exported': 'deskEventEvidenceExported',
  'survey.invited': 'deskEventSurveyInvited',
  'survey.mailed': 'deskEventSurveyMailed',
  'survey.answered': 'deskEventSurveyAnswered',
  'case.hold_placed': 'deskEventHoldPlaced',
  'case.hold_lifted': 'deskEventHoldLifted',
  'retention.erased': 'deskEventRetentionErased',
};

/** An evidence event in the viewer's words; a type this desk does not know yet still reads as a phrase. */
export function eventInWords(i18n: I18nController, type: string, data: Record<string, unknown>): string {
  const words = Object.hasOwn(EVENT_WORDS, type) ? EVENT_WORDS[type] : undefined;
  if (!words) return i18n.t('deskEventOther', { type });
  return i18n.t(typeof words === 'function' ? words(data) : words);
}

export interface HistoryOptions {
  i18n: I18nController;
  /** The case's events, and its recordings for "play from here" (a callback has none). */
  appointment: Pick<DeskAppointmentDetails, 'events' | 'recordings'>;
  /** Where the recordings' players are, for an event's "play from here". */
  root: ParentNode;
  /** An instant as the agenda shows it: the day (short) and the time, in the council's zone. */
  when: (iso: string) => string;
}

/**
 * A case's history (its evidence log), in an appointment's details or a callback's: each event in
 * words, who did it, and where it happened in the call's recording, to play from there.
 */
export function renderHistory({ i18n, appointment, root, when }: HistoryOptions) {
  return html`<ol part="events">
    ${appointment.events.map((event) => {
      const actor = event.actor === 'citizen' ? 'deskAgendaEventActorCitizen' : event.actor === 'system' ? 'deskAgendaEventActorSystem' : 'deskAgendaEventActorAgent';
      const moment = momentOf(appointment.recordings, event.data.recording);
      return html`<li part="event">
        <time datetime=${event.at}>${when(event.at)}</time> — ${eventInWords(i18n, event.type, event.data)} (${i18n.t(actor)})
        ${moment
          ? html`<button part="event-play-button" type="button" @click=${() => playFrom(root, moment.recordingId, moment.seconds)}>
              ${i18n.t('deskAgendaEventPlay', { at: clock(moment.seconds) })}
            </button>`
          : nothing}
      </li>`;
    })}
  </ol>`;
}
