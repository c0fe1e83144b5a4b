import { Type } from '@sinclair/typebox';

/**
 * What an agent may do at the desk: an `agent` works cases; a `supervisor` also exports a case's
 * sealed evidence, sees every agent's queue, reassigns and joins any call as a third party; an `administrator` may do everything a supervisor may. Said of an agent in the
 * councils file (modules/councils) and carried by their session (modules/agents).
 */
export const ROLES = ['agent', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));

/** Whether the role supervises others' work: every agent's queue, reassigning, joining any call. */
export const supervises = (role: Role): boolean => role === 'supervisor' || role === 'administrator';
