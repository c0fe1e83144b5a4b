import type { Catalogue } from '../../shared/i18n.js';
import type { sessions as en } from './sessions.en.js';

/** The desk’s list of the agent’s own sessions, in Spanish. */
export const sessions: Catalogue<typeof en> = {
  deskSessionsTitle: 'Dónde tiene la sesión iniciada',
  deskSessionsIntro: 'Sus sesiones en el mostrador, de la más reciente a la más antigua. Cierre las que no reconozca o que ya no use; una sesión que no se usa se cierra sola.',
  deskSessionsThisBrowser: 'Este navegador',
  deskSessionsStarted: 'Inicio de la sesión',
  deskSessionsLastUsed: 'Último uso',
  deskSessionsAddress: 'Dirección IP',
  deskSessionsUnknownBrowser: 'Navegador desconocido',
  deskSessionsBrowserOn: '{browser} en {system}',
  deskSessionsEnd: 'Cerrar esta sesión',
  deskSessionsEnded: 'Se ha cerrado la sesión de {device}.',
  deskSessionsEndError: 'No se ha podido cerrar la sesión. Vuelva a intentarlo.',
  deskSessionsLoadError: 'Ahora no se pueden mostrar sus sesiones.',
};
