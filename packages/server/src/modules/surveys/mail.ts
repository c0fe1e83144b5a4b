import type { FastifyInstance } from 'fastify';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { composeMail } from '../mail/compose.js';
import { newToken } from '../tokens/index.js';
import type { SurveyOutcome } from './schemas.js';
import type { SurveyStore } from './store.js';
import { SURVEY_TEXTS } from './texts.js';

/** What a council leaves to the default: half an hour to answer in the widget before the email. */
const DEFAULT_EMAIL_DELAY_MINUTES = 30;
const MAIL_BATCH = 100;

export const surveyUrl = (base: string, councilId: string, token: string) =>
  `${base}/survey?${new URLSearchParams({ council: councilId, token })}`;

/** How long a citizen has to answer the survey the widget shows before it is emailed to them. */
export const emailDelayMs = (council: CouncilConfig) => (council.survey?.emailDelayMinutes ?? DEFAULT_EMAIL_DELAY_MINUTES) * 60_000;

interface Due {
  id: string;
  caseId: string;
  outcome: string;
  expiresAt: string;
  issuedAt: string;
}

/**
 * The survey's email. The widget asks at once when the service ends, so the email goes only to
 * citizens who have not answered within the council's delay: each sweep claims the invitations
 * due (a conditional update only one process wins, which an answer given meanwhile also
 * prevents), then sends each with a link of its own and logs it in the case's evidence.
 */
export class SurveyMailer {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly store: SurveyStore,
  ) {}

  /** Emails every invitation due at `now`; the number sent. */
  async sendDue(now: Date): Promise<number> {
    let sent = 0;
    for (const councilId of await this.store.councilsAwaitingMail(now)) {
      const council = await this.fastify.councils.get(councilId);
      if (!council) continue;
      const due = await this.store.dueMail(council.id, new Date(now.getTime() - emailDelayMs(council)), now, MAIL_BATCH);
      for (const invitation of due) if (await this.send(council, invitation, now)) sent++;
    }
    return sent;
  }

  private async send(council: CouncilConfig, invitation: Due, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const { token, hash } = newToken();
    if (!(await this.store.claimMail(invitation.id, hash, at))) return false;
    try {
      const row = await this.store.recipient(invitation.caseId);
      if (!row?.email) return false;
      const language = row.language as Language;
      const t = SURVEY_TEXTS[language];
      const date = (iso: string) => new Intl.DateTimeFormat(language, { timeZone: council.timeZone, dateStyle: 'long' }).format(new Date(iso));
      const { text, html } = composeMail(language, [
        { paragraph: t.greeting(row.name) },
        { paragraph: `${t.intro[invitation.outcome as SurveyOutcome]} ${t.ask}` },
        // A callback's slot may have moved on after the last call: the day of the service is the day it ended.
        { facts: [[t.referenceLabel, row.reference], [t.dateLabel, date(row.appointmentSlot ?? invitation.issuedAt)]] },
        { link: { intro: t.linkIntro, label: t.linkLabel, url: surveyUrl(this.fastify.config.linkBase, council.id, token) } },
        { paragraph: t.expires(date(invitation.expiresAt)) },
        { paragraph: t.signature(council.name) },
      ]);
      await this.fastify.mail.send({ council, about: { subject: 'survey-invitation', caseId: invitation.caseId }, to: row.email, subject: t.subject(row.reference), text, html });
    } catch (error) {
      this.fastify.log.error({ err: error, caseId: invitation.caseId }, 'could not send the survey invitation; it will be retried');
      await this.store.releaseMail(invitation.id, at);
      return false;
    }
    // Should this fail, the claim stands: a lost line in the log, never a second email.
    await this.fastify.db.transaction().execute((trx) =>
      this.fastify.evidence.append(trx, invitation.caseId, { type: 'survey.mailed', actor: 'system', data: { invitation: invitation.id } }, now),
    );
    return true;
  }
}
