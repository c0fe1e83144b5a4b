import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccessibilityReportsTable } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { addDays, isoWeekday, toZoned } from '../../shared/time.js';
import type { Agent } from '../agents/store.js';
import { EMAIL_PATTERN, fieldError } from '../cases/contact.js';
import { holidaysBetween, instant } from '../councils/calendar.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { composeMail } from '../mail/compose.js';
import type { DeskReport, FeedbackBody, Received } from './schemas.js';
import { AccessibilityStore } from './store.js';
import { FEEDBACK_MAIL_TEXTS } from './texts.js';

/** RD 1112/2018 art. 12: the council answers a complaint or a request within 20 working days. */
const ANSWER_WORKING_DAYS = 20;

/**
 * The end of the 20th working day after `now` in the council's calendar: weekends and its
 * holidays do not count (Ley 39/2015 art. 30.2), and the day of receipt is not the first.
 */
export function answerBy(council: CouncilConfig, now: Date): Date {
  const today = toZoned(now, council.timeZone).date;
  // Twenty working days fit in six weeks even around Christmas and Easter.
  const closed = new Set(holidaysBetween(council, today, addDays(today, 60), council.defaultLanguage).map((holiday) => holiday.date));
  let day = today;
  for (let counted = 0; counted < ANSWER_WORKING_DAYS; ) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5 && !closed.has(day)) counted++;
  }
  return new Date(instant(day, '24:00', council.timeZone) - 1);
}

export type FeedbackField = 'message' | 'pageUrl' | 'email';

const PROBLEMS: Record<FeedbackField, () => AppError> = {
  message: () => fieldError('FIN_ERR_VALIDATION', 'message', 'body.message is required'),
  pageUrl: () => fieldError('FIN_ERR_VALIDATION', 'pageUrl', 'body.pageUrl must be an http or https address'),
  email: () => fieldError('FIN_ERR_EMAIL_INVALID', 'email', 'The email address is not valid'),
};

/** The fields of a report that are wrong, in the form's order: a form shows them all at once, the API names the first. */
export function feedbackProblems(input: Pick<FeedbackBody, 'message' | 'pageUrl' | 'email'>): FeedbackField[] {
  const email = input.email?.trim();
  const pageUrl = input.pageUrl?.trim();
  return [
    !input.message.trim() && ('message' as const),
    pageUrl && !/^https?:\/\/\S+$/.test(pageUrl) && ('pageUrl' as const),
    email && !EMAIL_PATTERN.test(email) && ('email' as const),
  ].filter((field): field is FeedbackField => Boolean(field));
}

const referenceOf = (id: string) => `AC-${id.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

export interface Submission extends FeedbackBody {
  /** The form's or the request's key: a submission repeated with it is stored once. */
  key: string;
}

/** Accessibility feedback: what people report from the statement, the desk's list, the acknowledgement. */
export class AccessibilityService {
  private readonly store: AccessibilityStore;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new AccessibilityStore(fastify.db);
  }

  /** Stores a report and, the first time and if they gave an address, emails the person a receipt. */
  async submit(council: CouncilConfig, input: Submission, now: Date): Promise<Received & { emailed: boolean }> {
    const [problem] = feedbackProblems(input);
    if (problem) throw PROBLEMS[problem]();
    const message = input.message.trim();
    const email = input.email?.trim() || null;
    const pageUrl = input.pageUrl?.trim() || null;
    const language: Language = input.language && council.languages.includes(input.language) ? input.language : council.defaultLanguage;

    const { row, created } = await this.store.insert({
      id: randomUUID(),
      council_id: council.id,
      submission_key: input.key,
      page_url: pageUrl,
      message,
      name: input.name?.trim() || null,
      email,
      language,
      state: 'new',
      received_at: now.toISOString(),
      answer_by: answerBy(council, now).toISOString(),
      acknowledged_at: null,
      acknowledged_by: null,
    });
    const received = { reference: referenceOf(row.id), receivedAt: row.received_at, answerBy: row.answer_by };
    if (created && row.email) await this.acknowledge(council, row, received);
    return { ...received, emailed: row.email !== null };
  }

  /** Best effort: the report stands without the receipt, and the desk sees it either way. */
  private async acknowledge(council: CouncilConfig, row: AccessibilityReportsTable, received: Received): Promise<void> {
    try {
      const t = FEEDBACK_MAIL_TEXTS[row.language];
      const date = new Intl.DateTimeFormat(row.language, { timeZone: council.timeZone, dateStyle: 'long' }).format(new Date(received.answerBy));
      const { text, html } = composeMail(row.language, [
        { paragraph: t.greeting(row.name) },
        { paragraph: t.received },
        { facts: [[t.referenceLabel, received.reference], [t.answerByLabel, date]] },
        { paragraph: t.deadline },
        { paragraph: t.enforcement },
        { paragraph: t.signature(council.name) },
      ]);
      await this.fastify.mail.send({ council, about: { subject: 'accessibility-acknowledgement', ref: row.id }, to: row.email!, subject: t.subject(received.reference), text, html });
    } catch (error) {
      this.fastify.log.error({ err: error, report: row.id }, 'could not acknowledge an accessibility report');
    }
  }

  councils() {
    return this.store.councils();
  }

  async list(council: CouncilConfig, state?: AccessibilityReportsTable['state']): Promise<DeskReport[]> {
    return (await this.store.list(council.id, state)).map(toDesk);
  }

  /** The agent has taken the report in hand; another council's report is not found. */
  async markAcknowledged(agent: Agent, council: CouncilConfig, id: string, now: Date): Promise<DeskReport> {
    if (!(await this.store.get(council.id, id))) throw new AppError('FIN_ERR_NOT_FOUND', 'There is no such accessibility report');
    await this.store.acknowledge(council.id, id, agent.id, now.toISOString());
    return toDesk((await this.store.get(council.id, id))!);
  }
}

function toDesk(row: AccessibilityReportsTable & { agentName: string | null }): DeskReport {
  return {
    id: row.id,
    reference: referenceOf(row.id),
    state: row.state,
    message: row.message,
    pageUrl: row.page_url,
    name: row.name,
    email: row.email,
    language: row.language,
    receivedAt: row.received_at,
    answerBy: row.answer_by,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.agentName,
  };
}
