import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

/** Evidence events that record a call attempt by an agent: starting the call, or its outcome when the agent did not press "start". */
const ATTEMPT_EVENTS = ['callback.started', 'callback.completed', 'callback.failed', 'callback.retry_scheduled'];

/** The cases created in [from, until) (ISO instants) of a council. */
export interface CaseRange {
  councilId: string;
  from: string;
  until: string;
}

/**
 * The SQL of the indicators: they read cases, the call attempts the evidence log holds and the
 * survey answers, and write nothing.
 */
export class IndicatorStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** When each of the council's cases was created, ascending. */
  async caseCreationTimes(councilId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('cases').select('created_at').where('council_id', '=', councilId).orderBy('created_at').execute();
    return rows.map((row) => row.created_at);
  }

  /** The cases of the range with what the person asked about: the callback's topic or the appointment's procedure. */
  cases(range: CaseRange) {
    return this.db
      .selectFrom('cases')
      .leftJoin('callbacks', 'callbacks.case_id', 'cases.id')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select(['cases.id', 'cases.kind', 'cases.state', 'cases.created_at as createdAt', 'cases.citizen_phone as phone', 'callbacks.topic', 'appointments.procedure'])
      .where('cases.council_id', '=', range.councilId)
      .where('cases.created_at', '>=', range.from)
      .where('cases.created_at', '<', range.until)
      .execute();
  }

  private callbackEvents(range: CaseRange) {
    return this.db
      .selectFrom('evidence_events')
      .innerJoin('cases', 'cases.id', 'evidence_events.case_id')
      .where('cases.council_id', '=', range.councilId)
      .where('cases.kind', '=', 'callback')
      .where('cases.created_at', '>=', range.from)
      .where('cases.created_at', '<', range.until);
  }

  /** The first call attempt an agent made for each callback of the range. */
  firstAttempts(range: CaseRange) {
    return this.callbackEvents(range)
      .select((eb) => ['evidence_events.case_id as caseId', eb.fn.min('evidence_events.at').as('first')])
      .where('evidence_events.type', 'in', ATTEMPT_EVENTS)
      .where('evidence_events.actor', 'like', 'agent:%')
      .groupBy('evidence_events.case_id')
      .execute();
  }

  /** The failed calls of the range's callbacks, each with its event's data (the outcome). */
  failures(range: CaseRange) {
    return this.callbackEvents(range)
      .select(['evidence_events.case_id as caseId', 'evidence_events.data'])
      .where('evidence_events.type', '=', 'callback.failed')
      .execute();
  }

  /** The survey answers of the range's cases. */
  answers(range: CaseRange) {
    return this.db
      .selectFrom('survey_invitations')
      .innerJoin('cases', 'cases.id', 'survey_invitations.case_id')
      .select(['survey_invitations.case_id as caseId', 'survey_invitations.rating', 'survey_invitations.scale', 'survey_invitations.would_repeat as wouldRepeat'])
      .where('cases.council_id', '=', range.councilId)
      .where('cases.created_at', '>=', range.from)
      .where('cases.created_at', '<', range.until)
      .where('survey_invitations.answered_at', 'is not', null)
      .execute();
  }
}
