import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { WebSocket } from '@fastify/websocket';
import type { Actor } from '../evidence/log.js';
import { CallError } from './errors.js';
import type {
  DeviceInfo,
  EndReason,
  IceServer,
  MediaSource,
  Method,
  NotificationName,
  Notifications,
  PeerInfo,
  ProducerInfo,
  RequestedDocument,
  Requests,
  Role,
  RtpCapabilities,
  WaitingPeer,
} from './protocol.js';
import { CLOSE_NORMAL } from './protocol.js';
import { CallRecording, type RecordingContext } from './recording.js';
import { REQUEST_SCHEMAS } from './schemas.js';
import type { Sfu, SfuConsumer, SfuProducer, SfuRouter, SfuWebRtcTransport } from './sfu.js';


/** Who is on the other end of a socket, as established before the upgrade. */
export interface Identity {
  role: Role;
  /** The same for one person across reconnections: `citizen`, `agent:<id>`, `invite:<id>`. */
  key: string;
  /** Who their actions are attributed to in the evidence log. */
  actor: Actor;
  /** In at once, their coming and going logged: a supervisor sitting in on their own authority, a citizen whose screen-help code admitted them. */
  sitsIn?: boolean;
}

export interface RoomContext extends RecordingContext {
  sfu: Sfu;
  /** The ICE servers for one participant, whose TURN credentials may be theirs alone. */
  iceServers(peerId: string): IceServer[];
  createInvite(caseId: string, role: 'interpreter' | 'supervisor'): Promise<{ url: string; token: string; expiresAt: string }>;
  /** The documents the case's procedure expects, named in the citizen's language. */
  expectedDocuments(caseId: string): Promise<RequestedDocument[]>;
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

/** Why a room closes: how a call ends, or everyone having left (nobody to tell). */
type CloseReason = EndReason | 'everyoneLeft';

type Handler<M extends Method> = (peer: Peer, data: Requests[M]['request']) => Promise<Requests[M]['response']>;

/**
 * One appointment's call (mediasoup-demo's Room): its router, the people in it or waiting, and
 * the requests they make; the consent and the recorder are its CallRecording's. Lives in one
 * process from the first connection until the call ends or the last person leaves.
 */
export class Room {
  private readonly peers = new Map<string, Peer>();
  private router: Promise<SfuRouter> | null = null;
  /** People admitted once are let in again at once when they reconnect after a network drop. */
  private readonly admittedKeys = new Set<string>();
  private readonly recording: CallRecording;
  /** Set once the call is over; the promise settles when the recording is stored and everything closed. */
  private closing: Promise<void> | null = null;

  constructor(
    readonly caseId: string,
    private readonly ctx: RoomContext,
    private readonly onClosed: () => void,
  ) {
    this.recording = new CallRecording(caseId, ctx, {
      closed: () => this.closed,
      admitted: () => [...this.peers.values()].filter((peer) => peer.admitted),
      router: () => this.getRouter(),
      broadcast: (notification, data) => this.broadcast(notification, data),
      endRefused: () => void this.end('recordingRefused', 'system'),
    });
  }

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

  /** Where the call's recording is now; null while it is not recording. */
  recordingPosition(now: Date) {
    return this.recording.position(now);
  }

  /** Whether this kind of person is in the call (let in, not waiting). */
  has(role: Role): boolean {
    return [...this.peers.values()].some((peer) => peer.admitted && peer.role === role);
  }

  /** Tells everyone let into the call. */
  notifyAll<N extends NotificationName>(notification: N, data: Notifications[N]): void {
    this.broadcast(notification, data);
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
      if (peer.identity.sitsIn) await this.ctx.store.record(this.caseId, { type: 'call.joined', actor: peer.identity.actor, data: { role: peer.role } });
      if (peer.role === 'agent' || peer.identity.sitsIn || this.admittedKeys.has(peer.identity.key)) {
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
        consent: this.recording.state(),
        iceServers: this.ctx.iceServers(peer.id),
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
        iceServers: this.ctx.iceServers(peer.id),
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
      this.recording.tracksChanged();
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
      this.recording.tracksChanged();
      return {};
    },

    restartIce: async (peer, data) => ({ iceParameters: await this.transportOf(peer, data.transportId).transport.restartIce() }),

    admit: async (peer, data) => {
      this.requireAgent(peer);
      const target = this.peers.get(data.peerId);
      if (!target || !target.joined) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'Nobody with that id is waiting');
      if (target.admitted) return {};
      const event = { type: 'call.admitted' as const, actor: peer.identity.actor, data: { role: target.role } };
      // Letting the citizen in starts the appointment's call; anyone else only joins it.
      if (target.role === 'citizen') await this.ctx.store.moveOrRecord(this.caseId, 'admit', event);
      else await this.ctx.store.record(this.caseId, event);
      // The person may have left while the evidence was written.
      if (!this.peers.has(target.id) || this.closed) throw new CallError('FIN_ERR_CALL_NOT_FOUND', 'They left the waiting room');
      this.enter(target);
      this.waitingRoomChanged();
      return {};
    },

    invite: async (peer, data) => {
      this.requireAgent(peer);
      const invite = await this.ctx.createInvite(this.caseId, data.role);
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

    point: async (peer, data) => {
      this.requireAgent(peer);
      const at = new Date().toISOString();
      for (const other of this.othersOf(peer)) if (other.role === 'citizen') other.notify('pointer', { points: data.points, at });
      return {};
    },

    consent: async (peer, data) => {
      if (peer.role !== 'citizen' && peer.role !== 'agent') throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'Only the citizen and the agent answer for the recording');
      return this.recording.answer(peer.role, peer.identity.actor, data.accept);
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
    if (peer.role !== 'agent') peer.notify('admitted', { peers: this.othersOf(peer).map((other) => other.info()), consent: this.recording.state() });
  }

  private leave(peer: Peer) {
    if (!this.peers.delete(peer.id)) return;
    const wasAdmitted = peer.admitted;
    peer.closeMedia();
    if (wasAdmitted) {
      for (const other of this.othersOf(peer)) other.notify('peerLeft', { peerId: peer.id });
      const left = { type: 'call.left' as const, actor: peer.identity.actor, data: { role: peer.role } };
      if (peer.identity.sitsIn) this.ctx.store.record(this.caseId, left).catch((error: unknown) => this.ctx.log.error({ err: error }, 'could not log a supervisor leaving the call'));
    } else if (peer.joined) {
      this.waitingRoomChanged();
    }
    if (this.peers.size === 0) void this.end('everyoneLeft', 'system');
  }

  private async finish(reason: CloseReason, actor: Actor): Promise<void> {
    try {
      await this.recording.stop();
      const event = { type: 'call.ended' as const, actor, data: { reason } };
      if (reason === 'agentHungUp') {
        await this.ctx.store.moveOrRecord(this.caseId, 'complete', event);
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
