import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { canMove, type Move } from '../appointments/lifecycle.js';
import type { AppointmentState } from '../appointments/schemas.js';
import type { EvidenceInput } from '../evidence/log.js';
import type { FinishedRecording } from './recorder.js';

/** What a call needs to know about its appointment. */
export interface CallCase {
  id: string;
  councilId: string;
  state: AppointmentState;
  citizenName: string;
}

/**
 * The calls module's own reads and writes: the appointment a call belongs to, its evidence and
 * its recordings. Moves of the appointment go through its lifecycle (appointments/lifecycle.ts),
 * like everyone else's.
 */
export class CallStore {
  constructor(private readonly fastify: FastifyInstance) {}

  async findAppointment(id: string): Promise<CallCase | undefined> {
    const row = await this.fastify.db
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .select(['cases.id', 'cases.council_id', 'cases.state', 'cases.citizen_name'])
      .where('cases.id', '=', id)
      .where('cases.kind', '=', 'appointment')
      .executeTakeFirst();
    return row && { id: row.id, councilId: row.council_id, state: row.state as AppointmentState, citizenName: row.citizen_name };
  }

  /** Appends an evidence event on its own. */
  async record(caseId: string, event: EvidenceInput): Promise<void> {
    await this.fastify.db.transaction().execute((trx) => this.fastify.evidence.append(trx, caseId, event, this.fastify.now()));
  }

  /**
   * Makes a move of the appointment's lifecycle with its evidence event, when the table allows it
   * from where the appointment is; otherwise only logs the event (a re-admission after a dropped
   * connection, a hang-up before the citizen was let in).
   */
  async moveOrRecord(caseId: string, move: Move, event: EvidenceInput): Promise<void> {
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
