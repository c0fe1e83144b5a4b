/** The check letters of Spanish identity numbers, indexed by the number modulo 23. */
const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const DNI = /^(\d{8})([A-Z])$/;
// A NIE's leading X, Y or Z stands for 0, 1 or 2 when the check letter is computed.
const NIE = /^([XYZ])(\d{7})([A-Z])$/;

/**
 * A DNI (8 digits and a letter) or NIE (X, Y or Z, 7 digits and a letter) in its canonical
 * form, upper case without spaces, dots or dashes; undefined when it is malformed or its check
 * letter does not match the number, which catches most typing mistakes.
 */
export function normaliseIdDocument(input: string): string | undefined {
  const value = input.replace(/[\s.-]/g, '').toUpperCase();
  const dni = DNI.exec(value);
  if (dni) return CHECK_LETTERS[Number(dni[1]) % 23] === dni[2] ? value : undefined;
  const nie = NIE.exec(value);
  if (nie) {
    const number = Number(`${'XYZ'.indexOf(nie[1]!)}${nie[2]}`);
    return CHECK_LETTERS[number % 23] === nie[3] ? value : undefined;
  }
  return undefined;
}
