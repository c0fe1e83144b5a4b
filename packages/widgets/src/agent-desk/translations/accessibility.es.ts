import type { Catalogue } from '../../shared/i18n.js';
import type { accessibility as en } from './accessibility.en.js';

/** The desk’s list of accessibility reports, in Spanish. */
export const accessibility: Catalogue<typeof en> = {
  deskA11yTitle: 'Comunicaciones de accesibilidad',
  deskA11yIntro: 'Barreras que la ciudadanía ha comunicado desde la declaración de accesibilidad. La ley da al Ayuntamiento 20 días hábiles para responder cada una.',
  deskA11yCount: { one: '{count} comunicación nueva', other: '{count} comunicaciones nuevas' },
  deskA11yEmpty: 'Nadie ha comunicado ninguna barrera.',
  deskA11yLoadError: 'Ahora no se pueden mostrar las comunicaciones de accesibilidad.',
  deskA11yStateNew: 'Nueva',
  deskA11yStateAcknowledged: 'Atendida',
  deskA11yReceived: 'Recibida',
  deskA11yAnswerBy: 'Respuesta antes del',
  deskA11yPage: 'Página',
  deskA11yFrom: 'De',
  deskA11yAnonymous: 'Sin nombre',
  deskA11yAcknowledgedBy: 'Atendida por {name} el {date}',
  deskA11yAcknowledge: 'Marcar {reference} como atendida',
  deskA11yAcknowledged: '{reference} marcada como atendida.',
  deskA11yAcknowledgeError: 'No se ha podido marcar la comunicación. Vuelva a intentarlo.',
};
