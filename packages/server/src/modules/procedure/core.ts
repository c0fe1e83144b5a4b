import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { retryStale, StaleWrite } from '../cases/store.js';
import type { Actor, EvidenceInput } from '../evidence/log.js';
import { emptyAgreement, type AgreementRecord } from './agreement/record.js';
import { emptyApplication, type ApplicationRecord } from './application/record.js';
import { emptyIdentity, type IdentityRecord } from './identity/record.js';
import { STEPS, type RecordingPosition, type StepId, type StepState } from './schemas.js';

/** What a procedure's case is: an appointment of a council, with what the citizen booked with. */
export interface ProcedureCase {
  id: string;
  councilId: string;
  state: string;
  language: string;
  procedure: string;
  citizenName: string;
  /** E.164. */
  citizenPhone: string;
  citizenEmail: string | null;
  idDocument: string | null;
}

/** A procedure as stored: the steps, and each step's own record (owned by its module). */
export interface ProcedureRecord {
  revision: number;
  current: StepId;
  steps: Record<StepId, StepState>;
  identity: IdentityRecord;
  application: ApplicationRecord;
  agreement: AgreementRecord;
}

/** What a change of the procedure records: its evidence events, and what it answers. */
export interface Change<T> {
  events: Array<Omit<EvidenceInput, 'actor'> & { actor?: Actor }>;
  result?: T;
}

export function newProcedure(): ProcedureRecord {
  const steps = Object.fromEntries(STEPS.map((step) => [step, 'pending'])) as Record<StepId, StepState>;
  steps.identity = 'current';
  return { revision: 0, current: 'identity', steps, identity: emptyIdentity(), application: emptyApplication(), agreement: emptyAgreement() };
}

/**
 * The procedure done inside a video call: read, and changed in one transaction with the evidence
 * events that record each change, each carrying where it happened in the call's recording. After
 * a change both sides of the call are told (`procedureChanged`) and read their view again.
 */
export class ProcedureCore {
  constructor(private readonly fastify: FastifyInstance) {}

  async findCase(caseId: string): Promise<ProcedureCase | undefined> {
    const row = await this.fastify.db
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        'cases.id',
        'cases.council_id as councilId',
        'cases.state',
        'cases.language',
        'cases.citizen_name as citizenName',
        'cases.citizen_phone as citizenPhone',
        'cases.citizen_email as citizenEmail',
        'appointments.procedure',
        'appointments.id_document as idDocument',
      ])
      .where('cases.id', '=', caseId)
      .executeTakeFirst();
    return row;
  }

  /** An appointment of the agent's council, or 404. */
  async deskCase(councilId: string, caseId: string): Promise<ProcedureCase> {
    const found = await this.findCase(caseId);
    if (!found || found.councilId !== councilId) throw new AppError('FIN_ERR_APPOINTMENT_NOT_FOUND');
    return found;
  }

  async read(caseId: string, db: Transaction<Database> | FastifyInstance['db'] = this.fastify.db): Promise<ProcedureRecord> {
    const row = await db.selectFrom('procedures').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    if (!row) return newProcedure();
    return {
      revision: row.revision,
      current: row.current_step as StepId,
      steps: JSON.parse(row.steps) as ProcedureRecord['steps'],
      identity: { ...emptyIdentity(), ...(JSON.parse(row.identity) as Partial<IdentityRecord>) },
      application: { ...emptyApplication(), ...(JSON.parse(row.application) as Partial<ApplicationRecord>) },
      agreement: { ...emptyAgreement(), ...(JSON.parse(row.agreement) as Partial<AgreementRecord>) },
    };
  }

  /** Where the call's recording is now, in whichever process the call runs; null while nothing is recorded. */
  position(caseId: string, trx?: Transaction<Database>): Promise<RecordingPosition | null> {
    return this.fastify.calls.position(caseId, trx);
  }

  /**
   * Changes the procedure while its call is open: `change` edits the record it is given and says
   * what happened; the record and the events are written together, or neither is. A change that
   * raced another is made again on the new record. Signed procedures change no more.
   */
  async write<T>(
    found: ProcedureCase,
    actor: Actor,
    change: (record: ProcedureRecord, trx: Transaction<Database>) => Promise<Change<T>> | Change<T>,
  ): Promise<{ record: ProcedureRecord; result: T | undefined }> {
    if (found.state !== 'in_call') throw new AppError('FIN_ERR_PROCEDURE_NOT_OPEN');
    const outcome = await retryStale(() =>
      this.fastify.db.transaction().execute(async (trx) => {
        const record = await this.read(found.id, trx);
        if (record.agreement.signature) throw new AppError('FIN_ERR_PROCEDURE_CLOSED');
        const before = record.revision;
        const { events, result } = await change(record, trx);
        if (events.length === 0) return { record, result };
        record.revision = before + 1;
        await this.save(trx, found.id, record, before);
        const now = this.fastify.now();
        const recording = await this.position(found.id, trx);
        for (const event of events) {
          await this.fastify.evidence.append(trx, found.id, { type: event.type, actor: event.actor ?? actor, data: { ...event.data, recording } }, now);
        }
        return { record, result };
      }),
    );
    await this.fastify.calls.notify(found.id, 'procedureChanged', { revision: outcome.record.revision });
    return outcome;
  }

  /** Writes the record if nobody changed it since `before`; otherwise the change starts over. */
  private async save(trx: Transaction<Database>, caseId: string, record: ProcedureRecord, before: number): Promise<void> {
    const values = {
      revision: record.revision,
      current_step: record.current,
      steps: JSON.stringify(record.steps),
      identity: JSON.stringify(record.identity),
      application: JSON.stringify(record.application),
      agreement: JSON.stringify(record.agreement),
      updated_at: this.fastify.now().toISOString(),
    };
    if (before === 0) {
      const inserted = await trx
        .insertInto('procedures')
        .values({ case_id: caseId, ...values })
        .onConflict((conflict) => conflict.column('case_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows) !== 1) throw new StaleWrite();
      return;
    }
    const updated = await trx.updateTable('procedures').set(values).where('case_id', '=', caseId).where('revision', '=', before).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new StaleWrite();
  }
}

/** Steps the agent completes by going on from them: checking the documents is done in their own view. */
const DONE_BY_GOING_ON: readonly StepId[] = ['documents'];

/**
 * Makes `step` the current one: forward only once every step before it is done, back to redo any
 * step (which voids an agreement given or asked for, so that it is asked again). Returns the
 * events it records.
 */
export function goTo(record: ProcedureRecord, step: StepId): Change<never>['events'] {
  const target = STEPS.indexOf(step);
  const from = record.current;
  if (step === from) return [];
  const finished = (before: StepId) => record.steps[before] === 'done' || (before === from && DONE_BY_GOING_ON.includes(before));
  const unfinished = STEPS.slice(0, target).find((before) => !finished(before));
  if (unfinished) throw new AppError('FIN_ERR_PROCEDURE_STEP_ORDER', `Finish the step "${unfinished}" first`);
  const events: Change<never>['events'] = [];
  if (record.steps[from] === 'current') record.steps[from] = STEPS.indexOf(from) < target ? 'done' : 'pending';
  record.steps[step] = 'current';
  record.current = step;
  events.push({ type: 'procedure.step', data: { from, to: step } });
  if (target < STEPS.indexOf('agreement')) events.push(...voidAgreement(record, `step ${step} redone`));
  return events;
}

/** Voids an agreement given or asked for, when what it was about changes; the citizen is asked again. */
export function voidAgreement(record: ProcedureRecord, cause: string): Change<never>['events'] {
  const { agreement } = record;
  if (agreement.state !== 'presented' && agreement.state !== 'agreed') return [];
  const previous = agreement.state;
  record.agreement = { ...emptyAgreement(), state: 'void', voided: { documentId: agreement.documentId, sha256: agreement.sha256, cause } };
  if (record.steps.agreement === 'done') record.steps.agreement = 'pending';
  return [{ type: 'agreement.voided', data: { documentId: agreement.documentId, sha256: agreement.sha256, previous, cause } }];
}
