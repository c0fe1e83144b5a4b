import type { Catalogue } from '../i18n.js';
import type { en } from './en.js';

/** The messages several elements share, in Spanish. */
export const es: Catalogue<typeof en> = {
  errorUnavailable: 'Este servicio no está disponible en este momento.',
  errorNotOnThisPage: 'Este servicio no está disponible en esta página en este momento.',
  retry: 'Volver a intentarlo',
  loading: 'Cargando…',

  docUploadReason: 'Motivo: {reason}',

  officeHoursTitle: 'Horario de atención',

  appointmentStateBooked: 'Confirmada',
  appointmentStateCancelled: 'Anulada',
  appointmentStateCheckedIn: 'Esperando la llamada',
  appointmentStateInCall: 'En videollamada',
  appointmentStateCompleted: 'Realizada',
  appointmentStateNoShow: 'No presentada',
  appointmentStateAbandoned: 'Inacabada',

  callLoading: 'Cargando la videollamada…',
};
