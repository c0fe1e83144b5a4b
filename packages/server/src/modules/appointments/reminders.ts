import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { ReminderKind } from '../../db/schema.js';
import type { AppointmentMail } from './mail.js';

/** Due reminders handled per tick, so that one tick after a long stop does not run for ever. */
const BATCH = 100;

export interface TickResult {
  sent: number;
  skipped: number;
  failed: number;
}

/**
 * Sends the reminders of appointments from the `appointment_reminders` table, so they survive
 * restarts. Every process ticks; a due row is claimed by a conditional update from `pending` to
 * `sending`, which only one process (and one tick) can win, on SQLite as on PostgreSQL. The
 * claim comes before the send, so a reminder is sent at most once: a send that fails puts the
 * row back to `pending` for a later tick, while a process that dies mid-send leaves it in
 * `sending`, never to be sent again, rather than risk a second copy.
 */
export class ReminderScheduler {
  /** Names this process in its claims, which helps an operator reading a stuck `sending` row. */
  private readonly id = randomUUID();

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly mail: AppointmentMail,
  ) {}

  private get db() {
    return this.fastify.db;
  }

  /** An update of a reminder this process has claimed and still holds. */
  private claimedBy(reminder: { case_id: string; kind: ReminderKind }, executor: Kysely<Database> = this.db) {
    return executor
      .updateTable('appointment_reminders')
      .where('case_id', '=', reminder.case_id)
      .where('kind', '=', reminder.kind)
      .where('state', '=', 'sending')
      .where('claimed_by', '=', this.id);
  }

  /** Handles every reminder due at `now`: sends the useful ones, skips those whose moment has passed. */
  async tick(now: Date): Promise<TickResult> {
    const at = now.toISOString();
    const result: TickResult = { sent: 0, skipped: 0, failed: 0 };
    const due = await this.db
      .selectFrom('appointment_reminders')
      .select(['case_id', 'kind', 'stale_at'])
      .where('state', '=', 'pending')
      .where('due_at', '<=', at)
      .orderBy('due_at')
      .limit(BATCH)
      .execute();

    for (const reminder of due) {
      const row = this.db
        .updateTable('appointment_reminders')
        .where('case_id', '=', reminder.case_id)
        .where('kind', '=', reminder.kind)
        .where('state', '=', 'pending');
      if (reminder.stale_at <= at) {
        const skipped = await row.set({ state: 'skipped', claimed_by: this.id, claimed_at: at }).executeTakeFirst();
        result.skipped += Number(skipped.numUpdatedRows);
        continue;
      }
      const claimed = await row.set({ state: 'sending', claimed_by: this.id, claimed_at: at }).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;

      let sent: boolean;
      try {
        sent = await this.mail.sendReminder(reminder.case_id, reminder.kind, now);
      } catch (error) {
        this.fastify.log.error({ err: error, case: reminder.case_id, kind: reminder.kind }, 'could not send a reminder; it will be retried');
        await this.claimedBy(reminder)
          .set((eb) => ({ state: 'pending', claimed_by: null, claimed_at: null, attempts: eb('attempts', '+', 1) }))
          .execute();
        result.failed++;
        continue;
      }
      // Should this fail, the row stays `sending`: a lost mark, never a second email.
      await this.db.transaction().execute(async (trx) => {
        await this.claimedBy(reminder, trx).set({ state: sent ? 'sent' : 'skipped', sent_at: sent ? at : null }).execute();
        if (sent) {
          await this.fastify.evidence.append(trx, reminder.case_id, { type: 'appointment.reminder_sent', actor: 'system', data: { kind: reminder.kind } }, now);
        }
      });
      if (sent) result.sent++;
      else result.skipped++;
    }
    return result;
  }
}
