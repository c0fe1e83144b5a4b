import type { AppointmentCreated, AppointmentSlots, Council, Procedure, TimeWindow } from '../shared/types.js';

/** What the booking and the personal link's tests ask the server for, on the council's clock. */

export const ZONE = 'Europe/Madrid';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `hours` after 08:00 UTC, `days` from now: a council day that is unambiguous whatever the hour of the run. */
export function at(days: number, hours: number): string {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(8 + hours, 0, 0, 0);
  return date.toISOString();
}

export const window = (days: number, hours: number): TimeWindow => ({ start: at(days, hours), end: at(days, hours + 0.5) });

export const procedures: Procedure[] = [
  {
    id: 'padro',
    name: 'Register of residents',
    durationMinutes: 30,
    documents: [
      { id: 'id', name: 'DNI or NIE' },
      { id: 'rent', name: 'Rental contract' },
    ],
  },
  { id: 'licence', name: 'Activity licence', durationMinutes: 60, documents: [] },
];

export const slots = (): AppointmentSlots => ({
  timeZone: ZONE,
  slotMinutes: 30,
  procedure: procedures[0],
  slots: [2, 3].flatMap((days) => [0, 1, 2].map((hours) => ({ ...window(days, hours), available: 1 }))),
});

export const council: Partial<Council> = { id: 'demo', name: 'Ajuntament de Vilademo', timeZone: ZONE, privacyUrl: 'https://vilademo.example/privacy' };

export const created = (slot: TimeWindow = window(2, 0)): AppointmentCreated => ({
  reference: 'VA-7K3M9Q',
  state: 'booked',
  procedure: procedures[0],
  slot,
  token: 't0k3n',
  appointmentUrl: 'https://vilademo.example/cita?token=t0k3n',
  calendarUrl: 'https://oac.example/api/councils/demo/appointments/mine/calendar.ics?token=t0k3n',
});
