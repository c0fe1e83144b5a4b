import { ROLES, type Role } from '../../shared/roles.js';
import type { IdentityProviderConfig } from '../councils/schemas.js';

/** The ID token's claims this module reads; providers may send any others. */
export type Claims = Record<string, unknown>;

/**
 * The role the provider's claim gives: the highest among the claim's values (a string or a list,
 * as groups come) that the council maps; undefined when none is mapped.
 */
export function roleFrom(claims: Claims, roles: IdentityProviderConfig['roles']): Role | undefined {
  const claim = claims[roles.claim];
  const values = (Array.isArray(claim) ? claim : [claim]).filter((value): value is string => typeof value === 'string');
  const given = values.flatMap((value) => (Object.hasOwn(roles.values, value) ? [roles.values[value]!] : []));
  return given.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0];
}

/** The claims' email, lower-case, when the provider says it verified it; undefined otherwise. */
export function verifiedEmail(claims: Claims): string | undefined {
  const { email, email_verified: verified } = claims;
  return typeof email === 'string' && verified === true ? email.toLowerCase() : undefined;
}

/** Whether `email` is in one of `domains` (any email when the council restricts none). */
export function emailInDomains(email: string | undefined, domains: string[] | undefined): boolean {
  if (!domains) return true;
  const domain = email?.slice(email.lastIndexOf('@') + 1);
  return domain !== undefined && domains.includes(domain);
}
