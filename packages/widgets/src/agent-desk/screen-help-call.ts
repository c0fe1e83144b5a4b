import type { CallModel, CloseReason } from '../call/call-state.js';
import type { Point } from '../call/protocol.js';

/** What the panel needs of a call: its state, joining, the recording answer, pointing and letting go. `CallClient` is one. */
export interface ScreenHelpCall extends CallModel {
  join(): Promise<void>;
  point(points: Point[]): Promise<void>;
  close(reason: CloseReason): void;
}

/** Makes the call into the callback's room (`room` is the callback's id), not joined yet. */
export type CallOpener = (options: { api: string; room: string; displayName: string }) => Promise<ScreenHelpCall>;

/**
 * The agent joins as a receiver only: an empty stream, so no camera or microphone is opened (the
 * voice stays on the phone). The call's code loads only now, as for video calls.
 */
export const openRoom: CallOpener = async ({ api, room, displayName }) => {
  const call = await import('../call/call.js');
  return new call.CallClient({ url: call.callUrl(api, room), displayName, stream: new MediaStream() });
};

/** Fired when the agent closes the panel of a screen help that has ended. */
export class FinScreenHelpCloseEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('fin-screen-help-close', { bubbles: true, composed: true, detail: {} });
  }
}
