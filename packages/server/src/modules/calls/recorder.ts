import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { rm, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import path from 'node:path';
import { decryptFile } from '../../shared/crypto-at-rest.js';
import type { JoinedPart } from '../cases/recordings.js';
import type { MediaKind, RtpCapabilities } from './protocol.js';
import { inputPath, partFiles, remuxSealed, SealedPartWriter, type PlainSource } from './sealed-media.js';
import type { SfuConsumer, SfuPlainTransport, SfuRouter } from './sfu.js';

/** A producer to record. */
export interface RecordedTrack {
  producerId: string;
  kind: MediaKind;
  /** Whose track, which and its kind (`citizen:camera:video`): parts with the same layouts join into one file. */
  layout: string;
}

export interface FinishedRecording {
  id: string;
  /** The sealed WebM file (shared/crypto-at-rest.ts), absolute. */
  file: string;
  /** Of the plaintext as sealed. */
  sha256: string;
  bytes: number;
  startedAt: Date;
  stoppedAt: Date;
  /** The layout of each stream, in the file's order (`citizen:camera:video`). */
  tracks: string[];
  /**
   * The parts joined into this file, each with where it begins in the file, so that a place in
   * the recording given by part and offset (`CallRecorder.position`) can be found in it.
   */
  parts: JoinedPart[];
}

/** ffmpeg opens its sockets a moment after it starts; RTP sent before that is lost, keyframe included. */
const FFMPEG_READY_MS = 1000;
/**
 * Keyframes asked for once ffmpeg listens: it writes nothing until it has one of every video
 * track, and a busy encoder or a screen whose picture stands still may not answer the first ask.
 */
const KEYFRAME_REQUESTS_MS = [0, 500, 1000, 2000, 3000, 4000, 6000, 8000];
/**
 * ffmpeg takes SIGINT as "stop after the next packet": with no media flowing any more (the only
 * track's owner left before the end, as in screen help) none comes, so it is killed after this
 * long. Nothing it wrote is lost: it writes packet by packet, and the part is written again whole.
 */
const STOP_TIMEOUT_MS = 3_000;
/**
 * ffmpeg writes nothing until it has seen a keyframe of every video track. A new part takes over
 * from the one before only once it writes, and a part is stopped only once it writes (a hang-up
 * right after a screen was shared), unless it has not managed to in this long.
 */
const FIRST_WRITE_TIMEOUT_MS = 10_000;
const FIRST_WRITE_POLL_MS = 200;

/** Ports handed to an ffmpeg that may not have bound them yet, so that two parts starting at once never share one. */
const reservedPorts = new Set<number>();

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
    const second = port % 2 === 0 && port < 65535 && !reservedPorts.has(port) ? await bind(port + 1) : null;
    first.close();
    second?.close();
    if (second) {
      reservedPorts.add(port);
      return port;
    }
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

/**
 * A sealed WebM (or what a crash left of one) written again whole, sealed: the cues and the
 * duration a part streamed through a pipe lacks, and a check that it reads to its end.
 */
export function finishPart(options: { ffmpegBin: string; key: Buffer; source: PlainSource; target: string }): ReturnType<typeof remuxSealed> {
  return remuxSealed({
    ...options,
    inputs: [options.source],
    args: (output) => ['-i', inputPath(0), '-map', '0', '-c', 'copy', '-f', 'webm', '-y', output],
    what: 'finish the part of the recording',
  });
}

/** Joins sealed WebM files whose streams match, one after the other, without transcoding, into `target`, sealed. */
async function concatenate(ffmpegBin: string, key: Buffer, files: string[], target: string) {
  // The concat demuxer reads its list and each file from a pipe of its own: the list is input 0, the files 1…n.
  const list = files.map((_, index) => `file '${inputPath(index + 1)}'`).join('\n');
  return remuxSealed({
    ffmpegBin,
    key,
    inputs: [() => Readable.from([Buffer.from(list)]), ...files.map((file) => () => decryptFile(key, file))],
    args: (output) => ['-f', 'concat', '-safe', '0', '-protocol_whitelist', 'pipe', '-i', inputPath(0), '-map', '0', '-c', 'copy', '-f', 'webm', '-y', output],
    target,
    what: 'join the parts',
  });
}

/**
 * One stretch of a recording with a fixed set of tracks: each track leaves the router through its
 * own plain RTP transport to ffmpeg on loopback, which copies the Opus and VP8 packets into WebM
 * without transcoding, to a pipe the server seals to disk as it comes (sealed-media.ts). When it
 * stops, the part is written again whole (its cues and duration) into `<id>.webm.enc`.
 */
class RecordingPart {
  private readonly exited: Promise<number | null>;
  private stderr = '';
  private stopping = false;

  private constructor(
    private readonly legs: Leg[],
    private readonly writer: SealedPartWriter,
    private readonly options: { ffmpegBin: string; key: Buffer; dir: string; id: string },
    readonly startedAt: Date,
  ) {
    writer.ffmpeg.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => writer.ffmpeg.once('exit', (code) => resolve(code)));
  }

  private get ffmpeg(): ChildProcess {
    return this.writer.ffmpeg;
  }

  static async start(options: { router: SfuRouter; tracks: RecordedTrack[]; ffmpegBin: string; key: Buffer; dir: string; id: string; caseId: string }): Promise<RecordingPart> {
    const { router, tracks, ffmpegBin, key, dir, id } = options;
    const files = partFiles(dir, id);
    const sdpFile = path.join(dir, `${id}.sdp`);
    const legs: Leg[] = [];
    try {
      for (const track of tracks) {
        const port = await freePortPair();
        const transport = await router.createPlainTransport();
        try {
          await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
          const consumer = await transport.consume({ producerId: track.producerId, rtpCapabilities: recorderCapabilities(router), paused: true });
          legs.push({ transport, consumer, port });
        } catch (error) {
          transport.close();
          reservedPorts.delete(port);
          throw error;
        }
      }
      await writeFile(sdpFile, sdpOf(legs), { mode: 0o600 });
      // Each stream is named after its track, so the file itself says whose it is.
      const titles = tracks.flatMap((track, index) => [`-metadata:s:${index}`, `title=${track.layout}`]);
      const startedAt = new Date();
      const writer = await SealedPartWriter.start({
        ffmpegBin,
        key,
        // A slow first keyframe (a busy machine) must not end the part: ffmpeg waits up to 20 s for it, keeping what came meanwhile.
        args: ['-protocol_whitelist', 'file,udp,rtp', '-fflags', '+genpts', '-analyzeduration', '20M', '-probesize', '50M', '-i', sdpFile, '-map', '0', '-c', 'copy', ...titles, '-flush_packets', '1', '-f', 'webm', 'pipe:1'],
        file: files.sealed,
        sidecar: { file: files.sidecar, content: { caseId: options.caseId, tracks: tracks.map((track) => track.layout), startedAt: startedAt.toISOString() } },
      });
      const recorder = new RecordingPart(legs, writer, { ffmpegBin, key, dir, id }, startedAt);
      const { ffmpeg } = writer;
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
      for (const leg of legs) {
        leg.transport.close();
        reservedPorts.delete(leg.port);
      }
      await Promise.all([sdpFile, files.sealed, files.sidecar].map((file) => rm(file, { force: true })));
      throw error;
    }
  }

  /** False once ffmpeg has exited: a part stops by itself when a track it waits for never sends a picture. */
  get alive(): boolean {
    return this.ffmpeg.exitCode === null && this.ffmpeg.signalCode === null;
  }

  /** Calls `listener` if ffmpeg exits without having been asked to stop. */
  onUnexpectedExit(listener: () => void): void {
    void this.exited.then(() => {
      if (!this.stopping) listener();
    });
  }

  /** Whether ffmpeg has begun writing (it had a keyframe of every video track), waiting a while for it. */
  async writing(): Promise<boolean> {
    for (const deadline = Date.now() + FIRST_WRITE_TIMEOUT_MS; this.ffmpeg.exitCode === null && Date.now() < deadline; ) {
      if (this.writer.received > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, FIRST_WRITE_POLL_MS));
    }
    return this.writer.received > 0;
  }

  /** Stops the media, lets ffmpeg finish (SIGINT ends the stream cleanly), and writes the part again whole, sealed and hashed. */
  async stop(): Promise<Omit<FinishedRecording, 'id' | 'tracks' | 'parts'>> {
    this.stopping = true;
    const wrote = await this.writing();
    const stoppedAt = new Date();
    // ffmpeg notices the signal between packets, so the media keeps flowing until it has exited.
    // One that never wrote has nothing to finish.
    if (this.ffmpeg.exitCode === null) {
      this.ffmpeg.kill(wrote ? 'SIGINT' : 'SIGKILL');
      const timer = setTimeout(() => this.ffmpeg.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    for (const leg of this.legs) {
      leg.transport.close();
      reservedPorts.delete(leg.port);
    }
    const { ffmpegBin, key, dir, id } = this.options;
    const files = partFiles(dir, id);
    const file = path.join(dir, `${id}.webm.enc`);
    try {
      await rm(path.join(dir, `${id}.sdp`), { force: true });
      const code = await this.exited;
      await this.writer.sealed;
      // ffmpeg reports 255 when interrupted by a signal yet the stream it ended is whole; killed
      // (null) once it had written, what it wrote is kept.
      if ((code !== 0 && code !== 255 && code !== null) || this.writer.received === 0) throw new Error(`ffmpeg failed (exit ${code}): ${this.stderr.trim() || 'no output'}`);
      // Interrupted early, ffmpeg can leave a header and nothing else: only a part that reads to its end is kept.
      const finished = await finishPart({ ffmpegBin, key, source: () => decryptFile(key, files.sealed), target: file });
      return { file, ...finished, startedAt: this.startedAt, stoppedAt };
    } finally {
      await Promise.all([files.sealed, files.sidecar].map((leftover) => rm(leftover, { force: true })));
    }
  }
}

/**
 * A recording of a call's tracks while people come and go. The tracks of a part are fixed, so when
 * the set changes (someone reconnects with new tracks) a new part starts before the old one stops,
 * and no media is lost between them; with no tracks, nothing is recorded until some come. At the
 * end, consecutive parts with the same layout are joined into one file; a layout change (someone
 * left for good) starts another recording.
 * A part that ffmpeg could not write (a track that never sent a packet) is dropped with a log
 * line, and the other parts are kept.
 */
export class CallRecorder {
  private current: { part: RecordingPart; id: string; tracks: RecordedTrack[] } | null = null;
  private readonly parts: FinishedRecording[] = [];
  /** Changes run one after another: ffmpeg takes a moment to start and stop. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      router: SfuRouter;
      ffmpegBin: string;
      /** The master key the parts are sealed under as they are written. */
      key: Buffer;
      dir: string;
      /** The case recorded, named beside each part so that what a crash leaves can be stored (recovery.ts). */
      caseId: string;
      newId: () => string;
      onPartFailed: (error: unknown) => void;
      /** The part being recorded stopped by itself: the caller follows the tracks again, which starts a new one. */
      onPartEnded: () => void;
      /** Another part is being written from now on (its id and start), or none is (null). */
      onPartChanged?: (part: { id: string; startedAt: Date } | null) => void;
    },
  ) {}

  get startedAt(): Date | undefined {
    return this.parts[0]?.startedAt ?? (this.current ? this.current.part.startedAt : undefined);
  }

  /**
   * Where the recording is now: the part being recorded and the time since it started; null
   * while nothing is. A part joined into the recording before it keeps its id in the stored
   * recording's `parts` (see `join`).
   */
  position(now: Date): { recordingPart: string; partStartedAt: string; offsetMs: number } | null {
    if (!this.current) return null;
    const startedAt = this.current.part.startedAt;
    return { recordingPart: this.current.id, partStartedAt: startedAt.toISOString(), offsetMs: Math.max(0, now.getTime() - startedAt.getTime()) };
  }

  /** Records exactly these tracks from now on; resolves once they are being recorded. */
  follow(tracks: RecordedTrack[]): Promise<void> {
    const next = this.queue.then(() => this.switchTo(tracks));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops recording and returns the recordings to store, in order. */
  async stop(): Promise<FinishedRecording[]> {
    await this.queue;
    await this.closeCurrent();
    const groups: FinishedRecording[][] = [];
    for (const part of this.parts) {
      const last = groups.at(-1);
      if (last && last[0]!.tracks.join() === part.tracks.join()) last.push(part);
      else groups.push([part]);
    }
    const recordings: FinishedRecording[] = [];
    for (const group of groups) recordings.push(...(await this.join(group)));
    return recordings;
  }

  private async switchTo(tracks: RecordedTrack[]): Promise<void> {
    const key = (list: RecordedTrack[]) => list.map((track) => track.producerId).join();
    if (this.current?.part.alive && key(this.current.tracks) === key(tracks)) return;
    const previous = this.current;
    this.current = null;
    if (tracks.length > 0) {
      const id = this.options.newId();
      const { router, ffmpegBin, key, dir, caseId } = this.options;
      const part = await RecordingPart.start({ router, tracks, ffmpegBin, key, dir, id, caseId }).catch(
        (error: unknown) => {
          // The part being recorded goes on with the tracks it has.
          this.current = previous;
          throw error;
        },
      );
      if (previous && !(await part.writing())) {
        // The part being recorded goes on, and the caller may try again.
        this.current = previous;
        await part.stop().then((finished) => rm(finished.file, { force: true }), () => undefined);
        throw new Error('the new part of the recording wrote nothing');
      }
      this.current = { part, id, tracks };
      this.options.onPartChanged?.({ id, startedAt: part.startedAt });
      part.onUnexpectedExit(() => {
        if (this.current?.part === part) this.options.onPartEnded();
      });
    }
    if (previous) await this.finishPart(previous);
  }

  private async closeCurrent(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    this.options.onPartChanged?.(null);
    await this.finishPart(current);
  }

  private async finishPart(current: NonNullable<CallRecorder['current']>): Promise<void> {
    try {
      const finished = await current.part.stop();
      const parts = [{ id: current.id, startedAt: finished.startedAt.toISOString(), atMs: 0 }];
      this.parts.push({ ...finished, id: current.id, tracks: current.tracks.map((track) => track.layout), parts });
    } catch (error) {
      this.options.onPartFailed(error);
    }
  }

  /** One recording of consecutive parts with the same tracks; the parts themselves if ffmpeg cannot join them. */
  private async join(group: FinishedRecording[]): Promise<FinishedRecording[]> {
    const [first] = group;
    if (group.length === 1) return [first!];
    let joined: Awaited<ReturnType<typeof concatenate>>;
    try {
      // Into the first part's file: renamed over it only once whole.
      joined = await concatenate(this.options.ffmpegBin, this.options.key, group.map((part) => part.file), first!.file);
    } catch (error) {
      this.options.onPartFailed(error);
      return group;
    }
    for (const part of group.slice(1)) await rm(part.file, { force: true });
    let atMs = 0;
    const parts = group.map((part) => {
      const joined = { id: part.id, startedAt: part.startedAt.toISOString(), atMs };
      atMs += part.stoppedAt.getTime() - part.startedAt.getTime();
      return joined;
    });
    return [{ ...first!, ...joined, stoppedAt: group.at(-1)!.stoppedAt, parts }];
  }
}
