import { roundUp } from './chart.js';

/** How a figure reads: a count, a percentage, a wait (given in minutes) or a rating. */
export type Kind = 'count' | 'percent' | 'minutes' | 'rating';

/** The units a wait is shown in; the data keep minutes. */
export type WaitUnit = 'minute' | 'hour' | 'day';

const MINUTES: Record<WaitUnit, number> = { minute: 1, hour: 60, day: 1440 };

/**
 * The unit a wait of this many minutes reads best in: minutes under an hour, hours under two
 * days, then days. "24.9 h" is grasped at a glance; "1,493.2 min" has to be worked out.
 */
export function waitUnit(minutes: number): WaitUnit {
  return minutes < MINUTES.hour ? 'minute' : minutes < 2 * MINUTES.day ? 'hour' : 'day';
}

/** A figure as text in `locale`; a wait in `unit`, by default the one that suits its own size. */
export function formatFigure(locale: string, value: number, kind: Kind, unit: WaitUnit = waitUnit(value)): string {
  switch (kind) {
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
    case 'minutes':
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value / MINUTES[unit]);
    case 'rating':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    default:
      return new Intl.NumberFormat(locale).format(value);
  }
}

/**
 * The scale of a chart of waits: the unit its longest wait reads in, and a top that is a round
 * number of that unit (2 h, not 120 min rounded up to 200 min), so that both axis labels read alike.
 */
export function waitScale(longest: number): { unit: WaitUnit; max: number } {
  const unit = waitUnit(longest);
  return { unit, max: roundUp(longest / MINUTES[unit]) * MINUTES[unit] };
}
