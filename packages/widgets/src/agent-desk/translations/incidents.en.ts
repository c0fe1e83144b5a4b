import type { PluralMessage } from '../../shared/i18n.js';

/** The supervisors’ list of background failures, in English. */
export const incidents = {
  deskIncidentsTitle: 'Incidents',
  deskIncidentsIntro: 'What failed out of sight: recordings, emails to citizens, registrations and seals. A retry that works resolves it; mark one dealt with once you have taken care of it another way.',
  deskIncidentsCount: { one: '{count} open incident', other: '{count} open incidents' } satisfies PluralMessage,
  deskIncidentsEmpty: 'Nothing has failed this week.',
  deskIncidentsKindRecording: 'Call recording',
  deskIncidentsKindEmail: 'Email to the citizen',
  deskIncidentsKindRegistration: 'Registration and receipt',
  deskIncidentsKindSeal: 'Seal or timestamp',
  deskIncidentsWhatOfCase: '{kind} of {reference}',
  deskIncidentsOpen: 'Open',
  deskIncidentsRecovered: 'Recovered on retry',
  deskIncidentsDealtWith: 'Dealt with',
  deskIncidentsJob: 'Task',
  deskIncidentsReason: 'Error',
  deskIncidentsTimes: 'Failed',
  deskIncidentsTimesValue: { one: 'once', other: '{count} times' } satisfies PluralMessage,
  deskIncidentsFirst: 'First failure',
  deskIncidentsLast: 'Last failure',
  deskIncidentsResolvedAt: 'Resolved',
  deskIncidentsResolve: 'Mark as dealt with',
  deskIncidentsResolved: '{what}: marked as dealt with.',
  deskIncidentsResolveError: 'The incident could not be marked as dealt with. Try again.',
  deskIncidentsLoadError: 'The incidents cannot be shown right now.',
};
