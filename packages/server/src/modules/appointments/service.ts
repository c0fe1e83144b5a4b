import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { normaliseIdDocument } from '../../shared/id-document.js';
import { enforcePhoneLimit, fieldError, tokenInvalid, validateContact } from '../cases/contact.js';
import { insertCase, withNewReference } from '../cases/store.js';
import { procedureOf, procedures } from '../cases/subjects.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { Actor } from '../evidence/log.js';
import { slotSettings, slotsNeeded } from '../slots/engine.js';
import { AppointmentDesk } from './desk.js';
import { AppointmentLifecycle, canMove, notChangeable, OPEN_STATES } from './lifecycle.js';
import { AppointmentMail, appointmentUrl, calendarUrl } from './mail.js';
import type { AppointmentCreated, AppointmentRequest, MyAppointment, Procedure } from './schemas.js';
import { AppointmentStore, heldSlots, type AppointmentRow, type SlotRun } from './store.js';
import { isoString } from '../../shared/time.js';

export { procedures } from '../cases/subjects.js';
export { appointmentUrl, calendarUrl } from './mail.js';

/** The waiting room opens this long before the start. */
const JOIN_OPENS_MINUTES = 10;
const ALTERNATIVES = 3;

/** Thrown inside a transaction to roll it back when one of the slots it needs is full. */
class SlotFull extends Error {}

const notOpen = () => new AppError('FIN_ERR_APPOINTMENT_NOT_OPEN', 'The video call of this appointment is not open now');
const calendarOnly = () =>
  new AppError('FIN_ERR_TOKEN_FORBIDDEN', "A calendar's link only opens the appointment and its call; use the personal link from the email to change it");

/** The tokens that open an appointment's page: its personal link's and its calendar's. */
const LINK_PURPOSES = ['appointment', 'appointment-view'] as const;

/** What a link opens: the personal link everything, a calendar's link the page and the call only. */
type LinkAccess = 'full' | 'calendar';
const windowOf = (slot: { start: Date | string; end: Date | string }) => ({
  start: new Date(slot.start).toISOString(),
  end: new Date(slot.end).toISOString(),
});

/** The council if it offers video appointments, or 404. */
export function offeringAppointments(council: CouncilConfig): CouncilConfig {
  if (!council.services.includes('video-appointment')) {
    throw new AppError('FIN_ERR_SERVICE_UNAVAILABLE', 'This council does not offer video appointments');
  }
  return council;
}

/**
 * Video appointments as the citizen sees them: booking, and their personal link (see,
 * reschedule, cancel, check in). Every change after booking goes through the lifecycle
 * (lifecycle.ts), which logs and announces it; the desk's side is in desk.ts, the emails in
 * mail.ts.
 */
export class AppointmentService {
  readonly store: AppointmentStore;
  readonly lifecycle: AppointmentLifecycle;
  readonly mail: AppointmentMail;
  readonly desk: AppointmentDesk;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new AppointmentStore(fastify.db);
    this.lifecycle = new AppointmentLifecycle(fastify);
    this.mail = new AppointmentMail(fastify, this.store);
    this.desk = new AppointmentDesk(fastify, this.store, this.lifecycle);
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
        start: isoString(run[0]!.start),
        end: isoString(new Date(run[0]!.start.getTime() + procedure.durationMinutes * 60_000)),
        available: run.reduce((fewest, slot) => Math.min(fewest, slot.capacity - slot.used), Infinity),
      })),
    };
  }

  /** The run of slots a procedure needs from `slot`, or 400 when the council has no such run. */
  private requestedRun(council: CouncilConfig, procedure: Procedure, slot: string, now: Date): SlotRun {
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
    return new AppError('FIN_ERR_SLOT_TAKEN', 'This time has just been taken', 'slot', { alternatives });
  }

  /**
   * Books an appointment: it starts `booked`. `recordAnswer` stores the answer in the booking's
   * own transaction, so that a retry after a crash between its commit and the response gets it
   * (the Idempotency-Key's record).
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
    await enforcePhoneLimit(this.fastify.db, council.id, 'appointment', contact.phone, now);
    const expiresAt = this.mail.linkExpiry(slot.end);

    return withNewReference('VA', async (reference) => {
      try {
        const { caseId, token, answer, confirmation } = await this.fastify.db.transaction().execute(async (trx) => {
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
          await this.store.insert(trx, caseId, { procedure: procedure.id, idDocument, slot });
          const token = await this.fastify.tokens.issue(trx, { caseId, purpose: 'appointment', expiresAt, now });
          const calendar = await this.fastify.tokens.grantCalendar(trx, { caseId, token, expiresAt, now });
          await this.store.scheduleReminders(trx, caseId, slot.start, now);
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

        const row = (await this.store.find(caseId))!;
        await this.lifecycle.announce(row);
        await this.mail.notify(council, row, 'confirmed', token, confirmation);
        return answer;
      } catch (error) {
        if (error instanceof SlotFull) throw await this.slotTaken(council, procedure, slot.start, now);
        throw error;
      }
    });
  }

  /** The appointment a personal link's token or a calendar's opens, and which of the two it was. */
  private async byLink(council: CouncilConfig, token: string, now: Date): Promise<{ row: AppointmentRow; access: LinkAccess }> {
    const grant = await this.fastify.tokens.grant(token, LINK_PURPOSES, now);
    if (!grant) throw tokenInvalid();
    const row = await this.store.find(grant.caseId, council.id);
    if (!row) throw tokenInvalid();
    return { row, access: grant.purpose === 'appointment' ? 'full' : 'calendar' };
  }

  /** The appointment of a personal link's token: what changes the appointment needs it. */
  private async byToken(council: CouncilConfig, token: string, now: Date): Promise<AppointmentRow> {
    const { row, access } = await this.byLink(council, token, now);
    if (access === 'calendar') throw calendarOnly();
    return row;
  }

  /** What the citizen's page shows; through a calendar's link, no email and no way to change the appointment. */
  private view(council: CouncilConfig, row: AppointmentRow, now: Date, language: Language, access: LinkAccess = 'full'): MyAppointment {
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
      procedure: procedureOf(council, row.procedure, language),
      slot: { start: row.slotStart, end: row.slotEnd },
      name: row.name,
      ...(full && { email: row.email }),
      timeZone: council.timeZone,
      joinOpensAt: new Date(joinOpensAt).toISOString(),
      canJoin: OPEN_STATES.includes(row.state) && time >= joinOpensAt && time < end,
      canReschedule: full && canMove(row.state, 'reschedule') && time < start - leadMs,
      canCancel: full && canMove(row.state, 'cancel') && time < start,
      access,
    };
  }

  /** Whether a link still opens one of the council's appointments. */
  async opens(council: CouncilConfig, token: string, now: Date): Promise<boolean> {
    const grant = await this.fastify.tokens.grant(token, LINK_PURPOSES, now);
    return grant !== undefined && (await this.store.find(grant.caseId, council.id)) !== undefined;
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
      access === 'calendar'
        ? token
        : await this.fastify.tokens.grantCalendar(this.fastify.db, { caseId: row.id, token, expiresAt: this.mail.linkExpiry(new Date(row.slotEnd)), now });
    return { filename: `${row.reference}.ics`, content: this.mail.ics(council, row, appointmentUrl(council, this.fastify.config.linkBase, calendar)) };
  }

  async reschedule(council: CouncilConfig, token: string, slot: string, now: Date): Promise<MyAppointment> {
    const row = await this.byToken(council, token, now);
    const procedure = procedureOf(council, row.procedure, row.language);
    if (!this.view(council, row, now, row.language).canReschedule) throw notChangeable();
    const next = this.requestedRun(council, procedure, slot, now);
    let fresh: AppointmentRow;
    try {
      ({ row: fresh } = await this.lifecycle.write(row.id, council.id, now, async (current, trx) => {
        if (!this.view(council, current, now, current.language).canReschedule) throw notChangeable();
        // Given back first, so a move by less than its length can reuse its own places.
        for (const start of heldSlots(current)) await this.fastify.slots.release(trx, council.id, 'appointment', start);
        if (!(await this.fastify.slots.takeAll(trx, council, 'appointment', next.starts))) throw new SlotFull();
        await this.fastify.tokens.extend(trx, current.id, 'appointment', this.mail.linkExpiry(next.end));
        // The new calendar file's link: a link issued before there were calendar tokens has none yet.
        await this.fastify.tokens.grantCalendar(trx, { caseId: current.id, token, expiresAt: this.mail.linkExpiry(next.end), now });
        await this.store.scheduleReminders(trx, current.id, next.start, now);
        return {
          move: 'reschedule',
          slot: next,
          event: { type: 'appointment.rescheduled', actor: 'citizen', data: { from: windowOf({ start: current.slotStart, end: current.slotEnd }), to: windowOf(next) } },
        };
      }));
    } catch (error) {
      if (error instanceof SlotFull) throw await this.slotTaken(council, procedure, next.start, now);
      throw error;
    }
    await this.mail.notify(council, fresh, 'rescheduled', token);
    return this.view(council, fresh, now, fresh.language);
  }

  async cancel(council: CouncilConfig, token: string, now: Date): Promise<MyAppointment> {
    const row = await this.byToken(council, token, now);
    const fresh = await this.cancelled(council, row.id, 'citizen', {}, now);
    return this.view(council, fresh, now, fresh.language);
  }

  /**
   * Cancels an appointment for the council rather than the citizen: from the desk (a flood) or
   * by the system (a booking never confirmed). `reason` is logged with it.
   */
  async cancelFor(actor: Actor, council: CouncilConfig, id: string, reason: string, now: Date): Promise<{ reference: string }> {
    return { reference: (await this.cancelled(council, id, actor, { reason }, now)).reference };
  }

  /** Cancels, frees the places and the reminders, and sends the citizen the cancellation email. */
  private async cancelled(council: CouncilConfig, id: string, actor: Actor, data: Record<string, unknown>, now: Date): Promise<AppointmentRow> {
    const { row } = await this.lifecycle.write(id, council.id, now, async (current, trx) => {
      if (!this.view(council, current, now, current.language).canCancel) throw notChangeable();
      for (const start of heldSlots(current)) await this.fastify.slots.release(trx, council.id, 'appointment', start);
      await this.store.dropReminders(trx, current.id);
      return { move: 'cancel', event: { type: 'appointment.cancelled', actor, data: { from: current.state, ...data } } };
    });
    await this.mail.notify(council, row, 'cancelled');
    return row;
  }

  async checkIn(council: CouncilConfig, token: string, now: Date): Promise<MyAppointment> {
    const { row, access } = await this.byLink(council, token, now);
    const { row: fresh } = await this.lifecycle.write(row.id, council.id, now, async (current) => {
      if (!this.view(council, current, now, current.language).canJoin) throw notOpen();
      // Checking in again, or once the call has begun, changes nothing.
      if (!canMove(current.state, 'checkIn')) return null;
      return { move: 'checkIn', event: { type: 'appointment.checked_in', actor: 'citizen', data: {} } };
    });
    return this.view(council, fresh, now, fresh.language, access);
  }
}
