/**
 * JSON with sorted keys and no whitespace, so the same value always gives the same text and
 * the same hash whatever order it was written in (request bodies, evidence events).
 *
 * It recurses once per level of nesting: values from outside reach it only through the JSON
 * body parser, which refuses bodies nested deeper than MAX_JSON_DEPTH.
 */
export function canonicalJson(value: unknown): string {
  // JSON writes a promise as {}: a value someone forgot to await would enter the evidence as nothing.
  if (value instanceof Promise) throw new TypeError('A promise cannot be written as JSON: await it first');
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The deepest nesting of objects and arrays a request body may have; real forms use two or three. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON `text` opens more than `limit` objects or arrays inside one another, read in one
 * pass without recursion (brackets inside strings do not count), so that it can run before the
 * text is parsed. Malformed text is left for the parser to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
