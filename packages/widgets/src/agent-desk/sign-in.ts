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

/**
 * What the desk says when sign-in with the council's identity provider brought the browser back
 * with an error (`sign-in-error`, set by the server's desk page from modules/oidc's redirect).
 */
export const PROVIDER_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_OIDC_FAILED: 'deskErrorOidcFailed',
  FIN_ERR_OIDC_UNAVAILABLE: 'deskErrorOidcUnavailable',
  FIN_ERR_OIDC_ROLE_MISSING: 'deskErrorOidcRoleMissing',
  FIN_ERR_OIDC_EMAIL_REFUSED: 'deskErrorOidcEmailRefused',
};
