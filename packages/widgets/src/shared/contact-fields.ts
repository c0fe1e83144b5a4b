import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { ApiError } from './errors.js';
import type { TimeWindow } from './types.js';

/** Contact details and slots as every citizen form reads them: the checks run before the server's, which has the last word. */

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

/** The time windows in a 409 FIN_ERR_SLOT_TAKEN body, ignoring anything malformed. */
export function alternativesOf(error: ApiError | undefined): TimeWindow[] {
  const list = error?.body?.alternatives;
  if (!Array.isArray(list)) return [];
  return list.filter((w): w is TimeWindow => typeof w?.start === 'string' && typeof w?.end === 'string');
}
