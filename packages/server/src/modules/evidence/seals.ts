import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { EvidenceSealsTable } from '../../db/schema.js';
import { canonicalJson } from '../../shared/json.js';
import { CLOSED_STATES, isClosed } from '../cases/closed.js';

/** What the council's seal signs over a segment of a closed case's evidence chain (README "Sealed segments"). */
export interface SealStatement {
  type: typeof STATEMENT_TYPE;
  councilId: string;
  caseId: string;
  /** 1 for the chain as it stood when the case closed, then 2, 3… for events logged after. */
  segment: number;
  firstSeq: number;
  lastSeq: number;
  /** The hash of event `lastSeq`: it commits to every event before it. */
  headHash: string;
  /** When the case closed, and in which state. */
  closedAt: string;
  state: string;
}

export const STATEMENT_TYPE = 'finestreta.evidence-seal.v1';

/** A segment as stored: its statement's exact bytes, the signature over them, and its archive timestamps (DER). */
export interface SealedSegment {
  statement: SealStatement;
  statementBytes: Buffer;
  signature: Buffer;
  archiveTimestamps: Buffer[];
}

/** Events logged after a close wait this long without another before their segment is sealed, so that a burst becomes one segment. */
export const QUIET_MS = 60_000;
/**
 * How far back the job looks for a case's last event. It recovers a close a crash or a failure
 * left unsealed within this window (the seal itself follows at once), and no tick reads the whole
 * log: cases already closed a year ago (the demo's seeded activity) are not sealed after the fact.
 */
export const LOOKBACK_MS = 7 * 86_400_000;
/** Cases sealed per tick, so that a tick after a long stop does not run for ever. */
const BATCH = 50;


/**
 * What an archive timestamp is over: the signature and every archive timestamp before it, so that
 * each new one vouches for all that came before, while their algorithms and certificates still hold.
 */
export const archiveData = (signature: Buffer, earlier: Buffer[]): Buffer => Buffer.concat([signature, ...earlier]);

export function segmentOf(row: EvidenceSealsTable): SealedSegment {
  return {
    statement: JSON.parse(row.statement) as SealStatement,
    statementBytes: Buffer.from(row.statement, 'utf8'),
    signature: Buffer.from(row.signature, 'base64'),
    archiveTimestamps: (JSON.parse(row.archive_timestamps) as string[]).map((token) => Buffer.from(token, 'base64')),
  };
}

/**
 * Seals closed cases' evidence, segment by segment. The chain is never reopened: a segment is
 * signed once, from the first event no seal covers to the head, and events logged later make the
 * next one. The seal comes after the close has committed, never inside it, so that a seal or
 * timestamp authority that fails cannot undo a close; the job (`tick`, in every process) seals
 * whatever a crash or a failure left, and the primary key (case, segment) keeps two processes from
 * storing the same segment twice.
 */
export class EvidenceSeals {
  /** The seals `sealSoon` queued, made one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly fastify: FastifyInstance) {}

  private get db() {
    return this.fastify.db;
  }

  /** The segments of a case, in order. */
  async list(caseId: string): Promise<SealedSegment[]> {
    const rows = await this.db.selectFrom('evidence_seals').selectAll().where('case_id', '=', caseId).orderBy('segment').execute();
    return rows.map(segmentOf);
  }

  /**
   * Seals the case's unsealed tail now, if the case is closed; null when there is nothing to seal
   * or another process stored that segment first. Throws when the seal or the timestamp fails.
   */
  async sealCase(caseId: string): Promise<SealedSegment | null> {
    const found = await this.db.selectFrom('cases').select(['council_id', 'kind', 'state', 'updated_at']).where('id', '=', caseId).executeTakeFirst();
    if (!found || !isClosed(found.kind, found.state)) return null;
    const [previous, head] = await Promise.all([
      this.db.selectFrom('evidence_seals').select(['segment', 'last_seq', 'statement']).where('case_id', '=', caseId).orderBy('segment', 'desc').limit(1).executeTakeFirst(),
      this.db.selectFrom('evidence_events').select(['seq', 'hash']).where('case_id', '=', caseId).orderBy('seq', 'desc').limit(1).executeTakeFirst(),
    ]);
    if (!head || head.seq <= (previous?.last_seq ?? 0)) return null;
    // A later segment repeats the close its first one stated.
    const closed = previous ? (JSON.parse(previous.statement) as SealStatement) : { closedAt: found.updated_at, state: found.state };
    const statement: SealStatement = {
      type: STATEMENT_TYPE,
      councilId: found.council_id,
      caseId,
      segment: (previous?.segment ?? 0) + 1,
      firstSeq: (previous?.last_seq ?? 0) + 1,
      lastSeq: head.seq,
      headHash: head.hash,
      closedAt: closed.closedAt,
      state: closed.state,
    };
    const statementBytes = Buffer.from(canonicalJson(statement), 'utf8');
    const signature = await this.fastify.seal.signDetached(found.council_id, statementBytes);
    const inserted = await this.db
      .insertInto('evidence_seals')
      .values({
        case_id: caseId,
        segment: statement.segment,
        first_seq: statement.firstSeq,
        last_seq: statement.lastSeq,
        head_hash: statement.headHash,
        statement: statementBytes.toString('utf8'),
        signature: signature.toString('base64'),
        archive_timestamps: '[]',
        sealed_at: this.fastify.now().toISOString(),
      })
      .onConflict((conflict) => conflict.columns(['case_id', 'segment']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows) === 1 ? { statement, statementBytes, signature, archiveTimestamps: [] } : null;
  }

  /** `sealCase`, with a failure shown as an incident until a later try succeeds. */
  private async sealReporting(caseId: string): ReturnType<EvidenceSeals['sealCase']> {
    const incident = { kind: 'seal', subject: 'evidence', caseId } as const;
    try {
      const sealed = await this.sealCase(caseId);
      await this.fastify.incidents.recovered(incident);
      return sealed;
    } catch (error) {
      await this.fastify.incidents.failed(incident, error);
      throw error;
    }
  }

  /**
   * Seals a case that has just closed, without holding up whoever closed it; a failure is logged
   * and left to the job. Seals are queued one at a time, so that closing thousands at once (a
   * flood's bookings cancelled) does not ask the CPU and the timestamp authority for all at once.
   */
  sealSoon(caseId: string): void {
    this.queue = this.queue.then(() =>
      this.sealReporting(caseId).catch((error: unknown) => this.fastify.log.warn({ err: error, caseId }, 'could not seal a closed case; the sealing job will retry')),
    );
  }

  /** Resolves once every seal `sealSoon` queued has ended (closing the app, tests). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /**
   * Seals the unsealed tails of closed cases quiet for QUIET_MS at `now` whose last event is within
   * LOOKBACK_MS, of councils that have a seal; returns how many segments it stored and how many failed (to be retried next tick).
   */
  async tick(now: Date): Promise<{ sealed: number; failed: number }> {
    const councils = await this.db.selectFrom('councils').select('id').execute();
    const sealable = [];
    for (const { id } of councils) if (await this.fastify.seal.has(id).catch(() => false)) sealable.push(id);
    const result = { sealed: 0, failed: 0 };
    if (sealable.length === 0) return result;
    const quietSince = new Date(now.getTime() - QUIET_MS).toISOString();
    const due = await this.db
      .selectFrom('cases')
      .innerJoin('evidence_events', 'evidence_events.case_id', 'cases.id')
      .select('cases.id')
      .where('cases.council_id', 'in', sealable)
      .where('evidence_events.at', '>=', new Date(now.getTime() - LOOKBACK_MS).toISOString())
      .where((eb) => eb.or(Object.entries(CLOSED_STATES).map(([kind, states]) => eb.and([eb('cases.kind', '=', kind as keyof typeof CLOSED_STATES), eb('cases.state', 'in', [...states])]))))
      .groupBy('cases.id')
      .having((eb) => eb.fn.max('evidence_events.at'), '<=', quietSince)
      .having(sql<boolean>`max(evidence_events.seq) > coalesce((select max(evidence_seals.last_seq) from evidence_seals where evidence_seals.case_id = cases.id), 0)`)
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      try {
        if (await this.sealReporting(id)) result.sealed++;
      } catch (error) {
        this.fastify.log.warn({ err: error, caseId: id }, 'could not seal a closed case; the next tick will retry');
        result.failed++;
      }
    }
    return result;
  }
}
