import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { ReminderKind } from '../../db/schema.js';
import type { Language } from '../councils/schemas.js';
import { CASE_COLUMNS } from '../cases/store.js';
import type { AppointmentState } from './schemas.js';

const HOUR_MS = 3_600_000;

/**
 * The reminders of every appointment: when each is due, and until when it is still worth
 * sending (the day-before one is pointless once the hour-before one is due).
 */
const REMINDERS: ReadonlyArray<{ kind: ReminderKind; dueBeforeMs: number; staleBeforeMs: number }> = [
  { kind: '24h', dueBeforeMs: 24 * HOUR_MS, staleBeforeMs: HOUR_MS },
  { kind: '1h', dueBeforeMs: HOUR_MS, staleBeforeMs: 0 },
];

/** An appointment as the services read it: its case and its own row. */
export interface AppointmentRow {
  id: string;
  councilId: string;
  reference: string;
  state: AppointmentState;
  language: Language;
  name: string;
  phone: string;
  email: string;
  createdAt: string;
  procedure: string;
  idDocument: string | null;
  slotStart: string;
  slotEnd: string;
  slotStarts: string;
  sequence: number;
  version: number;
}

/** A run of slots an appointment holds: its window and the start of every slot it takes. */
export interface SlotRun {
  start: Date;
  end: Date;
  starts: Date[];
}

/**
 * The SQL of appointments: their rows, their reminders and their recordings. `executor` is the
 * transaction when inside one: on SQLite a query outside it would wait for it forever.
 */
export class AppointmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  private rows(executor: Kysely<Database>) {
    return executor
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        ...CASE_COLUMNS,
        'appointments.procedure',
        'appointments.id_document as idDocument',
        'appointments.slot_start as slotStart',
        'appointments.slot_end as slotEnd',
        'appointments.slot_starts as slotStarts',
        'appointments.sequence',
        'appointments.version',
      ])
      .where('cases.kind', '=', 'appointment');
  }

  /** One appointment, of `councilId` when given. */
  async find(id: string, councilId?: string, executor: Kysely<Database> = this.db): Promise<AppointmentRow | undefined> {
    let select = this.rows(executor).where('cases.id', '=', id);
    if (councilId !== undefined) select = select.where('cases.council_id', '=', councilId);
    return (await select.executeTakeFirst()) as AppointmentRow | undefined;
  }

  /** The council's appointments starting in [from, to), by start. */
  async between(councilId: string, from: Date, to: Date, state?: AppointmentState): Promise<AppointmentRow[]> {
    let select = this.rows(this.db)
      .where('cases.council_id', '=', councilId)
      .where('appointments.slot_start', '>=', from.toISOString())
      .where('appointments.slot_start', '<', to.toISOString());
    if (state) select = select.where('cases.state', '=', state);
    return (await select.orderBy('appointments.slot_start').orderBy('cases.created_at').limit(1000).execute()) as AppointmentRow[];
  }

  async insert(trx: Transaction<Database>, caseId: string, values: { procedure: string; idDocument: string | null; slot: SlotRun }): Promise<void> {
    await trx
      .insertInto('appointments')
      .values({
        case_id: caseId,
        procedure: values.procedure,
        id_document: values.idDocument,
        ...slotColumns(values.slot),
        sequence: 0,
        version: 1,
      })
      .execute();
  }

  /**
   * Takes the next version of an appointment read at `version`; false when it moved on meanwhile
   * (the optimistic half of the lifecycle's lock, see `AppointmentLifecycle.write`).
   */
  async bumpVersion(trx: Transaction<Database>, caseId: string, version: number): Promise<boolean> {
    const updated = await trx.updateTable('appointments').set({ version: version + 1 }).where('case_id', '=', caseId).where('version', '=', version).executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** The next calendar sequence, with the new slot when there is one. */
  async bumpSequence(trx: Transaction<Database>, caseId: string, sequence: number, slot?: SlotRun): Promise<void> {
    await trx
      .updateTable('appointments')
      .set({ sequence: sequence + 1, ...(slot && slotColumns(slot)) })
      .where('case_id', '=', caseId)
      .execute();
  }

  async setState(trx: Transaction<Database>, caseId: string, state: AppointmentState, now: Date): Promise<void> {
    await trx.updateTable('cases').set({ state, updated_at: now.toISOString() }).where('id', '=', caseId).execute();
  }

  /** Replaces the case's reminders with those of its (new) start that are still ahead. */
  async scheduleReminders(trx: Transaction<Database>, caseId: string, start: Date, now: Date): Promise<void> {
    await this.dropReminders(trx, caseId);
    const rows = REMINDERS.map((reminder) => ({
      case_id: caseId,
      kind: reminder.kind,
      due_at: new Date(start.getTime() - reminder.dueBeforeMs).toISOString(),
      stale_at: new Date(start.getTime() - reminder.staleBeforeMs).toISOString(),
      state: 'pending' as const,
      claimed_by: null,
      claimed_at: null,
      sent_at: null,
      attempts: 0,
    })).filter((row) => row.due_at > now.toISOString());
    if (rows.length > 0) await trx.insertInto('appointment_reminders').values(rows).execute();
  }

  async dropReminders(trx: Transaction<Database>, caseId: string): Promise<void> {
    await trx.deleteFrom('appointment_reminders').where('case_id', '=', caseId).execute();
  }

  async recordings(caseId: string) {
    return this.db
      .selectFrom('recordings')
      .select(['id', 'started_at', 'stopped_at', 'bytes', 'sha256', 'tracks', 'parts'])
      .where('case_id', '=', caseId)
      .orderBy('started_at')
      .execute();
  }
}

const slotColumns = (slot: SlotRun) => ({
  slot_start: slot.start.toISOString(),
  slot_end: slot.end.toISOString(),
  slot_starts: JSON.stringify(slot.starts.map((start) => start.toISOString())),
});

/** The starts of the slots an appointment holds. */
export const heldSlots = (row: AppointmentRow): Date[] => (JSON.parse(row.slotStarts) as string[]).map((start) => new Date(start));
