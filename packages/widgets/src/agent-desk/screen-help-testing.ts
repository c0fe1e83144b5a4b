/**
 * The screen-help room without a server, for the panel's tests and stories: the agent's call as
 * `FakeCall` holds it, with what screen help adds (joining, pointing, letting go), and the moves
 * the citizen and the server make in it.
 */
import type { CloseReason } from '../call/call-state.js';
import type { ConsentState, PeerInfo, Point } from '../call/protocol.js';
import { FakeCall, fakeVideoTrack, type FakeCallInit } from '../call/testing.js';
import type { CallOpener, ScreenHelpCall } from './screen-help-call.js';

export const citizen: PeerInfo = { peerId: 'citizen-1', role: 'citizen', displayName: 'Marta Soler', producers: [] };
/** The council records screen help and nobody has answered yet. */
export const consentAsked: ConsentState = { citizen: true, agent: null, required: false, recording: 'pending' };

/**
 * The agent's side of a screen-help room; `pointed` lists each `point` request's points. Once
 * joined it is in the state `joined` gives, and `script` plays what happens next (a story's script).
 */
export class FakeScreenHelpCall extends FakeCall implements ScreenHelpCall {
  readonly pointed: Point[][] = [];

  constructor(
    private readonly joined: FakeCallInit = {},
    private readonly script?: (call: FakeScreenHelpCall) => void,
  ) {
    super({ state: 'new' });
  }

  async join(): Promise<void> {
    this.calls.push('join');
    this.set({ state: 'in-call', role: 'agent', ...this.joined });
    this.script?.(this);
  }

  async point(points: Point[]): Promise<void> {
    this.pointed.push(points);
  }

  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.calls.push(`close:${reason}`);
    this.set({ state: 'closed', closeReason: reason }, 'ended');
  }

  /** The citizen typed the code, consented and connected. */
  citizenJoins(): void {
    this.set({ peers: [citizen] }, 'peers');
  }

  /** The citizen shares their screen (or their phone's camera), `width` × `height`. */
  citizenShares(source: 'screen' | 'camera' = 'screen', width = 640, height = 360): void {
    const track = fakeVideoTrack(source === 'camera' ? 'Marta Soler' : '', { screen: source === 'screen', width, height });
    this.set({ peers: [citizen], remoteTracks: [{ peerId: citizen.peerId, source, kind: 'video', track, paused: false }] }, 'tracks');
  }

  /** The citizen stopped sharing (the producer closed). */
  citizenStops(): void {
    for (const remote of this.remoteTracks) remote.track.stop();
    this.set({ remoteTracks: [] }, 'tracks');
  }

  /** The server ended the room (`callEnded`). */
  ends(reason: CloseReason = 'screenHelpEnded'): void {
    this.set({ state: 'closed', closeReason: reason }, 'ended');
  }
}

/** An opener that hands out `calls` in turn (a new code joins a new room), recording what it was asked. */
export function fakeOpener(...calls: FakeScreenHelpCall[]): CallOpener & { asked: Parameters<CallOpener>[0][] } {
  const asked: Parameters<CallOpener>[0][] = [];
  const opener = async (options: Parameters<CallOpener>[0]) => {
    asked.push(options);
    return calls.shift() ?? new FakeScreenHelpCall();
  };
  return Object.assign(opener, { asked });
}
