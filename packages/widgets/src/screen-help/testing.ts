/**
 * Screen help without a server, a screen or a call, for its tests and stories: `FakeScreenCall`
 * holds the room's state the element renders and answers its actions as the real call would;
 * `stubCapture` hands out painted tracks where the browser's picker and camera would be;
 * `stubPictureInPicture` opens the "mini window" in a frame of the page.
 */
import { CallChangeEvent, type CallChange, type CallState, type CloseReason, type PointerShown } from '../call/call-state.js';
import type { CallClientOptions } from '../call/call-client.js';
import type { ConsentState, Point } from '../call/protocol.js';
import { fakeVideoTrack } from '../call/testing.js';
import type { ScreenHelpOpened } from '@finestreta/server/contract';
import type { ScreenCall } from './screen-call.js';

/** The state a `FakeScreenCall` starts in once joined; anything left out is the real call's. */
export interface FakeScreenCallInit {
  state?: CallState;
  consent?: ConsentState;
  pointer?: PointerShown;
  closeReason?: CloseReason;
}

/** A stand-in for `CallClient` in a screen-help room; `options` is what the element asked for, `calls` what it did. */
export class FakeScreenCall extends EventTarget implements ScreenCall {
  state: CallState = 'new';
  consent?: ConsentState;
  pointer?: PointerShown;
  closeReason?: CloseReason;
  options?: CallClientOptions;
  readonly calls: string[] = [];

  constructor(private readonly joined: FakeScreenCallInit = { state: 'in-call', consent: { citizen: null, agent: true, required: false, recording: 'pending' } }) {
    super();
  }

  /** What the element's `callMaker` property takes: this call, with the options it was made with kept. */
  readonly maker = (options: CallClientOptions): ScreenCall => {
    this.options = options;
    return this;
  };

  async join(): Promise<void> {
    this.calls.push('join');
    this.set({ state: 'connecting' });
    this.set(this.joined, 'consent');
  }

  /** Changes the state as the server would, and tells the element. */
  set(changes: FakeScreenCallInit, change: CallChange = 'state'): void {
    Object.assign(this, changes);
    this.dispatchEvent(new CallChangeEvent(change));
  }

  /** The agent points: one point is a click, several a drag. */
  point(...points: Point[]): void {
    this.set({ pointer: { points, at: new Date().toISOString() } }, 'pointer');
  }

  async answerConsent(accept: boolean): Promise<void> {
    this.calls.push(`consent:${accept}`);
    if (this.consent) this.set({ consent: { ...this.consent, citizen: accept, recording: accept ? this.consent.recording : 'refused' } }, 'consent');
  }

  async hangUp(): Promise<void> {
    this.calls.push('hangUp');
    this.set({ state: 'closed', closeReason: this.closeReason ?? 'hungUp' }, 'ended');
  }
}

/** What the code opens: Laia Puig of Vilademo's council. */
export function opened(overrides: Partial<ScreenHelpOpened> = {}): ScreenHelpOpened {
  return {
    session: 'sh-1',
    token: 'screen-help-token',
    room: 'case-1',
    agent: { displayName: 'Laia Puig' },
    council: { name: 'Ajuntament de Vilademo' },
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    recordingRequired: false,
    ...overrides,
  };
}

/**
 * Replaces the browser's screen picker and camera until `restore()`: each hands out a painted
 * track, or fails as a cancelled picker does when `refuse` is set. `screen: false` is a phone's
 * browser, which has no picker at all. `asked` lists what was asked for.
 */
export function stubCapture({ screen = true, refuse = false } = {}): { asked: string[]; tracks: MediaStreamTrack[]; restore(): void } {
  const devices = navigator.mediaDevices;
  const asked: string[] = [];
  const tracks: MediaStreamTrack[] = [];
  const give = (kind: string, constraints?: MediaStreamConstraints | DisplayMediaStreamOptions) => {
    asked.push(`${kind}:${JSON.stringify(constraints)}`);
    if (refuse) return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    const track = fakeVideoTrack(kind === 'screen' ? '' : 'camera', { screen: kind === 'screen' });
    tracks.push(track);
    return Promise.resolve(new MediaStream([track]));
  };
  Object.defineProperty(devices, 'getDisplayMedia', { configurable: true, value: screen ? (options?: DisplayMediaStreamOptions) => give('screen', options) : undefined });
  Object.defineProperty(devices, 'getUserMedia', { configurable: true, value: (constraints?: MediaStreamConstraints) => give('camera', constraints) });
  return {
    asked,
    tracks,
    restore() {
      delete (devices as { getDisplayMedia?: unknown }).getDisplayMedia;
      delete (devices as { getUserMedia?: unknown }).getUserMedia;
    },
  };
}

/**
 * Gives the page `documentPictureInPicture` until `restore()`, or takes it away (`available:
 * false`, as in Firefox and Safari): the "window" it opens is a frame added to the page, so a test
 * can look inside it; `frames` lists them.
 */
export function stubPictureInPicture({ available = true } = {}): { frames: HTMLIFrameElement[]; restore(): void } {
  const frames: HTMLIFrameElement[] = [];
  const api = {
    async requestWindow() {
      const frame = document.createElement('iframe');
      frame.title = 'Picture-in-Picture';
      document.body.append(frame);
      frames.push(frame);
      const opened = frame.contentWindow!;
      opened.close = () => {
        opened.dispatchEvent(new Event('pagehide'));
        frame.remove();
      };
      return opened;
    },
  };
  Object.defineProperty(window, 'documentPictureInPicture', { configurable: true, value: available ? api : undefined });
  return {
    frames,
    restore() {
      delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture;
      for (const frame of frames) frame.remove();
    },
  };
}
