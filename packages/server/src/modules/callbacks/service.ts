import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { lockCase, type Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { supervises } from '../../shared/roles.js';
import { addDays, fromZoned } from '../../shared/time.js';
import type { Agent } from '../agents/store.js';
import { enforcePhoneLimit, fieldError, tokenInvalid, validateContact } from '../cases/contact.js';
import { insertCase, isUniqueViolation, retryStale, StaleWrite, withNewReference } from '../cases/store.js';
import { topics } from '../cases/subjects.js';
import { languageFor } from '../councils/language.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { Actor, EvidenceInput } from '../evidence/log.js';
import { composeMail, formatWindow } from '../mail/compose.js';
import { confirmationBlock, type PendingConfirmation } from '../flood/confirmation.js';
import { isClosed } from '../cases/closed.js';
import { announceToDesks } from '../notifications/desk-events.js';
import { callbackSettings } from '../slots/engine.js';
import { surveyUrl } from '../surveys/mail.js';
import { endedOutcome, type Issued } from '../surveys/service.js';
import {
  CLOSED_STATES,
  type CallbackCreated,
  type CallbackRequest,
  type CallbackState,
  type DeskCallback,
  type DeskQuery,
  type Outcome,
} from './schemas.js';
import { CallbackStore, type CallbackRow as Row, type CallbackUpdate } from './store.js';
import { CALLBACK_TEXTS } from './texts.js';

export { topics } from '../cases/subjects.js';

const TOKEN_TTL_DAYS = 30;
const ALTERNATIVES = 3;
/** Free slots tried in turn when the first one fills up under our feet (asap, retries). */
const SLOT_CANDIDATES = 5;
const CANCELLABLE: readonly CallbackState[] = ['requested', 'assigned', 'retry'];


interface Change extends CallbackUpdate {
  state: CallbackState;
  event: EvidenceInput;
}

const alreadyClaimed = () => new AppError('FIN_ERR_CALLBACK_ALREADY_CLAIMED', 'Another agent has this callback');
const closed = () => new AppError('FIN_ERR_CALLBACK_CLOSED', 'This callback is already closed');
const notFound = () => new AppError('FIN_ERR_CALLBACK_NOT_FOUND', 'Callback not found');
const windowOf = (slot: { start: Date; end: Date }) => ({ start: slot.start.toISOString(), end: slot.end.toISOString() });

/**
 * Callbacks: booking by citizens, the desk's queue and the lifecycle
 * requested → assigned → in_progress → completed | retry | failed, or cancelled by the citizen.
 * Every change is one transaction that also appends its evidence event, and is announced to
 * the council's desks once committed.
 */
export class CallbackService {
  private readonly store: CallbackStore;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new CallbackStore(fastify.db);
  }

  private async row(id: string, councilId: string): Promise<Row> {
    const row = await this.store.find(id, councilId);
    if (!row) throw notFound();
    return row;
  }

  /** Checks a request field by field, in the order of the form, and returns it cleaned up. */
  private validate(council: CouncilConfig, body: CallbackRequest) {
    const contact = validateContact(body, { emailRequired: false });
    if (!body.consent) throw fieldError('FIN_ERR_CONSENT_REQUIRED', 'consent', 'Consent to the privacy notice is required');
    if (!topics(council, council.defaultLanguage).some((topic) => topic.id === body.topic)) {
      throw fieldError('FIN_ERR_TOPIC_UNKNOWN', 'topic', `Unknown topic ${body.topic}`);
    }
    return { ...contact, description: (body.description ?? '').trim() };
  }

  private async alternatives(council: CouncilConfig, after: Date | null, now: Date) {
    const free = await this.fastify.slots.free(council, 'callback', now);
    const later = after ? free.filter((slot) => slot.start >= after) : free;
    return (later.length > 0 ? later : free).slice(0, ALTERNATIVES).map(windowOf);
  }

  /** Takes the first slot of `candidates` that still has a place, inside the transaction. */
  private async takeFirst(trx: Transaction<Database>, council: CouncilConfig, candidates: Array<{ start: Date; end: Date }>) {
    for (const candidate of candidates.slice(0, SLOT_CANDIDATES)) {
      if (await this.fastify.slots.take(trx, council, 'callback', candidate.start)) return candidate;
    }
    return undefined;
  }

  /**
   * Books a callback. `recordAnswer` stores the answer in the booking's own transaction, so
   * that a retry after a crash between its commit and the response gets it (the
   * Idempotency-Key's record).
   */
  async create(
    council: CouncilConfig,
    body: CallbackRequest,
    now: Date,
    recordAnswer: (trx: Transaction<Database>, answer: CallbackCreated) => Promise<void> = async () => {},
  ): Promise<CallbackCreated> {
    const input = this.validate(council, body);
    const { slots, evidence, tokens } = this.fastify;
    const settings = callbackSettings(council);

    let requested: Date | null = null;
    let candidates: Array<{ start: Date; end: Date }>;
    if (body.slot === 'asap') {
      candidates = await slots.free(council, 'callback', now);
    } else {
      requested = new Date(body.slot);
      const window = Number.isNaN(requested.getTime()) ? undefined : slots.find(council, 'callback', requested, now);
      if (!window) throw fieldError('FIN_ERR_SLOT_UNAVAILABLE', 'slot', 'This is not one of the council\'s callback slots');
      candidates = [window];
    }

    await enforcePhoneLimit(this.fastify.db, council.id, 'callback', input.phone, now);
    const alreadyOpen = () =>
      new AppError('FIN_ERR_CALLBACK_ALREADY_OPEN', 'There is already an open callback request for this phone number', 'phone');
    if (await this.store.openForPhone(council.id, input.phone)) throw alreadyOpen();

    const slotTaken = async () =>
      new AppError('FIN_ERR_SLOT_TAKEN', 'This slot has just been taken', 'slot', {
        alternatives: await this.alternatives(council, requested, now),
      });
    if (candidates.length === 0) throw await slotTaken();

    return withNewReference('CB', async (reference) => {
      try {
        const created = await this.fastify.db.transaction().execute(async (trx) => {
          const slot = await this.takeFirst(trx, council, candidates);
          if (!slot) return undefined;
          const caseId = await insertCase(
            trx,
            {
              council_id: council.id,
              kind: 'callback',
              reference,
              state: 'requested',
              language: body.language,
              citizen_name: input.name,
              citizen_phone: input.phone,
              citizen_email: input.email,
            },
            now,
          );
          // "As soon as possible" agrees to a call from now on; a chosen slot, from its start.
          const callableFrom = requested ? slot.start : now;
          await this.store.insert(trx, caseId, { topic: body.topic, description: input.description, slot, callableFrom, maxAttempts: settings.maxAttempts });
          const token = await tokens.issue(trx, {
            caseId,
            purpose: 'callback',
            expiresAt: new Date(now.getTime() + TOKEN_TTL_DAYS * 86_400_000),
            now,
          });
          await evidence.append(
            trx,
            caseId,
            { type: 'callback.requested', actor: 'citizen', data: { topic: body.topic, slot: windowOf(slot), language: body.language, consent: true } },
            now,
          );
          const cancelUrl = `${this.fastify.config.linkBase}/callbacks/cancel?${new URLSearchParams({ council: council.id, token })}`;
          const confirmation = input.email ? await this.fastify.flood.confirmations.open(trx, council, caseId, now) : undefined;
          const answer = {
            reference,
            state: 'requested' as const,
            slot: windowOf(slot),
            cancelUrl,
            ...(confirmation && { confirmBy: confirmation.expiresAt.toISOString() }),
          };
          await recordAnswer(trx, answer);
          return { caseId, slot, cancelUrl, confirmation, answer };
        });
        if (!created) throw await slotTaken();

        await announceToDesks(this.fastify, 'callback', { id: created.caseId, councilId: council.id, reference }, 'requested');
        const { cancelUrl, confirmation } = created;
        if (input.email) {
          await this.sendConfirmation(council, { ...input, caseId: created.caseId, email: input.email, language: body.language, topic: body.topic, reference, slot: created.slot, cancelUrl, confirmation });
        }
        return created.answer;
      } catch (error) {
        if (isUniqueViolation(error, 'cases_open_callback_phone', 'cases.citizen_phone')) throw alreadyOpen();
        throw error;
      }
    });
  }

  private async sendConfirmation(
    council: CouncilConfig,
    request: {
      caseId: string;
      name: string;
      email: string;
      language: Language;
      topic: string;
      reference: string;
      slot: { start: Date; end: Date };
      cancelUrl: string;
      confirmation: PendingConfirmation | undefined;
    },
  ) {
    const t = CALLBACK_TEXTS[request.language];
    const topic = topics(council, request.language).find((item) => item.id === request.topic)?.name ?? request.topic;
    const window = formatWindow(request.slot.start, request.slot.end, request.language, council.timeZone);
    const facts: Array<[string, string]> = [
      [t.referenceLabel, request.reference],
      [t.windowLabel, window],
      [t.topicLabel, topic],
    ];
    const { text, html } = composeMail(request.language, [
      { paragraph: t.emailGreeting(request.name) },
      { paragraph: t.emailIntro(council.name) },
      ...(request.confirmation ? [confirmationBlock(request.language, request.confirmation)] : []),
      { facts },
      { link: { intro: t.emailCancel, label: t.emailCancelLink, url: request.cancelUrl } },
      { paragraph: t.emailSignature(council.name) },
    ]);
    try {
      await this.fastify.mail.send({ council, about: { subject: 'callback-confirmation', caseId: request.caseId }, to: request.email, subject: t.emailSubject(request.reference), text, html });
    } catch (error) {
      // The booking stands without the email: the widget shows the reference and the cancel link too.
      this.fastify.log.error({ err: error }, 'could not send the callback confirmation');
    }
  }

  /** Tells a citizen who gave an email that the call found no one, and when the next one comes. */
  private async sendRetry(council: CouncilConfig, row: Row, calledAt: Date) {
    const language = row.language;
    const t = CALLBACK_TEXTS[language];
    const called = new Intl.DateTimeFormat(language, { timeZone: council.timeZone, dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' }).format(calledAt);
    const { text, html } = composeMail(language, [
      { paragraph: t.emailGreeting(row.name) },
      { paragraph: t.retryIntro(called) },
      { facts: [[t.referenceLabel, row.reference], [t.retryWindowLabel, formatWindow(new Date(row.slotStart), new Date(row.slotEnd), language, council.timeZone)]] },
      { paragraph: t.emailSignature(council.name) },
    ]);
    try {
      await this.fastify.mail.send({ council, about: { subject: 'callback-retry', caseId: row.id }, to: row.email!, subject: t.retrySubject(row.reference), text, html });
    } catch (error) {
      // The retry stands without the email: the desk has it, and the citizen's link shows the new time.
      this.fastify.log.error({ err: error, caseId: row.id }, 'could not tell the citizen of the next call');
    }
  }

  private async byToken(councilId: string, token: string, now: Date): Promise<Row> {
    const caseId = await this.fastify.tokens.resolve(token, 'callback', now);
    if (!caseId) throw tokenInvalid();
    const row = await this.store.find(caseId, councilId);
    if (!row) throw tokenInvalid();
    return row;
  }

  /** What the citizen's link shows about their request. */
  async mine(council: CouncilConfig, token: string, now: Date, language?: Language) {
    const row = await this.byToken(council.id, token, now);
    const lang = language ?? row.language;
    return {
      reference: row.reference,
      state: row.state,
      topic: topics(council, lang).find((topic) => topic.id === row.topic) ?? { id: row.topic, name: row.topic },
      slot: { start: row.slotStart, end: row.slotEnd },
      name: row.name,
      language: row.language,
      cancellable: CANCELLABLE.includes(row.state),
    };
  }

  async cancel(council: CouncilConfig, token: string, now: Date) {
    const row = await this.byToken(council.id, token, now);
    await this.write(row.id, council.id, now, async (current, trx) => {
      if (!CANCELLABLE.includes(current.state)) {
        throw new AppError('FIN_ERR_CALLBACK_NOT_CANCELLABLE', 'This callback can no longer be cancelled');
      }
      await this.fastify.slots.release(trx, council.id, 'callback', new Date(current.slotStart));
      return { state: 'cancelled', assignedAgentId: null, event: { type: 'callback.cancelled', actor: 'citizen', data: { from: current.state } } };
    });
    return { reference: row.reference, state: 'cancelled' as const };
  }

  /**
   * Cancels a callback for the council rather than the citizen: from the desk (a flood) or by
   * the system (a booking never confirmed). Its slot is freed and `reason` logged with it.
   */
  async cancelFor(actor: Actor, councilId: string, id: string, reason: string, now: Date): Promise<{ reference: string; email: string | null }> {
    const row = await this.write(id, councilId, now, async (current, trx) => {
      if (!CANCELLABLE.includes(current.state)) {
        throw new AppError('FIN_ERR_CALLBACK_NOT_CANCELLABLE', 'This callback can no longer be cancelled');
      }
      await this.fastify.slots.release(trx, councilId, 'callback', new Date(current.slotStart));
      return { state: 'cancelled', assignedAgentId: null, event: { type: 'callback.cancelled', actor, data: { from: current.state, reason } } };
    });
    return { reference: row.reference, email: row.email };
  }

  /**
   * One change of a callback: `plan` reads the current row and says what to change (or null
   * for nothing), inside a transaction; the update names the version it read, so a concurrent
   * change makes it roll back and plan again on the new state.
   */
  private async write(
    id: string,
    councilId: string,
    now: Date,
    plan: (current: Row, trx: Transaction<Database>) => Promise<Change | null>,
    after?: (current: Row, trx: Transaction<Database>, state: CallbackState) => Promise<void>,
  ): Promise<Row> {
    return retryStale(async () => {
      const result = await this.fastify.db.transaction().execute(async (trx) => {
        await lockCase(trx, this.fastify.config.database.kind, 'callbacks', id);
        const current = await this.store.find(id, councilId, trx);
        if (!current) throw notFound();
        const change = await plan(current, trx);
        if (!change) return { current, changed: false };
        if (!(await this.store.update(trx, current, change))) throw new StaleWrite();
        await this.store.setState(trx, id, change.state, now);
        await this.fastify.evidence.append(trx, id, change.event, now);
        await after?.(current, trx, change.state);
        return { current, changed: change.state !== current.state || change.assignedAgentId !== current.assignedAgentId || !!change.slot };
      });
      const fresh = await this.row(id, councilId);
      if (result.changed) await announceToDesks(this.fastify, 'callback', fresh, fresh.state);
      if (fresh.state !== result.current.state && isClosed('callback', fresh.state)) this.fastify.evidenceSeals.sealSoon(id);
      return fresh;
    });
  }

  private static guard(current: Row, agent: Agent) {
    if ((CLOSED_STATES as readonly string[]).includes(current.state)) throw closed();
    if (current.assignedAgentId && current.assignedAgentId !== agent.id) throw alreadyClaimed();
  }

  /** A call, or what came of one, only from when the citizen agreed to be called. */
  private static due(current: Row, now: Date) {
    if (now.getTime() < Date.parse(current.callableFrom)) {
      throw new AppError('FIN_ERR_CALLBACK_NOT_DUE', `The citizen agreed to be called from ${current.callableFrom}`, undefined, { callableFrom: current.callableFrom });
    }
  }

  async claim(agent: Agent, id: string, now: Date): Promise<DeskCallback> {
    const row = await this.write(id, agent.councilId, now, async (current) => {
      CallbackService.guard(current, agent);
      if (current.assignedAgentId === agent.id) return null;
      return { state: 'assigned', assignedAgentId: agent.id, event: { type: 'callback.claimed', actor: actorOf(agent), data: { agent: agent.id } } };
    });
    return (await this.views([row]))[0]!;
  }

  async start(agent: Agent, id: string, now: Date): Promise<DeskCallback> {
    const row = await this.write(id, agent.councilId, now, async (current) => {
      CallbackService.guard(current, agent);
      if (current.state === 'in_progress') return null;
      CallbackService.due(current, now);
      return { state: 'in_progress', assignedAgentId: agent.id, event: { type: 'callback.started', actor: actorOf(agent), data: { agent: agent.id, attempt: current.attempts + 1 } } };
    });
    return (await this.views([row]))[0]!;
  }

  async outcome(agent: Agent, council: CouncilConfig, id: string, outcome: Outcome, note: string | undefined, now: Date): Promise<DeskCallback> {
    const settings = callbackSettings(council);
    let invited: Issued | undefined;
    let helpEnded = false;
    const actor = actorOf(agent);
    const text = note?.trim();

    const row = await this.write(
      id,
      agent.councilId,
      now,
      async (current, trx) => {
        CallbackService.guard(current, agent);
        CallbackService.due(current, now);
        const data = { outcome, ...(text && { note: text }) };
        if (outcome === 'reached') {
          return { state: 'completed', assignedAgentId: agent.id, event: { type: 'callback.completed', actor, data } };
        }
        if (outcome !== 'no_answer') {
          return { state: 'failed', assignedAgentId: agent.id, event: { type: 'callback.failed', actor, data } };
        }
        const attempts = current.attempts + 1;
        if (attempts >= current.maxAttempts) {
          return { state: 'failed', assignedAgentId: agent.id, attempts, event: { type: 'callback.failed', actor, data: { ...data, attempts, reason: 'max_attempts' } } };
        }
        // The call just made used its slot's place; the next attempt takes a place of its own.
        const from = new Date(now.getTime() + settings.retryDelayMinutes * 60_000);
        const free = await this.fastify.slots.free(council, 'callback', now, { from, days: settings.horizonDays }, trx);
        const slot = await this.takeFirst(trx, council, free);
        if (!slot) {
          return { state: 'failed', assignedAgentId: agent.id, attempts, event: { type: 'callback.failed', actor, data: { ...data, attempts, reason: 'no_free_slot' } } };
        }
        return { state: 'retry', assignedAgentId: null, attempts, slot, event: { type: 'callback.retry_scheduled', actor, data: { ...data, attempts, slot: windowOf(slot) } } };
      },
      async (current, trx, state) => {
        if (text) await this.store.addNote(trx, current.id, agent.id, text, now);
        // The call is over, whatever came of it: so is any screen help during it.
        helpEnded = await this.fastify.screenHelp.endLive(trx, current.id, 'callbackClosed', actor, now);
        // Completed and failed alike: asking only those who were reached would flatter the results.
        const ended = endedOutcome('callback', state, null, now);
        if (ended) invited = await this.fastify.surveys.invite(trx, current.id, ended, now);
      },
    );
    if (helpEnded) await this.fastify.screenHelp.afterEnd(id, now);
    if (row.state === 'retry' && row.email) await this.sendRetry(council, row, now);
    const [view] = await this.views([row]);
    const link = invited && surveyUrl(this.fastify.config.linkBase, council.id, invited.token);
    return { ...view!, ...(link && { surveyUrl: link }) };
  }

  async addNote(agent: Agent, id: string, text: string, now: Date): Promise<DeskCallback> {
    const row = await this.row(id, agent.councilId);
    await this.fastify.db.transaction().execute(async (trx) => {
      await this.store.addNote(trx, row.id, agent.id, text.trim(), now);
      await this.fastify.evidence.append(trx, row.id, { type: 'callback.note_added', actor: actorOf(agent), data: { text: text.trim() } }, now);
    });
    return (await this.views([row]))[0]!;
  }

  /**
   * A supervisor hands a callback to an enabled agent of the council, or back to the queue
   * (`to` null), as long as nobody is calling the citizen; both agents' desks hear of it.
   */
  async reassign(supervisor: Agent, id: string, to: string | null, now: Date): Promise<DeskCallback> {
    // A disabled agent, another council's and none at all get the same answer.
    if (to !== null && (await this.fastify.agents.findInCouncil(supervisor.councilId, to))?.disabledAt !== null) throw new AppError('FIN_ERR_AGENT_NOT_FOUND');
    const row = await this.write(id, supervisor.councilId, now, async (current) => {
      if ((CLOSED_STATES as readonly string[]).includes(current.state)) throw closed();
      if (current.state === 'in_progress') throw new AppError('FIN_ERR_CALLBACK_IN_PROGRESS');
      if (current.assignedAgentId === to) return null;
      const state = to ? 'assigned' : current.attempts > 0 ? 'retry' : 'requested';
      return { state, assignedAgentId: to, event: { type: 'callback.reassigned', actor: actorOf(supervisor), data: { from: current.assignedAgentId, to } } };
    });
    return (await this.views([row]))[0]!;
  }

  /** The queue: an agent sees what nobody has and their own; a supervisor everyone's, or one agent's. */
  async list(agent: Agent, council: CouncilConfig, query: DeskQuery): Promise<DeskCallback[]> {
    if (query.agent !== undefined) {
      if (!supervises(agent.role)) throw new AppError('FIN_ERR_ROLE_FORBIDDEN');
      if (!(await this.fastify.agents.findInCouncil(agent.councilId, query.agent))) throw new AppError('FIN_ERR_AGENT_NOT_FOUND');
    }
    const rows = await this.store.queue(agent.councilId, {
      state: query.state ?? 'open',
      topic: query.topic,
      ...(query.agent ? { assigned: query.agent } : !supervises(agent.role) && { visibleTo: agent.id }),
      ...(query.day && { from: fromZoned(query.day, '00:00', council.timeZone), until: fromZoned(addDays(query.day, 1), '00:00', council.timeZone) }),
    });
    return this.views(rows, council, query.lang);
  }

  /** The desk's view of callbacks, topics named in `lang` (the desk's language) if the council speaks it. */
  private async views(rows: Row[], known?: CouncilConfig, lang?: Language): Promise<DeskCallback[]> {
    if (rows.length === 0) return [];
    const council = known ?? (await this.fastify.councils.get(rows[0]!.councilId));
    const names = new Map(council ? topics(council, languageFor(council, lang)).map((topic) => [topic.id, topic.name]) : []);
    const notes = await this.store.notes(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      state: row.state,
      topic: { id: row.topic, name: names.get(row.topic) ?? row.topic },
      slot: { start: row.slotStart, end: row.slotEnd },
      callableFrom: row.callableFrom,
      name: row.name,
      phone: row.phone,
      email: row.email,
      description: row.description,
      language: row.language,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      assignedAgent: row.assignedAgentId ? { id: row.assignedAgentId, name: row.assignedAgentName ?? '' } : null,
      createdAt: row.createdAt,
      notes: notes.filter((note) => note.caseId === row.id).map(({ at, agent, text }) => ({ at, agent, text })),
    }));
  }
}

const actorOf = (agent: Agent): Actor => `agent:${agent.id}`;
