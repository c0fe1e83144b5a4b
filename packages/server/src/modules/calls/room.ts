import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import { encryptFile } from '../../shared/crypto-at-rest.js';
import type { Actor } from '../evidence/log.js';
import type {
  ConsentState,
  DeviceInfo,
  EndReason,
  ErrorCode,
  IceServer,
  MediaSource,
  Method,
  NotificationName,
  Notifications,
  PeerInfo,
  ProducerInfo,
  RecordingState,
  RequestedDocument,
  Requests,
  Role,
  RtpCapabilities,
  WaitingPeer,
} from './protocol.js';
import { CLOSE_NORMAL } from './protocol.js';
import { CallRecorder, type RecordedTrack } from './recorder.js';
import { REQUEST_SCHEMAS } from './schemas.js';
import type { Sfu, SfuConsumer, SfuProducer, SfuRouter, SfuWebRtcTransport } from './sfu.js';
import type { CallStore } from './store.js';

/** Who is on the other end of a socket, as established before the upgrade. */
export interface Identity {
  role: Role;
  /** The same for one person across reconnections: `citizen`, `agent:<id>`, `invite:<id>`. */
  key: string;
  /** Who their actions are attributed to in the evidence log. */
  actor: Actor;
}

export interface RoomContext {
  sfu: Sfu;
  store: CallStore;
  log: FastifyBaseLogger;
  iceServers: IceServer[];
  ffmpegBin: string;
  dataDir: string;
  masterKey(): Promise<Buffer>;
  /** Whether the council ends a call in which someone refused to be recorded. */
  recordingRequired: boolean;
  createInvite(caseId: string, role: 'interpreter' | 'supervisor'): { url: string; token: string; expiresAt: string };
  /** The documents the case's procedure expects, named in the citizen's language. */
  expectedDocuments(caseId: string): Promise<RequestedDocument[]>;
}

/** A request failure the client is told about as it is. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

class Peer {
  readonly id = randomUUID();
  joined = false;
  admitted = false;
  displayName = '';
  device?: DeviceInfo;
  rtpCapabilities?: RtpCapabilities;
  since = '';
  readonly transports = new Map<string, { transport: SfuWebRtcTransport; direction: 'send' | 'recv' }>();
  readonly producers = new Map<string, { producer: SfuProducer; source: MediaSource }>();
  readonly consumers = new Map<string, SfuConsumer>();

  constructor(
    readonly identity: Identity,
    readonly socket: WebSocket,
  ) {}

  get role() {
    return this.identity.role;
  }

  send(message: unknown) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  notify<N extends NotificationName>(notification: N, data: Notifications[N]) {
    this.send({ notification, data });
  }

  producerInfo(id: string): ProducerInfo {
    const { producer, source } = this.producers.get(id)!;
    return { producerId: id, peerId: this.id, kind: producer.kind, source, paused: producer.paused };
  }

  info(): PeerInfo {
    return {
      peerId: this.id,
      role: this.role,
      displayName: this.displayName,
      ...(this.device && { device: this.device }),
      producers: [...this.producers.keys()].map((id) => this.producerInfo(id)),
    };
  }

  waiting(): WaitingPeer {
    return { peerId: this.id, role: this.role, displayName: this.displayName, ...(this.device && { device: this.device }), since: this.since };
  }

  /** Closing the transports closes their producers and consumers, and so everyone's consumers of them. */
  closeMedia() {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}

const TRACKS_SETTLE_MS = 1000;
const MAX_TRACK_FOLLOW_ATTEMPTS = 3;

/** Why a room closes: how a call ends, or everyone having left (nobody to tell). */
type CloseReason = EndReason | 'everyoneLeft';

type Handler<M extends Method> = (peer: Peer, data: Requests[M]['request']) => Promise<Requests[M]['response']>;

/**
 * One appointment's call (mediasoup-demo's Room): its router, the people in it or waiting, the
 * recording consent and the recorder. Lives in one process from the first connection until the
 * call ends or the last person leaves.
 */
export class Room {
  private readonly peers = new Map<string, Peer>();
  private router: Promise<SfuRouter> | null = null;
  /** People admitted once are let in again at once when they reconnect after a network drop. */
  private readonly admittedKeys = new Set<string>();
  private readonly consent: { citizen: boolean | null; agent: boolean | null } = { citizen: null, agent: null };
  private recordingState: RecordingState = 'pending';
  private recording: { media: CallRecorder; screens: CallRecorder } | null = null;
  /** A new part of the recording waits for a rejoining person's or a shared screen's tracks to settle. */
  private recordingChange: NodeJS.Timeout | null = null;
  /** Set once the call is over; the promise settles when the recording is stored and everything closed. */
  private closing: Promise<void> | null = null;

  constructor(
    readonly caseId: string,
    private readonly ctx: RoomContext,
    private readonly onClosed: () => void,
  ) {}

  get closed() {
    return this.closing !== null;
  }

  /** Adds a socket; the same person connecting again replaces their previous socket. */
  connect(identity: Identity, socket: WebSocket): void {
    if (this.closed) {
      socket.close(CLOSE_NORMAL, 'call ended');
      return;
    }
    for (const peer of this.peers.values()) {
      if (peer.identity.key === identity.key) {
        this.leave(peer);
        peer.socket.close(CLOSE_NORMAL, 'connected elsewhere');
      }
    }
    const peer = new Peer(identity, socket);
    this.peers.set(peer.id, peer);
    socket.on('message', (raw: Buffer, isBinary: boolean) => void this.receive(peer, isBinary ? null : raw.toString()));
    socket.on('close', () => this.leave(peer));
  }

  /** Ends the call for everyone: stores the recording, updates the appointment, closes the sockets. */
  end(reason: CloseReason, actor: Actor): Promise<void> {
    this.closing ??= this.finish(reason, actor);
    return this.closing;
  }

  private async receive(peer: Peer, text: string | null): Promise<void> {
    let message: { id?: unknown; method?: unknown; data?: unknown };
    try {
      message = text === null ? {} : (JSON.parse(text) as typeof message);
      if (typeof message !== 'object' || message === null) throw new Error('not an object');
    } catch {
      peer.send({ id: null, ok: false, error: { code: 'FIN_ERR_CALL_BAD_MESSAGE', message: 'Messages are JSON objects' } });
      return;
    }
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
    if (id === null) {
      peer.send({ id: null, ok: false, error: { code: 'FIN_ERR_CALL_BAD_MESSAGE', message: 'A request needs an id (a number or a string)' } });
      return;
    }
    try {
      const data = await this.dispatch(peer, message.method, message.data ?? {});
      peer.send({ id, ok: true, data });
    } catch (error) {
      if (error instanceof CallError) {
        peer.send({ id, ok: false, error: { code: error.code, message: error.message } });
      } else {
        this.ctx.log.error({ err: error, caseId: this.caseId, method: message.method }, 'call request failed');
        peer.send({ id, ok: false, error: { code: 'FIN_ERR_INTERNAL', message: 'Internal error' } });
      }
    }
  }

  /** The single entry point of every request: unknown methods, bad data and requests out of turn stop here. */
  private async dispatch(peer: Peer, method: unknown, data: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !Object.hasOwn(REQUEST_SCHEMAS, method)) {
      throw new CallError('FIN_ERR_CALL_UNKNOWN_METHOD', `Unknown method ${JSON.stringify(method)}`);
    }
    const name = method as Method;
    const schema = REQUEST_SCHEMAS[name];
    if (!Value.Check(schema, data)) {
      const first = Value.Errors(schema, data).First();
      throw new CallError('FIN_ERR_CALL_INVALID_DATA', `${name}: ${first ? `${first.path || 'data'} ${first.message}` : 'invalid data'}`);
    }
    if (this.closed) throw new CallError('FIN_ERR_CALL_ENDED', 'The call has ended');
    if (name !== 'getRouterRtpCapabilities' && name !== 'join' && !peer.joined) {
      throw new CallError('FIN_ERR_CALL_NOT_JOINED', 'Join first');
    }
    const beforeAdmission: Method[] = ['getRouterRtpCapabilities', 'join', 'hangUp'];
    if (!beforeAdmission.includes(name) && !peer.admitted) {
      throw new CallError('FIN_ERR_CALL_NOT_ADMITTED', 'Wait until the agent lets you in');
    }
    const handler = this.handlers[name] as Handler<Method>;
    return handler(peer, data as Requests[Method]['request']);
  }

  private readonly handlers: { [M in Method]: Handler<M> } = {
    getRouterRtpCapabilities: async () => (await this.getRouter()).rtpCapabilities,

    join: async (peer, data) => {
      if (peer.joined) throw new CallError('FIN_ERR_CALL_ALREADY_JOINED', 'Already joined');
      peer.joined = true;
      peer.displayName = data.displayName;
      peer.device = data.device;
      peer.rtpCapabilities = data.rtpCapabilities;
      peer.since = new Date().toISOString();
      if (peer.role === 'agent' || this.admittedKeys.has(peer.identity.key)) {
        this.enter(peer);
      } else {
        this.waitingRoomChanged();
      }
      return {
        peerId: peer.id,
        role: peer.role,
        admitted: peer.admitted,
        peers: peer.admitted ? this.othersOf(peer).map((other) => other.info()) : [],
        waiting: peer.role === 'agent' ? this.waitingList() : [],
        consent: this.consentState(),
        iceServers: this.ctx.iceServers,
      };
    },

    createWebRtcTransport: async (peer, data) => {
      const transport = await (await this.getRouter()).createWebRtcTransport();
      peer.transports.set(transport.id, { transport, direction: data.direction });
      return {
        id: transport.id,
        iceParameters: transport.iceParameters,
        iceCandidates: transport.iceCandidates,
        dtlsParameters: transport.dtlsParameters,
        iceServers: this.ctx.iceServers,
      };
    },

    connectWebRtcTransport: async (peer, data) => {
      await this.transportOf(peer, data.transportId).transport.connect(data.dtlsParameters);
      return {};
    },

    produce: async (peer, data) => {
      const entry = this.transportOf(peer, data.transportId);
      if (entry.direction !== 'send') throw new CallError('FIN_ERR_CALL_INVALID_DATA', 'produce: not a send transport');
      const producer = await entry.transport.produce({ kind: data.kind, rtpParameters: data.rtpParameters });
      peer.producers.set(producer.id, { producer, source: data.appData.source });
      for (const other of this.othersOf(peer)) other.notify('newProducer', peer.producerInfo(producer.id));
      this.followTracksSoon();
      return { id: producer.id };
    },

    consume: async (peer, data) => {
      const owner = this.othersOf(peer).find((other) => other.producers.has(data.producerId));
      if (!owner) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'No such producer');
      const router = await this.getRouter();
      if (!router.canConsume(data.producerId, peer.rtpCapabilities!)) {
        throw new CallError('FIN_ERR_CALL_INVALID_DATA', 'consume: your device cannot receive this producer');
      }
      const receiving = [...peer.transports.values()].find((entry) => entry.direction === 'recv');
      if (!receiving) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'consume: create a recv transport first');
      // Paused, so no RTP is lost before the client has wired up the track; it resumes it then.
      const consumer = await receiving.transport.consume({ producerId: data.producerId, rtpCapabilities: peer.rtpCapabilities!, paused: true });
      peer.consumers.set(consumer.id, consumer);
      consumer.onClose(() => {
        if (peer.consumers.delete(consumer.id)) peer.notify('consumerClosed', { consumerId: consumer.id });
      });
      const { source } = owner.producers.get(data.producerId)!;
      return {
        id: consumer.id,
        producerId: data.producerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
        peerId: owner.id,
        source,
        producerPaused: consumer.producerPaused,
      };
    },

    resumeConsumer: async (peer, data) => {
      const consumer = peer.consumers.get(data.consumerId);
      if (!consumer) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'No such consumer');
      await consumer.resume();
      return {};
    },

    pauseProducer: async (peer, data) => {
      await this.producerOf(peer, data.producerId).pause();
      for (const other of this.othersOf(peer)) other.notify('producerPaused', { producerId: data.producerId, peerId: peer.id });
      return {};
    },

    resumeProducer: async (peer, data) => {
      await this.producerOf(peer, data.producerId).resume();
      for (const other of this.othersOf(peer)) other.notify('producerResumed', { producerId: data.producerId, peerId: peer.id });
      return {};
    },

    closeProducer: async (peer, data) => {
      this.producerOf(peer, data.producerId).close();
      peer.producers.delete(data.producerId);
      for (const other of this.othersOf(peer)) other.notify('producerClosed', { producerId: data.producerId, peerId: peer.id });
      this.followTracksSoon();
      return {};
    },

    restartIce: async (peer, data) => ({ iceParameters: await this.transportOf(peer, data.transportId).transport.restartIce() }),

    admit: async (peer, data) => {
      this.requireAgent(peer);
      const target = this.peers.get(data.peerId);
      if (!target || !target.joined) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'Nobody with that id is waiting');
      if (target.admitted) return {};
      if (target.role === 'citizen') {
        const event = { type: 'call.admitted', actor: peer.identity.actor, data: { role: target.role } };
        const moved = await this.ctx.store.transition(this.caseId, ['booked', 'checked_in'], 'in_call', event);
        if (!moved) await this.ctx.store.record(this.caseId, event);
      } else {
        await this.ctx.store.record(this.caseId, { type: 'call.admitted', actor: peer.identity.actor, data: { role: target.role } });
      }
      // The person may have left while the evidence was written.
      if (!this.peers.has(target.id) || this.closed) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'They left the waiting room');
      this.enter(target);
      this.waitingRoomChanged();
      return {};
    },

    invite: async (peer, data) => {
      this.requireAgent(peer);
      const invite = this.ctx.createInvite(this.caseId, data.role);
      await this.ctx.store.record(this.caseId, { type: 'call.invited', actor: peer.identity.actor, data: { role: data.role, expiresAt: invite.expiresAt } });
      return invite;
    },

    requestDocument: async (peer, data) => {
      this.requireAgent(peer);
      const document = (await this.ctx.expectedDocuments(this.caseId)).find((expected) => expected.id === data.document);
      if (!document) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'This appointment does not expect that document');
      const citizens = [...this.peers.values()].filter((other) => other.admitted && other.role === 'citizen');
      if (citizens.length === 0) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'The citizen is not in the call');
      await this.ctx.store.record(this.caseId, { type: 'call.document_requested', actor: peer.identity.actor, data: { document: document.id } });
      for (const citizen of citizens) citizen.notify('documentRequested', { document: { id: document.id, name: document.name } });
      return { document: { id: document.id, name: document.name } };
    },

    consent: async (peer, data) => {
      if (peer.role !== 'citizen' && peer.role !== 'agent') throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'Only the citizen and the agent answer for the recording');
      if (this.consent[peer.role] !== null) throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'You have answered already');
      this.consent[peer.role] = data.accept;
      await this.ctx.store.record(this.caseId, { type: 'call.recording_consent', actor: peer.identity.actor, data: { role: peer.role, accept: data.accept } });
      if (!data.accept) {
        this.recordingState = 'refused';
        await this.ctx.store.record(this.caseId, {
          type: 'call.recording_refused',
          actor: peer.identity.actor,
          data: { role: peer.role, required: this.ctx.recordingRequired },
        });
      }
      this.broadcast('consentChanged', this.consentState());
      if (!data.accept && this.ctx.recordingRequired) {
        // The answer goes out first, so the one who refused learns why the call ends.
        setImmediate(() => void this.end('recordingRefused', 'system'));
      } else {
        this.followTracksSoon();
      }
      return this.consentState();
    },

    // The answer goes out before the socket closes; `callEnded` follows once the recording is stored.
    hangUp: async (peer) => {
      setImmediate(() => {
        if (peer.role === 'agent') {
          void this.end('agentHungUp', peer.identity.actor);
        } else {
          this.leave(peer);
          peer.socket.close(CLOSE_NORMAL, 'hung up');
        }
      });
      return {};
    },
  };

  private requireAgent(peer: Peer) {
    if (peer.role !== 'agent') throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'Only the agent can do that');
  }

  private getRouter(): Promise<SfuRouter> {
    if (!this.router) {
      this.router = this.ctx.sfu.createRouter();
      this.router.then(
        (router) => router.onClose(() => void this.end('serverShutdown', 'system')),
        () => {
          this.router = null;
        },
      );
    }
    return this.router.catch((error: unknown) => {
      this.ctx.log.error({ err: error }, 'no media router for a call');
      throw new CallError('FIN_ERR_CALL_MEDIA_UNAVAILABLE', 'The media server is not available');
    });
  }

  private transportOf(peer: Peer, id: string) {
    const entry = peer.transports.get(id);
    if (!entry) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'No such transport');
    return entry;
  }

  private producerOf(peer: Peer, id: string) {
    const entry = peer.producers.get(id);
    if (!entry) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'No such producer');
    return entry.producer;
  }

  private othersOf(peer: Peer): Peer[] {
    return [...this.peers.values()].filter((other) => other !== peer && other.admitted);
  }

  private waitingList(): WaitingPeer[] {
    return [...this.peers.values()].filter((peer) => peer.joined && !peer.admitted).map((peer) => peer.waiting());
  }

  private waitingRoomChanged() {
    const waiting = this.waitingList();
    for (const peer of this.peers.values()) if (peer.role === 'agent' && peer.joined) peer.notify('waitingRoomChanged', { waiting });
  }

  private broadcast<N extends NotificationName>(notification: N, data: Notifications[N]) {
    for (const peer of this.peers.values()) if (peer.admitted) peer.notify(notification, data);
  }

  private enter(peer: Peer) {
    peer.admitted = true;
    this.admittedKeys.add(peer.identity.key);
    for (const other of this.othersOf(peer)) other.notify('peerJoined', { peer: peer.info() });
    if (peer.role !== 'agent') peer.notify('admitted', { peers: this.othersOf(peer).map((other) => other.info()), consent: this.consentState() });
  }

  private leave(peer: Peer) {
    if (!this.peers.delete(peer.id)) return;
    const wasAdmitted = peer.admitted;
    peer.closeMedia();
    if (wasAdmitted) {
      for (const other of this.othersOf(peer)) other.notify('peerLeft', { peerId: peer.id });
    } else if (peer.joined) {
      this.waitingRoomChanged();
    }
    if (this.peers.size === 0) void this.end('everyoneLeft', 'system');
  }

  private consentState(): ConsentState {
    return { ...this.consent, required: this.ctx.recordingRequired, recording: this.recordingState };
  }

  /**
   * What is recorded: the citizen's and the agent's microphones and cameras in one file, in a fixed
   * order so that the parts of a reconnection line up, and shared screens in files of their own,
   * so that sharing a screen neither cuts the call's recording nor holds it up.
   */
  private recordedTracks(): { media: RecordedTrack[]; screens: RecordedTrack[]; citizen: number; agent: number } {
    const of = (role: Role, sources: MediaSource[]): RecordedTrack[] =>
      [...this.peers.values()]
        .filter((peer) => peer.admitted && peer.role === role)
        .flatMap((peer) => [...peer.producers.entries()])
        .filter(([, entry]) => sources.includes(entry.source))
        .sort(([, a], [, b]) => sources.indexOf(a.source) - sources.indexOf(b.source))
        .map(([producerId, entry]) => ({ producerId, kind: entry.producer.kind, layout: `${role}:${entry.source}:${entry.producer.kind}` }));
    const citizen = of('citizen', ['microphone', 'camera']);
    const agent = of('agent', ['microphone', 'camera']);
    return { media: [...citizen, ...agent], screens: [...of('citizen', ['screen']), ...of('agent', ['screen'])], citizen: citizen.length, agent: agent.length };
  }

  /**
   * Starts the server-side recording once the citizen and the agent have both said yes and both
   * send media; tried again whenever tracks change until then.
   */
  private async startRecordingWhenReady(): Promise<void> {
    if (this.closed || this.recordingState !== 'pending' || !this.consent.citizen || !this.consent.agent) return;
    const tracks = this.recordedTracks();
    if (tracks.citizen === 0 || tracks.agent === 0) return;
    this.recordingState = 'recording';
    const dir = path.join(this.ctx.dataDir, 'recordings');
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const router = await this.getRouter();
      const recorder = () =>
        new CallRecorder({
          router,
          ffmpegBin: this.ctx.ffmpegBin,
          dir,
          newId: randomUUID,
          onPartFailed: (error) => this.ctx.log.error({ err: error, caseId: this.caseId }, 'a part of the recording could not be written'),
          onPartEnded: () => {
            this.ctx.log.warn({ caseId: this.caseId }, 'the recorder stopped by itself; recording again');
            this.followTracksSoon();
          },
        });
      const recording = { media: recorder(), screens: recorder() };
      // Set before the first part is up, so that tracks produced meanwhile (the camera after the
      // microphone) make the next part.
      this.recording = recording;
      await recording.media.follow(tracks.media);
      if (tracks.screens.length > 0) this.followTracksSoon();
      await this.ctx.store.record(this.caseId, { type: 'call.recording_started', actor: 'system', data: { tracks: tracks.media.length } });
      this.broadcast('recordingStarted', { startedAt: recording.media.startedAt!.toISOString() });
      this.broadcast('consentChanged', this.consentState());
      // The call may have ended while ffmpeg was starting.
      if (this.closed) await this.stopRecording();
    } catch (error) {
      this.ctx.log.error({ err: error, caseId: this.caseId }, 'the recording could not start');
      this.recording = null;
      this.recordingState = 'pending';
    }
  }

  /**
   * Records the tracks there are once they have stopped changing for a moment (a camera follows
   * its microphone, a reconnecting person sends all theirs again): starts the recording if it can
   * start, or moves it to the new tracks. A track can go away while a new part starts (its owner
   * reconnects again): then it tries again with the tracks there are by then, while the part being
   * recorded goes on.
   */
  private followTracksSoon(attempt = 1): void {
    if (this.recordingChange) clearTimeout(this.recordingChange);
    this.recordingChange = setTimeout(() => {
      this.recordingChange = null;
      const recording = this.recording;
      if (this.closed) return;
      if (!recording) {
        void this.startRecordingWhenReady();
        return;
      }
      const { media, screens } = this.recordedTracks();
      void Promise.allSettled([recording.media.follow(media), recording.screens.follow(screens)]).then((results) => {
        const failed = results.find((result) => result.status === 'rejected');
        if (!failed) return;
        this.ctx.log.error({ err: failed.reason, caseId: this.caseId, attempt }, 'the recording could not take the new tracks');
        if (attempt < MAX_TRACK_FOLLOW_ATTEMPTS) this.followTracksSoon(attempt + 1);
      });
    }, TRACKS_SETTLE_MS);
    this.recordingChange.unref();
  }

  /** Stops the recorders, seals each recording and attaches it to the case with its hash. */
  private async stopRecording(): Promise<void> {
    const current = this.recording;
    if (!current) return;
    this.recording = null;
    try {
      // Tracks that changed just before the end (a screen shared, a reconnection) are recorded too.
      if (this.recordingChange) {
        clearTimeout(this.recordingChange);
        this.recordingChange = null;
        const { media, screens } = this.recordedTracks();
        await Promise.allSettled([current.media.follow(media), current.screens.follow(screens)]);
      }
      const recordings = (await Promise.all([current.media.stop(), current.screens.stop()])).flat();
      for (const finished of recordings) {
        const sealed = `${finished.file}.enc`;
        await encryptFile(await this.ctx.masterKey(), finished.file, sealed);
        await rm(finished.file, { force: true });
        await this.ctx.store.addRecording({ ...finished, caseId: this.caseId, file: path.relative(this.ctx.dataDir, sealed) }, 'system');
        this.broadcast('recordingStopped', { recordingId: finished.id, sha256: finished.sha256, bytes: finished.bytes });
      }
      this.recordingState = 'stopped';
    } catch (error) {
      this.ctx.log.error({ err: error, caseId: this.caseId }, 'the recording could not be stored');
    }
  }

  private async finish(reason: CloseReason, actor: Actor): Promise<void> {
    try {
      await this.stopRecording();
      const event = { type: 'call.ended', actor, data: { reason } };
      if (reason === 'agentHungUp') {
        const moved = await this.ctx.store.transition(this.caseId, ['in_call'], 'completed', event);
        if (!moved) await this.ctx.store.record(this.caseId, event);
      } else if (reason !== 'everyoneLeft' || this.admittedKeys.size > 0) {
        await this.ctx.store.record(this.caseId, event);
      }
    } catch (error) {
      this.ctx.log.error({ err: error, caseId: this.caseId }, 'the end of a call could not be recorded');
    } finally {
      for (const peer of this.peers.values()) {
        if (reason !== 'everyoneLeft') peer.notify('callEnded', { reason });
        peer.closeMedia();
        peer.socket.close(CLOSE_NORMAL, 'call ended');
      }
      this.peers.clear();
      const router = this.router;
      this.router = null;
      await router?.then((r) => r.close(), () => undefined);
      this.onClosed();
    }
  }
}
