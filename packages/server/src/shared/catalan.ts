/**
 * Catalan contractions before a value filled into a message: "de" + "octubre" is "d’octubre",
 * "el" + "1 d’octubre" is "l’1 d’octubre", "les" + "01:00" is "la 01:00". A catalogue can only
 * write the article or preposition; whether it elides depends on the value, known at run time.
 * The widgets keep the same rules in `packages/widgets/src/shared/catalan.ts` for their messages:
 * each package is built alone (each `rootDir` is its own `src`), so neither can import the other.
 */

const VOWEL = /^[aeiouàáèéíïòóúü]/;

/** The integer a value starts with ("1 d’octubre", "11:00", "1.500"), if any; dots group thousands. */
function leadingInteger(value: string): number | undefined {
  const digits = /^\d+(?:\.\d{3})*/.exec(value)?.[0];
  return digits === undefined ? undefined : Number(digits.replaceAll('.', ''));
}

/** Integers read with a leading vowel: u (1), onze (11), onze mil… (11 000–11 999), un milió…, onze milions… */
function integerReadsWithVowel(n: number): boolean {
  const between = (low: number, high: number) => n >= low && n < high;
  return n === 1 || n === 11 || between(11_000, 12_000) || between(1_000_000, 2_000_000) || between(11_000_000, 12_000_000);
}

/**
 * Whether a value, read aloud in Catalan, starts with a vowel sound before which "de" and "el"
 * elide: "octubre", "hora", "1", "11"; not "iogurt" or "hiena", whose i is a consonant.
 */
export function startsWithVowelSound(value: string): boolean {
  const text = value.trim().toLowerCase();
  const n = leadingInteger(text);
  if (n !== undefined) return integerReadsWithVowel(n);
  const word = text.startsWith('h') ? text.slice(1) : text;
  if (!VOWEL.test(word)) return false;
  return !/^[iu][aeiouàèéíòóú]/.test(word);
}

/** Whether a clock time such as "01:30" or "1.30" is within one o'clock, read "la una", singular. */
export function isOneOClock(value: string): boolean {
  const hour = /^(\d{1,2})[:.]\d{2}/.exec(value.trim())?.[1];
  return hour !== undefined && Number(hour) === 1;
}

/** The elided or contracted form of each article or preposition before a vowel sound. */
const ELIDED: Record<string, string> = { de: 'd’', el: 'l’', del: 'de l’', al: 'a l’', pel: 'per l’' };

/** Keeps a capital letter the catalogue gave the word ("El 1…" → "L’1…"). */
function likeCase(model: string, text: string): string {
  return model[0] === model[0].toUpperCase() ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * `word` (an article or preposition as a catalogue writes it) followed by `value`, contracted as
 * Catalan requires: "de" + "octubre" → "d’octubre", "al" + "1 de març" → "a l’1 de març",
 * "les" + "01:15" → "la 01:15". Any other pair keeps its space.
 */
export function contract(word: string, value: string): string {
  const lower = word.toLowerCase();
  if (lower === 'les') return isOneOClock(value) ? `${likeCase(word, 'la')} ${value}` : `${word} ${value}`;
  const elided = ELIDED[lower];
  if (elided && startsWithVowelSound(value)) return `${likeCase(word, elided)}${value}`;
  return `${word} ${value}`;
}
