import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encryptStream } from '../../shared/crypto-at-rest.js';

/** The first file descriptor ffmpeg is given an input pipe on (0–2 are its standard streams). */
const FIRST_INPUT_FD = 3;

/** Where ffmpeg reads its `index`th input of `remuxSealed`. */
export const inputPath = (index: number) => `pipe:${FIRST_INPUT_FD + index}`;

/** Plaintext for ffmpeg to read, opened only when it is fed (deciphered from a sealed file as it goes). */
export type PlainSource = () => Promise<AsyncIterable<Buffer>> | AsyncIterable<Buffer>;

export interface SealedMedia {
  /** Of the plaintext as sealed. */
  sha256: string;
  bytes: number;
}

/**
 * Runs ffmpeg on media sealed at rest without putting any plaintext in the data directory: each
 * input is deciphered into a pipe (`inputPath(i)`), and the output, in which the WebM muxer must
 * seek to write its cues and duration (without them a player can neither seek nor show the
 * length), goes to a scratch file in the system's temporary directory that is unlinked before
 * ffmpeg starts, so that nothing of it outlives the process. The output is then sealed into
 * `target` (written beside it and renamed, whole or not at all) and hashed as it is sealed.
 * A source that fails (a chunk that does not match its seal) fails the whole, with its error.
 */
export async function remuxSealed(options: {
  ffmpegBin: string;
  key: Buffer;
  inputs: PlainSource[];
  args: (output: string) => string[];
  target: string;
  what: string;
}): Promise<SealedMedia> {
  const { ffmpegBin, key, inputs, args, target, what } = options;
  const scratchFile = path.join(tmpdir(), `finestreta-${randomUUID()}.webm`);
  const scratch = await open(scratchFile, 'wx+', 0o600);
  await rm(scratchFile);
  const work = `${target}.${randomUUID()}.work`;
  try {
    const output = `/dev/fd/${FIRST_INPUT_FD + inputs.length}`;
    const ffmpeg = spawn(ffmpegBin, ['-hide_banner', '-loglevel', 'error', ...args(output)], {
      stdio: ['ignore', 'ignore', 'pipe', ...inputs.map(() => 'pipe' as const), scratch.fd],
    });
    const stderr = collectStderr(ffmpeg);
    const exited = exitOf(ffmpeg);
    const fed = await Promise.allSettled(
      inputs.map(async (source, index) => {
        const pipe = ffmpeg.stdio[FIRST_INPUT_FD + index] as Writable;
        // ffmpeg may close an input early (see closedByFfmpeg): reported through the pipeline, not as an unhandled error.
        pipe.on('error', () => undefined);
        try {
          await pipeline(await source(), pipe);
        } catch (error) {
          if (closedByFfmpeg(error)) return;
          // A source that cannot be read (damaged) ends the run: ffmpeg must not wait for it.
          pipe.destroy();
          ffmpeg.kill('SIGKILL');
          throw error;
        }
      }),
    );
    const code = await exited;
    const failed = fed.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (code !== 0) throw new Error(`ffmpeg could not ${what} (exit ${code}): ${stderr().trim()}`);
    const bytes = (await scratch.stat()).size;
    if (bytes === 0) throw new Error(`ffmpeg could not ${what}: it wrote nothing`);
    const hash = createHash('sha256');
    const plaintext = scratch.createReadStream({ start: 0, autoClose: false });
    plaintext.on('data', (chunk) => hash.update(chunk as Buffer));
    await encryptStream(key, plaintext, work);
    await rename(work, target);
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    await scratch.close();
    await rm(work, { force: true });
  }
}

/** Whether a feed failed because ffmpeg closed its end, having read what it needed or given up (its exit code says which). */
function closedByFfmpeg(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function collectStderr(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  return () => stderr;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

/** What a part being recorded says about itself beside its sealed file, so that a crash leaves enough to store it. */
export interface PartSidecar {
  caseId: string;
  /** The layout of each stream, in the file's order. */
  tracks: string[];
  startedAt: string;
}

/** The files of a part being recorded: its sealed media as ffmpeg writes it, and its sidecar. */
export function partFiles(dir: string, id: string) {
  return { sealed: path.join(dir, `${id}.part.webm.enc`), sidecar: path.join(dir, `${id}.part.json`) };
}

/**
 * ffmpeg writing a part of a recording to its standard output (`-f webm pipe:1`), sealed to disk as
 * it comes, a 64 KiB chunk at a time: a crash of the server or of ffmpeg loses at most the chunk
 * being filled, and no plaintext is ever written to disk.
 */
export class SealedPartWriter {
  /** Bytes ffmpeg has written so far: none until it has a keyframe of every video track. */
  received = 0;
  /** Settles once ffmpeg's output has ended and the sealed file is whole. */
  readonly sealed: Promise<void>;

  constructor(
    readonly ffmpeg: ChildProcess,
    key: Buffer,
    readonly file: string,
  ) {
    const counted = async function* (this: SealedPartWriter, source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        this.received += chunk.length;
        yield chunk;
      }
    }.call(this, ffmpeg.stdout! as AsyncIterable<Buffer>);
    this.sealed = encryptStream(key, counted, file);
    // Awaited by whoever stops the part; a failure here must not be an unhandled rejection meanwhile.
    this.sealed.catch(() => undefined);
  }

  /** Starts ffmpeg with `args` (ending in its output, `pipe:1`) and seals what it writes into `file`, after writing `sidecar` beside it. */
  static async start(options: { ffmpegBin: string; key: Buffer; args: string[]; file: string; sidecar: { file: string; content: PartSidecar } }): Promise<SealedPartWriter> {
    await writeFile(options.sidecar.file, JSON.stringify(options.sidecar.content), { mode: 0o600 });
    const ffmpeg = spawn(options.ffmpegBin, ['-hide_banner', '-loglevel', 'error', ...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new SealedPartWriter(ffmpeg, options.key, options.file);
  }
}
