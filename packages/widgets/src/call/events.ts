import type { CloseReason } from './call-state.js';

const init = { bubbles: true, composed: true } as const;

/** Fired by `<fin-device-check>` when the person goes on with the devices shown; the stream is theirs to use. */
export class FinDeviceReadyEvent extends CustomEvent<{ stream: MediaStream }> {
  constructor(stream: MediaStream) {
    super('fin-device-ready', { ...init, detail: { stream } });
  }
}

/** Fired by `<fin-device-check>` when the agent goes back without starting the call; the devices are closed. */
export class FinDeviceCancelEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('fin-device-cancel', { ...init, detail: {} });
  }
}

/** Fired by `<fin-call-view>` when the call is over for this person, with why. */
export class FinCallEndEvent extends CustomEvent<{ reason: CloseReason }> {
  constructor(reason: CloseReason) {
    super('fin-call-end', { ...init, detail: { reason } });
  }
}
