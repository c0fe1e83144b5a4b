import { randomInt, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { CasesTable } from '../../db/schema.js';
import { changedMeanwhile } from '../../shared/errors.js';

/** Letters and digits that cannot be mistaken for one another when read out on the phone (no 0/O, 1/I/L). */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const REFERENCE_LENGTH = 6;
const REFERENCE_ATTEMPTS = 5;
const WRITE_ATTEMPTS = 5;

/** The columns of `cases` every kind of case reads, named as its service's rows name them. */
export const CASE_COLUMNS = [
  'cases.id',
  'cases.council_id as councilId',
  'cases.reference',
  'cases.state',
  'cases.language',
  'cases.citizen_name as name',
  'cases.citizen_phone as phone',
  'cases.citizen_email as email',
  'cases.created_at as createdAt',
] as const;

/** A public reference such as CB-7K3P9Q; unique per council only once stored (see `isUniqueViolation`). */
export function newReference(prefix: string): string {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${prefix}-${code}`;
}

/**
 * Runs `create` with a new reference such as VA-7K3P9Q, and again with another when two requests
 * drew the same one: rare enough that drawing again settles it.
 */
export async function withNewReference<T>(prefix: string, create: (reference: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create(newReference(prefix));
    } catch (error) {
      if (attempt < REFERENCE_ATTEMPTS && isUniqueViolation(error, 'cases_council_reference', 'cases.reference')) continue;
      throw error;
    }
  }
}

export type NewCase = Omit<CasesTable, 'id' | 'created_at' | 'updated_at' | 'hold_at' | 'hold_by' | 'hold_reason'>;

/** Inserts a case in the caller's transaction and returns its id. */
export async function insertCase(trx: Transaction<Database>, values: NewCase, now: Date): Promise<string> {
  const id = randomUUID();
  const at = now.toISOString();
  await trx.insertInto('cases').values({ id, ...values, created_at: at, updated_at: at }).execute();
  return id;
}

/**
 * Whether an error is a unique violation of the named constraint (PostgreSQL reports its name)
 * or on the named column (SQLite reports the columns: "UNIQUE constraint failed: cases.reference").
 */
export function isUniqueViolation(error: unknown, constraint: string, column: string): boolean {
  const candidate = error as { code?: string; constraint?: string; message?: string };
  if (candidate?.code === '23505') return candidate.constraint === constraint;
  return (
    typeof candidate?.code === 'string' &&
    candidate.code.startsWith('SQLITE_CONSTRAINT') &&
    (candidate.message ?? '').includes(column)
  );
}

/** Thrown inside a write transaction whose row changed since it was read, to roll back and start over. */
export class StaleWrite extends Error {}

/**
 * Runs a write transaction again when it finds its row changed since it read it (StaleWrite);
 * one that keeps losing is told so (409), never a 500.
 */
export async function retryStale<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= WRITE_ATTEMPTS) throw changedMeanwhile();
    }
  }
}
