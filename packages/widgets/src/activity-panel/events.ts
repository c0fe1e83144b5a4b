/** Fired by `<activity-panel>` when the reader chose another month, so a host page can follow it (its address, its analytics). */
export class FinMonthChangeEvent extends CustomEvent<{ month: string }> {
  constructor(month: string) {
    super('fin-month-change', { bubbles: true, composed: true, detail: { month } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fin-month-change': FinMonthChangeEvent;
  }
}
