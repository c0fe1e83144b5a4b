import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Contact details as every citizen form reads them: the checks run before the server's, which has the last word. */

export const NAME_MAX = 120;

/** Deliberately loose: the server has the last word; this catches typos. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/** A phone number as libphonenumber-js reads it: Spanish when it has no country code. */
export function parsePhone(value: string) {
  const phone = parsePhoneNumberFromString(value.trim(), 'ES');
  return phone?.isValid() ? { e164: phone.number as string, display: phone.formatInternational() } : undefined;
}

/** For a phone field: the sentence `say` makes of how a valid entered number will be read; none for an invalid one. */
export function readPhoneAs(say: (display: string) => string): (value: string) => string | undefined {
  return (value) => {
    const phone = parsePhone(value);
    return phone && say(phone.display);
  };
}
