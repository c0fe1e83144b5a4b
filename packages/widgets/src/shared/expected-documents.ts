import type { ExpectedStatus } from '@finestreta/server/contract';

/** Whether a document the procedure expects is still to be sent: missing, or sent and rejected (or of no known status). */
export function stillNeeded(status: ExpectedStatus | undefined): boolean {
  return status !== 'received' && status !== 'accepted';
}

/**
 * The documents a procedure expects, in the order to propose them: those still to be sent first,
 * then those that arrived, each group in the procedure's order. Asking for (or sending) one that
 * already arrived is rarely what is meant.
 */
export function neededFirst<T extends { status?: ExpectedStatus }>(documents: readonly T[]): T[] {
  return [...documents.filter((d) => stillNeeded(d.status)), ...documents.filter((d) => !stillNeeded(d.status))];
}
