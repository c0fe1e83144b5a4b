import type { Agent } from '../shared/types.js';

/**
 * Whether the agent supervises the office (a supervisor or an administrator): they export a
 * case's sealed evidence and see the council's incidents. The server refuses the others too.
 */
export const supervises = (agent: Agent | undefined): boolean => agent?.role === 'supervisor' || agent?.role === 'administrator';
