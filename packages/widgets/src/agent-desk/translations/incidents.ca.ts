import type { Catalogue } from '../../shared/i18n.js';
import type { incidents as en } from './incidents.en.js';

/** The supervisors’ list of background failures, in Catalan. */
export const incidents: Catalogue<typeof en> = {
  deskIncidentsTitle: 'Incidències',
  deskIncidentsIntro: 'El que ha fallat sense que ningú ho veiés: enregistraments, correus a la ciutadania, registres i segells. Un reintent que funciona la resol; marqueu-la com a atesa quan l’hàgiu resolta d’una altra manera.',
  deskIncidentsCount: { one: '{count} incidència oberta', other: '{count} incidències obertes' },
  deskIncidentsEmpty: 'Aquesta setmana no ha fallat res.',
  deskIncidentsKindRecording: 'Enregistrament de la trucada',
  deskIncidentsKindEmail: 'Correu a la persona',
  deskIncidentsKindRegistration: 'Registre i justificant',
  deskIncidentsKindSeal: 'Segell o segell de temps',
  deskIncidentsWhatOfCase: '{kind} de {reference}',
  deskIncidentsOpen: 'Oberta',
  deskIncidentsRecovered: 'Resolta en reintentar',
  deskIncidentsDealtWith: 'Atesa',
  deskIncidentsJob: 'Tasca',
  deskIncidentsReason: 'Error',
  deskIncidentsTimes: 'Ha fallat',
  deskIncidentsTimesValue: { one: 'una vegada', other: '{count} vegades' },
  deskIncidentsFirst: 'Primera fallada',
  deskIncidentsLast: 'Última fallada',
  deskIncidentsResolvedAt: 'Resolta',
  deskIncidentsResolve: 'Marca-la com a atesa',
  deskIncidentsResolved: '{what}: marcada com a atesa.',
  deskIncidentsResolveError: 'No s’ha pogut marcar la incidència com a atesa. Torneu-ho a provar.',
  deskIncidentsLoadError: 'Ara no es poden mostrar les incidències.',
};
