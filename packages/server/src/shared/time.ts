/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl.
 *
 * Opening hours are written in a council's local time, while instants travel as UTC. Converting
 * between the two must survive daylight-saving changes, where a local time can be missing
 * (spring forward) or happen twice (fall back); both are resolved the way Temporal's
 * "compatible" disambiguation does, so every local time maps to exactly one instant.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type PlainDate = string;

/** A wall-clock time, `HH:MM`; `24:00` means the end of the day. */
export type PlainTime = string;

export interface ZonedDateTime {
  date: PlainDate;
  time: PlainTime;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone, as if that wall clock were UTC. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
}

/** The zone's offset from UTC at an instant, in milliseconds (Madrid in summer: +7_200_000). */
export function offsetAt(instant: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return wallClockMs(wholeSeconds, timeZone) - wholeSeconds;
}

/** The last second each zone was asked about: every request asks for now, several times. */
const lastZoned = new Map<string, { second: number; zoned: ZonedDateTime }>();

export function toZoned(instant: Date, timeZone: string): ZonedDateTime {
  // Intl gives whole seconds, so every instant of one second has the same wall clock.
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastZoned.get(timeZone);
  if (last?.second === second) return { ...last.zoned };
  const wall = new Date(wallClockMs(instant.getTime(), timeZone));
  const iso = wall.toISOString();
  const zoned = { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: wall.getUTCDay() || 7 };
  lastZoned.set(timeZone, { second, zoned });
  return { ...zoned };
}

function plainDateMs(date: PlainDate): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!);
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return new Date(plainDateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isoWeekday(date: PlainDate): number {
  return new Date(plainDateMs(date)).getUTCDay() || 7;
}

/**
 * Instants already worked out, by zone, date and time. Every slot list and office status asks for
 * the same few opening and closing times of the coming days, each costing several Intl calls; the
 * answer for a date never changes (the time zone data is the process's).
 */
const instants = new Map<string, number>();
const MAX_INSTANTS = 100_000;

/**
 * The instant at which the wall clock of `timeZone` shows `date` `time`. A time skipped by a
 * spring-forward change is pushed forward by the gap (02:30 → 03:30 in Madrid); a time repeated
 * by a fall-back change resolves to its first occurrence.
 */
export function fromZoned(date: PlainDate, time: PlainTime, timeZone: string): Date {
  const key = `${timeZone} ${date} ${time}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= MAX_INSTANTS) instants.clear();
    instant = zonedInstant(date, time, timeZone);
    instants.set(key, instant);
  }
  return new Date(instant);
}

function zonedInstant(date: PlainDate, time: PlainTime, timeZone: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  const wall = plainDateMs(date) + (hours! * 60 + minutes!) * 60_000;
  // A zone changes offset at most once within a day either side, so the offsets a day before and
  // after are the only candidates.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wall - instant === offsetAt(instant, timeZone));
  return candidates.length > 0 ? Math.min(...candidates) : wall - before;
}

const isoStrings = new Map<number, string>();
const MAX_ISO_STRINGS = 100_000;

/**
 * `date.toISOString()`, remembered by instant: the bounds of the slots that every slot list sends
 * (hundreds per answer) are the same few instants, and turning a date into text costs more than
 * the rest of the list.
 */
export function isoString(date: Date): string {
  const at = date.getTime();
  let iso = isoStrings.get(at);
  if (iso === undefined) {
    if (isoStrings.size >= MAX_ISO_STRINGS) isoStrings.clear();
    iso = date.toISOString();
    isoStrings.set(at, iso);
  }
  return iso;
}
