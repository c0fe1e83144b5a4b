import { parse, type ParseResult } from 'mrz';
import { AppError } from '../../../shared/errors.js';
import { normaliseIdDocument } from '../../../shared/id-document.js';
import type { MrzReading } from '../schemas.js';

/** A TD1 zone (the DNI, the NIE card): three lines of thirty characters. */
const TD1_LINE = /^[A-Z0-9<]{30}$/;
const LINES = 3;
/** The MRZ dates YYMMDD of a permanent DNI's expiry ("PERMANENTE" on the card): 01/01/9999. */
const PERMANENT = '990101';
const PERMANENT_DATE = '9999-01-01';

/** The check digits of TD1, by the field each one protects. */
const CHECK_DIGITS = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'birthDate',
  expirationDateCheckDigit: 'expirationDate',
  compositeCheckDigit: 'composite',
} as const;

/** What the booking said, to compare with what the document reads. */
export interface Booked {
  name: string;
  idNumber: string | null;
}

/**
 * The three lines as the agent typed them: upper-cased, with the spaces and blank lines a person
 * adds while copying removed. Anything else that is not three lines of thirty [A-Z0-9<] is no MRZ.
 */
export function mrzLines(text: string): string[] {
  const lines = text
    .toUpperCase()
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]/g, ''))
    .filter((line) => line !== '');
  if (lines.length !== LINES || !lines.every((line) => TD1_LINE.test(line))) {
    throw new AppError('FIN_ERR_MRZ_INVALID', 'The MRZ of a DNI or NIE card is three lines of 30 characters: A to Z, 0 to 9 and <', 'text');
  }
  return lines;
}

/** `YYYY-MM-DD` of an MRZ date, the century chosen so that a birth date is past and an expiry is no more than 50 years away. */
function mrzDate(value: string | null | undefined, kind: 'birth' | 'expiry', today: string): string | null {
  if (!value || !/^\d{6}$/.test(value)) return null;
  if (kind === 'expiry' && value === PERMANENT) return PERMANENT_DATE;
  const year = Number(value.slice(0, 2));
  const thisYear = Number(today.slice(0, 4));
  let full = 2000 + year;
  if (kind === 'birth' ? full > thisYear : full > thisYear + 50) full -= 100;
  const date = `${full}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
  // An impossible day (31 February) reads as no date rather than as another one.
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : null;
}

/** A name as its words in the MRZ's alphabet: without accents or case (Ñ is N, Ç is C), every other sign a space. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter((word) => word !== '');
}

/**
 * Whether the booked name is the one read: the same words in any order (the MRZ puts the
 * surnames first). A name line filled to its last character was cut short: its last word need
 * only begin a booked one, and the booked words after the cut are not there to compare.
 */
function sameName(booked: string, read: string[], truncated: boolean): boolean {
  const left = nameWords(booked);
  for (const [index, word] of read.entries()) {
    const cut = truncated && index === read.length - 1;
    const at = left.findIndex((candidate) => (cut ? candidate.startsWith(word) : candidate === word));
    if (at === -1) return false;
    left.splice(at, 1);
  }
  return truncated || left.length === 0;
}

/**
 * Reads the MRZ the agent typed from the still of the back with the `mrz` library: its fields,
 * each check digit, whether the document has expired by `today` (the council's date), and the
 * number and name compared with the booking. A well-formed zone with wrong check digits is read
 * (valid: false) so that the agent sees what is wrong.
 */
export function readMrz(lines: string[], booked: Booked, today: string, readAt: string): MrzReading {
  let result: ParseResult;
  try {
    result = parse(lines);
  } catch (error) {
    throw Object.assign(new AppError('FIN_ERR_MRZ_INVALID', (error as Error).message, 'text'), { cause: error });
  }
  if (result.format !== 'TD1') throw new AppError('FIN_ERR_MRZ_INVALID', 'This is not the MRZ of a DNI or NIE card', 'text');
  const { fields } = result;
  // The Spanish cards print the DNI or NIE in the optional data of the first line.
  const idField = fields.optional1 || fields.personalNumber || null;
  const idNumber = idField === null ? null : (normaliseIdDocument(idField) ?? idField);
  const expirationDate = mrzDate(fields.expirationDate, 'expiry', today);
  const surname = fields.lastName || null;
  const givenNames = fields.firstName || null;
  const readWords = nameWords(`${surname ?? ''} ${givenNames ?? ''}`);
  const bookedId = booked.idNumber === null ? null : (normaliseIdDocument(booked.idNumber) ?? booked.idNumber.toUpperCase());
  return {
    lines,
    format: result.format,
    valid: result.valid,
    checks: result.details.flatMap((detail) =>
      detail.field !== null && detail.field in CHECK_DIGITS ? [{ field: CHECK_DIGITS[detail.field as keyof typeof CHECK_DIGITS], valid: detail.valid }] : [],
    ),
    fields: {
      documentNumber: fields.documentNumber || null,
      idNumber,
      surname,
      givenNames,
      birthDate: mrzDate(fields.birthDate, 'birth', today),
      expirationDate,
      nationality: fields.nationality || null,
    },
    expired: expirationDate === null || expirationDate < today,
    comparisons: [
      { field: 'idNumber', booked: bookedId, read: idNumber, match: bookedId !== null && bookedId === idNumber },
      {
        field: 'name',
        booked: booked.name,
        read: readWords.join(' ') || null,
        match: sameName(booked.name, readWords, !lines[2]!.endsWith('<')),
      },
    ],
    readAt,
  };
}

/** The document an MRZ reading names, as the evidence records it: its type and issuer (from the first line), number, support number and expiry. */
export function documentOf(mrz: MrzReading) {
  return {
    type: mrz.lines[0]!.slice(0, 2).replaceAll('<', ''),
    issuingState: mrz.lines[0]!.slice(2, 5),
    number: mrz.fields.idNumber,
    supportNumber: mrz.fields.documentNumber,
    expirationDate: mrz.fields.expirationDate,
  };
}
