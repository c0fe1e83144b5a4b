/**
 * Spanish identity documents: a DNI is 8 digits and a check letter, a NIE is X, Y or Z, 7 digits and
 * a check letter. The letter is the number modulo 23 looked up in a fixed table (for a NIE, X, Y and
 * Z stand for 0, 1 and 2), so most typos are caught before the server sees them.
 */

const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Upper case, without the spaces, dots and dashes people type. */
export function normaliseIdDocument(value: string): string {
  return value.toUpperCase().replace(/[\s.-]/g, '');
}

export type IdDocumentKind = 'dni' | 'nie';

/** `dni` or `nie` when `value` is a well-formed document whose check letter matches, else undefined. */
export function idDocumentKind(value: string): IdDocumentKind | undefined {
  const id = normaliseIdDocument(value);
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (!match) return undefined;
  const [, prefix, digits, letter] = match;
  if (prefix ? digits.length !== 7 : digits.length !== 8) return undefined;
  const number = Number(`${prefix ? 'XYZ'.indexOf(prefix) : ''}${digits}`);
  return LETTERS[number % 23] === letter ? (prefix ? 'nie' : 'dni') : undefined;
}

export function isValidIdDocument(value: string): boolean {
  return idDocumentKind(value) !== undefined;
}
