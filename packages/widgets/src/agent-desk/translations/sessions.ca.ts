import type { Catalogue } from '../../shared/i18n.js';
import type { sessions as en } from './sessions.en.js';

/** The desk’s list of the agent’s own sessions, in Catalan. */
export const sessions: Catalogue<typeof en> = {
  deskSessionsTitle: 'On teniu la sessió iniciada',
  deskSessionsIntro: 'Les vostres sessions al taulell, de la més recent a la més antiga. Tanqueu les que no reconegueu o que ja no feu servir; una sessió que no s’utilitza es tanca sola.',
  deskSessionsThisBrowser: 'Aquest navegador',
  deskSessionsStarted: 'Inici de la sessió',
  deskSessionsLastUsed: 'Darrer ús',
  deskSessionsAddress: 'Adreça IP',
  deskSessionsUnknownBrowser: 'Navegador desconegut',
  deskSessionsBrowserOn: '{browser} a {system}',
  deskSessionsEnd: 'Tanca aquesta sessió',
  deskSessionsEnded: 'S’ha tancat la sessió de {device}.',
  deskSessionsEndError: 'No s’ha pogut tancar la sessió. Torneu-ho a provar.',
  deskSessionsLoadError: 'Ara no es poden mostrar les vostres sessions.',
};
