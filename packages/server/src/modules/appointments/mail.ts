import type { FastifyInstance } from 'fastify';
import type { ReminderKind } from '../../db/schema.js';
import { procedureOf } from '../cases/subjects.js';
import type { CouncilConfig } from '../councils/schemas.js';
import { confirmationBlock, type PendingConfirmation } from '../flood/confirmation.js';
import { composeMail, formatWindow, type MailBlock } from '../mail/compose.js';
import { calendarToken } from '../tokens/index.js';
import { appointmentCalendar } from './ics.js';
import type { AppointmentRow, AppointmentStore } from './store.js';
import { APPOINTMENT_TEXTS } from './texts.js';

/**
 * The citizen's personal link: the council's own page with the element, or this server's
 * `/cita`, with the case token in the query (never in the path, which logs keep).
 */
export function appointmentUrl(council: CouncilConfig, base: string, token: string): string {
  const url = new URL(council.appointmentPageUrl ?? `${base}/cita`);
  if (!council.appointmentPageUrl) url.searchParams.set('council', council.id);
  url.searchParams.set('token', token);
  return url.toString();
}

export const calendarUrl = (council: CouncilConfig, base: string, token: string) =>
  `${base}/api/councils/${council.id}/appointments/mine/calendar.ics?${new URLSearchParams({ token })}`;

/** The emails of appointments (confirmation, change, cancellation, reminders) and their calendar files. */
export class AppointmentMail {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly store: AppointmentStore,
  ) {}

  /** How long a personal link stays valid: until some days after the appointment's end. */
  linkExpiry(end: Date): Date {
    return new Date(end.getTime() + this.fastify.config.appointments.linkGraceDays * 86_400_000);
  }

  private url(council: CouncilConfig, token: string): string {
    return appointmentUrl(council, this.fastify.config.linkBase, token);
  }

  /** The appointment as a calendar file; cancelled ones as a CANCEL. */
  ics(council: CouncilConfig, row: AppointmentRow, url: string | null): string {
    return appointmentCalendar(
      council,
      {
        caseId: row.id,
        reference: row.reference,
        procedureName: procedureOf(council, row.procedure, row.language).name,
        start: new Date(row.slotStart),
        end: new Date(row.slotEnd),
        sequence: row.sequence,
        language: row.language,
        citizen: { name: row.name, email: row.email },
        appointmentUrl: url,
      },
      this.fastify.config.mail.from,
      row.state === 'cancelled' ? 'CANCEL' : 'PUBLISH',
    );
  }

  /** The blocks every appointment email shares: the facts, what to prepare, how the call works. */
  private blocks(council: CouncilConfig, row: AppointmentRow, url: string | null): MailBlock[] {
    const t = APPOINTMENT_TEXTS[row.language];
    const procedure = procedureOf(council, row.procedure, row.language);
    const when = formatWindow(new Date(row.slotStart), new Date(row.slotEnd), row.language, council.timeZone);
    const blocks: MailBlock[] = [{ facts: [[t.referenceLabel, row.reference], [t.whenLabel, when], [t.procedureLabel, procedure.name]] }];
    if (!url) return blocks;
    if (procedure.documents.length > 0) blocks.push({ heading: t.prepareHeading }, { list: procedure.documents.map((document) => document.name) });
    blocks.push({ heading: t.howHeading }, { list: t.howSteps }, { link: { intro: t.linkIntro, label: t.linkLabel, url } });
    return blocks;
  }

  /**
   * The email of a change, in the citizen's language, with the calendar file that updates
   * their calendar. Best effort: the change stands without it, and the widget shows it too.
   */
  async notify(
    council: CouncilConfig,
    row: AppointmentRow,
    kind: 'confirmed' | 'rescheduled' | 'cancelled',
    token?: string,
    confirmation?: PendingConfirmation,
  ): Promise<void> {
    const t = APPOINTMENT_TEXTS[row.language];
    const url = token ? this.url(council, token) : null;
    const subject = { confirmed: t.confirmedSubject, rescheduled: t.rescheduledSubject, cancelled: t.cancelledSubject }[kind](row.reference);
    const intro = { confirmed: t.confirmedIntro(council.name), rescheduled: t.rescheduledIntro, cancelled: t.cancelledIntro }[kind];
    const { text, html } = composeMail(row.language, [
      { paragraph: t.greeting(row.name) },
      { paragraph: intro },
      ...(confirmation ? [confirmationBlock(row.language, confirmation)] : []),
      ...this.blocks(council, row, url),
      { paragraph: kind === 'cancelled' ? t.bookAgain : t.calendarAttached },
      { paragraph: t.signature(council.name) },
    ]);
    try {
      // The attachment ends up in calendar services: its link is the calendar's, the email's the personal one.
      const ics = this.ics(council, row, token ? this.url(council, calendarToken(token)) : null);
      await this.fastify.mail.send({
        council,
        about: { subject: `appointment-${kind}`, caseId: row.id },
        to: row.email,
        subject,
        text,
        html,
        attachments: [{ filename: `${row.reference}.ics`, content: ics, contentType: `text/calendar; charset=utf-8; method=${kind === 'cancelled' ? 'CANCEL' : 'PUBLISH'}` }],
      });
    } catch (error) {
      this.fastify.log.error({ err: error }, `could not send the appointment ${kind} email`);
    }
  }

  /**
   * Sends one reminder; throws when the mail cannot be sent, so the scheduler retries it. The
   * link gets a fresh token, because only hashes of the earlier ones are kept.
   */
  async sendReminder(caseId: string, kind: ReminderKind, now: Date): Promise<boolean> {
    const row = await this.store.find(caseId);
    if (!row || row.state !== 'booked') return false;
    const council = await this.fastify.councils.get(row.councilId);
    if (!council) return false;
    const token = await this.fastify.db.transaction().execute((trx) =>
      this.fastify.tokens.issue(trx, { caseId, purpose: 'appointment', expiresAt: this.linkExpiry(new Date(row.slotEnd)), now }),
    );
    const t = APPOINTMENT_TEXTS[row.language];
    const { text, html } = composeMail(row.language, [
      { paragraph: t.greeting(row.name) },
      { paragraph: kind === '24h' ? t.reminder24hIntro : t.reminder1hIntro },
      ...this.blocks(council, row, this.url(council, token)),
      { paragraph: t.signature(council.name) },
    ]);
    const subject = (kind === '24h' ? t.reminder24hSubject : t.reminder1hSubject)(row.reference);
    await this.fastify.mail.send({ council, about: { subject: `reminder-${kind}`, caseId }, to: row.email, subject, text, html });
    return true;
  }
}
