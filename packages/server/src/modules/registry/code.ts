import { createHash, randomInt } from 'node:crypto';

/**
 * The verification code (CSV, Ley 40/2015 art. 42.b) printed on a registered document: 25
 * characters of Crockford's base32, 125 random bits, shown in five groups of five
 * (`7KQ2M-…`). The alphabet has no I, L, O or U, so a code read off paper cannot be mistyped
 * into another one; what a person types is normalised the way Crockford's decoding does
 * (case, spaces and dashes ignored, O read as 0, I and L as 1).
 *
 * The code is a credential to the document, so only its SHA-256 (of the normalised form, as
 * hex) is stored: the table does not give away a live code, and a lookup is an exact match on
 * that hash, so a near miss of a real code says nothing about it.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 25;
const GROUP = 5;

/** A new code, normalised (no dashes). */
export function newCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** A code as printed and shown: groups of five joined by dashes. */
export function formatCode(code: string): string {
  return normaliseCode(code).match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? '';
}

/**
 * What a person typed, in the form codes are hashed in: upper case, without spaces or dashes,
 * with the letters Crockford decodes as digits replaced by them. Anything else is left as it
 * is, so a malformed code simply matches nothing.
 */
export function normaliseCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** The key a code is stored and looked up under. */
export function codeHash(typed: string): string {
  return createHash('sha256').update(normaliseCode(typed)).digest('hex');
}

/** The address printed on the document (its QR code too): the verification page with the code in its path. */
export function verificationUrl(linkBase: string, code: string): string {
  return `${linkBase}/verify/${formatCode(code)}`;
}
