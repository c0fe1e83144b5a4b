import type { Catalogue } from '../../shared/i18n.js';
import type { accessibility as en } from './accessibility.en.js';

/** The desk’s list of accessibility reports, in Catalan. */
export const accessibility: Catalogue<typeof en> = {
  deskA11yTitle: "Comunicacions d’accessibilitat",
  deskA11yIntro: "Barreres que la ciutadania ha comunicat des de la declaració d’accessibilitat. La llei dona a l’Ajuntament 20 dies hàbils per respondre cadascuna.",
  deskA11yCount: { one: '{count} comunicació nova', other: '{count} comunicacions noves' },
  deskA11yEmpty: 'Ningú no ha comunicat cap barrera.',
  deskA11yLoadError: "Ara no es poden mostrar les comunicacions d’accessibilitat.",
  deskA11yStateNew: 'Nova',
  deskA11yStateAcknowledged: 'Atesa',
  deskA11yReceived: 'Rebuda',
  deskA11yAnswerBy: 'Resposta abans del',
  deskA11yPage: 'Pàgina',
  deskA11yFrom: 'De',
  deskA11yAnonymous: 'Sense nom',
  deskA11yAcknowledgedBy: 'Atesa per {name} el {date}',
  deskA11yAcknowledge: 'Marca {reference} com a atesa',
  deskA11yAcknowledged: '{reference} marcada com a atesa.',
  deskA11yAcknowledgeError: "No s’ha pogut marcar la comunicació. Torneu-ho a provar.",
};
