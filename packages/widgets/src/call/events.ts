import type { CloseReason } from './call-client.js';

const init = { bubbles: true, composed: true } as const;

/** Fired by `<fin-device-check>` when the person goes on with the devices shown; the stream is theirs to use. */
export class FinDeviceReadyEvent extends CustomEvent<{ stream: MediaStream }> {
  constructor(stream: MediaStream) {
    super('fin-device-ready', { ...init, detail: { stream } });
  }
}

/** Fired by `<fin-call-view>` when the call is over for this person, with why. */
export class FinCallEndEvent extends CustomEvent<{ reason: CloseReason }> {
  constructor(reason: CloseReason) {
    super('fin-call-end', { ...init, detail: { reason } });
  }
}
