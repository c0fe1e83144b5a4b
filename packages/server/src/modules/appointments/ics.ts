import { createEvent } from 'ics';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { APPOINTMENT_TEXTS } from './texts.js';

/** The calendar alarm: early enough to get to a quiet place and open the link. */
const ALARM_MINUTES_BEFORE = 30;

export interface CalendarAppointment {
  caseId: string;
  reference: string;
  procedureName: string;
  start: Date;
  end: Date;
  sequence: number;
  language: Language;
  citizen: { name: string; email: string };
  appointmentUrl: string | null;
}

/** `no-reply@x` out of `Name <no-reply@x>`. */
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/**
 * The appointment as an iCalendar file. The UID stays the same for the life of the appointment
 * and SEQUENCE grows with every change, so a calendar that imported it updates or removes the
 * one event instead of adding another. PUBLISH for a booking or a change (the citizen is not
 * asked to reply), CANCEL with STATUS:CANCELLED once it is cancelled. Times are UTC.
 */
export function appointmentCalendar(
  council: CouncilConfig,
  appointment: CalendarAppointment,
  mailFrom: string,
  method: 'PUBLISH' | 'CANCEL',
): string {
  const t = APPOINTMENT_TEXTS[appointment.language];
  const utc = { startInputType: 'utc', startOutputType: 'utc', endInputType: 'utc', endOutputType: 'utc' } as const;
  const { error, value } = createEvent({
    ...utc,
    productId: 'finestreta/appointments',
    method,
    uid: `appointment-${appointment.caseId}@finestreta`,
    sequence: appointment.sequence,
    start: appointment.start.getTime(),
    end: appointment.end.getTime(),
    title: t.calendarSummary(appointment.procedureName, council.name),
    // A cancelled event needs no way in; the link would only lead to a closed appointment.
    ...(method === 'PUBLISH' && appointment.appointmentUrl && {
      description: t.calendarDescription(appointment.reference, appointment.appointmentUrl),
      url: appointment.appointmentUrl,
    }),
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: council.name, email: addressOf(mailFrom) },
    attendees: [{ name: appointment.citizen.name, email: appointment.citizen.email, rsvp: false, role: 'REQ-PARTICIPANT' }],
    alarms: method === 'CANCEL' ? [] : [{ action: 'display', description: t.calendarAlarm, trigger: { minutes: ALARM_MINUTES_BEFORE, before: true } }],
  });
  if (error || !value) throw error ?? new Error('could not build the calendar file');
  return foldLines(value);
}

/** The longest content line RFC 5545 (§3.1) allows, in octets, without its CRLF. */
const LINE_OCTETS = 75;

/**
 * The file with its lines folded at 75 octets. The library folds at 75 characters, so a line
 * with accented letters came out longer than calendars are bound to read; it is unfolded and
 * folded again here, never inside a character.
 */
export function foldLines(ics: string): string {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map((line) => {
      const parts: string[] = [];
      let part = '';
      let octets = 0;
      for (const character of line) {
        const size = Buffer.byteLength(character);
        if (octets + size > LINE_OCTETS) {
          parts.push(part);
          part = '';
          // A continuation line begins with the space that unfolding removes.
          octets = 1;
        }
        part += character;
        octets += size;
      }
      return [...parts, part].join('\r\n ');
    })
    .join('\r\n');
}
