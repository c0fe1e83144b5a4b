/**
 * The desk's copy of one party of a long recording: a 20-minute call laid out as the recorder
 * writes it (each party's Opus microphone and VP8 camera, at about a webcam's bitrate) is sealed,
 * then the citizen's streams are copied out of it as the first request for them does
 * (authenticate and decipher the whole, ffmpeg stream copy, seal), and read again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptFile, loadMasterKey } from '../../packages/server/src/shared/crypto-at-rest.ts';
import { RecordingViews } from '../../packages/server/src/modules/calls/views.ts';

const CLIP_SECONDS = 10;
const MINUTES = 20;
const LAYOUTS = ['citizen:microphone:audio', 'citizen:camera:video', 'agent:microphone:audio', 'agent:camera:video'];

function ffmpeg(args: string[]) {
  const done = spawnSync('ffmpeg', ['-v', 'error', ...args], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(done.stderr);
}

const dir = mkdtempSync(join(tmpdir(), 'fin-bench-recording-'));
try {
  const clip = join(dir, 'clip.webm');
  const sources = [`sine=f=440:d=${CLIP_SECONDS}`, `testsrc2=s=640x480:r=30:d=${CLIP_SECONDS}`, `sine=f=660:d=${CLIP_SECONDS}`, `testsrc=s=640x480:r=30:d=${CLIP_SECONDS}`];
  ffmpeg([
    ...sources.flatMap((source) => ['-f', 'lavfi', '-i', source]),
    ...LAYOUTS.flatMap((_, index) => ['-map', String(index)]),
    ...['-c:a', 'libopus', '-c:v', 'libvpx', '-b:v', '800k', '-deadline', 'realtime', '-cpu-used', '8'],
    ...LAYOUTS.flatMap((layout, index) => [`-metadata:s:${index}`, `title=${layout}`]),
    '-y',
    clip,
  ]);
  const call = join(dir, 'call.webm');
  ffmpeg(['-stream_loop', String((MINUTES * 60) / CLIP_SECONDS - 1), '-i', clip, '-map', '0', '-c', 'copy', '-y', call]);
  const key = await loadMasterKey(join(dir, 'master.key'), true);
  const sealed = join(dir, 'rec.webm.enc');
  await encryptFile(key, call, sealed);
  const megabytes = statSync(call).size / 1e6;
  rmSync(call);

  const views = new RecordingViews({ ffmpegBin: 'ffmpeg', masterKey: async () => key });
  const recording = { id: 'rec', file: sealed, tracks: JSON.stringify(LAYOUTS) };
  let t = performance.now();
  const part = await views.of(recording, 'citizen');
  const made = performance.now() - t;
  t = performance.now();
  await views.of(recording, 'citizen');
  const found = performance.now() - t;
  console.log(
    `a ${MINUTES}-minute call (${megabytes.toFixed(0)} MB), the citizen's part (${(part!.bytes / 1e6).toFixed(0)} MB): ` +
      `made on first request in ${(made / 1000).toFixed(2)} s (${(megabytes / (made / 1000)).toFixed(0)} MB/s of recording), found after in ${found.toFixed(1)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
