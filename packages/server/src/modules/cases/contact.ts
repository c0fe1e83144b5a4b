import type { Kysely } from 'kysely';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Database } from '../../db/index.js';
import type { CasesTable } from '../../db/schema.js';
import { AppError, type HttpErrorCode } from '../../shared/errors.js';

/** Requests one phone number may make to one council for one kind of case in a day, whatever became of them. */
export const PHONE_LIMIT = { max: 3, windowMs: 24 * 3_600_000 };
export const EMAIL_PATTERN = /^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+\.[^@\s<>()[\],;:".]{2,}$/;

/** A 400 that names the body field at fault, so that a form can show it in place. */
export const fieldError = (code: HttpErrorCode, name: string, message: string) => new AppError(code, message, name);
export const tokenInvalid = () => new AppError('FIN_ERR_TOKEN_INVALID', 'This link is not valid or has expired');

/** The phone number in E.164, or undefined when it is not a valid number (Spanish by default). */
export function normalisePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!isValidPhoneNumber(trimmed, 'ES')) return undefined;
  return parsePhoneNumberFromString(trimmed, 'ES')?.number;
}

export interface ContactInput {
  name: string;
  phone: string;
  email?: string;
  website?: string;
}

/**
 * The citizen's contact details of a booking form (callbacks, appointments), checked in the
 * order of the form so that each field gets its own code, and cleaned up. A filled honeypot
 * (`website`, hidden from people) rejects the whole submission with a refusal that names no
 * field, so that a bot learns nothing about which field gave it away. It is refused rather than
 * accepted and dropped because a person's browser may autofill the field: they must learn that
 * nothing was booked.
 */
export function validateContact(input: ContactInput, options: { emailRequired: boolean }) {
  if (input.website) throw new AppError('FIN_ERR_SUBMISSION_REJECTED', 'The request was rejected');
  const name = input.name.trim();
  if (!name) throw fieldError('FIN_ERR_VALIDATION', 'name', 'body.name is required');
  const phone = normalisePhone(input.phone);
  if (!phone) throw fieldError('FIN_ERR_PHONE_INVALID', 'phone', 'The phone number is not valid');
  const email = input.email?.trim() || null;
  if (email === null && options.emailRequired) throw fieldError('FIN_ERR_EMAIL_INVALID', 'email', 'An email address is required');
  if (email !== null && !EMAIL_PATTERN.test(email)) throw fieldError('FIN_ERR_EMAIL_INVALID', 'email', 'The email address is not valid');
  return { name, phone, email };
}

/** 429 once a phone number has made PHONE_LIMIT.max requests of this kind to the council in the last day. */
export async function enforcePhoneLimit(db: Kysely<Database>, councilId: string, kind: CasesTable['kind'], phone: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - PHONE_LIMIT.windowMs).toISOString();
  const recent = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('council_id', '=', councilId)
    .where('kind', '=', kind)
    .where('citizen_phone', '=', phone)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= PHONE_LIMIT.max) {
    throw new AppError('FIN_ERR_RATE_LIMITED', 'Too many requests for this phone number today', 'phone');
  }
}
