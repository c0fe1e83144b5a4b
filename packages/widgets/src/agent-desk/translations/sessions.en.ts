/** The desk’s list of the agent’s own sessions, in English. */
export const sessions = {
  deskSessionsTitle: 'Where you are signed in',
  deskSessionsIntro: 'Your desk sessions, the most recently used first. End any you do not recognise or no longer use; a session left unused ends by itself.',
  deskSessionsThisBrowser: 'This browser',
  deskSessionsStarted: 'Signed in',
  deskSessionsLastUsed: 'Last used',
  deskSessionsAddress: 'IP address',
  deskSessionsUnknownBrowser: 'Unknown browser',
  deskSessionsBrowserOn: '{browser} on {system}',
  deskSessionsEnd: 'End this session',
  deskSessionsEnded: 'The session of {device} has ended.',
  deskSessionsEndError: 'The session could not be ended. Try again.',
  deskSessionsLoadError: 'Your sessions cannot be shown right now.',
};
