import type { Catalogue } from '../../shared/i18n.js';
import type { en } from './en.js';

/** The messages of `<office-hours>` in Spanish. */
export const es: Catalogue<typeof en> = {
  officeHoursLoading: 'Cargando el horario…',
  officeHoursError: 'En este momento no se puede mostrar el horario.',
  officeHoursOpenNow: 'Abierto ahora',
  officeHoursClosedNow: 'Cerrado ahora',
  officeHoursClosesAt: 'Cierra a las {time}',
  officeHoursOpensToday: 'Abre hoy a las {time}',
  officeHoursOpensTomorrow: 'Abre mañana a las {time}',
  officeHoursOpensOn: 'Abre el {weekday} a las {time}',
  officeHoursWeekCaption: 'Horario semanal',
  officeHoursDay: 'Día',
  officeHoursHours: 'Horario',
  officeHoursRange: 'de {opens} a {closes}',
  officeHoursClosedDay: 'Cerrado',
  officeHoursHolidaysTitle: 'Próximos días de cierre',
  officeHoursNoHolidays: 'No hay cierres previstos en las próximas semanas.',
  officeHoursMoreHolidays: { one: 'y {count} cierre más', other: 'y {count} cierres más' },
};
