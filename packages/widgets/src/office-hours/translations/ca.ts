import type { Catalogue } from '../../shared/i18n.js';
import type { en } from './en.js';

/** The messages of `<office-hours>` in Catalan. */
export const ca: Catalogue<typeof en> = {
  officeHoursLoading: 'S’està carregant l’horari…',
  officeHoursError: 'Ara mateix no es pot mostrar l’horari.',
  officeHoursOpenNow: 'Obert ara',
  officeHoursClosedNow: 'Tancat ara',
  officeHoursClosesAt: 'Tanca a les {time}',
  officeHoursOpensToday: 'Obre avui a les {time}',
  officeHoursOpensTomorrow: 'Obre demà a les {time}',
  officeHoursOpensOn: 'Obre el {weekday} a les {time}',
  officeHoursWeekCaption: 'Horari setmanal',
  officeHoursDay: 'Dia',
  officeHoursHours: 'Horari',
  officeHoursRange: 'de {opens} a {closes}',
  officeHoursClosedDay: 'Tancat',
  officeHoursHolidaysTitle: 'Propers dies de tancament',
  officeHoursNoHolidays: 'No hi ha cap tancament previst les properes setmanes.',
  officeHoursMoreHolidays: { one: 'i {count} tancament més', other: 'i {count} tancaments més' },
};
