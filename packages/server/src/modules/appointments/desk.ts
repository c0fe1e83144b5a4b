import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { addDays, fromZoned, toZoned } from '../../shared/time.js';
import type { Agent } from '../agents/store.js';
import { partiesOf, type JoinedPart } from '../cases/recordings.js';
import { procedureOf } from '../cases/subjects.js';
import { languageFor } from '../councils/language.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { Actor } from '../evidence/log.js';
import { appointmentNotFound, notChangeable, type AppointmentLifecycle } from './lifecycle.js';
import type { DeskAppointment, DeskQuery } from './schemas.js';
import type { AppointmentRow, AppointmentStore } from './store.js';

/** The widest range the desk's "upcoming" view asks for at once. */
const MAX_RANGE_DAYS = 31;

const actorOf = (agent: Agent): Actor => `agent:${agent.id}`;

/** The desk's side of appointments: the agenda, one appointment with its evidence, a no-show. */
export class AppointmentDesk {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly store: AppointmentStore,
    private readonly lifecycle: AppointmentLifecycle,
  ) {}

  /** An appointment with its procedure's names in `lang` (the desk's language), if the council speaks it. */
  private view(council: CouncilConfig, row: AppointmentRow, lang?: Language): DeskAppointment {
    const { id, name, documents } = procedureOf(council, row.procedure, languageFor(council, lang));
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
    const council = await this.fastify.councils.ofAgent(agent);
    const today = toZoned(now, council.timeZone).date;
    let first = query.day ?? today;
    let last = first;
    if (!query.day && (query.from || query.to)) {
      first = query.from ?? today;
      last = query.to ?? addDays(first, MAX_RANGE_DAYS - 1);
      if (last < first) throw new AppError('FIN_ERR_VALIDATION', 'querystring.to must not be before querystring.from');
      if (addDays(first, MAX_RANGE_DAYS - 1) < last) {
        throw new AppError('FIN_ERR_VALIDATION', `querystring.from and querystring.to may span at most ${MAX_RANGE_DAYS} days`);
      }
    }
    const from = fromZoned(first, '00:00', council.timeZone);
    const to = fromZoned(addDays(last, 1), '00:00', council.timeZone);
    return (await this.store.between(council.id, from, to, query.state)).map((row) => this.view(council, row, query.lang));
  }

  async detail(agent: Agent, id: string, lang?: Language) {
    const council = await this.fastify.councils.ofAgent(agent);
    const row = await this.store.find(id, council.id);
    if (!row) throw appointmentNotFound();
    const events = await this.fastify.evidence.list(row.id);
    const recordings = await this.store.recordings(row.id);
    return {
      ...this.view(council, row, lang),
      events: events.map(({ seq, type, at, actor, data }) => ({ seq, type, at, actor, data })),
      recordings: recordings.map((r) => ({
        id: r.id,
        startedAt: r.started_at,
        stoppedAt: r.stopped_at,
        bytes: Number(r.bytes),
        sha256: r.sha256,
        parties: partiesOf(r.tracks),
        parts: r.parts ? (JSON.parse(r.parts) as JoinedPart[]) : [{ id: r.id, startedAt: r.started_at, atMs: 0 }],
      })),
    };
  }

  /** The citizen did not come: from the start time on, while the appointment is still waiting for them. */
  async noShow(agent: Agent, id: string, now: Date): Promise<DeskAppointment> {
    const { row } = await this.lifecycle.write(id, agent.councilId, now, async (current, trx) => {
      if (now.getTime() < Date.parse(current.slotStart)) throw notChangeable();
      await this.store.dropReminders(trx, current.id);
      return { move: 'noShow', event: { type: 'appointment.no_show', actor: actorOf(agent), data: { from: current.state } } };
    });
    // Those who missed it are asked too, or the results would only hear from those who came.
    await this.fastify.surveys.issue(row.id, 'no_show', now);
    return this.view(await this.fastify.councils.ofAgent(agent), row);
  }
}
