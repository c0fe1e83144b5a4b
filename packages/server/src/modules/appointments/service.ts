import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { lockCase, type Database } from '../../db/index.js';
import type { ReminderKind } from '../../db/schema.js';
import { AppError, changedMeanwhile } from '../../shared/errors.js';
import { normaliseIdDocument } from '../../shared/id-document.js';
import { addDays, fromZoned, toZoned } from '../../shared/time.js';
import type { Agent } from '../agents/store.js';
import { enforcePhoneLimit, fieldError, tokenInvalid, validateContact } from '../cases/contact.js';
import { CASE_COLUMNS, insertCase, withNewReference } from '../cases/store.js';
import { localize } from '../councils/calendar.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { Actor, EvidenceInput } from '../evidence/log.js';
import { composeMail, formatWindow, type MailBlock } from '../mail/compose.js';
import { partiesOf } from '../calls/views.js';
import { confirmationBlock, type PendingConfirmation } from '../flood/confirmation.js';
import { announceToDesks } from '../notifications/desk-events.js';
import { slotSettings, slotsNeeded } from '../slots/engine.js';
import { calendarToken } from '../tokens/index.js';
import { appointmentCalendar } from './ics.js';
import type {
  AppointmentCreated,
  AppointmentRequest,
  AppointmentState,
  DeskAppointment,
  DeskQuery,
  MyAppointment,
  Procedure,
} from './schemas.js';
import { APPOINTMENT_TEXTS } from './texts.js';

/** The waiting room opens this long before the start. */
const JOIN_OPENS_MINUTES = 10;
/** The widest range the desk's "upcoming" view asks for at once. */
const MAX_RANGE_DAYS = 31;
const ALTERNATIVES = 3;
const WRITE_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;

/**
 * The reminders of every appointment: when each is due, and until when it is still worth
 * sending (the day-before one is pointless once the hour-before one is due).
 */
const REMINDERS: ReadonlyArray<{ kind: ReminderKind; dueBeforeMs: number; staleBeforeMs: number }> = [
  { kind: '24h', dueBeforeMs: 24 * HOUR_MS, staleBeforeMs: HOUR_MS },
  { kind: '1h', dueBeforeMs: HOUR_MS, staleBeforeMs: 0 },
];

type Row = {
  id: string;
  councilId: string;
  reference: string;
  state: AppointmentState;
  language: Language;
  name: string;
  phone: string;
  email: string;
  createdAt: string;
  procedure: string;
  idDocument: string | null;
  slotStart: string;
  slotEnd: string;
  slotStarts: string;
  sequence: number;
  version: number;
};

interface Change {
  state: AppointmentState;
  event: EvidenceInput;
  slot?: { start: Date; end: Date; starts: Date[] };
}

/** Thrown inside a transaction to roll it back when one of the slots it needs is full. */
class SlotFull extends Error {}
/** Thrown inside a write transaction whose row changed since it was read, to roll back and start over. */
class StaleWrite extends Error {}

const notFound = () => new AppError(404, 'FIN_ERR_APPOINTMENT_NOT_FOUND', 'Appointment not found');
const notChangeable = () => new AppError(409, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE', 'This appointment can no longer be changed');
const notOpen = () => new AppError(409, 'FIN_ERR_APPOINTMENT_NOT_OPEN', 'The video call of this appointment is not open now');
const calendarOnly = () =>
  new AppError(403, 'FIN_ERR_TOKEN_FORBIDDEN', "A calendar's link only opens the appointment and its call; use the personal link from the email to change it");

/** What a link opens: the personal link everything, a calendar's link the page and the call only. */
type LinkAccess = 'full' | 'calendar';
const windowOf = (slot: { start: Date | string; end: Date | string }) => ({
  start: new Date(slot.start).toISOString(),
  end: new Date(slot.end).toISOString(),
});

/** The council if it offers video appointments, or 404. */
export function offeringAppointments(council: CouncilConfig): CouncilConfig {
  if (!council.services.includes('video-appointment')) {
    throw new AppError(404, 'FIN_ERR_SERVICE_UNAVAILABLE', 'This council does not offer video appointments');
  }
  return council;
}

/** The council's procedures with their names in `language`. */
export function procedures(council: CouncilConfig, language: Language): Procedure[] {
  const text = (value: Parameters<typeof localize>[0]) => localize(value, language, council.defaultLanguage);
  return council.procedures.map((procedure) => ({
    id: procedure.id,
    name: text(procedure.name),
    durationMinutes: procedure.durationMinutes,
    documents: procedure.documents.map((document) => ({ id: document.id, name: text(document.name) })),
  }));
}

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

/**
 * Video appointments: booking by citizens, their personal link (see, reschedule, cancel, check
 * in), the desk's agenda, confirmation emails with a calendar file, and the reminders' rows.
 * Every change is one transaction that also appends its evidence event, and is announced to
 * the council's desks once committed.
 */
export class AppointmentService {
  constructor(private readonly fastify: FastifyInstance) {}

  private get db() {
    return this.fastify.db;
  }

  /** `executor` is the transaction when inside one: on SQLite a query outside it would wait for it forever. */
  private rows(executor: Kysely<Database> = this.db) {
    return executor
      .selectFrom('cases')
      .innerJoin('appointments', 'appointments.case_id', 'cases.id')
      .select([
        ...CASE_COLUMNS,
        'appointments.procedure',
        'appointments.id_document as idDocument',
        'appointments.slot_start as slotStart',
        'appointments.slot_end as slotEnd',
        'appointments.slot_starts as slotStarts',
        'appointments.sequence',
        'appointments.version',
      ])
      .where('cases.kind', '=', 'appointment');
  }

  async row(id: string, councilId: string): Promise<Row> {
    const row = await this.rows().where('cases.id', '=', id).where('cases.council_id', '=', councilId).executeTakeFirst();
    if (!row) throw notFound();
    return row as Row;
  }

  private procedure(council: CouncilConfig, id: string, language: Language): Procedure {
    const found = procedures(council, language).find((procedure) => procedure.id === id);
    if (!found) throw fieldError('FIN_ERR_PROCEDURE_UNKNOWN', 'procedure', `Unknown procedure ${id}`);
    return found;
  }

  private slotCount(council: CouncilConfig, procedure: Procedure): number {
    return slotsNeeded(procedure.durationMinutes, slotSettings(council, 'appointment').slotMinutes);
  }

  /** Starts where every slot the procedure needs has a free place. */
  async slots(council: CouncilConfig, procedureId: string, language: Language, now: Date) {
    const procedure = this.procedure(council, procedureId, language);
    const runs = await this.fastify.slots.freeRuns(council, 'appointment', this.slotCount(council, procedure), now);
    return {
      timeZone: council.timeZone,
      slotMinutes: slotSettings(council, 'appointment').slotMinutes,
      procedure,
      slots: runs.map((run) => ({
        ...windowOf({ start: run[0]!.start, end: new Date(run[0]!.start.getTime() + procedure.durationMinutes * 60_000) }),
        available: Math.min(...run.map((slot) => slot.capacity - slot.used)),
      })),
    };
  }

  /** The run of slots a procedure needs from `slot`, or 400 when the council has no such run. */
  private requestedRun(council: CouncilConfig, procedure: Procedure, slot: string, now: Date) {
    const start = new Date(slot);
    const run = Number.isNaN(start.getTime())
      ? undefined
      : this.fastify.slots.findRun(council, 'appointment', start, this.slotCount(council, procedure), now);
    if (!run) throw fieldError('FIN_ERR_SLOT_UNAVAILABLE', 'slot', "This is not one of the council's free appointment times");
    return { start, end: new Date(start.getTime() + procedure.durationMinutes * 60_000), starts: run.map((window) => window.start) };
  }

  private async slotTaken(council: CouncilConfig, procedure: Procedure, after: Date, now: Date) {
    const free = (await this.slots(council, procedure.id, council.defaultLanguage, now)).slots;
    const later = free.filter((slot) => slot.start >= after.toISOString());
    const alternatives = (later.length > 0 ? later : free).slice(0, ALTERNATIVES).map(windowOf);
    return new AppError(409, 'FIN_ERR_SLOT_TAKEN', 'This time has just been taken', 'slot', { alternatives });
  }

  private linkExpiry(end: Date): Date {
    return new Date(end.getTime() + this.fastify.config.appointments.linkGraceDays * 86_400_000);
  }

  /** Replaces the case's reminders with those of its (new) start that are still ahead. */
  private async scheduleReminders(trx: Transaction<Database>, caseId: string, start: Date, now: Date): Promise<void> {
    await trx.deleteFrom('appointment_reminders').where('case_id', '=', caseId).execute();
    const rows = REMINDERS.map((reminder) => ({
      case_id: caseId,
      kind: reminder.kind,
      due_at: new Date(start.getTime() - reminder.dueBeforeMs).toISOString(),
      stale_at: new Date(start.getTime() - reminder.staleBeforeMs).toISOString(),
      state: 'pending' as const,
      claimed_by: null,
      claimed_at: null,
      sent_at: null,
      attempts: 0,
    })).filter((row) => row.due_at > now.toISOString());
    if (rows.length > 0) await trx.insertInto('appointment_reminders').values(rows).execute();
  }

  /**
   * Books an appointment. `recordAnswer` stores the answer in the booking's own transaction, so
   * that a retry after a crash between its commit and the response gets it (the
   * Idempotency-Key's record).
   */
  async create(
    council: CouncilConfig,
    body: AppointmentRequest,
    now: Date,
    recordAnswer: (trx: Transaction<Database>, answer: AppointmentCreated) => Promise<void> = async () => {},
  ): Promise<AppointmentCreated> {
    const contact = validateContact(body, { emailRequired: true });
    let idDocument: string | null = null;
    if (body.idDocument?.trim()) {
      idDocument = normaliseIdDocument(body.idDocument) ?? null;
      if (!idDocument) throw fieldError('FIN_ERR_ID_DOCUMENT_INVALID', 'idDocument', 'This is not a valid DNI or NIE');
    }
    if (!body.consent) throw fieldError('FIN_ERR_CONSENT_REQUIRED', 'consent', 'Consent to the privacy notice is required');
    const procedure = this.procedure(council, body.procedure, body.language);
    const slot = this.requestedRun(council, procedure, body.slot, now);
    await enforcePhoneLimit(this.db, council.id, 'appointment', contact.phone, now);

    return withNewReference('VA', async (reference) => {
      try {
        const { caseId, token, answer, confirmation } = await this.db.transaction().execute(async (trx) => {
          if (!(await this.fastify.slots.takeAll(trx, council, 'appointment', slot.starts))) throw new SlotFull();
          const caseId = await insertCase(
            trx,
            {
              council_id: council.id,
              kind: 'appointment',
              reference,
              state: 'booked',
              language: body.language,
              citizen_name: contact.name,
              citizen_phone: contact.phone,
              citizen_email: contact.email,
            },
            now,
          );
          await trx
            .insertInto('appointments')
            .values({
              case_id: caseId,
              procedure: procedure.id,
              id_document: idDocument,
              slot_start: slot.start.toISOString(),
              slot_end: slot.end.toISOString(),
              slot_starts: JSON.stringify(slot.starts.map((start) => start.toISOString())),
              sequence: 0,
              version: 1,
            })
            .execute();
          const token = await this.fastify.tokens.issue(trx, { caseId, purpose: 'appointment', expiresAt: this.linkExpiry(slot.end), now });
          const calendar = await this.fastify.tokens.grantCalendar(trx, { caseId, token, expiresAt: this.linkExpiry(slot.end), now });
          await this.scheduleReminders(trx, caseId, slot.start, now);
          await this.fastify.evidence.append(
            trx,
            caseId,
            {
              type: 'appointment.booked',
              actor: 'citizen',
              data: { procedure: procedure.id, slot: windowOf(slot), slots: slot.starts.length, language: body.language, consent: true, idDocument: idDocument !== null },
            },
            now,
          );
          const confirmation = await this.fastify.flood.confirmations.open(trx, council, caseId, now);
          const answer = {
            reference,
            state: 'booked' as const,
            procedure,
            slot: windowOf(slot),
            token,
            appointmentUrl: appointmentUrl(council, this.fastify.config.linkBase, token),
            calendarUrl: calendarUrl(council, this.fastify.config.linkBase, calendar),
            ...(confirmation && { confirmBy: confirmation.expiresAt.toISOString() }),
          };
          await recordAnswer(trx, answer);
          return { caseId, token, answer, confirmation };
        });

        const row = await this.row(caseId, council.id);
        await announceToDesks(this.fastify, 'appointment', row, 'booked');
        await this.notify(council, row, 'confirmed', token, confirmation);
        return answer;
      } catch (error) {
        if (error instanceof SlotFull) throw await this.slotTaken(council, procedure, slot.start, now);
        throw error;
      }
    });
  }

  /** The appointment a personal link's token or a calendar's opens, and which of the two it was. */
  private async byLink(council: CouncilConfig, token: string, now: Date): Promise<{ row: Row; access: LinkAccess }> {
    const grant = await this.fastify.tokens.grant(token, ['appointment', 'appointment-view'], now);
    if (!grant) throw tokenInvalid();
    const row = await this.rows().where('cases.id', '=', grant.caseId).where('cases.council_id', '=', council.id).executeTakeFirst();
    if (!row) throw tokenInvalid();
    return { row: row as Row, access: grant.purpose === 'appointment' ? 'full' : 'calendar' };
  }

  /** The appointment of a personal link's token: what changes the appointment needs it. */
  private async byToken(council: CouncilConfig, token: string, now: Date): Promise<Row> {
    const { row, access } = await this.byLink(council, token, now);
    if (access === 'calendar') throw calendarOnly();
    return row;
  }

  /** What the citizen's page shows; through a calendar's link, no email and no way to change the appointment. */
  private view(council: CouncilConfig, row: Row, now: Date, language: Language, access: LinkAccess = 'full'): MyAppointment {
    const full = access === 'full';
    const start = Date.parse(row.slotStart);
    const end = Date.parse(row.slotEnd);
    const joinOpensAt = start - JOIN_OPENS_MINUTES * 60_000;
    const time = now.getTime();
    const leadMs = slotSettings(council, 'appointment').leadMinutes * 60_000;
    return {
      id: row.id,
      reference: row.reference,
      state: row.state,
      procedure: this.procedureOf(council, row.procedure, language),
      slot: { start: row.slotStart, end: row.slotEnd },
      name: row.name,
      ...(full && { email: row.email }),
      timeZone: council.timeZone,
      joinOpensAt: new Date(joinOpensAt).toISOString(),
      canJoin: ['booked', 'checked_in', 'in_call'].includes(row.state) && time >= joinOpensAt && time < end,
      canReschedule: full && row.state === 'booked' && time < start - leadMs,
      canCancel: full && row.state === 'booked' && time < start,
      access,
    };
  }

  /** A procedure by id, kept readable if the council has since removed it. */
  private procedureOf(council: CouncilConfig, id: string, language: Language): Procedure {
    return procedures(council, language).find((procedure) => procedure.id === id) ?? { id, name: id, durationMinutes: 0, documents: [] };
  }

  async mine(council: CouncilConfig, token: string, now: Date, language?: Language): Promise<MyAppointment> {
    const { row, access } = await this.byLink(council, token, now);
    return this.view(council, row, now, language ?? row.language, access);
  }

  /**
   * The .ics of the appointment as it stands: cancelled ones as a CANCEL. Its link carries the
   * calendar's token, never the personal link's: the file goes to third-party calendar services.
   */
  async calendar(council: CouncilConfig, token: string, now: Date): Promise<{ filename: string; content: string }> {
    const { row, access } = await this.byLink(council, token, now);
    const calendar =
      access === 'calendar' ? token : await this.fastify.tokens.grantCalendar(this.db, { caseId: row.id, token, expiresAt: this.linkExpiry(new Date(row.slotEnd)), now });
    return { filename: `${row.reference}.ics`, content: this.ics(council, row, appointmentUrl(council, this.fastify.config.linkBase, calendar)) };
  }

  private ics(council: CouncilConfig, row: Row, url: string | null): string {
    return appointmentCalendar(
      council,
      {
        caseId: row.id,
        reference: row.reference,
        procedureName: this.procedureOf(council, row.procedure, row.language).name,
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

  async reschedule(council: CouncilConfig, token: string, slot: string, now: Date): Promise<MyAppointment> {
    const row = await this.byToken(council, token, now);
    const procedure = this.procedureOf(council, row.procedure, row.language);
    if (!this.view(council, row, now, row.language).canReschedule) throw notChangeable();
    const next = this.requestedRun(council, procedure, slot, now);
    let fresh: Row;
    try {
      fresh = await this.write(row.id, council.id, now, async (current, trx) => {
        if (!this.view(council, current, now, current.language).canReschedule) throw notChangeable();
        const old = (JSON.parse(current.slotStarts) as string[]).map((start) => new Date(start));
        // Given back first, so a move by less than its length can reuse its own places.
        for (const start of old) await this.fastify.slots.release(trx, council.id, 'appointment', start);
        if (!(await this.fastify.slots.takeAll(trx, council, 'appointment', next.starts))) throw new SlotFull();
        await this.fastify.tokens.extend(trx, current.id, 'appointment', this.linkExpiry(next.end));
        // The new calendar file's link: a link issued before there were calendar tokens has none yet.
        await this.fastify.tokens.grantCalendar(trx, { caseId: current.id, token, expiresAt: this.linkExpiry(next.end), now });
        await this.scheduleReminders(trx, current.id, next.start, now);
        return {
          state: 'booked',
          slot: next,
          event: { type: 'appointment.rescheduled', actor: 'citizen', data: { from: windowOf({ start: current.slotStart, end: current.slotEnd }), to: windowOf(next) } },
        };
      });
    } catch (error) {
      if (error instanceof SlotFull) throw await this.slotTaken(council, procedure, next.start, now);
      throw error;
    }
    await this.notify(council, fresh, 'rescheduled', token);
    return this.view(council, fresh, now, fresh.language);
  }

  async cancel(council: CouncilConfig, token: string, now: Date): Promise<MyAppointment> {
    const row = await this.byToken(council, token, now);
    const fresh = await this.write(row.id, council.id, now, async (current, trx) => {
      if (!this.view(council, current, now, current.language).canCancel) throw notChangeable();
      for (const start of JSON.parse(current.slotStarts) as string[]) {
        await this.fastify.slots.release(trx, council.id, 'appointment', new Date(start));
      }
      await trx.deleteFrom('appointment_reminders').where('case_id', '=', current.id).execute();
      return { state: 'cancelled', event: { type: 'appointment.cancelled', actor: 'citizen', data: { from: current.state } } };
    });
    await this.notify(council, fresh, 'cancelled');
    return this.view(council, fresh, now, fresh.language);
  }

  /**
   * Cancels an appointment for the council rather than the citizen: from the desk (a flood) or
   * by the system (a booking never confirmed). Its places are freed, `reason` is logged with it,
   * and the citizen gets the usual cancellation email.
   */
  async cancelFor(actor: Actor, council: CouncilConfig, id: string, reason: string, now: Date): Promise<{ reference: string }> {
    const fresh = await this.write(id, council.id, now, async (current, trx) => {
      if (!this.view(council, current, now, current.language).canCancel) throw notChangeable();
      for (const start of JSON.parse(current.slotStarts) as string[]) {
        await this.fastify.slots.release(trx, council.id, 'appointment', new Date(start));
      }
      await trx.deleteFrom('appointment_reminders').where('case_id', '=', current.id).execute();
      return { state: 'cancelled', event: { type: 'appointment.cancelled', actor, data: { from: current.state, reason } } };
    });
    await this.notify(council, fresh, 'cancelled');
    return { reference: fresh.reference };
  }

  async checkIn(council: CouncilConfig, token: string, now: Date): Promise<MyAppointment> {
    const { row, access } = await this.byLink(council, token, now);
    const fresh = await this.write(row.id, council.id, now, async (current) => {
      if (!this.view(council, current, now, current.language).canJoin) throw notOpen();
      if (current.state !== 'booked') return null;
      return { state: 'checked_in', event: { type: 'appointment.checked_in', actor: 'citizen', data: {} } };
    });
    return this.view(council, fresh, now, fresh.language, access);
  }

  async noShow(agent: Agent, id: string, now: Date): Promise<DeskAppointment> {
    const fresh = await this.write(id, agent.councilId, now, async (current, trx) => {
      if (!['booked', 'checked_in'].includes(current.state) || now.getTime() < Date.parse(current.slotStart)) throw notChangeable();
      await trx.deleteFrom('appointment_reminders').where('case_id', '=', current.id).execute();
      return { state: 'no_show', event: { type: 'appointment.no_show', actor: actorOf(agent), data: { from: current.state } } };
    });
    // Those who missed it are asked too, or the results would only hear from those who came.
    await this.fastify.surveys.issue(fresh.id, 'no_show', now);
    return this.deskView(await this.agentCouncil(agent), fresh);
  }

  /**
   * One change of an appointment in a transaction that first locks its row (PostgreSQL; SQLite
   * runs one write transaction at a time), so concurrent changes queue and each plans on the state
   * the one before left. The version it read is still bumped and checked: a change that finds it
   * moved on rolls back and plans again, and one that keeps losing is told so (409), never a 500.
   */
  private async write(id: string, councilId: string, now: Date, plan: (current: Row, trx: Transaction<Database>) => Promise<Change | null>): Promise<Row> {
    for (let attempt = 1; ; attempt++) {
      try {
        const changed = await this.db.transaction().execute(async (trx) => {
          await lockCase(trx, this.fastify.config.database.kind, 'appointments', id);
          const current = (await this.rows(trx).where('cases.id', '=', id).where('cases.council_id', '=', councilId).executeTakeFirst()) as Row | undefined;
          if (!current) throw notFound();
          const locked = await trx
            .updateTable('appointments')
            .set({ version: current.version + 1 })
            .where('case_id', '=', id)
            .where('version', '=', current.version)
            .executeTakeFirst();
          if (Number(locked.numUpdatedRows) !== 1) throw new StaleWrite();
          const change = await plan(current, trx);
          if (!change) return false;
          // The calendar event the citizen holds changes with the time or with a cancellation.
          if (change.slot || change.state === 'cancelled') {
            await trx
              .updateTable('appointments')
              .set({
                sequence: current.sequence + 1,
                ...(change.slot && {
                  slot_start: change.slot.start.toISOString(),
                  slot_end: change.slot.end.toISOString(),
                  slot_starts: JSON.stringify(change.slot.starts.map((start) => start.toISOString())),
                }),
              })
              .where('case_id', '=', id)
              .execute();
          }
          await trx.updateTable('cases').set({ state: change.state, updated_at: now.toISOString() }).where('id', '=', id).execute();
          await this.fastify.evidence.append(trx, id, change.event, now);
          return true;
        });
        const fresh = await this.row(id, councilId);
        if (changed) await announceToDesks(this.fastify, 'appointment', fresh, fresh.state);
        return fresh;
      } catch (error) {
        if (error instanceof StaleWrite && attempt < WRITE_ATTEMPTS) continue;
        if (error instanceof StaleWrite) throw changedMeanwhile();
        throw error;
      }
    }
  }

  private agentCouncil(agent: Agent): Promise<CouncilConfig> {
    return this.fastify.councils.ofAgent(agent);
  }

  private deskView(council: CouncilConfig, row: Row): DeskAppointment {
    const { id, name, documents } = this.procedureOf(council, row.procedure, council.defaultLanguage);
    return {
      id: row.id,
      reference: row.reference,
      state: row.state,
      procedure: { id, name, documents },
      slot: { start: row.slotStart, end: row.slotEnd },
      name: row.name,
      email: row.email,
      phone: row.phone,
      idDocument: row.idDocument,
      language: row.language,
      createdAt: row.createdAt,
    };
  }

  /** The agenda of the agent's council: one day (today by default) or a range of days, by start. */
  async list(agent: Agent, query: DeskQuery, now: Date): Promise<DeskAppointment[]> {
    const council = await this.agentCouncil(agent);
    const today = toZoned(now, council.timeZone).date;
    let first = query.day ?? today;
    let last = first;
    if (!query.day && (query.from || query.to)) {
      first = query.from ?? today;
      last = query.to ?? addDays(first, MAX_RANGE_DAYS - 1);
      if (last < first) throw new AppError(400, 'FIN_ERR_VALIDATION', 'querystring.to must not be before querystring.from');
      if (addDays(first, MAX_RANGE_DAYS - 1) < last) {
        throw new AppError(400, 'FIN_ERR_VALIDATION', `querystring.from and querystring.to may span at most ${MAX_RANGE_DAYS} days`);
      }
    }
    let select = this.rows()
      .where('cases.council_id', '=', council.id)
      .where('appointments.slot_start', '>=', fromZoned(first, '00:00', council.timeZone).toISOString())
      .where('appointments.slot_start', '<', fromZoned(addDays(last, 1), '00:00', council.timeZone).toISOString());
    if (query.state) select = select.where('cases.state', '=', query.state);
    const rows = await select.orderBy('appointments.slot_start').orderBy('cases.created_at').limit(1000).execute();
    return (rows as Row[]).map((row) => this.deskView(council, row));
  }

  async detail(agent: Agent, id: string) {
    const council = await this.agentCouncil(agent);
    const row = await this.row(id, council.id);
    const events = await this.fastify.evidence.list(row.id);
    const recordings = await this.db
      .selectFrom('recordings')
      .select(['id', 'started_at', 'stopped_at', 'bytes', 'sha256', 'tracks'])
      .where('case_id', '=', row.id)
      .orderBy('started_at')
      .execute();
    return {
      ...this.deskView(council, row),
      events: events.map(({ seq, type, at, actor, data }) => ({ seq, type, at, actor, data })),
      recordings: recordings.map((r) => ({
        id: r.id,
        startedAt: r.started_at,
        stoppedAt: r.stopped_at,
        bytes: Number(r.bytes),
        sha256: r.sha256,
        parties: partiesOf(r.tracks),
      })),
    };
  }

  /** The blocks every appointment email shares: the facts, what to prepare, how the call works. */
  private mailBlocks(council: CouncilConfig, row: Row, url: string | null): MailBlock[] {
    const t = APPOINTMENT_TEXTS[row.language];
    const procedure = this.procedureOf(council, row.procedure, row.language);
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
  private async notify(
    council: CouncilConfig,
    row: Row,
    kind: 'confirmed' | 'rescheduled' | 'cancelled',
    token?: string,
    confirmation?: PendingConfirmation,
  ) {
    const t = APPOINTMENT_TEXTS[row.language];
    const url = token ? appointmentUrl(council, this.fastify.config.linkBase, token) : null;
    const subject = { confirmed: t.confirmedSubject, rescheduled: t.rescheduledSubject, cancelled: t.cancelledSubject }[kind](row.reference);
    const intro = { confirmed: t.confirmedIntro(council.name), rescheduled: t.rescheduledIntro, cancelled: t.cancelledIntro }[kind];
    const { text, html } = composeMail(row.language, [
      { paragraph: t.greeting(row.name) },
      { paragraph: intro },
      ...(confirmation ? [confirmationBlock(row.language, confirmation)] : []),
      ...this.mailBlocks(council, row, url),
      { paragraph: kind === 'cancelled' ? t.bookAgain : t.calendarAttached },
      { paragraph: t.signature(council.name) },
    ]);
    try {
      // The attachment ends up in calendar services: its link is the calendar's, the email's the personal one.
      const ics = this.ics(council, row, token ? appointmentUrl(council, this.fastify.config.linkBase, calendarToken(token)) : null);
      await this.fastify.mail.send({
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
    const found = await this.rows().where('cases.id', '=', caseId).executeTakeFirst();
    const row = found as Row | undefined;
    if (!row || row.state !== 'booked') return false;
    const council = await this.fastify.councils.get(row.councilId);
    if (!council) return false;
    const token = await this.db.transaction().execute((trx) =>
      this.fastify.tokens.issue(trx, { caseId, purpose: 'appointment', expiresAt: this.linkExpiry(new Date(row.slotEnd)), now }),
    );
    const t = APPOINTMENT_TEXTS[row.language];
    const { text, html } = composeMail(row.language, [
      { paragraph: t.greeting(row.name) },
      { paragraph: kind === '24h' ? t.reminder24hIntro : t.reminder1hIntro },
      ...this.mailBlocks(council, row, appointmentUrl(council, this.fastify.config.linkBase, token)),
      { paragraph: t.signature(council.name) },
    ]);
    const subject = (kind === '24h' ? t.reminder24hSubject : t.reminder1hSubject)(row.reference);
    await this.fastify.mail.send({ to: row.email, subject, text, html });
    return true;
  }
}

const actorOf = (agent: Agent): Actor => `agent:${agent.id}`;
