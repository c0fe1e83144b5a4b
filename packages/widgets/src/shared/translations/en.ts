/** The messages several elements share, in English: the reference, whose keys every other language gives. */
export const en = {
  errorUnavailable: 'This service is not available right now.',
  errorNotOnThisPage: 'This service is not available on this page right now.',
  retry: 'Try again',
  loading: 'Loading…',

  docUploadReason: 'Reason: {reason}',

  officeHoursTitle: 'Opening hours',

  appointmentStateBooked: 'Booked',
  appointmentStateCancelled: 'Cancelled',
  appointmentStateCheckedIn: 'Waiting for the call',
  appointmentStateInCall: 'In the call',
  appointmentStateCompleted: 'Completed',
  appointmentStateNoShow: 'Missed',
  appointmentStateAbandoned: 'Not finished',

  callLoading: 'Loading the video call…',
};
