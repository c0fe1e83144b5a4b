/**
 * A call without a server or a camera, for the call's tests and stories: `FakeCall` holds the state
 * `<fin-call-view>` renders and answers its actions the way the real call would, and
 * `fakeVideoTrack` paints a picture on a canvas where a camera or a screen would be.
 */
import { CallChangeEvent, type CallChange, type CallModel, type CallQuality, type CallState, type CloseReason, type RemoteTrack } from './call-state.js';
import type { ConsentState, PeerInfo, RequestedDocument, Role, WaitingPeer } from './protocol.js';

/**
 * A live video track from a canvas: a head and shoulders (or, for a screen, a page of lines) on a
 * plain background, with a caption. It repaints a few times a second, as a camera would, until stopped.
 */
export function fakeVideoTrack(caption = '', { hue = 210, screen = false, width = 640, height = 360 } = {}): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  let tick = 0;
  const paint = () => {
    context.fillStyle = screen ? '#f3f5f7' : `hsl(${hue} 35% 35%)`;
    context.fillRect(0, 0, width, height);
    if (screen) {
      context.fillStyle = '#005ea5';
      context.fillRect(0, 0, width, height * 0.12);
      context.fillStyle = '#6b7280';
      for (let line = 0; line < 7; line++) context.fillRect(width * 0.08, height * (0.22 + line * 0.1), width * (line % 3 === 2 ? 0.5 : 0.8), height * 0.04);
    } else {
      // A slight sway, so the picture is visibly live.
      const sway = Math.sin(tick / 4) * width * 0.01;
      context.fillStyle = `hsl(${hue} 30% 80%)`;
      context.beginPath();
      context.arc(width / 2 + sway, height * 0.42, height * 0.17, 0, Math.PI * 2);
      context.fill();
      context.beginPath();
      context.ellipse(width / 2 + sway, height * 0.98, width * 0.22, height * 0.3, 0, Math.PI, 0);
      context.fill();
    }
    if (caption) {
      context.fillStyle = screen ? '#1f2328' : '#ffffff';
      context.font = `${Math.round(height / 14)}px system-ui, sans-serif`;
      context.fillText(caption, width * 0.04, height * 0.93);
    }
    tick++;
  };
  paint();
  const track = canvas.captureStream(10).getVideoTracks()[0]!;
  const timer = setInterval(() => (track.readyState === 'ended' ? clearInterval(timer) : paint()), 200);
  return track;
}

/** The state a `FakeCall` starts in; anything left out has the real call's initial value. */
export interface FakeCallInit {
  state?: CallState;
  role?: Role;
  peers?: PeerInfo[];
  waiting?: WaitingPeer[];
  consent?: ConsentState;
  remoteTracks?: RemoteTrack[];
  localStream?: MediaStream;
  screenTrack?: MediaStreamTrack;
  micOn?: boolean;
  cameraOn?: boolean;
  quality?: CallQuality;
  closeReason?: CloseReason;
  requestedDocument?: RequestedDocument;
  procedureRevision?: number;
}

/** A stand-in for `CallClient`: the state a view reads, actions that change it, and a record of what was asked. */
export class FakeCall extends EventTarget implements CallModel {
  state: CallState = 'new';
  role?: Role;
  peers = new Map<string, PeerInfo>();
  waiting: WaitingPeer[] = [];
  consent?: ConsentState;
  remoteTracks: RemoteTrack[] = [];
  localStream?: MediaStream;
  screenTrack?: MediaStreamTrack;
  micOn = true;
  cameraOn = true;
  quality?: CallQuality;
  closeReason?: CloseReason;
  requestedDocument?: RequestedDocument;
  procedureRevision = 0;
  /** What the view asked for, in order: `mic:false`, `admit:<peer>`, `consent:true`, `hangUp`… */
  readonly calls: string[] = [];

  constructor({ peers, ...init }: FakeCallInit = {}) {
    super();
    Object.assign(this, init);
    for (const peer of peers ?? []) this.peers.set(peer.peerId, peer);
  }

  /** Changes the state as the server or the network would, and tells the view. */
  set({ peers, ...changes }: FakeCallInit, change: CallChange = 'state'): void {
    Object.assign(this, changes);
    if (peers) this.peers = new Map(peers.map((peer) => [peer.peerId, peer]));
    this.dispatchEvent(new CallChangeEvent(change));
  }

  async admit(peerId: string): Promise<void> {
    this.calls.push(`admit:${peerId}`);
    const admitted = this.waiting.find((peer) => peer.peerId === peerId);
    if (!admitted) return;
    this.peers.set(peerId, { peerId, role: admitted.role, displayName: admitted.displayName, producers: [] });
    this.set({ waiting: this.waiting.filter((peer) => peer !== admitted) }, 'waiting');
    // Once in, their camera arrives, as the real call would consume it.
    const track = fakeVideoTrack(admitted.displayName, { hue: 150 });
    this.set({ remoteTracks: [...this.remoteTracks, { peerId, source: 'camera', kind: 'video', track, paused: false }] }, 'tracks');
  }

  async requestDocument(document: string): Promise<RequestedDocument> {
    this.calls.push(`requestDocument:${document}`);
    return { id: document, name: document };
  }

  async invite(role: 'interpreter' | 'supervisor') {
    this.calls.push(`invite:${role}`);
    return { url: `https://oac.example.cat/cita?call=a1&invite=${role}-invitation`, token: `${role}-invitation`, expiresAt: '2026-11-23T12:00:00.000Z' };
  }

  async answerConsent(accept: boolean): Promise<void> {
    this.calls.push(`consent:${accept}`);
    if (!this.consent || (this.role !== 'citizen' && this.role !== 'agent')) return;
    this.set({ consent: { ...this.consent, [this.role]: accept, recording: accept ? this.consent.recording : 'refused' } }, 'consent');
  }

  async setMicrophone(on: boolean): Promise<void> {
    this.calls.push(`mic:${on}`);
    this.set({ micOn: on }, 'local');
  }

  async setCamera(on: boolean): Promise<void> {
    this.calls.push(`camera:${on}`);
    this.set({ cameraOn: on }, 'local');
  }

  async shareScreen(): Promise<void> {
    this.calls.push('share');
    this.set({ screenTrack: fakeVideoTrack('', { screen: true }) }, 'local');
  }

  async stopScreen(): Promise<void> {
    this.calls.push('stopShare');
    this.screenTrack?.stop();
    this.set({ screenTrack: undefined }, 'local');
  }

  async hangUp(): Promise<void> {
    this.calls.push('hangUp');
    this.set({ state: 'closed', closeReason: 'hungUp' });
  }
}

/**
 * Replaces `window.WebSocket` with signaling sockets to a server that cannot be reached (each
 * closes without opening) until `restore()`; `urls` lists the addresses asked for, oldest first.
 */
export function unreachableSockets(): { urls: string[]; restore(): void } {
  const original = window.WebSocket;
  const urls: string[] = [];
  class Unreachable extends EventTarget {
    readyState = 0;
    constructor(url: string) {
      super();
      urls.push(url);
      setTimeout(() => {
        this.readyState = 3;
        this.dispatchEvent(new CloseEvent('close', { code: 1006 }));
      });
    }
    close() {}
  }
  window.WebSocket = Unreachable as unknown as typeof WebSocket;
  return { urls, restore: () => (window.WebSocket = original) };
}
