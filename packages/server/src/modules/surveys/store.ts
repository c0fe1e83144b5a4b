import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Language, SurveyScale } from '../councils/schemas.js';
import type { SurveyOutcome } from './schemas.js';

/** An invitation with what its page and its email say about the case it is about. */
export interface Invitation {
  id: string;
  caseId: string;
  expiresAt: string;
  answeredAt: string | null;
  kind: 'callback' | 'appointment';
  reference: string;
  language: Language;
  topic: string | null;
  procedure: string | null;
  /** When the invitation was issued: for a callback, when its last call ended. */
  issuedAt: string;
  appointmentSlot: string | null;
}

/** The SQL of satisfaction surveys: invitations, answers and the cases they are about. */
export class SurveyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the case's invitation; false when the case has one already (its unique index). */
  async insert(trx: Transaction<Database>, invitation: { id: string; caseId: string; tokenHash: string; expiresAt: string; outcome: SurveyOutcome }, now: Date): Promise<boolean> {
    const inserted = await trx
      .insertInto('survey_invitations')
      .values({
        id: invitation.id,
        case_id: invitation.caseId,
        token_hash: invitation.tokenHash,
        expires_at: invitation.expiresAt,
        created_at: now.toISOString(),
        answered_at: null,
        outcome: invitation.outcome,
        rating: null,
        scale: null,
        would_repeat: null,
        comment: null,
        mailed_at: null,
        mail_token_hash: null,
      })
      .onConflict((conflict) => conflict.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows) === 1;
  }

  /** Who the invitation's email goes to, and the date of the service. */
  async recipient(caseId: string) {
    return this.db
      .selectFrom('cases')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        'cases.council_id as councilId',
        'cases.reference',
        'cases.language',
        'cases.citizen_name as name',
        'cases.citizen_email as email',
        'appointments.slot_start as appointmentSlot',
      ])
      .where('cases.id', '=', caseId)
      .executeTakeFirst();
  }

  private invitations() {
    return this.db
      .selectFrom('survey_invitations')
      .innerJoin('cases', 'cases.id', 'survey_invitations.case_id')
      .leftJoin('callbacks', 'callbacks.case_id', 'cases.id')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        'survey_invitations.id',
        'survey_invitations.case_id as caseId',
        'survey_invitations.expires_at as expiresAt',
        'survey_invitations.answered_at as answeredAt',
        'cases.kind',
        'cases.reference',
        'cases.language',
        'callbacks.topic',
        'appointments.procedure',
        'survey_invitations.created_at as issuedAt',
        'appointments.slot_start as appointmentSlot',
      ]);
  }

  /** The council's invitation whose own token, or its email's, hashes to `tokenHash`. */
  async byTokenHash(councilId: string, tokenHash: string): Promise<Invitation | undefined> {
    return (await this.invitations()
      .where((eb) => eb.or([eb('survey_invitations.token_hash', '=', tokenHash), eb('survey_invitations.mail_token_hash', '=', tokenHash)]))
      .where('cases.council_id', '=', councilId)
      .executeTakeFirst()) as Invitation | undefined;
  }

  /** The latest invitation of one of the council's cases. */
  async ofCase(councilId: string, caseId: string): Promise<Invitation | undefined> {
    return (await this.invitations()
      .where('cases.id', '=', caseId)
      .where('cases.council_id', '=', councilId)
      .orderBy('survey_invitations.created_at', 'desc')
      .executeTakeFirst()) as Invitation | undefined;
  }

  /** Where one of the council's cases stands, to tell whether it has ended. */
  async caseState(councilId: string, caseId: string) {
    return this.db
      .selectFrom('cases')
      .leftJoin('appointments', 'appointments.case_id', 'cases.id')
      .select(['cases.kind', 'cases.state', 'appointments.slot_end as slotEnd'])
      .where('cases.id', '=', caseId)
      .where('cases.council_id', '=', councilId)
      .executeTakeFirst();
  }

  /**
   * Stores an answer. The update only matches an unanswered, unexpired invitation, so of two
   * concurrent answers exactly one changes the row; false for the other.
   */
  async answer(
    trx: Transaction<Database>,
    invitationId: string,
    answer: { rating: number; scale: SurveyScale; wouldRepeat: boolean | null; comment: string | null },
    at: string,
  ): Promise<boolean> {
    const updated = await trx
      .updateTable('survey_invitations')
      .set({ answered_at: at, rating: answer.rating, scale: answer.scale, would_repeat: answer.wouldRepeat === null ? null : Number(answer.wouldRepeat), comment: answer.comment })
      .where('id', '=', invitationId)
      .where('answered_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async answeredAt(invitationId: string): Promise<string | null> {
    return (await this.db.selectFrom('survey_invitations').select('answered_at').where('id', '=', invitationId).executeTakeFirstOrThrow()).answered_at;
  }

  /** Appointments in `states` that started by `now`, ended after `since`, and have no invitation yet. */
  async appointmentsWithoutInvitation(states: readonly string[], since: Date, now: Date, limit: number) {
    return this.db
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .leftJoin('survey_invitations', 'survey_invitations.case_id', 'cases.id')
      .select(['cases.id', 'cases.kind', 'cases.state', 'appointments.slot_end as slotEnd'])
      .where('survey_invitations.id', 'is', null)
      .where('cases.state', 'in', [...states])
      .where('appointments.slot_start', '<=', now.toISOString())
      .where('appointments.slot_end', '>', since.toISOString())
      .orderBy('appointments.slot_start')
      .limit(limit)
      .execute();
  }

  /** The councils with invitations still unanswered and not yet emailed to a citizen who gave an email. */
  async councilsAwaitingMail(now: Date): Promise<string[]> {
    const rows = await this.awaitingMail(now).select('cases.council_id as councilId').distinct().execute();
    return rows.map((row) => row.councilId);
  }

  /** The council's invitations awaiting their email that were issued by `issuedBy`, oldest first. */
  async dueMail(councilId: string, issuedBy: Date, now: Date, limit: number) {
    return this.awaitingMail(now)
      .select(['survey_invitations.id', 'survey_invitations.case_id as caseId', 'survey_invitations.outcome', 'survey_invitations.expires_at as expiresAt', 'survey_invitations.created_at as issuedAt'])
      .where('cases.council_id', '=', councilId)
      .where('survey_invitations.created_at', '<=', issuedBy.toISOString())
      .orderBy('survey_invitations.created_at')
      .limit(limit)
      .execute();
  }

  private awaitingMail(now: Date) {
    return this.db
      .selectFrom('survey_invitations')
      .innerJoin('cases', 'cases.id', 'survey_invitations.case_id')
      .where('survey_invitations.mailed_at', 'is', null)
      .where('survey_invitations.answered_at', 'is', null)
      .where('survey_invitations.expires_at', '>', now.toISOString())
      .where('cases.citizen_email', 'is not', null);
  }

  /**
   * Claims the invitation's email with the token its link will carry. Only an unanswered,
   * unclaimed invitation matches, so of two processes one wins, and an answer given meanwhile wins over both.
   */
  async claimMail(invitationId: string, mailTokenHash: string, at: string): Promise<boolean> {
    const updated = await this.db
      .updateTable('survey_invitations')
      .set({ mailed_at: at, mail_token_hash: mailTokenHash })
      .where('id', '=', invitationId)
      .where('mailed_at', 'is', null)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Gives back a claim whose email could not be sent, for a later sweep to try again. */
  async releaseMail(invitationId: string, at: string): Promise<void> {
    await this.db.updateTable('survey_invitations').set({ mailed_at: null, mail_token_hash: null }).where('id', '=', invitationId).where('mailed_at', '=', at).execute();
  }
}
