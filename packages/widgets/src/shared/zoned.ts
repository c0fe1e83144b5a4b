/** Calendar arithmetic in a council's time zone, which may differ from the visitor's. */

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date/time format, made once per locale and options: making one costs a hundred times more
 * than using it, and a slot list formats hundreds of instants on its first render.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/**
 * `YYYY-MM-DD` of `date` as read on a calendar in `timeZone`. Built from the formatter's parts:
 * a locale's layout is the ICU's to choose (WebKit with the system's ICU 72 prints en-CA as
 * `12/06/2026`), its numbers are not.
 */
export function localDate(date: Date, timeZone: string): string {
  const parts = dateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', numberingSystem: 'latn' }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** ISO weekday (1 Monday … 7 Sunday) of `date` in `timeZone`. */
export function localWeekday(date: Date, timeZone: string): number {
  return new Date(`${localDate(date, timeZone)}T12:00:00Z`).getUTCDay() || 7;
}

/** Whole calendar days from `from` to `to` in `timeZone` (0 = same day, 1 = the next). */
export function daysBetween(from: Date, to: Date, timeZone: string): number {
  const day = (date: Date) => Date.parse(`${localDate(date, timeZone)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** A UTC date whose UTC reading is the given local date or wall-clock time, for formatting with `timeZone: 'UTC'`. */
export function wallClock(dateOrTime: { date?: string; time?: string }): Date {
  return new Date(`${dateOrTime.date ?? '2024-01-01'}T${dateOrTime.time ?? '12:00'}:00Z`);
}

/** A Date falling on ISO `weekday` (2024-01-01 was a Monday), for naming weekdays with Intl. */
export function weekdayDate(weekday: number): Date {
  return new Date(Date.UTC(2024, 0, weekday, 12));
}

/** The local date `days` calendar days after the local date `day` (`YYYY-MM-DD`). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The zone's name as people say it in `locale`, e.g. "Central European Time", for stating which clock a time is on. */
export function zoneName(timeZone: string, locale: string, date = new Date()): string {
  const parts = dateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** Slots grouped by the council's calendar day (`YYYY-MM-DD`), in order. */
export function groupByDay<T extends { start: string }>(slots: T[], timeZone: string): { day: string; slots: T[] }[] {
  const days = new Map<string, T[]>();
  for (const slot of slots) {
    const day = localDate(new Date(slot.start), timeZone);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days].map(([day, list]) => ({ day, slots: list }));
}
