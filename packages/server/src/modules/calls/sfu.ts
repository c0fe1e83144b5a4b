import type { FastifyBaseLogger } from 'fastify';
import type * as Mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import type { DtlsParameters, MediaKind, RtpCapabilities, RtpParameters } from './protocol.js';

/**
 * What the calls module needs from a selective forwarding unit. Rooms and recording speak only to
 * this, so a newer mediasoup (or another SFU) can replace the 3.12 implementation below where a
 * machine can build it, without touching signaling.
 */
export interface Sfu {
  /** A router for one room, on the least busy worker; starts the workers on first use. */
  createRouter(): Promise<SfuRouter>;
  close(): Promise<void>;
}

export interface SfuRouter {
  readonly rtpCapabilities: RtpCapabilities;
  canConsume(producerId: string, rtpCapabilities: RtpCapabilities): boolean;
  createWebRtcTransport(): Promise<SfuWebRtcTransport>;
  /** An RTP transport on loopback that sends to a local receiver (the recorder's ffmpeg). */
  createPlainTransport(): Promise<SfuPlainTransport>;
  /** Runs once, when the router closes for any reason (its worker died included). */
  onClose(listener: () => void): void;
  close(): void;
}

export interface SfuTransport {
  readonly id: string;
  produce(options: { kind: MediaKind; rtpParameters: RtpParameters }): Promise<SfuProducer>;
  consume(options: { producerId: string; rtpCapabilities: RtpCapabilities; paused: boolean }): Promise<SfuConsumer>;
  close(): void;
}

export interface SfuWebRtcTransport extends SfuTransport {
  readonly iceParameters: unknown;
  readonly iceCandidates: unknown[];
  readonly dtlsParameters: DtlsParameters;
  connect(dtlsParameters: DtlsParameters): Promise<void>;
  restartIce(): Promise<unknown>;
}

export interface SfuPlainTransport extends SfuTransport {
  /** Where to send RTP and, RTCP not being multiplexed, RTCP. */
  connect(remote: { ip: string; port: number; rtcpPort: number }): Promise<void>;
}

export interface SfuProducer {
  readonly id: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): void;
}

export interface SfuConsumer {
  readonly id: string;
  readonly producerId: string;
  readonly kind: MediaKind;
  readonly rtpParameters: RtpParameters;
  readonly producerPaused: boolean;
  resume(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  /** Runs once, when the consumer closes because its producer or transport did. */
  onClose(listener: () => void): void;
  close(): void;
}

export interface SfuOptions {
  /** mediasoup's worker binary; null for the one inside mediasoup's package. */
  workerBin: string | null;
  workers: number;
  listenIp: string;
  announcedIp: string | null;
  portMin: number;
  portMax: number;
}

/** What browsers and the recorder can exchange: Opus and VP8, which WebM takes without transcoding. */
const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
];

/** A consumer's or producer's RTP parameters are plain JSON on the wire; mediasoup types them more narrowly. */
const wire = <T>(value: unknown) => value as T;

class MediasoupProducer implements SfuProducer {
  constructor(private readonly producer: ms.Producer) {}
  get id() { return this.producer.id; }
  get kind() { return this.producer.kind; }
  get paused() { return this.producer.paused; }
  pause() { return this.producer.pause(); }
  resume() { return this.producer.resume(); }
  close() { this.producer.close(); }
}

class MediasoupConsumer implements SfuConsumer {
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly consumer: ms.Consumer) {
    const closed = () => {
      for (const listener of this.closeListeners.splice(0)) listener();
    };
    consumer.on('producerclose', closed);
    consumer.on('transportclose', closed);
  }

  get id() { return this.consumer.id; }
  get producerId() { return this.consumer.producerId; }
  get kind() { return this.consumer.kind; }
  get rtpParameters() { return wire<RtpParameters>(this.consumer.rtpParameters); }
  get producerPaused() { return this.consumer.producerPaused; }
  resume() { return this.consumer.resume(); }
  requestKeyFrame() { return this.consumer.requestKeyFrame(); }
  onClose(listener: () => void) { this.closeListeners.push(listener); }
  close() { this.consumer.close(); }
}

class MediasoupTransport<T extends ms.Transport> implements SfuTransport {
  constructor(protected readonly transport: T) {}

  get id() { return this.transport.id; }

  async produce(options: { kind: MediaKind; rtpParameters: RtpParameters }): Promise<SfuProducer> {
    return new MediasoupProducer(await this.transport.produce({ kind: options.kind, rtpParameters: wire<ms.RtpParameters>(options.rtpParameters) }));
  }

  async consume(options: { producerId: string; rtpCapabilities: RtpCapabilities; paused: boolean }): Promise<SfuConsumer> {
    return new MediasoupConsumer(
      await this.transport.consume({ producerId: options.producerId, rtpCapabilities: wire<ms.RtpCapabilities>(options.rtpCapabilities), paused: options.paused }),
    );
  }

  close() { this.transport.close(); }
}

class MediasoupWebRtcTransport extends MediasoupTransport<ms.WebRtcTransport> implements SfuWebRtcTransport {
  get iceParameters() { return this.transport.iceParameters; }
  get iceCandidates() { return this.transport.iceCandidates; }
  get dtlsParameters() { return wire<DtlsParameters>(this.transport.dtlsParameters); }
  connect(dtlsParameters: DtlsParameters) { return this.transport.connect({ dtlsParameters: wire<ms.DtlsParameters>(dtlsParameters) }); }
  restartIce() { return this.transport.restartIce(); }
}

class MediasoupPlainTransport extends MediasoupTransport<ms.PlainTransport> implements SfuPlainTransport {
  connect(remote: { ip: string; port: number; rtcpPort: number }) { return this.transport.connect(remote); }
}

class MediasoupRouter implements SfuRouter {
  constructor(
    private readonly router: ms.Router,
    private readonly options: SfuOptions,
  ) {}

  get rtpCapabilities() { return wire<RtpCapabilities>(this.router.rtpCapabilities); }

  canConsume(producerId: string, rtpCapabilities: RtpCapabilities) {
    return this.router.canConsume({ producerId, rtpCapabilities: wire<ms.RtpCapabilities>(rtpCapabilities) });
  }

  async createWebRtcTransport(): Promise<SfuWebRtcTransport> {
    const transport = await this.router.createWebRtcTransport({
      listenIps: [{ ip: this.options.listenIp, announcedIp: this.options.announcedIp ?? undefined }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
    });
    return new MediasoupWebRtcTransport(transport);
  }

  async createPlainTransport(): Promise<SfuPlainTransport> {
    return new MediasoupPlainTransport(await this.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: false }));
  }

  onClose(listener: () => void) {
    this.router.observer.once('close', listener);
  }

  close() { this.router.close(); }
}

/**
 * mediasoup 3.12 with one worker per core (or as configured), started on the first call so that
 * a server without calls, and every test that makes none, never spawns one.
 */
export class MediasoupSfu implements Sfu {
  private workers: Promise<ms.Worker[]> | null = null;
  private readonly routersPerWorker = new Map<ms.Worker, number>();

  constructor(
    private readonly options: SfuOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  async createRouter(): Promise<SfuRouter> {
    if (!this.workers) {
      this.workers = this.startWorkers();
      // A failed start (no worker binary yet) is tried again by the next call rather than remembered.
      this.workers.catch(() => {
        this.workers = null;
      });
    }
    const workers = (await this.workers).filter((worker) => !worker.died && !worker.closed);
    if (workers.length === 0) throw new Error('no mediasoup worker is running');
    const worker = workers.reduce((least, candidate) => ((this.routersPerWorker.get(candidate) ?? 0) < (this.routersPerWorker.get(least) ?? 0) ? candidate : least));
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    this.routersPerWorker.set(worker, (this.routersPerWorker.get(worker) ?? 0) + 1);
    router.observer.once('close', () => this.routersPerWorker.set(worker, (this.routersPerWorker.get(worker) ?? 1) - 1));
    return new MediasoupRouter(router, this.options);
  }

  async close(): Promise<void> {
    if (!this.workers) return;
    const workers = await this.workers.catch(() => []);
    for (const worker of workers) worker.close();
  }

  private async startWorkers(): Promise<ms.Worker[]> {
    const { workerBin, workers: count, portMin, portMax } = this.options;
    // mediasoup 3.12 reads the worker's path from the environment once, when it is first loaded.
    if (workerBin) process.env.MEDIASOUP_WORKER_BIN = workerBin;
    const mediasoup: typeof Mediasoup = await import('mediasoup');
    // Each worker gets its own slice of the port range, so two never race for a port.
    const slice = Math.floor((portMax - portMin + 1) / count);
    if (slice < 1) throw new Error(`MEDIA_PORT_MIN..MEDIA_PORT_MAX has fewer ports than the ${count} workers`);
    const started = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: portMin + index * slice, rtcMaxPort: portMin + (index + 1) * slice - 1 }),
      ),
    );
    for (const worker of started) {
      worker.on('died', (error) => this.log.error({ err: error, pid: worker.pid }, 'a mediasoup worker died; its calls ended'));
    }
    this.log.info({ workers: started.length }, 'mediasoup workers started');
    return started;
  }
}
