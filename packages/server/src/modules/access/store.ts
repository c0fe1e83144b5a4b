import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { normaliseIdDocument } from '../../shared/id-document.js';
import { EMAIL_PATTERN, fieldError, normalisePhone } from '../cases/contact.js';
import type { SubjectBody, SubjectCase } from './schemas.js';

/** What one request may gather: a person's cases are a handful; a shared office phone is not a person. */
export const MAX_CASES = 200;

/** The person's one identifier, in the form the cases store it; a 400 naming the field when it cannot be one. */
function identifier(body: SubjectBody): { column: 'phone' | 'email' | 'idDocument'; value: string } {
  if (body.phone !== undefined) {
    const phone = normalisePhone(body.phone);
    if (!phone) throw fieldError('FIN_ERR_PHONE_INVALID', 'phone', 'body.phone is not a valid phone number');
    return { column: 'phone', value: phone };
  }
  if (body.email !== undefined) {
    const email = body.email.trim().toLowerCase();
    if (!EMAIL_PATTERN.test(email)) throw fieldError('FIN_ERR_EMAIL_INVALID', 'email', 'body.email is not a valid email address');
    return { column: 'email', value: email };
  }
  const idDocument = normaliseIdDocument(body.idDocument ?? '');
  if (!idDocument) throw fieldError('FIN_ERR_VALIDATION', 'idDocument', 'body.idDocument is not a valid DNI or NIE');
  return { column: 'idDocument', value: idDocument };
}

/** Every case of the council whose citizen gave this phone, email or identity document, the newest first. */
export async function casesOf(db: Kysely<Database>, councilId: string, body: SubjectBody): Promise<SubjectCase[]> {
  const { column, value } = identifier(body);
  let query = db
    .selectFrom('cases')
    .leftJoin('appointments', 'appointments.case_id', 'cases.id')
    .select(['cases.id', 'cases.reference', 'cases.kind', 'cases.state', 'cases.created_at', 'cases.updated_at', 'cases.hold_at', 'cases.hold_by', 'cases.hold_reason'])
    .where('cases.council_id', '=', councilId);
  if (column === 'phone') query = query.where('cases.citizen_phone', '=', value);
  else if (column === 'email') query = query.where((eb) => eb(eb.fn('lower', ['cases.citizen_email']), '=', value));
  else query = query.where('appointments.id_document', '=', value);
  const rows = await query.orderBy('cases.created_at', 'desc').limit(MAX_CASES + 1).execute();
  if (rows.length > MAX_CASES) throw new AppError('FIN_ERR_VALIDATION', `More than ${MAX_CASES} cases match: ask the person for another of their identifiers`);
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    hold: row.hold_at ? { at: row.hold_at, by: row.hold_by ?? '', reason: row.hold_reason ?? '' } : null,
  }));
}
