import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { CASE_COLUMNS } from '../cases/store.js';
import type { Language } from '../councils/schemas.js';
import { OPEN_STATES, type CallbackState } from './schemas.js';

/** A callback as the service reads it: its case, its own row and the agent it is assigned to. */
export interface CallbackRow {
  id: string;
  councilId: string;
  reference: string;
  state: CallbackState;
  language: Language;
  name: string;
  phone: string;
  email: string | null;
  createdAt: string;
  topic: string;
  description: string;
  slotStart: string;
  slotEnd: string;
  callableFrom: string;
  attempts: number;
  maxAttempts: number;
  assignedAgentId: string | null;
  assignedAgentName: string | null;
  version: number;
}

/** What a change writes to the callback's own row. */
export interface CallbackUpdate {
  assignedAgentId: string | null;
  attempts?: number;
  slot?: { start: Date; end: Date };
}

/**
 * The SQL of callbacks: their rows, the desk's queue and the agents' notes. `executor` is the
 * transaction when inside one: on SQLite a query outside it would wait for it forever.
 */
export class CallbackStore {
  constructor(private readonly db: Kysely<Database>) {}

  private rows(executor: Kysely<Database>) {
    return executor
      .selectFrom('cases')
      .innerJoin('callbacks', 'callbacks.case_id', 'cases.id')
      .leftJoin('agents', 'agents.id', 'callbacks.assigned_agent_id')
      .select([
        ...CASE_COLUMNS,
        'callbacks.topic',
        'callbacks.description',
        'callbacks.slot_start as slotStart',
        'callbacks.slot_end as slotEnd',
        'callbacks.callable_from as callableFrom',
        'callbacks.attempts',
        'callbacks.max_attempts as maxAttempts',
        'callbacks.assigned_agent_id as assignedAgentId',
        'agents.name as assignedAgentName',
        'callbacks.version',
      ])
      .where('cases.kind', '=', 'callback');
  }

  async find(id: string, councilId: string, executor: Kysely<Database> = this.db): Promise<CallbackRow | undefined> {
    return (await this.rows(executor).where('cases.id', '=', id).where('cases.council_id', '=', councilId).executeTakeFirst()) as CallbackRow | undefined;
  }

  /**
   * The council's queue: open callbacks or those in `state`, of a topic, starting in [from, until),
   * by slot; `assigned` to one agent, or `visibleTo` one (nobody's and theirs).
   */
  async queue(
    councilId: string,
    filter: { state: CallbackState | 'open'; topic?: string; from?: Date; until?: Date; assigned?: string; visibleTo?: string },
  ): Promise<CallbackRow[]> {
    let select = this.rows(this.db).where('cases.council_id', '=', councilId);
    if (filter.assigned) select = select.where('callbacks.assigned_agent_id', '=', filter.assigned);
    const { visibleTo } = filter;
    if (visibleTo) select = select.where((eb) => eb.or([eb('callbacks.assigned_agent_id', 'is', null), eb('callbacks.assigned_agent_id', '=', visibleTo)]));
    select = filter.state === 'open' ? select.where('cases.state', 'in', OPEN_STATES) : select.where('cases.state', '=', filter.state);
    if (filter.topic) select = select.where('callbacks.topic', '=', filter.topic);
    if (filter.from) select = select.where('callbacks.slot_start', '>=', filter.from.toISOString());
    if (filter.until) select = select.where('callbacks.slot_start', '<', filter.until.toISOString());
    return (await select.orderBy('callbacks.slot_start').orderBy('cases.created_at').limit(500).execute()) as CallbackRow[];
  }

  /** Whether the phone number already has an open callback with the council. */
  async openForPhone(councilId: string, phone: string): Promise<boolean> {
    const open = await this.db
      .selectFrom('cases')
      .select('id')
      .where('council_id', '=', councilId)
      .where('kind', '=', 'callback')
      .where('citizen_phone', '=', phone)
      .where('state', 'in', OPEN_STATES)
      .executeTakeFirst();
    return open !== undefined;
  }

  async insert(
    trx: Transaction<Database>,
    caseId: string,
    values: { topic: string; description: string; slot: { start: Date; end: Date }; callableFrom: Date; maxAttempts: number },
  ): Promise<void> {
    await trx
      .insertInto('callbacks')
      .values({
        case_id: caseId,
        topic: values.topic,
        description: values.description,
        slot_start: values.slot.start.toISOString(),
        slot_end: values.slot.end.toISOString(),
        callable_from: values.callableFrom.toISOString(),
        attempts: 0,
        max_attempts: values.maxAttempts,
        assigned_agent_id: null,
        version: 1,
      })
      .execute();
  }

  /** Writes a change to a callback read at `version`; false when it moved on meanwhile. */
  async update(trx: Transaction<Database>, current: CallbackRow, update: CallbackUpdate): Promise<boolean> {
    const updated = await trx
      .updateTable('callbacks')
      .set({
        assigned_agent_id: update.assignedAgentId,
        version: current.version + 1,
        ...(update.attempts !== undefined && { attempts: update.attempts }),
        // A retry's slot is the new time the citizen is told, and so the earliest call.
        ...(update.slot && { slot_start: update.slot.start.toISOString(), slot_end: update.slot.end.toISOString(), callable_from: update.slot.start.toISOString() }),
      })
      .where('case_id', '=', current.id)
      .where('version', '=', current.version)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async setState(trx: Transaction<Database>, caseId: string, state: CallbackState, now: Date): Promise<void> {
    await trx.updateTable('cases').set({ state, updated_at: now.toISOString() }).where('id', '=', caseId).execute();
  }

  async addNote(trx: Transaction<Database>, caseId: string, agentId: string, text: string, now: Date): Promise<void> {
    await trx.insertInto('case_notes').values({ id: randomUUID(), case_id: caseId, agent_id: agentId, text, created_at: now.toISOString() }).execute();
  }

  /** The notes of the cases, oldest first, with their agent's name. */
  async notes(caseIds: string[]) {
    return this.db
      .selectFrom('case_notes')
      .innerJoin('agents', 'agents.id', 'case_notes.agent_id')
      .select(['case_notes.case_id as caseId', 'case_notes.created_at as at', 'agents.name as agent', 'case_notes.text'])
      .where('case_notes.case_id', 'in', caseIds)
      .orderBy('case_notes.created_at')
      .execute();
  }
}
