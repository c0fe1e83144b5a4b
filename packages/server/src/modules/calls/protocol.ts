/**
 * The signaling protocol of a video call, spoken over one WebSocket per participant at
 * `/api/calls/:appointmentId/ws`.
 *
 * It imports only types (the error catalogue's codes), so the browser code can import its types.
 *
 * Connecting:
 * - citizen: `?token=<the case token from their personal link>` (only their own appointment);
 * - agent: the desk session cookie (appointments of their own council only);
 * - interpreter or supervisor: `?invite=<token>` from an URL the agent created with `invite`;
 * - a supervisor or administrator of the council, on their own authority: the desk session cookie
 *   and `?as=supervisor` (403 for an agent who is neither). They are in at once, with role
 *   `supervisor`, and their joining and leaving are logged as `call.joined` and `call.left`;
 * - screen help during a callback, whose case id is the room: the citizen with `?token=<the token
 *   the code gave>` once they consented to share (403 before, 409 once the session ended), in at
 *   once and logged like a supervisor; the agent calling the callback with the desk session (409
 *   for another agent), or a supervisor with `?as=supervisor`. No invitations, no documents.
 * A refused connection never upgrades: the HTTP answer is 401 (no or bad credentials), 403 (a
 * page whose origin is neither this server nor one of the council's `allowedOrigins`), 404 (no
 * such appointment, another council's, or a token of another one) or 409 (the appointment is
 * over: completed, cancelled or missed).
 *
 * Messages are JSON text frames:
 * - the client sends requests `{id, method, data}` and gets exactly one response with the same
 *   `id`: `{id, ok: true, data}` or `{id, ok: false, error: {code, message}}`;
 * - the server sends notifications `{notification, data}` at any time.
 *
 * The order of a session, as mediasoup-client expects it:
 * 1. `getRouterRtpCapabilities` → `device.load({routerRtpCapabilities})`;
 * 2. `join` with `device.rtpCapabilities`. The agent is in at once; everyone else waits (`admitted`
 *    false) until the agent sends `admit`, and then receives the `admitted` notification. No media
 *    request is allowed before that;
 * 3. `createWebRtcTransport` (`send`, then `recv`), `connectWebRtcTransport` from the transports'
 *    `connect` event, `produce` from the send transport's `produce` event (the answer is its `id`);
 * 4. `consume` each producer listed in `admitted`/`join` and in later `newProducer` notifications;
 *    consumers start paused: call `resumeConsumer` once the track is attached;
 * 5. `consent` when the person answered the recording question; `hangUp` to leave (the agent's
 *    `hangUp` ends the call for everyone).
 */
import type { ErrorCode as CatalogueCode } from '../../shared/error-catalogue.js';

/** RTP capabilities as mediasoup-client's `Device` has them; the server checks them, the protocol carries them. */
export type RtpCapabilities = { codecs?: unknown[]; headerExtensions?: unknown[] } & Record<string, unknown>;
/** RTP parameters of a producer or consumer, as mediasoup-client hands them over. */
export type RtpParameters = { codecs: unknown[] } & Record<string, unknown>;
/** DTLS parameters from a transport's `connect` event. */
export type DtlsParameters = { fingerprints: unknown[]; role?: 'auto' | 'client' | 'server' } & Record<string, unknown>;

export type Role = 'citizen' | 'agent' | 'interpreter' | 'supervisor';
export type MediaKind = 'audio' | 'video';
export type MediaSource = 'camera' | 'microphone' | 'screen';

/** An RTCIceServer, ready for a transport's `iceServers`. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Optional facts about a participant's device, for the agent's view. */
export interface DeviceInfo {
  /** e.g. `chrome`, `safari`. */
  name?: string;
  version?: string;
  /** e.g. `mobile`, `desktop`. */
  flag?: string;
}

export interface ProducerInfo {
  producerId: string;
  peerId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
}

export interface PeerInfo {
  peerId: string;
  role: Role;
  displayName: string;
  device?: DeviceInfo;
  producers: ProducerInfo[];
}

/** Someone waiting to be admitted, as the agent sees them. */
export interface WaitingPeer {
  peerId: string;
  role: Role;
  displayName: string;
  device?: DeviceInfo;
  /** ISO instant they joined the waiting room. */
  since: string;
}

/**
 * The recording state of the call: `pending` until both citizen and agent have answered;
 * `refused` when one said no (the call goes on unrecorded if the council allows it);
 * `recording` while the server records; `stopped` once a recording was stored.
 */
export type RecordingState = 'pending' | 'refused' | 'recording' | 'stopped';

export interface ConsentState {
  citizen: boolean | null;
  agent: boolean | null;
  /** Whether the council's policy ends a call in which someone refused. */
  required: boolean;
  recording: RecordingState;
}

export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: DtlsParameters;
  sctpParameters?: unknown;
  iceServers: IceServer[];
}

/** A place on a shared screen, as fractions of its width and height from the top left (0 to 1). */
export interface Point {
  x: number;
  y: number;
}

/** A document the agent asks for, named in the citizen's language. */
export interface RequestedDocument {
  id: string;
  name: string;
}

/** Every request, by method: what the client sends and what it gets back. */
export interface Requests {
  getRouterRtpCapabilities: { request: Record<string, never>; response: RtpCapabilities };
  join: {
    request: { displayName: string; rtpCapabilities: RtpCapabilities; device?: DeviceInfo };
    response: {
      peerId: string;
      role: Role;
      /** False for a citizen or invitee until the agent admits them (then the `admitted` notification). */
      admitted: boolean;
      /** Participants in the call, with their producers; empty while waiting. */
      peers: PeerInfo[];
      /** For the agent: who waits. */
      waiting: WaitingPeer[];
      consent: ConsentState;
      iceServers: IceServer[];
    };
  };
  createWebRtcTransport: { request: { direction: 'send' | 'recv' }; response: TransportOptions };
  connectWebRtcTransport: { request: { transportId: string; dtlsParameters: DtlsParameters }; response: Record<string, never> };
  produce: {
    request: { transportId: string; kind: MediaKind; rtpParameters: RtpParameters; appData: { source: MediaSource } };
    response: { id: string };
  };
  consume: {
    request: { producerId: string };
    response: { id: string; producerId: string; kind: MediaKind; rtpParameters: RtpParameters; peerId: string; source: MediaSource; producerPaused: boolean };
  };
  resumeConsumer: { request: { consumerId: string }; response: Record<string, never> };
  pauseProducer: { request: { producerId: string }; response: Record<string, never> };
  resumeProducer: { request: { producerId: string }; response: Record<string, never> };
  closeProducer: { request: { producerId: string }; response: Record<string, never> };
  /** After a network change: apply the answer with `transport.restartIce({iceParameters})`. */
  restartIce: { request: { transportId: string }; response: { iceParameters: unknown } };
  /** Agent only. */
  admit: { request: { peerId: string }; response: Record<string, never> };
  /** Agent only: a link for a third participant, valid for this call only. */
  invite: { request: { role: 'interpreter' | 'supervisor' }; response: { url: string; token: string; expiresAt: string } };
  /**
   * Agent only: ask the citizen for one of the documents the appointment's procedure expects; the
   * citizen's widget offers to photograph or choose it (`documentRequested`).
   */
  requestDocument: { request: { document: string }; response: { document: RequestedDocument } };
  /**
   * Agent only: point at the citizen's shared screen, a click (one point) or a drag (the path, in
   * order); the citizen's screen-help view shows it (`pointer`). Not logged: it is not a step.
   */
  point: { request: { points: Point[] }; response: Record<string, never> };
  /** Citizen and agent: their answer to "may this call be recorded?". */
  consent: { request: { accept: boolean }; response: ConsentState };
  /** Leave the call; the agent's ends it for everyone and completes the appointment. */
  hangUp: { request: Record<string, never>; response: Record<string, never> };
}

export type Method = keyof Requests;

export interface Request<M extends Method = Method> {
  id: number | string;
  method: M;
  data: Requests[M]['request'];
}

/**
 * Error codes a request can be answered with: the catalogue's call codes (those of the socket
 * alone, and the room's not found or ended, which its HTTP upgrade shares) and the internal error.
 */
export type ErrorCode = Extract<CatalogueCode, `FIN_ERR_CALL_${string}`> | 'FIN_ERR_INTERNAL';

export type Response<M extends Method = Method> =
  | { id: number | string; ok: true; data: Requests[M]['response'] }
  /** `id` is null only when the message had none to echo (not JSON, or no id). */
  | { id: number | string | null; ok: false; error: { code: ErrorCode; message: string } };

/** Why a call ended, in `callEnded`. */
export type EndReason = 'agentHungUp' | 'recordingRefused' | 'serverShutdown' | 'screenHelpEnded';

/** Every notification the server sends, by name. */
export interface Notifications {
  /** To the agent: the waiting room changed. */
  waitingRoomChanged: { waiting: WaitingPeer[] };
  /** To the one admitted: they are in, with who is there. */
  admitted: { peers: PeerInfo[]; consent: ConsentState };
  peerJoined: { peer: PeerInfo };
  peerLeft: { peerId: string };
  newProducer: ProducerInfo;
  producerClosed: { producerId: string; peerId: string };
  producerPaused: { producerId: string; peerId: string };
  producerResumed: { producerId: string; peerId: string };
  /** To the consumer's owner, when the server closed a consumer (its producer went away). */
  consumerClosed: { consumerId: string };
  consentChanged: ConsentState;
  /** To the citizen: the agent asks for this document now. */
  documentRequested: { document: RequestedDocument };
  recordingStarted: { startedAt: string };
  /** One per stored recording: the call's cameras and microphones, and each shared screen apart. */
  recordingStopped: { recordingId: string; sha256: string; bytes: number };
  /**
   * The procedure done in the call changed (a step, a still asked for, the application, the
   * agreement): each side reads its own view of it again (`…/procedure`).
   */
  procedureChanged: { revision: number };
  /** To the citizen sharing their screen: where the agent points (`point`). */
  pointer: { points: Point[]; at: string };
  /** The call is over; the server closes the socket after it. */
  callEnded: { reason: EndReason };
}

export type NotificationName = keyof Notifications;

export interface Notification<N extends NotificationName = NotificationName> {
  notification: N;
  data: Notifications[N];
}

/** The WebSocket close code the server uses after `callEnded` or when the same person connects again. */
export const CLOSE_NORMAL = 1000;
