import type { Catalogue } from '../../shared/i18n.js';
import type { incidents as en } from './incidents.en.js';

/** The supervisors’ list of background failures, in Spanish. */
export const incidents: Catalogue<typeof en> = {
  deskIncidentsTitle: 'Incidencias',
  deskIncidentsIntro: 'Lo que ha fallado sin que nadie lo viera: grabaciones, correos a la ciudadanía, registros y sellos. Un reintento que funciona la resuelve; márquela como atendida cuando la haya resuelto de otra manera.',
  deskIncidentsCount: { one: '{count} incidencia abierta', other: '{count} incidencias abiertas' },
  deskIncidentsEmpty: 'Esta semana no ha fallado nada.',
  deskIncidentsKindRecording: 'Grabación de la llamada',
  deskIncidentsKindEmail: 'Correo a la persona',
  deskIncidentsKindRegistration: 'Registro y justificante',
  deskIncidentsKindSeal: 'Sello o sello de tiempo',
  deskIncidentsWhatOfCase: '{kind} de {reference}',
  deskIncidentsOpen: 'Abierta',
  deskIncidentsRecovered: 'Resuelta al reintentar',
  deskIncidentsDealtWith: 'Atendida',
  deskIncidentsJob: 'Tarea',
  deskIncidentsReason: 'Error',
  deskIncidentsTimes: 'Ha fallado',
  deskIncidentsTimesValue: { one: 'una vez', other: '{count} veces' },
  deskIncidentsFirst: 'Primer fallo',
  deskIncidentsLast: 'Último fallo',
  deskIncidentsResolvedAt: 'Resuelta',
  deskIncidentsResolve: 'Marcarla como atendida',
  deskIncidentsResolved: '{what}: marcada como atendida.',
  deskIncidentsResolveError: 'No se ha podido marcar la incidencia como atendida. Vuelva a intentarlo.',
  deskIncidentsLoadError: 'Ahora no se pueden mostrar las incidencias.',
};
