import type { FastifyInstance } from 'fastify';
import { mean, median, quantile, sampleStandardDeviation } from 'simple-statistics';
import { AppError } from '../../shared/errors.js';
import { addDays, fromZoned, toZoned } from '../../shared/time.js';
import { procedures } from '../appointments/service.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { SCALE_RANGE, surveySettings } from '../councils/survey-settings.js';
import { SUPPRESSION_THRESHOLD, type Channel, type IndicatorRow } from './schemas.js';
import { IndicatorStore } from './store.js';

/** A later request by the same phone about the same subject within this many days means the first did not settle it. */
const REPEAT_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Two-sided 95% critical values of Student's t by degrees of freedom. The confidence interval of
 * the mean rating uses t rather than the normal approximation because a cell may rest on as few
 * as 10 answers, where 1.96 would make it too narrow; between tabulated degrees of freedom the
 * next lower one is used (a slightly wider, conservative interval).
 */
const T_975: Array<[df: number, t: number]> = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262],
  [10, 2.228], [11, 2.201], [12, 2.179], [13, 2.16], [14, 2.145], [15, 2.131], [16, 2.12], [17, 2.11], [18, 2.101],
  [19, 2.093], [20, 2.086], [21, 2.08], [22, 2.074], [23, 2.069], [24, 2.064], [25, 2.06], [26, 2.056], [27, 2.052],
  [28, 2.048], [29, 2.045], [30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98], [1000, 1.962],
];

function tCritical(df: number): number {
  return [...T_975].reverse().find(([tabulated]) => tabulated <= df)?.[1] ?? T_975[0]![1];
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * factor) / factor;
};

/** One case as the indicators see it. */
export interface CaseFact {
  id: string;
  channel: Exclude<Channel, 'all'>;
  state: string;
  createdAt: string;
  /** The council's local month of `createdAt`: the month the case counts in. */
  month: string;
  phone: string;
  /** The callback's topic or the appointment's procedure: what the person asked about. */
  subject: string;
  /** The appointment's procedure; null for callbacks. */
  procedure: string | null;
  /** The first call attempt of a callback. */
  firstAttemptAt: string | null;
  /** A failed callback whose last attempt went unanswered too: the callback's no-show. */
  neverAnswered: boolean;
  /** The survey answer, on the scale it was given in. */
  answer: { rating: number; scale: string; wouldRepeat: boolean | null } | null;
}

/** `2026-10` → the first instant of that month and of the next, in the council's time zone. */
export function monthBounds(month: string, timeZone: string): { start: Date; end: Date; firstDay: string; lastDay: string } {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  return {
    start: fromZoned(`${month}-01`, '00:00', timeZone),
    end: fromZoned(`${next}-01`, '00:00', timeZone),
    firstDay: `${month}-01`,
    lastDay: addDays(`${next}-01`, -1),
  };
}

export const monthOf = (instant: string | Date, timeZone: string) => toZoned(new Date(instant), timeZone).date.slice(0, 7);

/**
 * Sorts instants (ISO strings, as stored) into the council's local months between two instants:
 * the months' first instants are worked out once, then each instant is a string comparison.
 */
function monthSorter(timeZone: string, from: string, until: string): (instant: string) => string {
  const starts: Array<[start: string, month: string]> = [];
  for (let month = monthOf(from, timeZone); month <= monthOf(until, timeZone); month = addMonths(month, 1)) {
    starts.unshift([monthBounds(month, timeZone).start.toISOString(), month]);
  }
  return (instant) => starts.find(([start]) => instant >= start)?.[1] ?? monthOf(instant, timeZone);
}

export function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The figures of one group of cases (a channel, a procedure) of one month. */
function indicatorRow(
  council: CouncilConfig,
  group: { channel: Channel; procedure: string | null; procedureName: string | null },
  cases: CaseFact[],
  repeats: (fact: CaseFact) => boolean,
): IndicatorRow {
  // Filled in column order, as the statistics below are computed.
  const suppressed: string[] = [];
  /** A statistic over `base` items, or null (listed as suppressed when there were some, but too few). */
  const over = <T>(base: number, fields: string[], compute: () => T): T | null => {
    if (base >= SUPPRESSION_THRESHOLD) return compute();
    if (base > 0) suppressed.push(...fields);
    return null;
  };

  const completed = cases.filter((fact) => fact.state === 'completed');
  const waits =
    group.channel === 'video'
      ? []
      : cases.filter((fact) => fact.firstAttemptAt).map((fact) => (Date.parse(fact.firstAttemptAt!) - Date.parse(fact.createdAt)) / 60_000);
  const { scale } = surveySettings(council);
  // Answers given on another scale (before the council changed it) cannot be averaged with these.
  const ratings = cases.flatMap((fact) => (fact.answer && fact.answer.scale === scale ? [fact.answer.rating] : []));
  const repeatAnswers = cases.flatMap((fact) => (fact.answer && fact.answer.wouldRepeat !== null ? [fact.answer.wouldRepeat] : []));
  const { min: lowest, max: highest } = SCALE_RANGE[scale];

  const wait = over(waits.length, ['waitMedianMinutes', 'waitP90Minutes'], () => ({
    median: round(median(waits), 1),
    // Linear interpolation between order statistics (R's type 7), simple-statistics' method.
    p90: round(quantile(waits, 0.9), 1),
  }));
  const firstContact = over(completed.length, ['firstContactResolvedPercent'], () =>
    round((100 * completed.filter((fact) => !repeats(fact)).length) / completed.length, 1),
  );
  const rating = over(ratings.length, ['ratingAverage', 'ratingCiLow', 'ratingCiHigh'], () => {
    const average = mean(ratings);
    const margin = tCritical(ratings.length - 1) * (sampleStandardDeviation(ratings) / Math.sqrt(ratings.length));
    // The mean of a bounded scale cannot leave it: the interval is cut at its ends.
    return {
      average: round(average, 2),
      low: round(Math.max(lowest, average - margin), 2),
      high: round(Math.min(highest, average + margin), 2),
    };
  });

  return {
    ...group,
    requests: cases.length,
    completed: completed.length,
    noShows: cases.filter((fact) => fact.state === 'no_show' || fact.neverAnswered).length,
    cancellations: cases.filter((fact) => fact.state === 'cancelled').length,
    waitMedianMinutes: wait?.median ?? null,
    waitP90Minutes: wait?.p90 ?? null,
    firstContactResolvedPercent: firstContact,
    ratingAverage: rating?.average ?? null,
    ratingCount: ratings.length,
    ratingCiLow: rating?.low ?? null,
    ratingCiHigh: rating?.high ?? null,
    repeatPercent: over(repeatAnswers.length, ['repeatPercent'], () => round((100 * repeatAnswers.filter(Boolean).length) / repeatAnswers.length, 1)),
    suppressed,
  };
}

/**
 * Whether a case was followed, within REPEAT_WINDOW_DAYS, by another request of the same phone
 * about the same subject: then it did not settle the matter at the first contact.
 */
function repeatFinder(facts: CaseFact[]): (fact: CaseFact) => boolean {
  const bySubject = new Map<string, number[]>();
  for (const fact of facts) {
    const key = `${fact.phone} ${fact.subject}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), Date.parse(fact.createdAt)]);
  }
  return (fact) => {
    const at = Date.parse(fact.createdAt);
    return (bySubject.get(`${fact.phone} ${fact.subject}`) ?? []).some((other) => other > at && other <= at + REPEAT_WINDOW_DAYS * DAY_MS);
  };
}

/**
 * The rows of one month: every channel together, callbacks, video, then video by procedure (the
 * council's procedures in its order, then any it has since removed that still have cases).
 */
function monthRows(council: CouncilConfig, language: Language, month: string, facts: CaseFact[], repeats: (fact: CaseFact) => boolean): IndicatorRow[] {
  const inMonth = facts.filter((fact) => fact.month === month);
  const video = inMonth.filter((fact) => fact.channel === 'video');
  const named = procedures(council, language);
  const ids = [...named.map((procedure) => procedure.id), ...new Set(video.map((fact) => fact.procedure!).filter((id) => !named.some((procedure) => procedure.id === id)).sort())];
  return [
    indicatorRow(council, { channel: 'all', procedure: null, procedureName: null }, inMonth, repeats),
    indicatorRow(council, { channel: 'callback', procedure: null, procedureName: null }, inMonth.filter((fact) => fact.channel === 'callback'), repeats),
    indicatorRow(council, { channel: 'video', procedure: null, procedureName: null }, video, repeats),
    ...ids.map((id) =>
      indicatorRow(
        council,
        { channel: 'video', procedure: id, procedureName: named.find((procedure) => procedure.id === id)?.name ?? id },
        video.filter((fact) => fact.procedure === id),
        repeats,
      ),
    ),
  ];
}

const monthInvalid = (message: string) => new AppError('FIN_ERR_MONTH_INVALID', message);

/** Works out the indicators from the cases, their call attempts (evidence log) and survey answers. */
export class IndicatorService {
  private readonly store: IndicatorStore;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new IndicatorStore(fastify.db);
  }

  /** The months (council's local time) in which the council received any request, ascending. */
  async months(council: CouncilConfig): Promise<string[]> {
    const created = await this.store.caseCreationTimes(council.id);
    if (created.length === 0) return [];
    const sort = monthSorter(council.timeZone, created[0]!, created.at(-1)!);
    return [...new Set(created.map(sort))];
  }

  /** The cases requested in [from, until), with what the indicators need of each. */
  async facts(council: CouncilConfig, from: Date, until: Date): Promise<CaseFact[]> {
    const range = { councilId: council.id, from: from.toISOString(), until: until.toISOString() };
    const cases = await this.store.cases(range);
    const attempts = await this.store.firstAttempts(range);
    const failures = await this.store.failures(range);
    const answers = await this.store.answers(range);

    const firstAttempt = new Map(attempts.map((attempt) => [attempt.caseId, attempt.first]));
    const unanswered = new Set(failures.filter((failure) => (JSON.parse(failure.data) as { outcome?: string }).outcome === 'no_answer').map((failure) => failure.caseId));
    const sort = monthSorter(council.timeZone, range.from, range.until);
    const answerOf = new Map(answers.map((answer) => [answer.caseId, answer]));
    return cases.map((row) => {
      const answer = answerOf.get(row.id);
      return {
        id: row.id,
        channel: row.kind === 'callback' ? 'callback' : 'video',
        state: row.state,
        createdAt: row.createdAt,
        month: sort(row.createdAt),
        phone: row.phone,
        subject: row.topic ?? row.procedure ?? '',
        procedure: row.kind === 'appointment' ? row.procedure : null,
        firstAttemptAt: firstAttempt.get(row.id) ?? null,
        neverAnswered: unanswered.has(row.id),
        answer:
          answer && answer.rating !== null && answer.scale !== null
            ? { rating: Number(answer.rating), scale: answer.scale, wouldRepeat: answer.wouldRepeat === null ? null : Number(answer.wouldRepeat) === 1 }
            : null,
      };
    });
  }

  /** The rows of each month from `first` to `last`, read at once. */
  async rows(council: CouncilConfig, language: Language, first: string, last: string): Promise<Array<{ month: string; provisional: boolean; rows: IndicatorRow[] }>> {
    const from = monthBounds(first, council.timeZone).start;
    const until = monthBounds(last, council.timeZone).end;
    const facts = await this.facts(council, from, new Date(until.getTime() + REPEAT_WINDOW_DAYS * DAY_MS));
    const months: string[] = [];
    for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
    const repeats = repeatFinder(facts);
    const current = this.currentMonth(council);
    return months.map((month) => ({ month, provisional: month === current, rows: monthRows(council, language, month, facts, repeats) }));
  }

  /** The council's month now: the one whose figures are still provisional. */
  currentMonth(council: CouncilConfig): string {
    return monthOf(this.fastify.now(), council.timeZone);
  }

  /** A month asked for in an address: YYYY-MM, not after the current month. */
  checkMonth(council: CouncilConfig, month: string): string {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw monthInvalid(`${month} is not a month: use YYYY-MM`);
    if (month > this.currentMonth(council)) throw monthInvalid(`${month} has not begun yet`);
    return month;
  }
}
