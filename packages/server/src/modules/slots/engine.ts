import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { addDays, isoWeekday, toZoned } from '../../shared/time.js';
import { holidaysBetween, instant } from '../councils/calendar.js';
import type { CouncilConfig } from '../councils/schemas.js';
import { SlotAnswers } from './answers.js';
import { SlotStore, type SlotKey } from './store.js';

/** The services that book slots; each has its own places. */
export type SlotService = SlotKey['service'];

export interface SlotSettings {
  slotMinutes: number;
  capacity: number;
  leadMinutes: number;
  horizonDays: number;
}

export interface CallbackSettings extends SlotSettings {
  maxAttempts: number;
  retryDelayMinutes: number;
}

export const DEFAULT_SLOT_SETTINGS: SlotSettings = { slotMinutes: 30, capacity: 2, leadMinutes: 30, horizonDays: 10 };
export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = { ...DEFAULT_SLOT_SETTINGS, maxAttempts: 3, retryDelayMinutes: 60 };

export function callbackSettings(council: CouncilConfig): CallbackSettings {
  return { ...DEFAULT_CALLBACK_SETTINGS, ...council.callback };
}

export function slotSettings(council: CouncilConfig, service: SlotService): SlotSettings {
  return service === 'callback' ? callbackSettings(council) : { ...DEFAULT_SLOT_SETTINGS, ...council.appointment };
}

export interface Slot {
  start: Date;
  end: Date;
  capacity: number;
  used: number;
}

export interface SlotQuery {
  /** Slots starting at or after this instant only (still subject to the lead time). */
  from?: Date;
  /** Days to look ahead from the day of `from`, instead of the service's horizon from today. */
  days?: number;
}

/**
 * The slots of a council's service: its opening hours cut into slots of `slotMinutes`, on days
 * that are not holidays, from `leadMinutes` after now up to `horizonDays` ahead. Days are the
 * council's own: each opening and closing time is placed in its time zone day by day, so slots
 * follow the wall clock across daylight-saving changes. Slots run in real minutes from the
 * opening time, so no slot is stretched or cut by a change that happens while the office is open.
 */
export function slotWindows(
  council: CouncilConfig,
  settings: SlotSettings,
  now: Date,
  query: SlotQuery = {},
): Array<{ start: Date; end: Date }> {
  const { timeZone } = council;
  const earliest = Math.max(now.getTime() + settings.leadMinutes * 60_000, query.from?.getTime() ?? 0);
  const firstDay = toZoned(query.from && query.from > now ? query.from : now, timeZone).date;
  const untilDay = query.days
    ? addDays(firstDay, query.days)
    : addDays(toZoned(now, timeZone).date, settings.horizonDays);
  const windows = dayWindows(council, settings.slotMinutes, firstDay, untilDay);
  // The first window that starts late enough: they are sorted by start.
  let low = 0;
  for (let high = windows.length; low < high; ) {
    const middle = (low + high) >>> 1;
    if (windows[middle]!.start.getTime() < earliest) low = middle + 1;
    else high = middle;
  }
  return windows.slice(low);
}

/** Windows already cut, with the council they were cut from (the store shares one object until it changes). */
const cut = new WeakMap<CouncilConfig, Map<string, ReadonlyArray<Readonly<{ start: Date; end: Date }>>>>();
/** Ranges of days kept per council: a few services and lengths, today's and yesterday's. */
const RANGES_KEPT = 64;

/**
 * Every slot of the days [firstDay, untilDay), whatever the time now. Every slot list and
 * booking asks for the same days, and cutting them costs an Intl call per opening and closing
 * time, so they are cut once per council and kept with it; the windows are shared, not copied.
 */
function dayWindows(council: CouncilConfig, slotMinutes: number, firstDay: string, untilDay: string) {
  let ranges = cut.get(council);
  if (!ranges) cut.set(council, (ranges = new Map()));
  const key = `${slotMinutes} ${firstDay} ${untilDay}`;
  let windows = ranges.get(key);
  if (windows) return windows;

  const { timeZone } = council;
  const closed = new Set(holidaysBetween(council, firstDay, untilDay, council.defaultLanguage).map(({ date }) => date));
  const slotMs = slotMinutes * 60_000;
  const starts = new Map<number, number>();
  for (let date = firstDay; date < untilDay; date = addDays(date, 1)) {
    if (closed.has(date)) continue;
    const weekday = isoWeekday(date);
    for (const hours of council.openingHours) {
      if (hours.weekday !== weekday) continue;
      const closes = instant(date, hours.closes, timeZone);
      for (let start = instant(date, hours.opens, timeZone); start + slotMs <= closes; start += slotMs) starts.set(start, start + slotMs);
    }
  }
  windows = [...starts]
    .sort(([a], [b]) => a - b)
    .map(([start, end]) => Object.freeze({ start: new Date(start), end: new Date(end) }));
  if (ranges.size >= RANGES_KEPT) ranges.clear();
  ranges.set(key, windows);
  return windows;
}

/**
 * The first instant after `now` from which the service's slots differ from those at `now`: the
 * first one passes its lead time, or the next day starts and a new day enters the horizon.
 */
function windowsChangeAt(council: CouncilConfig, settings: SlotSettings, now: Date): number {
  const { timeZone } = council;
  const nextDay = instant(addDays(toZoned(now, timeZone).date, 1), '00:00', timeZone);
  const first = slotWindows(council, settings, now)[0];
  return first ? Math.min(nextDay, first.start.getTime() - settings.leadMinutes * 60_000 + 1) : nextDay;
}

/** How many slots a booking of `minutes` holds: one, or several in a row for a longer procedure. */
export function slotsNeeded(minutes: number, slotMinutes: number): number {
  return Math.max(1, Math.ceil(minutes / slotMinutes));
}

/**
 * Every run of `count` slots that follow one another without a gap, as lists starting at each
 * slot in turn. A run never spans a closing time, a lunch break or a night.
 */
export function consecutiveRuns<T extends { start: Date; end: Date }>(slots: T[], count: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i + count <= slots.length; i++) {
    const run = slots.slice(i, i + count);
    if (run.every((slot, k) => k === 0 || run[k - 1]!.end.getTime() === slot.start.getTime())) runs.push(run);
  }
  return runs;
}

/**
 * Slots with their places: computed from the council's calendar, with the usage the database
 * holds for them. Taking a place is one conditional update, so that the database, not the
 * process, decides who gets the last one.
 */
export class SlotEngine {
  private readonly store: SlotStore;
  private readonly answers = new SlotAnswers();

  constructor(private readonly db: Kysely<Database>) {
    this.store = new SlotStore(db);
  }

  /**
   * A list of the service's slots as sent to citizens (`make` serializes it), reused while no
   * place of the service was taken or given back in this process, the calendar offers the same
   * slots and SLOT_ANSWER_MS has not passed (see `SlotAnswers`). `key` names what else the list
   * depends on: the language, the procedure.
   */
  answer(council: CouncilConfig, service: SlotService, key: string, now: Date, make: () => Promise<Buffer>): Promise<Buffer> {
    return this.answers.get(council, service, key, now, () => windowsChangeAt(council, slotSettings(council, service), now), make);
  }

  /** `executor` is the caller's transaction when it has one: on SQLite a query outside it would wait for it forever. */
  async list(council: CouncilConfig, service: SlotService, now: Date, query: SlotQuery = {}, executor: Kysely<Database> = this.db): Promise<Slot[]> {
    const settings = slotSettings(council, service);
    const windows = slotWindows(council, settings, now, query);
    if (windows.length === 0) return [];
    const used = await this.store.usage(council.id, service, windows[0]!.start, windows.at(-1)!.start, executor);
    const usedAt = new Map([...used].map(([start, places]) => [Date.parse(start), places]));
    return windows.map(({ start, end }) => ({ start, end, capacity: settings.capacity, used: usedAt.get(start.getTime()) ?? 0 }));
  }

  /** Slots with a free place, earliest first. */
  async free(council: CouncilConfig, service: SlotService, now: Date, query: SlotQuery = {}, executor: Kysely<Database> = this.db): Promise<Slot[]> {
    return (await this.list(council, service, now, query, executor)).filter((slot) => slot.used < slot.capacity);
  }

  /** Runs of `count` consecutive slots where every slot has a free place, earliest first. */
  async freeRuns(council: CouncilConfig, service: SlotService, count: number, now: Date, query: SlotQuery = {}, executor: Kysely<Database> = this.db): Promise<Slot[][]> {
    const slots = await this.list(council, service, now, query, executor);
    return consecutiveRuns(slots, count).filter((run) => run.every((slot) => slot.used < slot.capacity));
  }

  /** The bookable run of `count` consecutive slots starting at `start`, or undefined when the calendar has none. */
  findRun(council: CouncilConfig, service: SlotService, start: Date, count: number, now: Date): Array<{ start: Date; end: Date }> | undefined {
    const windows = slotWindows(council, slotSettings(council, service), now);
    const first = windows.findIndex((window) => window.start.getTime() === start.getTime());
    if (first < 0) return undefined;
    return consecutiveRuns(windows.slice(first, first + count), count)[0];
  }

  /** The bookable slot starting at `start`, or undefined when the calendar has no such slot. */
  find(council: CouncilConfig, service: SlotService, start: Date, now: Date): { start: Date; end: Date } | undefined {
    const windows = slotWindows(council, slotSettings(council, service), now);
    return windows.find((window) => window.start.getTime() === start.getTime());
  }

  /** Takes one place of a slot inside the caller's transaction; false when the slot is full. */
  take(trx: Transaction<Database>, council: CouncilConfig, service: SlotService, start: Date): Promise<boolean> {
    this.answers.changed(council.id, service);
    return this.store.take(trx, { councilId: council.id, service, start }, slotSettings(council, service).capacity);
  }

  /**
   * Takes one place in each of several slots; false as soon as one is full. The caller must
   * then roll its transaction back, which gives back the places already taken, so a booking
   * holds all its slots or none.
   */
  async takeAll(trx: Transaction<Database>, council: CouncilConfig, service: SlotService, starts: Date[]): Promise<boolean> {
    for (const start of starts) {
      if (!(await this.take(trx, council, service, start))) return false;
    }
    return true;
  }

  /** Gives a place back (a cancellation); never below zero. */
  release(trx: Transaction<Database>, councilId: string, service: SlotService, start: Date): Promise<void> {
    this.answers.changed(councilId, service);
    return this.store.release(trx, { councilId, service, start });
  }
}
