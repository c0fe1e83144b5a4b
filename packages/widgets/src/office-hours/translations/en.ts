import type { PluralMessage } from '../../shared/i18n.js';

/** The messages of `<office-hours>` in English: the reference, whose keys every other language gives. */
export const en = {
  officeHoursLoading: 'Loading the opening hours…',
  officeHoursError: 'The opening hours cannot be shown right now.',
  officeHoursOpenNow: 'Open now',
  officeHoursClosedNow: 'Closed now',
  officeHoursClosesAt: 'Closes at {time}',
  officeHoursOpensToday: 'Opens today at {time}',
  officeHoursOpensTomorrow: 'Opens tomorrow at {time}',
  officeHoursOpensOn: 'Opens on {weekday} at {time}',
  officeHoursWeekCaption: 'Weekly opening hours',
  officeHoursDay: 'Day',
  officeHoursHours: 'Hours',
  officeHoursRange: '{opens} to {closes}',
  officeHoursClosedDay: 'Closed',
  officeHoursHolidaysTitle: 'Upcoming closures',
  officeHoursNoHolidays: 'No closures in the coming weeks.',
  officeHoursMoreHolidays: { one: 'and {count} more closure', other: 'and {count} more closures' } as PluralMessage,
};
