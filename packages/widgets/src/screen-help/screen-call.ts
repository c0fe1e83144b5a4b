import type { CallClientOptions } from '../call/call-client.js';
import type { CallModel } from '../call/call-state.js';

/** What the citizen shares: their screen, or on a device that cannot, the rear camera pointed at the other screen. */
export type Share = 'screen' | 'camera';

/**
 * The screen-help room as `<screen-help>` sees it, the part of a call it uses: `CallClient` is the
 * real one; tests and stories hand the element a stand-in (`FakeScreenCall` in testing.ts), with
 * no server and no media.
 */
export interface ScreenCall extends Pick<CallModel, 'state' | 'consent' | 'pointer' | 'closeReason' | 'answerConsent' | 'hangUp'>, EventTarget {
  join(): Promise<void>;
}

/** Makes the call the element joins. */
export type CallMaker = (options: CallClientOptions) => ScreenCall | Promise<ScreenCall>;

/** The real call; its code (mediasoup-client included) is fetched only when the citizen starts sharing. */
export const makeCall: CallMaker = async (options) => new (await import('../call/call-client.js')).CallClient(options);

/** Whether this browser can share a screen; phones' browsers cannot. */
export function canShareScreen(): boolean {
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/**
 * The one video track to send: the browser's own picker for a screen (a window, a tab or all of
 * it), or the rear camera. Never sound: the voice stays on the phone.
 */
export async function capture(share: Share): Promise<MediaStreamTrack> {
  const stream =
    share === 'screen'
      ? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })
      : await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  const track = stream.getVideoTracks()[0];
  if (!track) throw new DOMException('No video track was given', 'NotFoundError');
  return track;
}
