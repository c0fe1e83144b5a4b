import { expect } from '@open-wc/testing';
import { daysBetween, groupByDay, localDate, localWeekday } from './zoned.js';

/**
 * An Intl whose en-CA prints dates as `12/06/2026`, as WebKitGTK 2.50 does with the system's
 * ICU 72, and whose en-US names weekdays in another way than today's Chromium: calendar
 * arithmetic must read numbers, never a locale's layout.
 */
function withOtherIcu(run: () => void) {
  const Native = Intl.DateTimeFormat;
  class OtherIcu extends Native {
    constructor(locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
      super(locales === 'en-CA' ? 'en-US' : locales, options);
    }
    override format(date?: Date | number): string {
      const printed = super.format(date);
      return this.resolvedOptions().weekday ? `${printed}.` : printed;
    }
  }
  Intl.DateTimeFormat = OtherIcu as typeof Intl.DateTimeFormat;
  try {
    run();
  } finally {
    Intl.DateTimeFormat = Native;
  }
}

describe('calendar dates in a time zone', () => {
  // 23:30 UTC on Saturday 5 December is already Sunday 6 December in Madrid.
  const lateSaturday = new Date('2026-12-05T23:30:00Z');

  it('reads the date and weekday on the council’s calendar', () => {
    expect(localDate(lateSaturday, 'Europe/Madrid')).to.equal('2026-12-06');
    expect(localDate(lateSaturday, 'UTC')).to.equal('2026-12-05');
    expect(localWeekday(lateSaturday, 'Europe/Madrid')).to.equal(7);
    expect(localWeekday(lateSaturday, 'UTC')).to.equal(6);
  });

  it('gives ISO dates and working arithmetic under an ICU that prints another layout', () => {
    withOtherIcu(() => {
      expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(lateSaturday)).to.equal('12/5/2026');
      expect(localDate(lateSaturday, 'Europe/Madrid')).to.equal('2026-12-06');
      expect(localWeekday(lateSaturday, 'Europe/Madrid')).to.equal(7);
      expect(daysBetween(lateSaturday, new Date('2026-12-07T09:00:00Z'), 'Europe/Madrid')).to.equal(1);
      expect(groupByDay([{ start: '2026-12-07T09:00:00Z' }], 'Europe/Madrid').map((group) => group.day)).to.deep.equal(['2026-12-07']);
    });
  });
});
