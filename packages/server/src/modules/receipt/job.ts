import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { ProcedureCase } from '../procedure/core.js';
import type { VerifiableDocument } from '../registry/store.js';
import { issueReceipt } from './issue.js';
import { MAILED, mailReceipt } from './mail.js';

/**
 * How long a making may hold its claim on a case (its code issued, the document not attached
 * yet) before another process takes the case over, as it would a crashed one's. Making and
 * sealing take a second or two; a timestamp request gives up after 15 s.
 */
export const CLAIM_MS = 5 * 60_000;
/** Cases handled per tick and per kind of work, so that one tick after a long stop does not run for ever. */
const BATCH = 20;
/** A receipt not emailed within this long of its registration is left to the desk and the citizen's link. */
const MAIL_WITHIN_MS = 7 * 86_400_000;
/** Retries of a failed case wait 30 s, then twice as long each time, up to an hour. */
const FIRST_RETRY_MS = 30_000;
const LAST_RETRY_MS = 3_600_000;

/** What a run of a case ends with: its receipt, and whether this run made it. */
interface Run {
  document: VerifiableDocument;
  made: boolean;
}

export interface ReceiptTickResult {
  made: number;
  mailed: number;
  failed: number;
}

/**
 * Makes the receipts of signed cases, and emails them, outside the signature's request. A
 * signature kicks its case at once, in this process; every process also ticks, which takes up
 * what a crash, a seal or a timestamp failure, or a mail server left: a signed case (its
 * procedure at the receipt step) with no made receipt, and a made one not yet emailed. Across
 * processes the case's verification code is the claim (`issueReceipt`): one making per case at
 * a time, and one code. The mail's retry claims the case by moving that code's time on, which
 * only one process can do. Within a process, one run per case at a time; a failed case waits
 * longer after each failure, so nothing spins.
 */
export class ReceiptJob {
  private readonly running = new Map<string, Promise<Run>>();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();

  constructor(private readonly fastify: FastifyInstance) {}

  /** Starts making the case's receipt now, without waiting for it: what a signature does. */
  kick(caseId: string): void {
    // A failure is logged and its retry scheduled by `track`; nobody waits for this one.
    this.track(caseId, () => this.runCase(caseId)).catch(() => {});
  }

  /** Resolves once the run of the case under way here, if any, has ended, however it ended. */
  async settled(caseId: string): Promise<void> {
    await this.running.get(caseId)?.catch(() => {});
  }

  /**
   * The case's receipt, made now if it is not yet: the desk's retry. A run under way here is
   * let finish first, so that a failure it meets is retried rather than reported twice.
   */
  async make(found: ProcedureCase): Promise<VerifiableDocument> {
    await this.settled(found.id);
    return (await this.track(found.id, () => this.run(found))).document;
  }

  /** Waits for every run under way, kicked or ticked, so that nothing writes after the database closes. */
  async drain(): Promise<void> {
    await Promise.allSettled(this.running.values());
  }

  /** Makes the receipts and sends the emails left to do at `now`, but those of cases still waiting to be retried. */
  async tick(now: Date): Promise<ReceiptTickResult> {
    const result: ReceiptTickResult = { made: 0, mailed: 0, failed: 0 };
    // Left out of the queries, so that cases failing for good do not fill every batch.
    const waiting = [...this.running.keys(), ...[...this.failures].filter(([, failure]) => failure.retryAt > now.getTime()).map(([caseId]) => caseId)];
    for (const caseId of await this.unmade(now, waiting)) {
      const outcome = await this.track(caseId, () => this.runCase(caseId)).then(
        (run) => (run.made ? ('made' as const) : null),
        (error: unknown) => (error instanceof AppError && error.code === 'FIN_ERR_RECEIPT_IN_PROGRESS' ? null : ('failed' as const)),
      );
      if (outcome) result[outcome]++;
    }
    for (const { caseId, issuedAt } of await this.unmailed(now, waiting)) {
      if (!(await this.claimMail(caseId, issuedAt, now))) continue;
      const outcome = await this.track(caseId, () => this.mailCase(caseId)).then(
        () => 'mailed' as const,
        () => 'failed' as const,
      );
      result[outcome]++;
    }
    return result;
  }

  /** One run of a case at a time here: a second caller joins the first. Failures are logged and delay the next tick's retry. */
  private track(caseId: string, work: () => Promise<Run>): Promise<Run> {
    const under = this.running.get(caseId);
    if (under) return under;
    const run = work().then(
      (done) => {
        this.failures.delete(caseId);
        return done;
      },
      (error: unknown) => {
        if (!(error instanceof AppError && error.code === 'FIN_ERR_RECEIPT_IN_PROGRESS')) this.failed(caseId, error);
        throw error;
      },
    );
    const settle = () => {
      if (this.running.get(caseId) === tracked) this.running.delete(caseId);
    };
    const tracked = run.finally(settle);
    this.running.set(caseId, tracked);
    return tracked;
  }

  private failed(caseId: string, error: unknown): void {
    const count = (this.failures.get(caseId)?.count ?? 0) + 1;
    const retryAt = this.fastify.now().getTime() + Math.min(FIRST_RETRY_MS * 2 ** (count - 1), LAST_RETRY_MS);
    this.failures.set(caseId, { count, retryAt });
    this.fastify.log.warn({ err: error, caseId, failures: count, retryAt: new Date(retryAt).toISOString() }, 'the receipt could not be made or emailed; it will be retried');
  }

  private async found(caseId: string): Promise<ProcedureCase> {
    const found = await this.fastify.procedure.core.findCase(caseId);
    if (!found) throw new AppError('FIN_ERR_APPOINTMENT_NOT_FOUND');
    return found;
  }

  private async runCase(caseId: string): Promise<Run> {
    return this.run(await this.found(caseId));
  }

  /** Makes the receipt, unless it is made, then emails it; the signature's and the desk's run. */
  private async run(found: ProcedureCase): Promise<Run> {
    const made = await this.fastify.registry.documentOf(found.id);
    if (made) return { document: made, made: false };
    let document: VerifiableDocument;
    const incident = { kind: 'registration', subject: 'receipt', caseId: found.id } as const;
    try {
      ({ document } = await issueReceipt(this.fastify, found, this.staleBefore(this.fastify.now())));
    } catch (error) {
      // Made meanwhile by another process, between the look above and the claim.
      const other = error instanceof AppError && error.code === 'FIN_ERR_RECEIPT_EXISTS' ? await this.fastify.registry.documentOf(found.id) : undefined;
      if (other) return { document: other, made: false };
      if (!(error instanceof AppError && error.code === 'FIN_ERR_RECEIPT_IN_PROGRESS')) await this.fastify.incidents.failed(incident, error);
      throw error;
    }
    await this.fastify.incidents.recovered(incident);
    // The receipt stands whether or not the email goes: a failed one is the tick's to retry.
    await mailReceipt(this.fastify, found, document).catch((error: unknown) => this.failed(found.id, error));
    return { document, made: true };
  }

  private async mailCase(caseId: string): Promise<Run> {
    const found = await this.found(caseId);
    const document = await this.fastify.registry.documentOf(caseId);
    if (!document) throw new AppError('FIN_ERR_RECEIPT_NOT_FOUND');
    await mailReceipt(this.fastify, found, document);
    return { document, made: false };
  }

  private staleBefore(now: Date): Date {
    return new Date(now.getTime() - CLAIM_MS);
  }

  /**
   * Signed cases without a made receipt, but those another making claims. A procedure reaches
   * the receipt step only by the signature, and is changed no more after it.
   */
  private async unmade(now: Date, waiting: string[]): Promise<string[]> {
    const stale = this.staleBefore(now).toISOString();
    const rows = await this.fastify.db
      .selectFrom('procedures')
      .leftJoin('verifiable_documents as made', (join) => join.onRef('made.case_id', '=', 'procedures.case_id').on('made.kind', '=', 'receipt'))
      .select('procedures.case_id')
      .where('procedures.current_step', '=', 'receipt')
      .where((eb) => eb.or([eb('made.case_id', 'is', null), eb.and([eb('made.file', 'is', null), eb('made.issued_at', '<', stale)])]))
      .$if(waiting.length > 0, (query) => query.where('procedures.case_id', 'not in', waiting))
      .orderBy('procedures.updated_at')
      .limit(BATCH)
      .execute();
    return rows.map((row) => row.case_id);
  }

  /** Made receipts of citizens who gave an email, registered lately and not emailed, whose making is long over. */
  private async unmailed(now: Date, waiting: string[]): Promise<Array<{ caseId: string; issuedAt: string }>> {
    return this.fastify.db
      .selectFrom('verifiable_documents as made')
      .innerJoin('cases', 'cases.id', 'made.case_id')
      .select(['made.case_id as caseId', 'made.issued_at as issuedAt'])
      .where('made.kind', '=', 'receipt')
      .where('made.file', 'is not', null)
      .where('cases.citizen_email', 'is not', null)
      .where('made.registered_at', '>', new Date(now.getTime() - MAIL_WITHIN_MS).toISOString())
      .where('made.issued_at', '<', this.staleBefore(now).toISOString())
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('evidence_events').select('evidence_events.seq').whereRef('evidence_events.case_id', '=', 'made.case_id').where('evidence_events.type', '=', MAILED))),
      )
      .$if(waiting.length > 0, (query) => query.where('made.case_id', 'not in', waiting))
      .orderBy('made.registered_at')
      .limit(BATCH)
      .execute();
  }

  /**
   * Claims the email of a made receipt: moves its code's time on from what this process read,
   * which one process only can do; the others see it fresh and leave it for CLAIM_MS.
   */
  private async claimMail(caseId: string, issuedAt: string, now: Date): Promise<boolean> {
    const claimed = await this.fastify.db
      .updateTable('verifiable_documents')
      .set({ issued_at: now.toISOString() })
      .where('case_id', '=', caseId)
      .where('kind', '=', 'receipt')
      .where('issued_at', '=', issuedAt)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }
}
