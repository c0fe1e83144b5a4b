import type { PluralMessage } from '../../shared/i18n.js';

/** The desk’s list of accessibility reports, in English. */
export const accessibility = {
  deskA11yTitle: 'Accessibility reports',
  deskA11yIntro: 'Barriers people reported from the accessibility statement. The law gives the council 20 working days to answer each one.',
  deskA11yCount: { one: '{count} new report', other: '{count} new reports' } satisfies PluralMessage,
  deskA11yEmpty: 'No one has reported a barrier.',
  deskA11yLoadError: 'The accessibility reports cannot be shown right now.',
  deskA11yStateNew: 'New',
  deskA11yStateAcknowledged: 'Acknowledged',
  deskA11yReceived: 'Received',
  deskA11yAnswerBy: 'Answer by',
  deskA11yPage: 'Page',
  deskA11yFrom: 'From',
  deskA11yAnonymous: 'No name given',
  deskA11yAcknowledgedBy: 'Acknowledged by {name} on {date}',
  deskA11yAcknowledge: 'Acknowledge {reference}',
  deskA11yAcknowledged: '{reference} acknowledged.',
  deskA11yAcknowledgeError: 'The report could not be acknowledged. Try again.',
};
