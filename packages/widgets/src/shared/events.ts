/**
 * Typed `fin-*` events. They bubble and are composed so a host page can listen on `document` for
 * its analytics without reaching into shadow roots; what they carry is in `detail`, as host-page
 * scripts expect of custom events.
 */

/** What every failure reports: a stable code, a technical message, and whether trying again may help. */
export interface FinErrorDetail {
  code: string;
  message: string;
  recoverable: boolean;
}

const init = { bubbles: true, composed: true } as const;

/** Fired whenever a widget fails; the widget itself shows only a short neutral message. */
export class FinErrorEvent extends CustomEvent<FinErrorDetail> {
  constructor({ code, message, recoverable }: FinErrorDetail) {
    // Copied field by field: an Error passed in would expose its stack to the host page.
    super('fin-error', { ...init, detail: { code, message, recoverable } });
  }
}

/** Fired when the server accepted a citizen's submission. */
export class FinSubmitEvent<T = unknown> extends CustomEvent<{ kind: string; result: T }> {
  constructor(kind: string, result: T) {
    super('fin-submit', { ...init, detail: { kind, result } });
  }
}

/** Fired when a submission could not be sent now and was stored to be sent when the connection returns. */
export class FinQueuedEvent extends CustomEvent<{ kind: string; idempotencyKey: string }> {
  constructor(kind: string, idempotencyKey: string) {
    super('fin-queued', { ...init, detail: { kind, idempotencyKey } });
  }
}

/** Fired when an agent signed in to (or restored a session on) the desk. */
export class FinLoginEvent extends CustomEvent<{ agentId: string }> {
  constructor(agentId: string) {
    super('fin-login', { ...init, detail: { agentId } });
  }
}

/** Fired when an agent signed out of the desk. */
export class FinLogoutEvent extends CustomEvent<undefined> {
  constructor() {
    super('fin-logout', init);
  }
}

/** Fired when an administrator invited, changed, disabled or enabled an agent in the desk; `agentId` names them. */
export class FinAgentChangeEvent extends CustomEvent<{ agentId: string }> {
  constructor(agentId: string) {
    super('fin-agent-change', { ...init, detail: { agentId } });
  }
}

/** What changed in an appointment the citizen manages from their personal link. */
export type AppointmentChange = 'rescheduled' | 'cancelled';

/** Fired when the citizen moved or cancelled their appointment; `appointment` is the server's new view of it. */
export class FinAppointmentChangeEvent<T = unknown> extends CustomEvent<{ change: AppointmentChange; reference: string; appointment: T }> {
  constructor(change: AppointmentChange, reference: string, appointment: T) {
    super('fin-appointment-change', { ...init, detail: { change, reference, appointment } });
  }
}

/** Fired when the citizen pressed "Join" and was checked in: the host (or the call element) opens the call. */
export class FinJoinEvent extends CustomEvent<{ reference: string }> {
  constructor(reference: string) {
    super('fin-join', { ...init, detail: { reference } });
  }
}

declare global {
  // The map HTMLElementEventMap, DocumentEventMap and WindowEventMap all extend: the events are
  // composed and bubble, so hosts listen on the element, the document or the window alike.
  interface GlobalEventHandlersEventMap {
    'fin-error': FinErrorEvent;
    'fin-submit': FinSubmitEvent;
    'fin-queued': FinQueuedEvent;
    'fin-login': FinLoginEvent;
    'fin-logout': FinLogoutEvent;
    'fin-appointment-change': FinAppointmentChangeEvent;
    'fin-join': FinJoinEvent;
  }
}
