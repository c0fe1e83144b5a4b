import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { CallRecorder } from './recorder.js';

/** A place in a call's recording: the part being written and the time since it started. */
export type RecordingPosition = NonNullable<ReturnType<CallRecorder['position']>>;

/** How often a process renews the rows of the rooms it hosts. */
export const LIVE_CALL_BEAT_MS = 10_000;
/** A row not renewed for this long was left by a process that died: where it said the recording was is not trusted. */
export const LIVE_CALL_STALE_MS = 3 * LIVE_CALL_BEAT_MS;

/**
 * The calls running now, in the `live_calls` table, so that every process sharing the database
 * knows where a call's recording is: a procedure step taken through any process logs the part
 * being written and the time into it, as the room's own process would.
 *
 * Each room writes its row under its own key (this process's name and a counter), so a room that
 * ends after another took over its case — a rejoin after a crash, on this process or another —
 * removes nothing but its own row.
 */
export class LiveCallRegistry {
  /** This process, as its rows name it: host name, pid and a random tag (a pid is reused after a restart). */
  private readonly process = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private rooms = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
  ) {}

  /** A key for a new room of this process. */
  newKey(): string {
    this.rooms += 1;
    return `${this.process}#${this.rooms}`;
  }

  /** The room `key` now hosts the case's call; it takes over the case from any room before. */
  async opened(key: string, caseId: string): Promise<void> {
    const seenAt = this.now().toISOString();
    await this.db
      .insertInto('live_calls')
      .values({ case_id: caseId, host: key, recording_part: null, part_started_at: null, seen_at: seenAt })
      .onConflict((conflict) => conflict.column('case_id').doUpdateSet({ host: key, recording_part: null, part_started_at: null, seen_at: seenAt }))
      .execute();
  }

  /** The part of the recording the room writes now, or null when it writes none. */
  async recording(key: string, caseId: string, part: { id: string; startedAt: Date } | null): Promise<void> {
    await this.db
      .updateTable('live_calls')
      .set({ recording_part: part?.id ?? null, part_started_at: part?.startedAt.toISOString() ?? null, seen_at: this.now().toISOString() })
      .where('case_id', '=', caseId)
      .where('host', '=', key)
      .execute();
  }

  async closed(key: string, caseId: string): Promise<void> {
    await this.db.deleteFrom('live_calls').where('case_id', '=', caseId).where('host', '=', key).execute();
  }

  /** Renews the rows of the rooms this process hosts. */
  async beat(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.updateTable('live_calls').set({ seen_at: this.now().toISOString() }).where('host', 'in', keys).execute();
  }

  /** Where the case's recording is at `now`, from its host's row; null when nothing is recorded or the host stopped answering. */
  async position(caseId: string, now: Date, executor: Kysely<Database> | Transaction<Database> = this.db): Promise<RecordingPosition | null> {
    const row = await executor.selectFrom('live_calls').select(['recording_part', 'part_started_at', 'seen_at']).where('case_id', '=', caseId).executeTakeFirst();
    if (!row?.recording_part || !row.part_started_at) return null;
    if (Date.parse(row.seen_at) < now.getTime() - LIVE_CALL_STALE_MS) return null;
    const startedAt = Date.parse(row.part_started_at);
    return { recordingPart: row.recording_part, partStartedAt: row.part_started_at, offsetMs: Math.max(0, now.getTime() - startedAt) };
  }
}
