import { isOneOClock, likeCase } from './catalan.js';

/** The words `contract` may change in Spanish. */
export const CONTRACTIBLE = ['las'] as const;

/** Spanish reads one o'clock in the singular as Catalan does: "a la 01:30", not "a las 01:30". */
export function contract(word: string, value: string): string {
  return word.toLowerCase() === 'las' && isOneOClock(value) ? `${likeCase(word, 'la')} ${value}` : `${word} ${value}`;
}
