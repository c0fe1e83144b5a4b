import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { canMove, type Move } from '../appointments/lifecycle.js';
import type { AppointmentState } from '../appointments/schemas.js';
import type { CallbackState } from '../callbacks/schemas.js';
import type { EvidenceInput } from '../evidence/log.js';
import type { FinishedRecording } from './recorder.js';

/** What a call needs to know about its case: a video appointment, or a callback with screen help. */
export type CallCase =
  | { kind: 'appointment'; id: string; councilId: string; state: AppointmentState; citizenName: string }
  | { kind: 'callback'; id: string; councilId: string; state: CallbackState; citizenName: string; assignedAgentId: string | null };

/**
 * The calls module's own reads and writes: the case a call belongs to, its evidence and its
 * recordings. Moves of an appointment go through its lifecycle (appointments/lifecycle.ts), like
 * everyone else's; a callback has no lifecycle of the call's, so its moves are only logged.
 */
export class CallStore {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly kind: CallCase['kind'] = 'appointment',
  ) {}

  /** The room's store for a case of that kind. */
  forKind(kind: CallCase['kind']): CallStore {
    return kind === this.kind ? this : new CallStore(this.fastify, kind);
  }

  async findCase(id: string): Promise<CallCase | undefined> {
    const row = await this.fastify.db
      .selectFrom('cases')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .leftJoin('callbacks', 'callbacks.case_id', 'cases.id')
      .select(['cases.id', 'cases.kind', 'cases.council_id', 'cases.state', 'cases.citizen_name', 'appointments.case_id as appointment', 'callbacks.case_id as callback', 'callbacks.assigned_agent_id'])
      .where('cases.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const common = { id: row.id, councilId: row.council_id, citizenName: row.citizen_name };
    if (row.kind === 'appointment' && row.appointment) return { ...common, kind: 'appointment', state: row.state as AppointmentState };
    if (row.kind === 'callback' && row.callback) return { ...common, kind: 'callback', state: row.state as CallbackState, assignedAgentId: row.assigned_agent_id };
    return undefined;
  }

  /** Appends an evidence event on its own. */
  async record(caseId: string, event: EvidenceInput): Promise<void> {
    await this.fastify.db.transaction().execute((trx) => this.fastify.evidence.append(trx, caseId, event, this.fastify.now()));
  }

  /**
   * Makes a move of the appointment's lifecycle with its evidence event, when the table allows it
   * from where the appointment is; otherwise only logs the event (a re-admission after a dropped
   * connection, a hang-up before the citizen was let in; any move of a callback's call).
   */
  async moveOrRecord(caseId: string, move: Move, event: EvidenceInput): Promise<void> {
    if (this.kind === 'callback') return this.record(caseId, event);
    await this.fastify.appointments.lifecycle.write(caseId, undefined, this.fastify.now(), async (current) => ({
      ...(canMove(current.state, move) && { move }),
      event,
    }));
  }

  /** Attaches a sealed recording to its case and writes its hash to the evidence log, together. */
  async addRecording(
    recording: FinishedRecording & { caseId: string; recovered?: boolean },
    actor: EvidenceInput['actor'],
  ): Promise<void> {
    await this.fastify.db.transaction().execute(async (trx: Transaction<Database>) => {
      await trx
        .insertInto('recordings')
        .values({
          id: recording.id,
          case_id: recording.caseId,
          file: recording.file,
          content_type: 'video/webm',
          sha256: recording.sha256,
          bytes: recording.bytes,
          started_at: recording.startedAt.toISOString(),
          stopped_at: recording.stoppedAt.toISOString(),
          tracks: JSON.stringify(recording.tracks),
          parts: JSON.stringify(recording.parts),
        })
        .execute();
      await this.fastify.evidence.append(
        trx,
        recording.caseId,
        {
          type: 'call.recording_stored',
          actor,
          data: {
            recordingId: recording.id,
            sha256: recording.sha256,
            bytes: recording.bytes,
            startedAt: recording.startedAt.toISOString(),
            stoppedAt: recording.stoppedAt.toISOString(),
            tracks: recording.tracks,
            parts: recording.parts,
            // Stored at a start after a crash, cut where the crash cut it.
            ...(recording.recovered && { recovered: true }),
          },
        },
        this.fastify.now(),
      );
    });
  }

  /** A recording of one of the council's cases, or undefined. */
  async findRecording(councilId: string, caseId: string, recordingId: string) {
    return this.fastify.db
      .selectFrom('recordings')
      .innerJoin('cases', 'cases.id', 'recordings.case_id')
      .select(['recordings.id', 'recordings.file', 'recordings.content_type', 'recordings.bytes', 'recordings.sha256', 'recordings.tracks'])
      .where('recordings.id', '=', recordingId)
      .where('recordings.case_id', '=', caseId)
      .where('cases.council_id', '=', councilId)
      .executeTakeFirst();
  }
}
