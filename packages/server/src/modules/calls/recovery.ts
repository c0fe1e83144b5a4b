import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { openUnfinished } from '../../shared/crypto-at-rest.js';
import { finishPart } from './recorder.js';
import { partFiles, type PartSidecar } from './sealed-media.js';
import type { CallStore } from './store.js';

const SIDECAR = /^([0-9a-f-]{36})\.part\.json$/;

/**
 * Stores what a crash left of parts being recorded: each part is sealed as ffmpeg writes it
 * (sealed-media.ts), so a server or ffmpeg that died mid-call leaves every whole chunk up to the
 * crash, readable and checked. Each leftover part untouched for `idleMs` (a part being recorded by
 * another process is written to every few seconds) is written again whole, sealed, and attached to
 * its case with its hash, the event saying it was recovered. Returns the ids stored and the ids of
 * parts with nothing readable (a crash before the first chunk), which are removed.
 *
 * Every process sharing the recordings directory runs this, at start and from time to time, so a
 * part is first claimed by renaming its sidecar, which one process only can do: two that stored
 * the same part would write one file at once, and the one refused would then remove it.
 */
export async function recoverParts(options: {
  dir: string;
  dataDir: string;
  /** Asked for only when there is something to recover. */
  masterKey: () => Promise<Buffer>;
  ffmpegBin: string;
  store: Pick<CallStore, 'addRecording'>;
  now: Date;
  idleMs: number;
}): Promise<{ recovered: string[]; lost: string[] }> {
  const { dir, dataDir, masterKey, ffmpegBin, store, now, idleMs } = options;
  const result = { recovered: [] as string[], lost: [] as string[] };
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const id = SIDECAR.exec(name)?.[1];
    if (!id) continue;
    const files = partFiles(dir, id);
    const written = await stat(files.sealed).catch(() => undefined);
    if (written && now.getTime() - written.mtimeMs < idleMs) continue;
    const target = path.join(dir, `${id}.webm.enc`);
    const claimed = `${files.sidecar}.${randomBytes(6).toString('hex')}.claimed`;
    if (!(await rename(files.sidecar, claimed).then(() => true, () => false))) continue;
    try {
      const sidecar = (await readFile(claimed, 'utf8').then(JSON.parse, () => undefined)) as PartSidecar | undefined;
      const key = await masterKey();
      const finished = sidecar && written && (await finishPart({ ffmpegBin, key, source: () => openUnfinished(key, files.sealed), target }));
      if (!finished) throw new Error('nothing to recover');
      await store.addRecording(
        {
          id,
          caseId: sidecar.caseId,
          file: path.relative(dataDir, target),
          ...finished,
          startedAt: new Date(sidecar.startedAt),
          stoppedAt: written.mtime,
          tracks: sidecar.tracks,
          parts: [{ id, startedAt: sidecar.startedAt, atMs: 0 }],
          recovered: true,
        },
        'system',
      );
      result.recovered.push(id);
    } catch {
      // Nothing readable, or its case is gone: nothing to keep.
      await rm(target, { force: true });
      result.lost.push(id);
    } finally {
      await Promise.all([files.sealed, claimed].map((file) => rm(file, { force: true })));
    }
  }
  return result;
}
