import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { ABANDONED_AFTER_MS, OPEN_STATES } from '../appointments/lifecycle.js';
import { fieldError } from '../cases/contact.js';
import { procedures, topics } from '../cases/subjects.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { hashToken, newToken } from '../tokens/index.js';
import type { AnswerBody, Answered, MySurvey, SurveyOutcome } from './schemas.js';
import { SCALE_RANGE, surveySettings } from '../councils/survey-settings.js';
import { SurveyStore, type Invitation } from './store.js';
import { SurveyMailer } from './mail.js';
import { languageFor } from '../councils/language.js';

const SURVEY_TTL_DAYS = 30;
/** How far back the sweep looks for ended appointments without an invitation. */
const SWEEP_LOOKBACK_MS = 7 * 86_400_000;
const SWEEP_BATCH = 100;

const surveyNotFound = () => new AppError('FIN_ERR_SURVEY_NOT_FOUND', 'There is no survey for this link');
const expired = () => new AppError('FIN_ERR_SURVEY_EXPIRED', 'This survey has closed');
const alreadyAnswered = () =>
  new AppError('FIN_ERR_SURVEY_ANSWERED', 'This survey has already been answered. Thank you for your opinion!');

export interface Issued {
  invitationId: string;
  /** The invitation's own token, for the link the desk is given; the email carries another (mail.ts). */
  token: string;
}

/**
 * How a case has ended, for its invitation; undefined while it may still go on. A callback ends
 * completed or failed (the desk says so); an appointment completed (the call), no_show (the desk)
 * or abandoned (see ABANDONED_AFTER_MS). Cancelled cases were never served: no invitation.
 */
export function endedOutcome(kind: string, state: string, slotEnd: string | null, now: Date): SurveyOutcome | undefined {
  if (state === 'completed') return 'completed';
  if (kind === 'callback') return state === 'failed' ? 'failed' : undefined;
  if (state === 'no_show' || state === 'abandoned') return state;
  const open = (OPEN_STATES as readonly string[]).includes(state);
  return open && slotEnd !== null && Date.parse(slotEnd) + ABANDONED_AFTER_MS <= now.getTime() ? 'abandoned' : undefined;
}

/**
 * Satisfaction surveys: one invitation per service event, issued when it ends whatever the
 * outcome, emailed to a citizen who has not answered it in the widget, and answered once.
 */
export class SurveyService {
  private readonly store: SurveyStore;
  private readonly mailer: SurveyMailer;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new SurveyStore(fastify.db);
    this.mailer = new SurveyMailer(fastify, this.store);
  }

  /**
   * Issues the case's invitation in the caller's transaction, with its evidence event; undefined
   * when the case has one already (the unique index lets only one of two racing issuers in).
   */
  async invite(trx: Transaction<Database>, caseId: string, outcome: SurveyOutcome, now: Date): Promise<Issued | undefined> {
    const { token, hash } = newToken();
    const invitationId = randomUUID();
    const expiresAt = new Date(now.getTime() + SURVEY_TTL_DAYS * 86_400_000).toISOString();
    if (!(await this.store.insert(trx, { id: invitationId, caseId, tokenHash: hash, expiresAt, outcome }, now))) return undefined;
    await this.fastify.evidence.append(trx, caseId, { type: 'survey.invited', actor: 'system', data: { invitation: invitationId, outcome, expiresAt } }, now);
    return { invitationId, token };
  }

  /** Issues the invitation in a transaction of its own; the sweep emails it if it is not answered in time (mail.ts). */
  async issue(caseId: string, outcome: SurveyOutcome, now: Date): Promise<Issued | undefined> {
    return this.fastify.db.transaction().execute((trx) => this.invite(trx, caseId, outcome, now));
  }

  /**
   * The invitation a token opens within the council: an invitation's own token, or the case's
   * capability token (then the case's invitation, issued now if the case has just ended and the
   * sweep has not come by yet). A token of another council's case opens nothing.
   */
  private async resolve(councilId: string, token: string, now: Date): Promise<Invitation> {
    const byInvitation = await this.store.byTokenHash(councilId, hashToken(token));
    if (byInvitation) return byInvitation;

    const caseId = (await this.fastify.tokens.resolve(token, 'callback', now)) ?? (await this.fastify.tokens.resolve(token, 'appointment', now));
    if (!caseId) throw surveyNotFound();
    const found = await this.store.ofCase(councilId, caseId);
    if (found) return found;

    const served = await this.store.caseState(councilId, caseId);
    const outcome = served && endedOutcome(served.kind, served.state, served.slotEnd, now);
    if (!outcome) throw surveyNotFound();
    await this.issue(caseId, outcome, now);
    const issued = await this.store.ofCase(councilId, caseId);
    if (!issued) throw surveyNotFound();
    return issued;
  }

  async mine(council: CouncilConfig, token: string, now: Date, language?: Language): Promise<MySurvey> {
    const invitation = await this.resolve(council.id, token, now);
    if (!invitation.answeredAt && invitation.expiresAt <= now.toISOString()) throw expired();
    const lang = languageFor(council, language, invitation.language);
    const isCallback = invitation.kind === 'callback';
    const named = isCallback
      ? topics(council, lang).find((topic) => topic.id === invitation.topic)
      : procedures(council, lang).find((procedure) => procedure.id === invitation.procedure);
    const id = isCallback ? invitation.topic : invitation.procedure;
    return {
      state: invitation.answeredAt ? 'answered' : 'open',
      ...surveySettings(council),
      channel: isCallback ? 'callback' : 'video',
      reference: invitation.reference,
      // A callback's slot may have moved on after the last call: the day of the service is the day it ended.
      serviceDate: (isCallback ? null : invitation.appointmentSlot) ?? invitation.issuedAt,
      procedure: id ? { id, name: named?.name ?? id } : null,
      expiresAt: invitation.expiresAt,
      language: invitation.language,
    };
  }

  /**
   * Stores the citizen's one answer; of two concurrent answers the second finds it answered. `recordAnswer` stores the response in the same
   * transaction, so that a retry after a crash between its commit and the response gets its
   * 201 rather than FIN_ERR_SURVEY_ANSWERED (the Idempotency-Key's record).
   */
  async answer(
    council: CouncilConfig,
    body: AnswerBody,
    now: Date,
    recordAnswer: (trx: Transaction<Database>, answer: Answered) => Promise<void> = async () => {},
  ): Promise<Answered> {
    const invitation = await this.resolve(council.id, body.token, now);
    const settings = surveySettings(council);
    const at = now.toISOString();
    if (invitation.answeredAt) throw alreadyAnswered();
    if (invitation.expiresAt <= at) throw expired();
    const { min, max } = SCALE_RANGE[settings.scale];
    if (body.rating < min || body.rating > max) {
      throw fieldError('FIN_ERR_VALIDATION', 'rating', `body.rating must be between ${min} and ${max}`);
    }
    const comment = body.comment?.trim() || null;
    if (comment !== null && comment.length > settings.commentMaxLength) {
      throw fieldError(
        'FIN_ERR_VALIDATION',
        'comment',
        settings.commentMaxLength === 0 ? 'This survey takes no comment' : `body.comment must be at most ${settings.commentMaxLength} characters`,
      );
    }
    const wouldRepeat = settings.askRepeat && body.wouldRepeat !== undefined ? body.wouldRepeat : null;
    const answered = { state: 'answered' as const, answeredAt: at };

    const won = await this.fastify.db.transaction().execute(async (trx) => {
      if (!(await this.store.answer(trx, invitation.id, { rating: body.rating, scale: settings.scale, wouldRepeat, comment }, at))) return false;
      await this.fastify.evidence.append(
        trx,
        invitation.caseId,
        // The comment stays on the invitation: the log says only that there was one.
        { type: 'survey.answered', actor: 'citizen', data: { invitation: invitation.id, rating: body.rating, scale: settings.scale, wouldRepeat, comment: comment !== null } },
        now,
      );
      await recordAnswer(trx, answered);
      return true;
    });
    if (!won) {
      throw (await this.store.answeredAt(invitation.id)) ? alreadyAnswered() : expired();
    }
    return answered;
  }

  /**
   * Issues the invitations of appointments that ended without one: completed by the call,
   * or abandoned. Callbacks and no-shows get theirs from the desk action that ends them.
   */
  async sweep(now: Date): Promise<number> {
    const since = new Date(now.getTime() - SWEEP_LOOKBACK_MS);
    const ended = await this.store.appointmentsWithoutInvitation([...OPEN_STATES, 'completed', 'no_show', 'abandoned'], since, now, SWEEP_BATCH);
    let issued = 0;
    for (const row of ended) {
      const outcome = endedOutcome(row.kind, row.state, row.slotEnd, now);
      if (outcome && (await this.issue(row.id, outcome, now))) issued++;
    }
    return issued;
  }

  /** Emails the invitations left unanswered for the council's delay; the number sent. */
  async mailDue(now: Date): Promise<number> {
    return this.mailer.sendDue(now);
  }
}
