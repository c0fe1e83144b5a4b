/**
 * The states each kind of case ends in: no move leaves them, and the case's evidence is then
 * sealed (modules/evidence/seals.ts). Here, where both kinds and the evidence can read it.
 */
export const CLOSED_STATES = {
  appointment: ['cancelled', 'completed', 'no_show', 'abandoned'],
  callback: ['completed', 'failed', 'cancelled'],
} as const;

export const isClosed = (kind: string, state: string): boolean => (CLOSED_STATES[kind as keyof typeof CLOSED_STATES] as readonly string[] | undefined)?.includes(state) ?? false;
