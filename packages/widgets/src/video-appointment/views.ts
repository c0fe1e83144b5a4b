/**
 * The views a personal link or a guest's invitation opens, fetched and defined the first time
 * `<video-appointment>` shows one: a page that books, as most do, downloads neither the
 * appointment's live view nor the call's messages. Their parts are the element's own, so their
 * names are here, where the element reads them before the view's code is there.
 */
export const APPOINTMENT_VIEW_PARTS =
  'base, heading, status, error, action-error, retry-button, invalid, appointment, details, detail, term, value, reference, when, badge, state-booked, state-cancelled, state-checked_in, state-in_call, state-completed, state-no_show, state-abandoned, countdown, join-hint, hint, join-button, call, change-buttons, reschedule-button, cancel-button, reschedule, cancel, cancel-text, procedure, receipt, step-heading, field, field-error, fieldset, days, day-list, times, time-list, legend, choices, choice, checked, radio, choice-label, day-name, day-count, zone-note, no-slots, no-slots-hint, subheading, slot-taken, slot-taken-text, resubmit-button, actions, back-button, submit-button, success, closed-text, survey, documents-section, doc-upload';

export const CALL_GUEST_PARTS = 'base, heading, intro, form, field, label, input, field-error, actions, submit-button, call, retry-button';

export const LAZY_VIEWS = {
  'fin-appointment-view': () => import('./appointment-view.js').then(({ FinAppointmentView }) => FinAppointmentView.define('fin-appointment-view')),
  'fin-call-guest': () => import('./call-guest.js').then(({ FinCallGuest }) => FinCallGuest.define('fin-call-guest')),
};
