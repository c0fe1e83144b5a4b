/**
 * A bare call client for the media test page, bundled for the browser with esbuild: the
 * signaling of packages/server/src/modules/calls/protocol.ts over a WebSocket, and mediasoup-client
 * for the media. The test drives it through `window.call`; it renders nothing but the videos.
 */
import { Device } from 'mediasoup-client';
import type { Consumer, Transport } from 'mediasoup-client/types';
import type {
  Method,
  Notification,
  NotificationName,
  Notifications,
  ProducerInfo,
  Requests,
  Response,
  TransportOptions,
} from '../../packages/server/src/modules/calls/protocol.ts';

class Signaling {
  private nextId = 1;
  private readonly pending = new Map<number, (response: Response) => void>();
  private readonly queued: Notification[] = [];
  private readonly waiters: Array<{ name: NotificationName; resolve: (data: unknown) => void }> = [];
  /** Called for every notification, after any waiter took it. */
  onNotification: (message: Notification) => void = () => undefined;

  constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data as string) as Response | Notification;
      if ('notification' in message) {
        this.onNotification(message);
        const index = this.waiters.findIndex((w) => w.name === message.notification);
        if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message.data);
        else this.queued.push(message);
      } else if (typeof message.id === 'number') {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
  }

  async request<M extends Method>(method: M, data: Requests[M]['request']): Promise<Requests[M]['response']> {
    const id = this.nextId++;
    const response = await new Promise<Response>((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, data }));
    });
    if (!response.ok) throw new Error(`${method}: ${response.error.code} ${response.error.message}`);
    return response.data as Requests[M]['response'];
  }

  next<N extends NotificationName>(name: N): Promise<Notifications[N]> {
    const index = this.queued.findIndex((n) => n.notification === name);
    if (index >= 0) return Promise.resolve(this.queued.splice(index, 1)[0]!.data as Notifications[N]);
    return new Promise((resolve) => this.waiters.push({ name, resolve: (data) => resolve(data as Notifications[N]) }));
  }
}

let signaling: Signaling;
const device = new Device();
let sendTransport: Transport;
let recvTransport: Transport;
const consumers: Consumer[] = [];
const remoteTracks: Array<{ peerId: string; kind: string; trackId: string }> = [];
let admittedAt = 0;
let firstFrameAt = 0;
/** The camera and microphone, opened before joining. */
let localStream: MediaStream | undefined;

/** A message of the direct connection, carried by the test process (`p2pSignal`, which it exposes). */
export type P2pMessage = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit };
let direct: RTCPeerConnection | undefined;
let directFirstFrameAt = 0;
/** Messages are handled one after another: a candidate must wait for the offer it belongs to. */
let inbox: Promise<void> = Promise.resolve();

const camera = () => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
// Media stays on loopback (Chromium also gathers the machine's other addresses).
const LOOPBACK = / 127\.0\.0\.1 /;
const loopbackOnly = (sdp: string) => sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') || LOOPBACK.test(line)).join('\r\n');

function directConnection(): RTCPeerConnection {
  const connection = new RTCPeerConnection();
  connection.addEventListener('icecandidate', ({ candidate }) => {
    if (candidate?.address === '127.0.0.1') void window.p2pSignal({ candidate: candidate.toJSON() });
  });
  connection.addEventListener('track', ({ track }) => {
    if (track.kind !== 'video') return;
    const element = document.createElement('video');
    element.autoplay = true;
    element.muted = true;
    element.srcObject = new MediaStream([track]);
    document.body.append(element);
    element.requestVideoFrameCallback(() => {
      directFirstFrameAt ||= performance.now();
    });
  });
  return connection;
}

async function sendDescription(connection: RTCPeerConnection): Promise<void> {
  await connection.setLocalDescription();
  const { type, sdp } = connection.localDescription!;
  void window.p2pSignal({ description: { type, sdp: loopbackOnly(sdp) } });
}

async function receiveDirect(message: P2pMessage): Promise<void> {
  if ('candidate' in message) return direct!.addIceCandidate(message.candidate);
  if (message.description.type === 'answer') return direct!.setRemoteDescription(message.description);
  direct = directConnection();
  await direct.setRemoteDescription(message.description);
  for (const track of localStream!.getTracks()) direct.addTrack(track, localStream!);
  await sendDescription(direct);
}

function transportFrom(options: TransportOptions, direction: 'send' | 'recv'): Transport {
  const params = {
    id: options.id,
    iceParameters: options.iceParameters as never,
    iceCandidates: options.iceCandidates as never,
    dtlsParameters: options.dtlsParameters as never,
    iceServers: options.iceServers,
  };
  const transport = direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    signaling.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never }).then(() => callback(), errback);
  });
  transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
    signaling
      .request('produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, appData: { source: appData.source as 'camera' | 'microphone' } })
      .then(callback, errback);
  });
  return transport;
}

async function consume(producer: ProducerInfo): Promise<void> {
  const data = await signaling.request('consume', { producerId: producer.producerId });
  const consumer = await recvTransport.consume({ id: data.id, producerId: data.producerId, kind: data.kind, rtpParameters: data.rtpParameters as never });
  consumers.push(consumer);
  remoteTracks.push({ peerId: data.peerId, kind: data.kind, trackId: consumer.track.id });
  const element = document.createElement(data.kind === 'video' ? 'video' : 'audio');
  element.autoplay = true;
  element.muted = true;
  element.srcObject = new MediaStream([consumer.track]);
  document.body.append(element);
  if (element instanceof HTMLVideoElement) {
    element.requestVideoFrameCallback(() => {
      firstFrameAt ||= performance.now();
    });
  }
  await signaling.request('resumeConsumer', { consumerId: consumer.id });
}

const call = {
  /** Opens the camera (as the widgets' call client does before it joins), the socket, loads the device and joins; resolves with the join answer. */
  async connect(url: string, displayName: string) {
    localStream = await camera();
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', () => reject(new Error('the socket did not open')));
    });
    signaling = new Signaling(socket);
    signaling.onNotification = (message) => {
      if (message.notification === 'newProducer' && recvTransport) void consume(message.data as ProducerInfo);
    };
    await device.load({ routerRtpCapabilities: (await signaling.request('getRouterRtpCapabilities', {})) as never });
    const joined = await signaling.request('join', { displayName, rtpCapabilities: device.rtpCapabilities as never, device: { name: 'chromium', flag: 'desktop' } });
    if (joined.admitted) admittedAt = performance.now();
    return joined;
  },
  async waitAdmitted() {
    const admitted = await signaling.next('admitted');
    admittedAt = performance.now();
    return admitted;
  },
  next: <N extends NotificationName>(name: N) => signaling.next(name),
  admit: (peerId: string) => signaling.request('admit', { peerId }),
  consent: (accept: boolean) => signaling.request('consent', { accept }),
  hangUp: () => signaling.request('hangUp', {}),
  /** Receives everyone already producing, then sends camera and microphone, in the order of the widgets' call client. */
  async startMedia(existing: ProducerInfo[]) {
    recvTransport = transportFrom(await signaling.request('createWebRtcTransport', { direction: 'recv' }), 'recv');
    await Promise.all(existing.map(consume));
    sendTransport = transportFrom(await signaling.request('createWebRtcTransport', { direction: 'send' }), 'send');
    await sendTransport.produce({ track: localStream!.getAudioTracks()[0]!, appData: { source: 'microphone' } });
    await sendTransport.produce({ track: localStream!.getVideoTracks()[0]!, appData: { source: 'camera' } });
  },
  /** What this browser decoded from the others, per kind, and how long after admission the first remote frame showed. */
  async stats() {
    let framesDecoded = 0;
    let audioPackets = 0;
    for (const consumer of consumers) {
      for (const report of (await consumer.getStats()).values()) {
        if (report.type !== 'inbound-rtp') continue;
        if (report.kind === 'video') framesDecoded += report.framesDecoded ?? 0;
        if (report.kind === 'audio') audioPackets += report.packetsReceived ?? 0;
      }
    }
    return {
      framesDecoded,
      audioPackets,
      remoteTracks,
      joinToFirstFrameMs: firstFrameAt ? firstFrameAt - admittedAt : null,
      directJoinToFirstFrameMs: directFirstFrameAt ? directFirstFrameAt - admittedAt : null,
    };
  },
  /**
   * The baseline of the SFU: the same two pages connected directly, with no server between their
   * media. The caller offers its camera and microphone; the other answers with its own.
   */
  direct: {
    async call() {
      direct = directConnection();
      for (const track of localStream!.getTracks()) direct.addTrack(track, localStream!);
      await sendDescription(direct);
    },
    receive(message: P2pMessage) {
      inbox = inbox.then(() => receiveDirect(message));
      return inbox;
    },
  },
};

declare global {
  interface Window {
    call: typeof call;
    /** Exposed by the test process: hands a message of the direct connection to the other page. */
    p2pSignal(message: P2pMessage): Promise<void>;
  }
}

window.call = call;
