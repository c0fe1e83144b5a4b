import type { Catalogue } from '../i18n.js';
import type { en } from './en.js';

/** The messages several elements share, in Catalan. */
export const ca: Catalogue<typeof en> = {
  errorUnavailable: 'Aquest servei no està disponible ara mateix.',
  errorNotOnThisPage: 'Aquest servei no està disponible en aquesta pàgina ara mateix.',
  retry: 'Torna-ho a provar',
  loading: 'S’està carregant…',

  docUploadReason: 'Motiu: {reason}',

  officeHoursTitle: 'Horari d’atenció',

  appointmentStateBooked: 'Confirmada',
  appointmentStateCancelled: 'Anul·lada',
  appointmentStateCheckedIn: 'Esperant la trucada',
  appointmentStateInCall: 'En videotrucada',
  appointmentStateCompleted: 'Feta',
  appointmentStateNoShow: 'No presentada',
  appointmentStateAbandoned: 'Inacabada',

  callLoading: 'S’està carregant la videotrucada…',
};
