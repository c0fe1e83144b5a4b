import type { FastifyInstance } from 'fastify';
import { ABANDONED_AFTER_MS, OPEN_STATES, type AppointmentLifecycle, type Change } from './lifecycle.js';
import type { AppointmentRow } from './store.js';

/** Appointments closed per tick, so that a tick after a long stop does not run for ever. */
const BATCH = 100;

/**
 * How an appointment left open is closed, by `system`: one the citizen never came to (still
 * `booked`) was missed, a `no_show`; one they checked in to or were in the call of, with no end
 * recorded, was `abandoned`, so that no state blames the citizen for what the council did not finish.
 */
function closing(current: AppointmentRow): Change | null {
  if (current.state === 'booked') {
    return { move: 'noShow', event: { type: 'appointment.no_show', actor: 'system', data: { from: current.state, after: 'slot_end' } } };
  }
  if (current.state === 'checked_in' || current.state === 'in_call') {
    return { move: 'abandon', event: { type: 'appointment.abandoned', actor: 'system', data: { from: current.state } } };
  }
  return null;
}

/**
 * Closes the appointments still open ABANDONED_AFTER_MS after their end, so that every case
 * ends and its evidence is sealed. Every process ticks; each close goes through the lifecycle,
 * whose lock and version let only one tick make it (the other finds it closed and does nothing),
 * and which logs its evidence, announces it and has it sealed.
 */
export class AbandonedAppointments {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly lifecycle: AppointmentLifecycle,
  ) {}

  /** Closes what is due at `now`; returns how many this tick closed. */
  async tick(now: Date): Promise<number> {
    const endedBefore = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();
    const due = await this.fastify.db
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .select('cases.id')
      .where('cases.state', 'in', [...OPEN_STATES])
      .where('appointments.slot_end', '<=', endedBefore)
      .orderBy('appointments.slot_end')
      .limit(BATCH)
      .execute();
    let closed = 0;
    for (const { id } of due) {
      try {
        const { moved } = await this.lifecycle.write(id, undefined, now, async (current) => closing(current));
        if (moved) closed++;
      } catch (error) {
        this.fastify.log.error({ err: error, caseId: id }, 'could not close an abandoned appointment; the next tick will retry');
      }
    }
    return closed;
  }
}
