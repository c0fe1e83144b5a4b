import type { Device } from 'mediasoup-client';
import type { Consumer, Producer, Transport } from 'mediasoup-client/types';
import type { ConsentState, EndReason, MediaSource, Method, Notification, PeerInfo, Point, ProducerInfo, RequestedDocument, Requests, Role, TransportOptions, WaitingPeer } from './protocol.js';
import { CallChangeEvent, type CallChange, type CallModel, type CallQuality, type CallState, type CloseReason, type RemoteTrack } from './call-state.js';
import { measureQuality } from './quality.js';
import { CallRequestError, SignalingChannel } from './signaling.js';

export type { ConsentState, EndReason, PeerInfo, Role, WaitingPeer };
export { CallRequestError };

export interface CallClientOptions {
  /** `ws(s)://…/api/calls/<appointment id>/ws` with the citizen's `?token=` or an `?invite=`; the agent's session cookie goes by itself. */
  url: string;
  displayName: string;
  /** Camera and microphone already opened by the device check; otherwise the client opens the default ones. */
  stream?: MediaStream;
  /** How long a request may go unanswered. */
  requestTimeoutMs?: number;
  /** Screen help: the one track sent instead of camera and microphone (the voice stays on the phone). */
  shared?: { track: MediaStreamTrack; source: 'screen' | 'camera' };
}

/** A `disconnected` ICE state often heals by itself; restart only if it lasts. */
const ICE_GRACE_MS = 2_000;
const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];
/** About a minute of trying before telling the person the call is lost. */
const MAX_RECONNECT_ATTEMPTS = 10;
/** How often the connection hint is measured while in the call. */
const QUALITY_EVERY_MS = 3_000;

const deviceInfo = () => ({
  name: /firefox/i.test(navigator.userAgent) ? 'firefox' : /safari/i.test(navigator.userAgent) && !/chrome/i.test(navigator.userAgent) ? 'safari' : 'chrome',
  flag: /mobi/i.test(navigator.userAgent) ? 'mobile' : 'desktop',
});

/**
 * One person's side of a video call (mediasoup-demo's RoomClient): the mediasoup-client Device,
 * the send and receive transports, the local producers and the consumers of everyone else, over a
 * `SignalingChannel` (signaling.ts) that it reopens when the connection drops. Views only render
 * what it reports through `change` events; they act through its methods.
 */
export class CallClient extends EventTarget implements CallModel {
  state: CallState = 'new';
  role?: Role;
  peerId?: string;
  /** Everyone else in the call, by peer id. */
  readonly peers = new Map<string, PeerInfo>();
  /** For the agent: who waits to be admitted. */
  waiting: WaitingPeer[] = [];
  consent?: ConsentState;
  remoteTracks: RemoteTrack[] = [];
  /** This person's camera and microphone as sent. */
  localStream?: MediaStream;
  screenTrack?: MediaStreamTrack;
  micOn = true;
  cameraOn = true;
  quality?: CallQuality;
  closeReason?: CloseReason;
  requestedDocument?: RequestedDocument;
  /** The procedure's revision last announced in the call; its views read theirs again when it changes. */
  procedureRevision = 0;
  /** For the citizen sharing their screen: where the agent pointed last. */
  pointer?: CallModel['pointer'];

  private channel?: SignalingChannel;
  private device?: Device;
  private sendTransport?: Transport;
  private recvTransport?: Transport;
  private readonly producers = new Map<MediaSource, Producer>();
  private readonly consumers = new Map<string, { consumer: Consumer; peerId: string; source: MediaSource }>();
  /** Producers announced before the receiving transport existed; consumed once it does. */
  private announced: ProducerInfo[] = [];
  /** Producers being consumed now, so that one announced again meanwhile is consumed once. */
  private readonly consuming = new Set<string>();
  private readonly iceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private reconnectAttempt = 0;
  /** The channel on which this client entered the call: a reconnecting person is told twice (notification and answer). */
  private enteredOn?: SignalingChannel;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private qualityTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: CallClientOptions) {
    super();
  }

  /** Opens the socket, loads the device and joins; resolves once in the call or in the waiting room. */
  async join(): Promise<void> {
    this.setState('connecting');
    try {
      const shared = this.options.shared;
      if (shared?.source === 'screen') this.screenTrack = shared.track;
      this.localStream = shared ? new MediaStream(shared.source === 'camera' ? [shared.track] : []) : this.options.stream ?? (await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } }));
      this.changed('local');
      await this.connect();
    } catch (error) {
      this.close('failed');
      throw error;
    }
  }

  /** Agent only: lets a waiting person in. */
  async admit(peerId: string): Promise<void> {
    await this.request('admit', { peerId });
  }

  /** Agent only: asks the citizen for one of the documents the procedure expects. */
  async requestDocument(document: string): Promise<RequestedDocument> {
    return (await this.request('requestDocument', { document })).document;
  }

  /** Agent only: points at the citizen's shared screen, one point for a click or the path of a drag (fractions 0–1 of the picture). */
  async point(points: Point[]): Promise<void> {
    await this.request('point', { points });
  }

  /** Agent only: a link for an interpreter or supervisor. */
  invite(role: 'interpreter' | 'supervisor'): Promise<Requests['invite']['response']> {
    return this.request('invite', { role });
  }

  /** This person's answer to the recording question. */
  async answerConsent(accept: boolean): Promise<void> {
    this.consent = await this.request('consent', { accept });
    this.changed('consent');
  }

  setMicrophone(on: boolean): Promise<void> {
    this.micOn = on;
    return this.setProducer('microphone', on);
  }

  setCamera(on: boolean): Promise<void> {
    this.cameraOn = on;
    return this.setProducer('camera', on);
  }

  /** Shares a screen or window chosen by the person; stops when they stop it from the browser too. */
  async shareScreen(): Promise<void> {
    if (this.screenTrack || !this.sendTransport) return;
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    this.screenTrack = track;
    track.addEventListener('ended', () => void this.stopScreen());
    this.producers.set('screen', await this.sendTransport.produce({ track, appData: { source: 'screen' }, stopTracks: false }));
    this.changed('local');
  }

  async stopScreen(): Promise<void> {
    const producer = this.producers.get('screen');
    this.producers.delete('screen');
    this.screenTrack?.stop();
    this.screenTrack = undefined;
    this.changed('local');
    if (producer) {
      producer.close();
      if (this.state === 'in-call') await this.request('closeProducer', { producerId: producer.id });
    }
  }

  /** Leaves the call; the agent's hang-up ends it for everyone. */
  async hangUp(): Promise<void> {
    if (this.state === 'closed') return;
    try {
      if (this.channel?.isOpen) await this.request('hangUp', {});
    } finally {
      this.close('hungUp');
    }
  }

  /** Ends everything on this side, once; the reason says why. */
  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.closeReason = reason;
    clearTimeout(this.reconnectTimer);
    this.closeMedia();
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.screenTrack?.stop();
    this.screenTrack = undefined;
    const channel = this.channel;
    this.channel = undefined;
    channel?.close(1000);
    channel?.failPending(new CallRequestError('FIN_ERR_CALL_ENDED', 'The call has ended'));
    this.setState('closed');
    this.changed('ended');
  }

  // ---- Connection ----

  private async connect(): Promise<void> {
    const channel: SignalingChannel = await SignalingChannel.open(this.options.url, {
      requestTimeoutMs: this.options.requestTimeoutMs,
      onNotification: (message) => this.notified(message),
      onClose: (reason) => this.onSocketClosed(channel, reason),
    });
    // Hung up (or the page left) while the socket was opening.
    if (this.state === 'closed') {
      channel.close(1000);
      return;
    }
    this.channel = channel;
    if (!this.device) {
      const { Device: DeviceClass } = await import('mediasoup-client');
      const device = new DeviceClass();
      await device.load({ routerRtpCapabilities: (await this.request('getRouterRtpCapabilities', {})) as never });
      this.device = device;
    }
    const joined = await this.request('join', { displayName: this.options.displayName, rtpCapabilities: this.device.rtpCapabilities as never, device: deviceInfo() });
    this.reconnectAttempt = 0;
    this.role = joined.role;
    this.peerId = joined.peerId;
    this.consent = joined.consent;
    this.waiting = joined.waiting;
    this.changed('waiting');
    this.changed('consent');
    if (joined.admitted) await this.enter(joined.peers);
    else this.setState('waiting');
  }

  /** In the call: transports up, own media sent, everyone else's received. */
  private async enter(peers: PeerInfo[]): Promise<void> {
    if (this.enteredOn === this.channel) return;
    this.enteredOn = this.channel;
    this.peers.clear();
    for (const peer of peers) this.peers.set(peer.peerId, peer);
    this.changed('peers');
    this.setState('in-call');
    this.recvTransport = this.createTransport(await this.request('createWebRtcTransport', { direction: 'recv' }), 'recv');
    const existing = [...peers.flatMap((peer) => peer.producers), ...this.announced];
    this.announced = [];
    // All at once: each takes round trips to the server, and the camera need not wait for the microphone.
    await Promise.all(existing.map((producer) => this.consume(producer)));
    this.sendTransport = this.createTransport(await this.request('createWebRtcTransport', { direction: 'send' }), 'send');
    await this.produceLocal();
  }

  private createTransport(options: TransportOptions, direction: 'send' | 'recv'): Transport {
    const params = {
      id: options.id,
      iceParameters: options.iceParameters as never,
      iceCandidates: options.iceCandidates as never,
      dtlsParameters: options.dtlsParameters as never,
      iceServers: options.iceServers,
    };
    const transport = direction === 'send' ? this.device!.createSendTransport(params) : this.device!.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never }).then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      this.request('produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, appData: { source: appData.source as MediaSource } }).then(callback, errback);
    });
    transport.on('connectionstatechange', (state) => this.onIceState(transport, state));
    return transport;
  }

  private async produceLocal(): Promise<void> {
    const transport = this.sendTransport!;
    const audio = this.localStream?.getAudioTracks()[0];
    const video = this.localStream?.getVideoTracks()[0];
    if (audio) this.producers.set('microphone', await transport.produce({ track: audio, appData: { source: 'microphone' }, stopTracks: false }));
    if (video) this.producers.set('camera', await transport.produce({ track: video, appData: { source: 'camera' }, stopTracks: false }));
    if (this.screenTrack?.readyState === 'live') this.producers.set('screen', await transport.produce({ track: this.screenTrack, appData: { source: 'screen' }, stopTracks: false }));
    if (!this.micOn) await this.setProducer('microphone', false);
    if (!this.cameraOn) await this.setProducer('camera', false);
  }

  private async setProducer(source: MediaSource, on: boolean): Promise<void> {
    const producer = this.producers.get(source);
    this.changed('local');
    if (!producer) return;
    if (on) {
      producer.resume();
      await this.request('resumeProducer', { producerId: producer.id });
    } else {
      producer.pause();
      await this.request('pauseProducer', { producerId: producer.id });
    }
  }

  private async consume(info: ProducerInfo): Promise<void> {
    if (info.peerId === this.peerId || this.consuming.has(info.producerId) || [...this.consumers.values()].some((entry) => entry.consumer.producerId === info.producerId)) return;
    if (!this.recvTransport) {
      this.announced.push(info);
      return;
    }
    this.consuming.add(info.producerId);
    try {
      const data = await this.request('consume', { producerId: info.producerId });
      const consumer = await this.recvTransport.consume({ id: data.id, producerId: data.producerId, kind: data.kind, rtpParameters: data.rtpParameters as never });
      this.consumers.set(consumer.id, { consumer, peerId: data.peerId, source: data.source });
      this.remoteTracks = [...this.remoteTracks, { peerId: data.peerId, source: data.source, kind: data.kind, track: consumer.track, paused: data.producerPaused }];
      this.changed('tracks');
      await this.request('resumeConsumer', { consumerId: consumer.id });
    } finally {
      this.consuming.delete(info.producerId);
    }
  }

  private dropConsumer(match: (entry: { consumer: Consumer; peerId: string; source: MediaSource }) => boolean): void {
    for (const [id, entry] of this.consumers) {
      if (!match(entry)) continue;
      entry.consumer.close();
      this.consumers.delete(id);
      this.remoteTracks = this.remoteTracks.filter((remote) => remote.track !== entry.consumer.track);
    }
    this.changed('tracks');
  }

  private setRemotePaused(producerId: string, paused: boolean): void {
    const entry = [...this.consumers.values()].find((candidate) => candidate.consumer.producerId === producerId);
    if (!entry) return;
    this.remoteTracks = this.remoteTracks.map((remote) => (remote.track === entry.consumer.track ? { ...remote, paused } : remote));
    this.changed('tracks');
  }

  /** ICE broke (a network change): new ICE credentials from the server, the same transport and call. */
  private onIceState(transport: Transport, state: string): void {
    clearTimeout(this.iceTimers.get(transport.id));
    this.iceTimers.delete(transport.id);
    if (state !== 'failed' && state !== 'disconnected') return;
    const restart = () => {
      if (transport.closed || !this.channel?.isOpen) return;
      this.request('restartIce', { transportId: transport.id })
        .then(({ iceParameters }) => transport.restartIce({ iceParameters: iceParameters as never }))
        .catch(() => undefined);
    };
    if (state === 'failed') restart();
    else this.iceTimers.set(transport.id, setTimeout(restart, ICE_GRACE_MS));
  }

  /** The socket dropped without the call ending: the server let go of this person's media, so join again and send anew. */
  private onSocketClosed(channel: SignalingChannel, reason: string): void {
    if (this.channel !== channel || this.state === 'closed') return;
    this.channel = undefined;
    channel.failPending(new CallRequestError('FIN_ERR_CALL_DISCONNECTED', 'The connection was lost'));
    // Reconnecting here would take the call back from the tab that has it now.
    if (reason === 'connected elsewhere') return this.close('replaced');
    // A failed first connection or reconnection is handled by whoever awaited it.
    if (this.state === 'connecting' || this.state === 'reconnecting') return;
    this.closeMedia();
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectAttempt >= MAX_RECONNECT_ATTEMPTS) return this.close('failed');
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)];
    this.reconnectAttempt++;
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch(() => {
        if (this.state === 'closed') return;
        this.channel?.close();
        this.channel = undefined;
        this.closeMedia();
        this.scheduleReconnect();
      });
    }, delay);
  }

  private closeMedia(): void {
    for (const timer of this.iceTimers.values()) clearTimeout(timer);
    this.iceTimers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = undefined;
    this.recvTransport = undefined;
    this.producers.clear();
    this.consumers.clear();
    this.consuming.clear();
    this.announced = [];
    if (this.remoteTracks.length) {
      this.remoteTracks = [];
      this.changed('tracks');
    }
  }

  // ---- Signaling ----

  private request<M extends Method>(method: M, data: Requests[M]['request']): Promise<Requests[M]['response']> {
    return this.channel?.request(method, data) ?? Promise.reject(new CallRequestError('FIN_ERR_CALL_DISCONNECTED', 'Not connected'));
  }

  private notified(message: Notification): void {
    const ignore = () => undefined;
    switch (message.notification) {
      case 'waitingRoomChanged':
        this.waiting = (message as Notification<'waitingRoomChanged'>).data.waiting;
        this.changed('waiting');
        break;
      case 'admitted': {
        const { peers, consent } = (message as Notification<'admitted'>).data;
        this.consent = consent;
        this.changed('consent');
        this.enter(peers).catch(() => {
          // A dropped socket is reconnected by its close handler; anything else leaves the call unusable.
          if (this.channel?.isOpen) this.close('failed');
        });
        break;
      }
      case 'peerJoined': {
        const { peer } = (message as Notification<'peerJoined'>).data;
        this.peers.set(peer.peerId, peer);
        this.changed('peers');
        break;
      }
      case 'peerLeft': {
        const { peerId } = (message as Notification<'peerLeft'>).data;
        this.peers.delete(peerId);
        this.dropConsumer((entry) => entry.peerId === peerId);
        this.changed('peers');
        break;
      }
      case 'newProducer':
        this.consume((message as Notification<'newProducer'>).data).catch(ignore);
        break;
      case 'producerClosed': {
        const { producerId } = (message as Notification<'producerClosed'>).data;
        this.dropConsumer((entry) => entry.consumer.producerId === producerId);
        break;
      }
      case 'consumerClosed': {
        const { consumerId } = (message as Notification<'consumerClosed'>).data;
        this.dropConsumer((entry) => entry.consumer.id === consumerId);
        break;
      }
      case 'producerPaused':
        this.setRemotePaused((message as Notification<'producerPaused'>).data.producerId, true);
        break;
      case 'producerResumed':
        this.setRemotePaused((message as Notification<'producerResumed'>).data.producerId, false);
        break;
      case 'consentChanged':
        this.consent = (message as Notification<'consentChanged'>).data;
        this.changed('consent');
        break;
      case 'recordingStarted':
      case 'recordingStopped':
        if (this.consent) this.consent = { ...this.consent, recording: message.notification === 'recordingStarted' ? 'recording' : 'stopped' };
        this.changed('recording');
        break;
      case 'documentRequested':
        this.requestedDocument = (message as Notification<'documentRequested'>).data.document;
        this.changed('document');
        break;
      case 'procedureChanged':
        this.procedureRevision = (message as Notification<'procedureChanged'>).data.revision;
        this.changed('procedure');
        break;
      case 'pointer':
        this.pointer = (message as Notification<'pointer'>).data;
        this.changed('pointer');
        break;
      case 'callEnded':
        this.close((message as Notification<'callEnded'>).data.reason);
        break;
    }
  }

  private setState(state: CallState): void {
    // Closed is final: work still under way when the call closed must not reopen it.
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    this.followQuality();
    this.changed('state');
  }

  /** Measures the connection while in the call; outside it there is nothing to measure. */
  private followQuality(): void {
    clearInterval(this.qualityTimer);
    this.qualityTimer = undefined;
    if (this.state !== 'in-call') {
      if (this.quality) {
        this.quality = undefined;
        this.changed('quality');
      }
      return;
    }
    this.qualityTimer = setInterval(() => {
      measureQuality(this.consumers.size ? this.recvTransport : this.sendTransport).then(
        (quality) => {
          if (quality === this.quality || this.state !== 'in-call') return;
          this.quality = quality;
          this.changed('quality');
        },
        // Statistics that could not be read leave the last hint in place.
        () => undefined,
      );
    }, QUALITY_EVERY_MS);
  }

  private changed(change: CallChange): void {
    this.dispatchEvent(new CallChangeEvent(change));
  }
}
