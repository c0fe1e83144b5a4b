import Holidays, { type HolidaysTypes } from 'date-holidays';
import { addDays, fromZoned, isoWeekday, toZoned, type PlainDate, type PlainTime } from '../../shared/time.js';
import { localize } from './language.js';
import type { CouncilConfig, Language } from './schemas.js';

export interface Holiday {
  date: PlainDate;
  name: string;
}

export interface OfficeStatus {
  open: boolean;
  /** The next instant the office opens or closes, or null when that is beyond the horizon. */
  changesAt: Date | null;
}

/** How far ahead the status looks for the next opening: long enough for Christmas closures. */
const STATUS_HORIZON_DAYS = 14;

const regionalCalendars = new Map<string, Holidays>();

const regionalYears = new Map<string, HolidaysTypes.Holiday[]>();

/**
 * The region's public holidays of one year in one language. date-holidays works them out from
 * its rules on every call, which cost milliseconds per request; a year's list never changes.
 */
function regionalHolidays({ country, region }: CouncilConfig['holidays'], year: number, language: Language) {
  const key = `${country}/${region ?? ''}/${year}/${language}`;
  let holidays = regionalYears.get(key);
  if (!holidays) {
    const calendarKey = `${country}/${region ?? ''}`;
    let calendar = regionalCalendars.get(calendarKey);
    if (!calendar) {
      calendar = region ? new Holidays(country, region) : new Holidays(country);
      regionalCalendars.set(calendarKey, calendar);
    }
    // Bank, school and observance days are working days for the town hall.
    holidays = calendar.getHolidays(year, language).filter((holiday) => holiday.type === 'public');
    regionalYears.set(key, holidays);
  }
  return holidays;
}

/**
 * Days the office is closed for a holiday in [from, until): the region's public holidays (as
 * maintained by date-holidays, in `language` when it has that translation) and the council's
 * local ones. One entry per date, ordered.
 */
export function holidaysBetween(council: CouncilConfig, from: PlainDate, until: PlainDate, language: Language): Holiday[] {
  const byDate = new Map<PlainDate, string>();
  for (let year = Number(from.slice(0, 4)); year <= Number(until.slice(0, 4)); year++) {
    for (const holiday of regionalHolidays(council.holidays, year, language)) {
      const named = council.holidays.names?.[holiday.rule];
      byDate.set(holiday.date.slice(0, 10), named ? localize(named, language, council.defaultLanguage) : holiday.name);
    }
  }
  for (const holiday of council.holidays.local) {
    if (!byDate.has(holiday.date)) byDate.set(holiday.date, localize(holiday.name, language, council.defaultLanguage));
  }
  return [...byDate]
    .filter(([date]) => date >= from && date < until)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, name]) => ({ date, name }));
}

/** The instant a wall-clock time of the council's opening hours stands for; `24:00` ends the day. */
export function instant(date: PlainDate, time: PlainTime, timeZone: string): number {
  return time === '24:00'
    ? fromZoned(addDays(date, 1), '00:00', timeZone).getTime()
    : fromZoned(date, time, timeZone).getTime();
}

/** Whether the office is open at `now`, from its opening hours and holidays in its own time zone. */
export function officeStatus(council: CouncilConfig, now: Date): OfficeStatus {
  const { timeZone } = council;
  const today = toZoned(now, timeZone).date;
  const horizon = addDays(today, STATUS_HORIZON_DAYS);
  const closed = new Set(holidaysBetween(council, today, horizon, council.defaultLanguage).map(({ date }) => date));

  const intervals: Array<[number, number]> = [];
  for (let date = today; date < horizon; date = addDays(date, 1)) {
    if (closed.has(date)) continue;
    const weekday = isoWeekday(date);
    for (const hours of council.openingHours) {
      if (hours.weekday !== weekday) continue;
      const start = instant(date, hours.opens, timeZone);
      const end = instant(date, hours.closes, timeZone);
      if (end > start) intervals.push([start, end]);
    }
  }
  intervals.sort(([a], [b]) => a - b);

  const time = now.getTime();
  for (let i = 0; i < intervals.length; i++) {
    const start = intervals[i]![0];
    let end = intervals[i]![1];
    // Touching or overlapping ranges (a split shift written twice, 24:00 then 00:00) are one opening.
    while (i + 1 < intervals.length && intervals[i + 1]![0] <= end) end = Math.max(end, intervals[++i]![1]);
    if (time < start) return { open: false, changesAt: new Date(start) };
    if (time < end) return { open: true, changesAt: new Date(end) };
  }
  return { open: false, changesAt: null };
}
