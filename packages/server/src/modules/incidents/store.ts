import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DeskIncident, IncidentKind } from './schemas.js';

/** One thing that failed: its kind, which job, and the case it was for, if any. */
export interface IncidentSubject {
  kind: IncidentKind;
  subject: string;
  caseId?: string;
  /** What else tells this thing from others of its subject and case: a document, a report. */
  ref?: string;
}

const keyOf = ({ kind, subject, caseId, ref }: IncidentSubject) => [kind, subject, caseId ?? '', ref ?? ''].join(':');

/** Resolved incidents stay on the desk's list this long, so a supervisor sees what recovered. */
const RESOLVED_SHOWN_MS = 7 * 24 * 3_600_000;

/** The `incidents` table: one row per thing that failed, counted each time it fails again. */
export class IncidentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts a failure: opens the thing's incident, or counts it again and reopens it if it was resolved. */
  async failed(what: IncidentSubject & { councilId: string; reason: string }, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .insertInto('incidents')
      .values({
        id: randomUUID(),
        key: keyOf(what),
        council_id: what.councilId,
        case_id: what.caseId ?? null,
        kind: what.kind,
        subject: what.subject,
        reason: what.reason,
        count: 1,
        first_at: at,
        last_at: at,
        resolved_at: null,
        resolved_by: null,
      })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => ({
          count: eb('incidents.count', '+', 1),
          reason: what.reason,
          last_at: at,
          resolved_at: null,
          resolved_by: null,
        })),
      )
      .execute();
  }

  /** Marks the thing's open incident resolved by a retry that succeeded; nothing when there is none. */
  async recovered(what: IncidentSubject, now: Date): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({ resolved_at: now.toISOString(), resolved_by: 'system' })
      .where('key', '=', keyOf(what))
      .where('resolved_at', 'is', null)
      .execute();
  }

  /** Marks an open incident of the council dealt with by an agent; false when the council has no such open incident. */
  async resolve(councilId: string, id: string, agentId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('incidents')
      .set({ resolved_at: now.toISOString(), resolved_by: agentId })
      .where('id', '=', id)
      .where('council_id', '=', councilId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The council's open incidents and those resolved in the last week, the latest failure first. */
  async list(councilId: string, now: Date): Promise<DeskIncident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .leftJoin('cases', 'cases.id', 'incidents.case_id')
      .select([
        'incidents.id',
        'incidents.kind',
        'incidents.subject',
        'incidents.reason',
        'incidents.count',
        'incidents.first_at as firstAt',
        'incidents.last_at as lastAt',
        'incidents.resolved_at as resolvedAt',
        'incidents.resolved_by as resolvedBy',
        'cases.id as caseId',
        'cases.reference',
      ])
      .where('incidents.council_id', '=', councilId)
      .where((eb) => eb.or([eb('incidents.resolved_at', 'is', null), eb('incidents.resolved_at', '>', new Date(now.getTime() - RESOLVED_SHOWN_MS).toISOString())]))
      .orderBy('incidents.last_at', 'desc')
      .execute();
    return rows.map(({ caseId, reference, resolvedBy, count, ...row }) => ({
      ...row,
      count: Number(count),
      resolvedBy: resolvedBy === null ? null : resolvedBy === 'system' ? 'retry' : 'agent',
      case: caseId && reference ? { id: caseId, reference } : null,
    }));
  }

  /** For the metrics: every council's failures by kind, counted in all, and those open now. */
  async totals(): Promise<Array<{ councilId: string; kind: IncidentKind; failures: number; open: number }>> {
    const rows = await this.db
      .selectFrom('incidents')
      .select((eb) => [
        'council_id as councilId',
        'kind',
        eb.fn.sum<number | string>('count').as('failures'),
        eb.fn.sum<number | string>(eb.case().when('resolved_at', 'is', null).then(1).else(0).end()).as('open'),
      ])
      .groupBy(['council_id', 'kind'])
      .orderBy('council_id')
      .orderBy('kind')
      .execute();
    return rows.map((row) => ({ ...row, failures: Number(row.failures), open: Number(row.open) }));
  }
}
