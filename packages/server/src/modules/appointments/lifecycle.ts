import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { lockCase, type Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { retryStale, StaleWrite } from '../cases/store.js';
import type { EvidenceInput } from '../evidence/log.js';
import { isClosed } from '../cases/closed.js';
import { announceToDesks } from '../notifications/desk-events.js';
import type { AppointmentState } from './schemas.js';
import { AppointmentStore, type AppointmentRow, type SlotRun } from './store.js';

/**
 * Every move an appointment can make, from which states, to which. Booking creates it `booked`;
 * everything after goes through this table, whoever makes the move (the citizen's link, the
 * desk, the call).
 */
export const MOVES = {
  reschedule: { from: ['booked'], to: 'booked' },
  cancel: { from: ['booked'], to: 'cancelled' },
  checkIn: { from: ['booked'], to: 'checked_in' },
  /** The agent lets the citizen into the call. */
  admit: { from: ['booked', 'checked_in'], to: 'in_call' },
  /** The agent hangs up. */
  complete: { from: ['in_call'], to: 'completed' },
  noShow: { from: ['booked', 'checked_in'], to: 'no_show' },
  /** Left open an hour after its end by a citizen who had come (see abandoned.ts). */
  abandon: { from: ['checked_in', 'in_call'], to: 'abandoned' },
} as const satisfies Record<string, { from: readonly AppointmentState[]; to: AppointmentState }>;

export type Move = keyof typeof MOVES;

/** Whether an appointment in `state` may make `move`. */
export const canMove = (state: AppointmentState, move: Move): boolean => (MOVES[move].from as readonly AppointmentState[]).includes(state);

/** An appointment still open this long after its end was left without a conclusion: abandoned. */
export const ABANDONED_AFTER_MS = 60 * 60_000;

/** States in which the appointment's call can be entered: before it, and during it for a reconnection. */
export const OPEN_STATES: readonly AppointmentState[] = [...MOVES.admit.from, MOVES.admit.to];

/** The channel that tells every process an appointment changed: `{caseId}`. */
export const APPOINTMENT_CHANNEL = 'appointment';

export const notChangeable = () => new AppError('FIN_ERR_APPOINTMENT_NOT_CHANGEABLE', 'This appointment can no longer be changed');
export const appointmentNotFound = () => new AppError('FIN_ERR_APPOINTMENT_NOT_FOUND', 'Appointment not found');

/** What a write does: a move of the table (or none, only its evidence), and for a reschedule its new slot. */
export interface Change {
  move?: Move;
  event: EvidenceInput;
  slot?: SlotRun;
}

/**
 * The one way an appointment changes after booking. A write locks the appointment (its row on
 * PostgreSQL; SQLite runs one write transaction at a time), so concurrent changes queue and each
 * plans on the state the one before left. The version it read is still bumped and checked: a
 * change that finds it moved on rolls back and plans again, and one that keeps losing is told so
 * (409), never a 500. The move is checked against the table, logged as evidence in the same
 * transaction, and announced once committed; a move that closes the appointment then has its
 * evidence sealed.
 */
export class AppointmentLifecycle {
  private readonly store: AppointmentStore;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new AppointmentStore(fastify.db);
  }

  /**
   * Plans a change on the appointment as it stands, in a locked transaction, and makes it.
   * `councilId` limits it to that council's appointments (404 otherwise). `plan` may do more in
   * the transaction (free slots, drop reminders) and returns null to change nothing.
   */
  async write(
    id: string,
    councilId: string | undefined,
    now: Date,
    plan: (current: AppointmentRow, trx: Transaction<Database>) => Promise<Change | null>,
  ): Promise<{ row: AppointmentRow; moved: boolean }> {
    return retryStale(async () => {
      const moved = await this.fastify.db.transaction().execute(async (trx) => {
        await lockCase(trx, this.fastify.config.database.kind, 'appointments', id);
        const current = await this.store.find(id, councilId, trx);
        if (!current) throw appointmentNotFound();
        if (!(await this.store.bumpVersion(trx, id, current.version))) throw new StaleWrite();
        const change = await plan(current, trx);
        return change ? this.apply(trx, current, change, now) : false;
      });
      const row = (await this.store.find(id))!;
      if (moved) {
        await this.announce(row);
        if (isClosed('appointment', row.state)) this.fastify.evidenceSeals.sealSoon(row.id);
      }
      return { row, moved };
    });
  }

  /** Makes a planned change in the write's transaction; returns whether the appointment moved. */
  private async apply(trx: Transaction<Database>, current: AppointmentRow, change: Change, now: Date): Promise<boolean> {
    if (change.move) {
      if (!canMove(current.state, change.move)) throw notChangeable();
      const to = MOVES[change.move].to;
      // The calendar event the citizen holds changes with the time or with a cancellation.
      if (change.slot || to === 'cancelled') await this.store.bumpSequence(trx, current.id, current.sequence, change.slot);
      await this.store.setState(trx, current.id, to, now);
    }
    await this.fastify.evidence.append(trx, current.id, change.event, now);
    return change.move !== undefined;
  }

  /**
   * Tells the council's desks and the citizen's open pages that the appointment changed. Called
   * once the change is committed; a page that misses it still sees the change on its next load.
   */
  async announce(row: AppointmentRow): Promise<void> {
    await announceToDesks(this.fastify, 'appointment', row, row.state);
    try {
      await this.fastify.notifications.publish(APPOINTMENT_CHANNEL, { caseId: row.id });
    } catch (error) {
      this.fastify.log.error({ err: error }, "could not announce an appointment's change to its citizen");
    }
  }
}
