import type { MessageKey } from '../shared/i18n.js';
import './translations/index.js';

export type Field = 'email' | 'password';
export type Credentials = Record<Field, string>;
export type FieldErrors = Partial<Record<Field, MessageKey>>;

/** Deliberately loose: the server decides whether the account exists; this only catches typos. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with the sign-in form, field by field, in the order the fields appear. */
export function validate({ email, password }: Credentials): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'deskErrorEmailRequired';
  else if (!EMAIL.test(email.trim())) errors.email = 'deskErrorEmailInvalid';
  if (!password) errors.password = 'deskErrorPasswordRequired';
  return errors;
}
