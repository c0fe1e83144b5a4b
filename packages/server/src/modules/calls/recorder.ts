import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import type { MediaKind, RtpCapabilities } from './protocol.js';
import type { SfuConsumer, SfuPlainTransport, SfuRouter } from './sfu.js';

/** A producer to record. */
export interface RecordedTrack {
  producerId: string;
  kind: MediaKind;
}

export interface FinishedRecording {
  /** The plaintext WebM file, for the caller to hash-check, seal and remove. */
  file: string;
  sha256: string;
  bytes: number;
  startedAt: Date;
  stoppedAt: Date;
}

/** ffmpeg opens its sockets a moment after it starts; RTP sent before that is lost, keyframe included. */
const FFMPEG_READY_MS = 1000;
/** Keyframes asked for once ffmpeg listens, so the first seconds of video decode. */
const KEYFRAME_REQUESTS_MS = [0, 500, 1500];
const STOP_TIMEOUT_MS = 10_000;

interface Leg {
  transport: SfuPlainTransport;
  consumer: SfuConsumer;
  port: number;
}

/** Two consecutive free UDP ports on loopback, the first even: ffmpeg takes RTP on one and RTCP on the next. */
async function freePortPair(): Promise<number> {
  const bind = (port: number) =>
    new Promise<ReturnType<typeof createSocket> | null>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        socket.close();
        resolve(null);
      });
      socket.bind(port, '127.0.0.1', () => resolve(socket));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port % 2 === 0 && port < 65535 ? await bind(port + 1) : null;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error('no free pair of UDP ports for the recorder');
}

/** The router's capabilities without retransmission codecs: ffmpeg would take RTX packets for media. */
function recorderCapabilities(router: SfuRouter): RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? []) as Array<{ mimeType: string }>;
  return { ...router.rtpCapabilities, codecs: codecs.filter((codec) => !/\/rtx$/i.test(codec.mimeType)) };
}

function sdpOf(legs: Leg[]): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=Finestreta recording', 'c=IN IP4 127.0.0.1', 't=0 0'];
  for (const leg of legs) {
    const codec = leg.consumer.rtpParameters.codecs[0] as { payloadType: number; mimeType: string; clockRate: number; channels?: number };
    const name = codec.mimeType.split('/')[1]!;
    lines.push(
      `m=${leg.consumer.kind} ${leg.port} RTP/AVP ${codec.payloadType}`,
      `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`,
      'a=recvonly',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Records a call on the server: each track leaves the router through its own plain RTP transport
 * to ffmpeg on loopback, which copies the Opus and VP8 packets into WebM without transcoding.
 * Tracks are fixed when recording starts; one produced later (a shared screen) is not recorded.
 */
export class Recorder {
  private readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(
    private readonly legs: Leg[],
    private readonly ffmpeg: ChildProcess,
    private readonly file: string,
    private readonly sdpFile: string,
    readonly startedAt: Date,
  ) {
    ffmpeg.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => ffmpeg.once('exit', (code) => resolve(code)));
  }

  static async start(options: { router: SfuRouter; tracks: RecordedTrack[]; ffmpegBin: string; file: string }): Promise<Recorder> {
    const { router, tracks, ffmpegBin, file } = options;
    const legs: Leg[] = [];
    try {
      for (const track of tracks) {
        const transport = await router.createPlainTransport();
        const port = await freePortPair();
        await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
        const consumer = await transport.consume({ producerId: track.producerId, rtpCapabilities: recorderCapabilities(router), paused: true });
        legs.push({ transport, consumer, port });
      }
      const sdpFile = `${file}.sdp`;
      await writeFile(sdpFile, sdpOf(legs), { mode: 0o600 });
      const ffmpeg = spawn(
        ffmpegBin,
        ['-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-fflags', '+genpts', '-i', sdpFile, '-map', '0', '-c', 'copy', '-f', 'webm', '-y', file],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const recorder = new Recorder(legs, ffmpeg, file, sdpFile, new Date());
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, FFMPEG_READY_MS);
        ffmpeg.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        ffmpeg.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`ffmpeg exited with ${code} at start: ${recorder.stderr.trim()}`));
        });
      });
      for (const leg of legs) {
        await leg.consumer.resume();
        if (leg.consumer.kind === 'video') {
          for (const delay of KEYFRAME_REQUESTS_MS) setTimeout(() => leg.consumer.requestKeyFrame().catch(() => undefined), delay).unref();
        }
      }
      return recorder;
    } catch (error) {
      for (const leg of legs) leg.transport.close();
      await rm(`${file}.sdp`, { force: true });
      await rm(file, { force: true });
      throw error;
    }
  }

  /** Stops the media, lets ffmpeg finish the file (SIGINT writes the cues and duration) and hashes it. */
  async stop(): Promise<FinishedRecording> {
    const stoppedAt = new Date();
    // ffmpeg notices the signal between packets, so the media keeps flowing until it has exited.
    if (this.ffmpeg.exitCode === null) {
      this.ffmpeg.kill('SIGINT');
      const timer = setTimeout(() => this.ffmpeg.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    for (const leg of this.legs) leg.transport.close();
    await rm(this.sdpFile, { force: true });
    const code = await this.exited;
    const size = await stat(this.file).then((s) => s.size, () => 0);
    // ffmpeg reports 255 when interrupted by a signal yet the file it closed is whole.
    if ((code !== 0 && code !== 255) || size === 0) {
      await rm(this.file, { force: true });
      throw new Error(`ffmpeg failed (exit ${code}): ${this.stderr.trim() || 'no output file'}`);
    }
    return { file: this.file, sha256: await sha256Of(this.file), bytes: size, startedAt: this.startedAt, stoppedAt };
  }
}
