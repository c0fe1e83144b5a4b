import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from './server.ts';

export interface CheckedRecording {
  id: string;
  sha256: string;
  /** Codec of each stream, sorted: `['opus', 'opus', 'vp8', 'vp8']` for both parties' camera and microphone. */
  codecs: string[];
  /** Seconds, as ffprobe reads them. */
  duration: number;
  bytes: number;
}

/**
 * Every recording of an appointment as the agent downloads it from the desk, checked the way an
 * auditor would: its hash is the one the evidence log holds, ffmpeg decodes every stream of it
 * without error, and ffprobe reads its streams and length.
 */
export async function checkedRecordings(server: RunningServer, appointmentId: string, cookie: string, dir: string): Promise<CheckedRecording[]> {
  const detail = (await (await fetch(`${server.url}/api/desk/appointments/${appointmentId}`, { headers: { cookie } })).json()) as {
    recordings: Array<{ id: string; sha256: string }>;
  };
  const logged = new Map(
    (await server.app.evidence.list(appointmentId))
      .filter((event) => event.type === 'call.recording_stored')
      .map((event) => [event.data.recordingId as string, event.data.sha256 as string]),
  );
  const checked: CheckedRecording[] = [];
  for (const { id, sha256 } of detail.recordings) {
    const download = await fetch(`${server.url}/api/desk/appointments/${appointmentId}/recordings/${id}`, { headers: { cookie } });
    assert.equal(download.status, 200);
    const bytes = Buffer.from(await download.arrayBuffer());
    const actual = createHash('sha256').update(bytes).digest('hex');
    assert.equal(actual, sha256, 'the desk serves the recording it lists');
    assert.equal(logged.get(id), sha256, 'the evidence log holds the hash of the recording played back');
    const { streams, duration } = decoded(join(dir, `${id}.webm`), bytes);
    checked.push({ id, sha256, codecs: streams.map((stream) => stream.codec).sort(), duration, bytes: bytes.length });
  }
  return checked;
}

/**
 * One party of a recording as the desk's player gets it: its streams (`citizen:camera:video vp8`,
 * in file order) and length, after ffmpeg decoded all of it without error.
 */
export async function checkedParty(server: RunningServer, appointmentId: string, recordingId: string, party: string, cookie: string, dir: string) {
  const download = await fetch(`${server.url}/api/desk/appointments/${appointmentId}/recordings/${recordingId}/parties/${party}`, { headers: { cookie } });
  assert.equal(download.status, 200);
  const { streams, duration } = decoded(join(dir, `${recordingId}-${party}.webm`), Buffer.from(await download.arrayBuffer()));
  return { streams: streams.map((stream) => `${stream.title} ${stream.codec}`), duration };
}

/** Writes a WebM to `file`, decodes every stream of it with ffmpeg, and reads its streams and length with ffprobe. */
function decoded(file: string, bytes: Buffer) {
  writeFileSync(file, bytes);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:stream_tags=title:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  assert.equal(probe.status, 0, probe.stderr);
  const info = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string; tags?: { title?: string } }>; format: { duration: string } };
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0', '-f', 'null', '-'], { encoding: 'utf8' });
  assert.equal(decode.status, 0, decode.stderr);
  return { streams: info.streams.map((stream) => ({ codec: stream.codec_name, title: stream.tags?.title })), duration: Number(info.format.duration) };
}
