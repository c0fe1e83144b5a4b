import type { CallModel, CloseReason } from './call-state.js';
import type { RequestedDocument } from './protocol.js';

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

/** Fired by `<fin-call-session>` when it joins the call: what goes with the call (its `side` slot) follows `client`. */
export class FinCallJoinEvent extends CustomEvent<{ client: CallModel }> {
  constructor(client: CallModel) {
    super('fin-call-join', { ...init, detail: { client } });
  }
}

/** Fired by `<fin-call-view>` when the call is over for this person, with why. */
export class FinCallEndEvent extends CustomEvent<{ reason: CloseReason }> {
  constructor(reason: CloseReason) {
    super('fin-call-end', { ...init, detail: { reason } });
  }
}

/**
 * Fired by `<fin-call-view>` when the agent asks the citizen for a document, so the page can offer
 * to send it. A page that does calls `preventDefault()`, and says it itself; otherwise the view does.
 */
export class FinDocumentRequestEvent extends CustomEvent<{ document: RequestedDocument }> {
  constructor(document: RequestedDocument) {
    super('fin-document-request', { ...init, cancelable: true, detail: { document } });
  }
}
