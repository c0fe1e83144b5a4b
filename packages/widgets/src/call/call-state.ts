import type { ConsentState, EndReason, MediaSource, PeerInfo, Point, RequestedDocument, Requests, Role, WaitingPeer } from './protocol.js';

/**
 * `new` → `connecting` (socket, device, join) → `waiting` (until the agent admits) → `in-call`;
 * `reconnecting` after the socket dropped while in the call; `closed` for good.
 */
export type CallState = 'new' | 'connecting' | 'waiting' | 'in-call' | 'reconnecting' | 'closed';

/** A connection hint from the receiving side's statistics. */
export type CallQuality = 'good' | 'fair' | 'poor';

/** A track received from someone else in the call. */
export interface RemoteTrack {
  peerId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  /** Whether its sender paused it (muted, camera off). */
  paused: boolean;
}

/** Why the call is over for this client: how the server ended it, this person hanging up, the same person joining elsewhere, or a failure to connect. */
export type CloseReason = EndReason | 'hungUp' | 'failed' | 'replaced';

/** Where the agent pointed on the shared picture (`pointer`): one point is a click, several a drag's path. */
export interface PointerShown {
  points: Point[];
  at: string;
}

/** What changed; views re-read the call's state on any of them. */
export type CallChange = 'state' | 'tracks' | 'peers' | 'waiting' | 'consent' | 'recording' | 'local' | 'quality' | 'ended' | 'document' | 'procedure' | 'pointer';

/** Fired by a call as `change` whenever its state changed. */
export class CallChangeEvent extends Event {
  constructor(readonly change: CallChange) {
    super('change');
  }
}

/**
 * A call as `<fin-call-view>` sees it: the state to render, reported through `change` events, and
 * the actions a person can take. `CallClient` is the real one; stories and tests drive the view
 * with a stand-in (`FakeCall` in testing.ts), with no server and no camera.
 */
export interface CallModel extends EventTarget {
  readonly state: CallState;
  /** Known once joined. */
  readonly role?: Role;
  /** Everyone else in the call, by peer id. */
  readonly peers: ReadonlyMap<string, PeerInfo>;
  /** For the agent: who waits to be admitted. */
  readonly waiting: readonly WaitingPeer[];
  readonly consent?: ConsentState;
  readonly remoteTracks: readonly RemoteTrack[];
  /** This person's camera and microphone as sent. */
  readonly localStream?: MediaStream;
  /** This person's shared screen, while they share it. */
  readonly screenTrack?: MediaStreamTrack;
  readonly micOn: boolean;
  readonly cameraOn: boolean;
  /** The latest connection hint, while in the call. */
  readonly quality?: CallQuality;
  readonly closeReason?: CloseReason;
  /** For the citizen: the document the agent asked for last. */
  readonly requestedDocument?: RequestedDocument;
  /** The procedure's revision last announced in the call (`procedureChanged`). */
  readonly procedureRevision: number;
  /** For the citizen sharing their screen: where the agent pointed last (`pointer`). */
  readonly pointer?: PointerShown;
  admit(peerId: string): Promise<void>;
  /** Agent only: asks the citizen for one of the documents the procedure expects. */
  requestDocument(document: string): Promise<RequestedDocument>;
  invite(role: 'interpreter' | 'supervisor'): Promise<Requests['invite']['response']>;
  answerConsent(accept: boolean): Promise<void>;
  setMicrophone(on: boolean): Promise<void>;
  setCamera(on: boolean): Promise<void>;
  shareScreen(): Promise<void>;
  stopScreen(): Promise<void>;
  hangUp(): Promise<void>;
}
