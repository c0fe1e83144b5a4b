import type { DeskProcedure } from '@finestreta/server/contract';

/**
 * Fired by the procedure's step views after each request the server accepted, with the procedure
 * as the server now has it, so the panel around them shows it at once instead of waiting for the
 * call's `procedureChanged` notification and a refetch.
 */
export class FinProcedureChangeEvent extends CustomEvent<{ procedure: DeskProcedure }> {
  constructor(procedure: DeskProcedure) {
    super('fin-procedure-change', { bubbles: true, composed: true, detail: { procedure } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fin-procedure-change': FinProcedureChangeEvent;
  }
}
