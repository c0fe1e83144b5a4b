import type { MessageKey } from '../shared/i18n.js';

/** What the agenda calls each event of an appointment's history; other events are not listed. */
export const APPOINTMENT_EVENT_LABELS: Partial<Record<string, MessageKey>> = {
  'appointment.booked': 'deskEventBooked',
  'appointment.rescheduled': 'deskEventRescheduled',
  'appointment.cancelled': 'deskEventCancelled',
  'appointment.checked_in': 'deskEventCheckedIn',
  'appointment.in_call': 'deskEventInCall',
  'appointment.completed': 'deskEventCompleted',
  'appointment.no_show': 'deskEventNoShow',
  'appointment.abandoned': 'deskEventAbandoned',
};
