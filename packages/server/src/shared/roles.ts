import { Type } from '@sinclair/typebox';

/**
 * What an agent may do at the desk: an `agent` works cases; a `supervisor` also exports a case's
 * sealed evidence; an `administrator` may do everything a supervisor may. Said of an agent in the
 * councils file (modules/councils) and carried by their session (modules/agents).
 */
export const ROLES = ['agent', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));
