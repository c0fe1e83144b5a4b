import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { decryptFile, plaintextBytes, SealDamaged } from '../../shared/crypto-at-rest.js';
import { AppError } from '../../shared/errors.js';
import { layoutsOf, PARTIES, type Party } from '../cases/recordings.js';
import { inputPath, remuxSealed } from './sealed-media.js';

export { PARTIES, partiesOf, type Party } from '../cases/recordings.js';

export interface StoredRecording {
  id: string;
  /** The sealed recording, absolute. */
  file: string;
  tracks: string | null;
}

/**
 * One party of a recording, for the desk's player. A recording keeps both parties' cameras and
 * microphones as streams of one file, the evidence whose hash the log holds; a browser plays only
 * the first audio and the first video stream of a file, so the agent would hear one side of the
 * call. The desk plays each party from a file of its own streams instead: copied (not transcoded)
 * out of the recording the first time it is asked for, after the whole recording has been
 * authenticated, and sealed beside it.
 */
export class RecordingViews {
  /** Copies being made in this process, so two requests for the same one wait for the same ffmpeg. */
  private readonly making = new Map<string, Promise<void>>();

  constructor(private readonly options: { ffmpegBin: string; masterKey: () => Promise<Buffer> }) {}

  /** The sealed file of `party`'s streams and its plaintext length; undefined if the recording has none of theirs. */
  async of(recording: StoredRecording, party: Party): Promise<{ file: string; bytes: number } | undefined> {
    const streams = layoutsOf(recording.tracks).flatMap((layout, index) => (layout.startsWith(`${party}:`) ? [index] : []));
    if (streams.length === 0) return undefined;
    const file = recording.file.replace(/\.webm\.enc$/, `.${party}.webm.enc`);
    if (!(await stat(file).catch(() => undefined))) {
      let making = this.making.get(file);
      if (!making) {
        making = this.make(recording.file, streams, file).finally(() => this.making.delete(file));
        this.making.set(file, making);
      }
      await making;
    }
    return { file, bytes: await plaintextBytes(await this.options.masterKey(), file) };
  }

  private async make(source: string, streams: number[], target: string): Promise<void> {
    const key = await this.options.masterKey();
    const maps = streams.flatMap((index) => ['-map', `0:${index}`]);
    // Every chunk is checked as it is deciphered into ffmpeg, and the copy is sealed (whole or not
    // at all, even with another process making the same one) only if every chunk was: nothing is
    // copied out of a file that was altered.
    await remuxSealed({
      ffmpegBin: this.options.ffmpegBin,
      key,
      inputs: [() => decryptFile(key, source)],
      args: (output) => ['-i', inputPath(0), ...maps, '-c', 'copy', '-f', 'webm', '-y', output],
      target,
      what: "copy a party's streams",
    }).catch((cause: unknown) => {
      if (!(cause instanceof SealDamaged)) throw cause;
      const damaged = new AppError('FIN_ERR_RECORDING_DAMAGED', 'The recording does not match its seal: it is damaged or was altered');
      throw Object.assign(damaged, { cause });
    });
  }
}

/**
 * A sealed recording (`<id>.webm.enc`), a sealed party copy (`<id>.citizen.webm.enc`), or a part
 * being recorded and its sidecar (`<id>.part.webm.enc`, `<id>.part.json`, recovered by recovery.ts):
 * what the recordings directory keeps.
 */
const KEPT = new RegExp(`^[0-9a-f-]{36}((\\.(${PARTIES.join('|')}))?\\.webm\\.enc|\\.part\\.webm\\.enc|\\.part\\.json)$`);

/**
 * Removes what a crash left in the recordings directory: a recorder's or a copy's plaintext, its
 * SDP, a sealed copy that was never renamed into place. Only files untouched for `olderThanMs`,
 * so that a recording being written by this or another process is never touched. Returns the
 * names removed.
 */
export async function removeLeftovers(dir: string, now: Date, olderThanMs: number): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (KEPT.test(name)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || now.getTime() - info.mtimeMs < olderThanMs) continue;
    await rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}
