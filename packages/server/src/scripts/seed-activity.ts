/**
 * Fills a council (the demo one by default) with a believable year of activity, so that the
 * activity panel and the open-data feed have something to show: the last twelve complete months
 * and the current one up to now, callbacks and video appointments on working days and hours,
 * with their outcomes, call attempts, evidence logs and survey answers.
 *
 *   npm run seed:demo                      (the database the environment names: DATA_DIR or DATABASE_URL)
 *   npm run seed:demo -- --council=other   (another council of COUNCILS_FILE)
 *
 * It refuses to touch a council that already has cases, so running it twice, or after real use,
 * changes nothing. The figures come from a seeded pseudo-random generator: the same day gives the
 * same activity. Ids, references and tokens are random as everywhere else.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/index.js';
import { newReference } from '../modules/cases/store.js';
import { holidaysBetween } from '../modules/councils/calendar.js';
import type { CouncilConfig, Language } from '../modules/councils/schemas.js';
import { eventHash, GENESIS_HASH, type Actor } from '../modules/evidence/log.js';
import { surveySettings } from '../modules/councils/survey-settings.js';
import { newToken } from '../modules/tokens/index.js';
import { canonicalJson } from '../shared/json.js';
import { addDays, fromZoned, isoWeekday, toZoned } from '../shared/time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SURVEY_TTL = 30 * DAY;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 400;

/** mulberry32: a small, fast generator with a 32-bit state, plenty for made-up activity. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    chance: (p: number) => next() < p,
    pick<T>(items: ReadonlyArray<readonly [T, number]>): T {
      let roll = next() * items.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return items[items.length - 1]![0];
    },
  };
}
type Random = ReturnType<typeof generator>;

const FIRST_NAMES = ['Marta', 'Jordi', 'Núria', 'Pere', 'Carmen', 'José', 'Laia', 'Antonio', 'Montse', 'David', 'Fatima', 'Joan', 'Rosa', 'Miguel', 'Aina', 'Youssef', 'Anna', 'Manuel', 'Elena', 'Oriol'];
const SURNAMES = ['Soler', 'Puig', 'García', 'Martínez', 'Vila', 'Ferrer', 'López', 'Roca', 'Serra', 'Sánchez', 'Font', 'Pérez', 'Casals', 'Rodríguez', 'Riera', 'El Amrani'];
const COMMENTS: Record<Language, { good: string[]; bad: string[] }> = {
  ca: {
    good: ['Molt amables i ràpids.', "M'han resolt el dubte a la primera.", 'Molt còmode no haver de desplaçar-me.', "L'agent m'ha guiat pas a pas, gràcies!", 'Servei excel·lent.'],
    bad: ['Vaig haver d’esperar massa.', 'No em van trucar a l’hora acordada.', 'La connexió anava malament.'],
  },
  es: {
    good: ['Muy amables y rápidos.', 'Me resolvieron la duda a la primera.', 'Muy cómodo no tener que desplazarme.', 'El agente me guio paso a paso, ¡gracias!'],
    bad: ['Tuve que esperar demasiado.', 'No me llamaron a la hora acordada.', 'La conexión iba mal.'],
  },
  en: {
    good: ['Very kind and quick.', 'They sorted it out at once.', 'So convenient not to travel.'],
    bad: ['I had to wait too long.', 'The connection was poor.'],
  },
};

/** Requests vary with the season (August is quiet) and the weekday (Mondays are busy). */
const MONTH_FACTOR = [1.15, 1.1, 1.05, 1.0, 1.05, 0.95, 0.8, 0.45, 1.15, 1.1, 1.05, 0.8];
const WEEKDAY_FACTOR = [0, 1.25, 1.1, 1.0, 1.0, 0.8, 0, 0];
const CALLBACKS_PER_DAY = 13;
const APPOINTMENTS_PER_DAY = 5;

interface Event {
  type: string;
  actor: Actor;
  at: number;
  data: Record<string, unknown>;
}

interface Citizen {
  name: string;
  phone: string;
  email: string | null;
  language: Language;
}

interface SeededCase {
  kind: 'callback' | 'appointment';
  state: string;
  citizen: Citizen;
  createdAt: number;
  subject: string;
  slotStart: number;
  slotEnd: number;
  attempts: number;
  events: Event[];
  /** How it ended, for its survey invitation; none for cancelled cases. */
  outcome: 'completed' | 'failed' | 'no_show' | 'abandoned' | null;
  endedAt: number;
}

class Calendar {
  private readonly closed: Set<string>;

  constructor(
    private readonly council: CouncilConfig,
    from: string,
    until: string,
  ) {
    this.closed = new Set(holidaysBetween(council, from, until, council.defaultLanguage).map(({ date }) => date));
  }

  /** The opening intervals of a day as [start, end] instants; none on weekends and holidays. */
  hours(date: string): Array<[number, number]> {
    if (this.closed.has(date)) return [];
    return this.council.openingHours
      .filter((hours) => hours.weekday === isoWeekday(date))
      .map((hours) => [fromZoned(date, hours.opens, this.council.timeZone).getTime(), fromZoned(date, hours.closes === '24:00' ? '23:59' : hours.closes, this.council.timeZone).getTime()]);
  }

  /** The first opening instant on or after `at`, plus `offset`, kept inside the opening interval. */
  nextOpen(at: number, offset = 0): number {
    let date = toZoned(new Date(at), this.council.timeZone).date;
    for (let i = 0; i < 30; i++, date = addDays(date, 1)) {
      for (const [start, end] of this.hours(date)) {
        const candidate = Math.max(at, start) + offset;
        if (candidate + 30 * MINUTE <= end) return candidate;
      }
    }
    return at;
  }

  dateOf(at: number): string {
    return toZoned(new Date(at), this.council.timeZone).date;
  }
}

const halfHourUp = (at: number) => Math.ceil(at / (30 * MINUTE)) * 30 * MINUTE;

function makeCitizen(random: Random, emailChance: number): Citizen {
  const first = FIRST_NAMES[random.between(0, FIRST_NAMES.length - 1)]!;
  const surname = SURNAMES[random.between(0, SURNAMES.length - 1)]!;
  const language = random.pick<Language>([['ca', 60], ['es', 35], ['en', 5]]);
  const local = `${first}.${surname}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
  return {
    name: `${first} ${surname}`,
    // Spanish mobile numbers, made up.
    phone: `+346${String(random.between(10_000_000, 99_999_999))}`,
    email: random.chance(emailChance) ? `${local}${random.between(1, 99)}@example.org` : null,
    language,
  };
}

/**
 * One made-up callback requested at `createdAt`: slot, attempts, outcome. Its slot is the next
 * free half hour after the lead time (most people ask for "as soon as possible") or a later day.
 */
function callback(random: Random, calendar: Calendar, council: CouncilConfig, citizen: Citizen, createdAt: number, agent: Actor, again?: string): SeededCase {
  const topics = ['online-help', ...council.procedures.map((procedure) => procedure.id)];
  const subject = again ?? random.pick(topics.map((topic, index) => [topic, index === 0 ? 55 : 45 / (topics.length - 1)] as const));
  const asap = random.chance(0.7);
  let slotStart = asap
    ? calendar.nextOpen(halfHourUp(createdAt + 30 * MINUTE))
    : calendar.nextOpen(halfHourUp(createdAt + random.between(1, 2) * DAY), random.between(0, 16) * 30 * MINUTE);
  slotStart = halfHourUp(slotStart);
  const events: Event[] = [
    { type: 'callback.requested', actor: 'citizen', at: createdAt, data: { topic: subject, slot: window(slotStart, 30), language: citizen.language, consent: true } },
  ];
  const base = { kind: 'callback' as const, citizen, createdAt, subject, slotEnd: slotStart + 30 * MINUTE };

  if (random.chance(0.06)) {
    const at = createdAt + random.next() * (slotStart - createdAt);
    events.push({ type: 'callback.cancelled', actor: 'citizen', at, data: { from: 'requested' } });
    return { ...base, state: 'cancelled', slotStart, attempts: 0, events, outcome: null, endedAt: at };
  }

  let attempts = 0;
  let at = slotStart + random.between(0, 20) * MINUTE;
  for (;;) {
    events.push({ type: 'callback.started', actor: agent, at, data: { agent: agent.slice(6), attempt: attempts + 1 } });
    const end = at + random.between(3, 15) * MINUTE;
    const result = random.pick([['reached', attempts === 0 ? 82 : 55], ['no_answer', attempts === 0 ? 15.5 : 45], ['wrong_number', 1.5], ['gave_up', 1]] as const);
    if (result === 'reached') {
      events.push({ type: 'callback.completed', actor: agent, at: end, data: { outcome: 'reached' } });
      return { ...base, state: 'completed', slotStart, slotEnd: slotStart + 30 * MINUTE, attempts, events, outcome: 'completed', endedAt: end };
    }
    if (result !== 'no_answer') {
      events.push({ type: 'callback.failed', actor: agent, at: end, data: { outcome: result } });
      return { ...base, state: 'failed', slotStart, slotEnd: slotStart + 30 * MINUTE, attempts, events, outcome: 'failed', endedAt: end };
    }
    attempts++;
    if (attempts >= 3) {
      events.push({ type: 'callback.failed', actor: agent, at: end, data: { outcome: 'no_answer', attempts, reason: 'max_attempts' } });
      return { ...base, state: 'failed', slotStart, slotEnd: slotStart + 30 * MINUTE, attempts, events, outcome: 'failed', endedAt: end };
    }
    slotStart = halfHourUp(calendar.nextOpen(halfHourUp(end + 60 * MINUTE)));
    events.push({ type: 'callback.retry_scheduled', actor: agent, at: end, data: { outcome: 'no_answer', attempts, slot: window(slotStart, 30) } });
    at = slotStart + random.between(0, 20) * MINUTE;
  }
}

/** One made-up video appointment at `slotStart`, booked some days before. */
function appointment(random: Random, council: CouncilConfig, citizen: Citizen, slotStart: number, createdAt: number, agent: Actor, again?: string): SeededCase {
  const procedure =
    council.procedures.find((item) => item.id === again) ??
    random.pick(council.procedures.map((item, index) => [item, index === 0 ? 60 : 40 / Math.max(1, council.procedures.length - 1)] as const));
  const slotEnd = slotStart + procedure.durationMinutes * MINUTE;
  const events: Event[] = [
    {
      type: 'appointment.booked',
      actor: 'citizen',
      at: createdAt,
      data: { procedure: procedure.id, slot: window(slotStart, procedure.durationMinutes), slots: Math.ceil(procedure.durationMinutes / 30), language: citizen.language, consent: true, idDocument: false },
    },
  ];
  const base = { kind: 'appointment' as const, citizen, createdAt, subject: procedure.id, slotStart, slotEnd, attempts: 0 };
  const fate = random.pick([['completed', 82], ['cancelled', 7], ['no_show', 8.5], ['abandoned', 2.5]] as const);
  if (fate === 'cancelled') {
    const at = createdAt + random.next() * (slotStart - createdAt);
    events.push({ type: 'appointment.cancelled', actor: 'citizen', at, data: { from: 'booked' } });
    return { ...base, state: 'cancelled', events, outcome: null, endedAt: at };
  }
  if (fate === 'no_show') {
    const at = slotStart + random.between(10, 20) * MINUTE;
    events.push({ type: 'appointment.no_show', actor: agent, at, data: { from: 'booked' } });
    return { ...base, state: 'no_show', events, outcome: 'no_show', endedAt: at };
  }
  const checkedIn = slotStart - random.between(1, 9) * MINUTE;
  events.push({ type: 'appointment.checked_in', actor: 'citizen', at: checkedIn, data: {} });
  if (fate === 'abandoned') {
    // The citizen waited, but nobody admitted them: the invitation follows an hour after the end.
    return { ...base, state: 'checked_in', events, outcome: 'abandoned', endedAt: slotEnd + 60 * MINUTE };
  }
  const admitted = slotStart + random.between(0, 6) * MINUTE;
  const ended = Math.min(slotEnd + 10 * MINUTE, admitted + random.between(15, procedure.durationMinutes + 5) * MINUTE);
  events.push(
    { type: 'call.admitted', actor: agent, at: admitted, data: { role: 'citizen' } },
    { type: 'call.ended', actor: agent, at: ended, data: { reason: 'agentHungUp' } },
  );
  return { ...base, state: 'completed', events, outcome: 'completed', endedAt: ended };
}

function window(start: number, minutes: number) {
  return { start: new Date(start).toISOString(), end: new Date(start + minutes * MINUTE).toISOString() };
}

/** The survey answer, if any: most served people answer and are pleased; fewer of the others, and less so. */
function surveyAnswer(random: Random, seeded: SeededCase, scale: 'stars5' | 'nps10', commentMaxLength: number) {
  const served = seeded.outcome === 'completed';
  if (!random.chance(served ? 0.7 : 0.3)) return null;
  const stars = served
    ? random.pick([[5, 66], [4, 22], [3, 7], [2, 2.5], [1, 2.5]] as const)
    : random.pick([[5, 18], [4, 22], [3, 25], [2, 17], [1, 18]] as const);
  const wouldRepeat = random.chance([0, 0.2, 0.4, 0.75, 0.96, 0.995][stars]!);
  const rating = scale === 'stars5' ? stars : Math.min(10, Math.max(0, stars * 2 + random.between(-1, 0)));
  const texts = COMMENTS[seeded.citizen.language];
  const pool = stars >= 4 ? texts.good : texts.bad;
  const comment = commentMaxLength > 0 && random.chance(0.22) ? pool[random.between(0, pool.length - 1)]!.slice(0, commentMaxLength) : null;
  return { rating, wouldRepeat, comment, after: random.between(5, 3 * 24 * 60) * MINUTE };
}

/** Whether the council already has any case: then the seed stays out. */
async function hasActivity(app: FastifyInstance, councilId: string): Promise<boolean> {
  return !!(await app.db.selectFrom('cases').select('id').where('council_id', '=', councilId).limit(1).executeTakeFirst());
}

async function insertChunks<T extends keyof Database>(app: FastifyInstance, table: T, rows: Array<Insertable<Database[T]>>) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // Kysely's insert types are per table; the rows were built for this one.
    await app.db.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
  }
}

/**
 * Writes the activity of `council` from the first day of the month twelve months before `now`'s
 * until `now`; only cases whose whole story is over by then. Returns how many cases it wrote, or
 * null when the council already had some.
 */
export async function seedActivity(app: FastifyInstance, councilId: string, now: Date, seed = 20_261_123): Promise<number | null> {
  const council = await app.councils.get(councilId);
  if (!council) throw new Error(`No council ${councilId} in the councils file`);
  if (await hasActivity(app, council.id)) return null;

  const random = generator(seed);
  const today = toZoned(now, council.timeZone).date;
  const [year, month] = today.split('-').map(Number) as [number, number];
  // The same month a year ago: twelve complete months, then the current one.
  const from = `${year - 1}-${String(month).padStart(2, '0')}-01`;
  const calendar = new Calendar(council, addDays(from, -15), addDays(today, 30));
  const agents = await app.agents.listByCouncil(council.id);
  const actors: Actor[] = agents.length > 0 ? agents.map((agent) => `agent:${agent.id}` as const) : ['system'];
  const agentOf = () => actors[random.between(0, actors.length - 1)]!;
  const survey = surveySettings(council);
  const startOf = fromZoned(from, '00:00', council.timeZone).getTime();

  const cases: SeededCase[] = [];
  const recent: Array<{ citizen: Citizen; subject: string; at: number }> = [];
  /** Now and then the same person comes back about the same thing: the first contact did not settle it. */
  const comeback = (at: number): { citizen: Citizen; subject: string } | undefined => {
    const earlier = recent.filter((entry) => entry.at > at - 14 * DAY && entry.at < at);
    return earlier.length > 0 && random.chance(0.08) ? earlier[random.between(0, earlier.length - 1)] : undefined;
  };

  for (let date = from; date <= today; date = addDays(date, 1)) {
    const hours = calendar.hours(date);
    if (hours.length === 0) continue;
    const monthIndex = Number(date.slice(5, 7)) - 1;
    // Adoption grows over the year.
    const growth = 0.85 + 0.3 * ((Date.parse(date) - Date.parse(from)) / (365 * DAY));
    const factor = MONTH_FACTOR[monthIndex]! * WEEKDAY_FACTOR[isoWeekday(date)]! * growth;
    const [open, close] = [hours[0]![0], hours[hours.length - 1]![1]];

    const callbacks = Math.round(CALLBACKS_PER_DAY * factor * (0.7 + 0.6 * random.next()));
    for (let i = 0; i < callbacks; i++) {
      // Mornings are busier than afternoons.
      const offset = Math.floor((close - open - 45 * MINUTE) * random.next() ** 1.3);
      const createdAt = open + offset;
      const again = comeback(createdAt);
      const seeded = callback(random, calendar, council, again?.citizen ?? makeCitizen(random, 0.75), createdAt, agentOf(), again?.subject);
      cases.push(seeded);
      recent.push({ citizen: seeded.citizen, subject: seeded.subject, at: createdAt });
    }

    const appointments = Math.round(APPOINTMENTS_PER_DAY * factor * (0.7 + 0.6 * random.next()));
    for (let i = 0; i < appointments; i++) {
      const slotStart = open + random.between(0, Math.floor((close - open) / (30 * MINUTE)) - 3) * 30 * MINUTE;
      const createdAt = calendar.nextOpen(slotStart - random.between(1, 10) * DAY, random.between(0, 10) * 30 * MINUTE);
      if (createdAt >= slotStart - 30 * MINUTE) continue;
      const again = comeback(createdAt);
      const seeded = appointment(random, council, again?.citizen ?? makeCitizen(random, 1), slotStart, createdAt, agentOf(), again?.subject);
      if (!seeded.citizen.email) seeded.citizen = { ...seeded.citizen, email: `${seeded.citizen.phone.slice(1)}@example.org` };
      cases.push(seeded);
      recent.push({ citizen: seeded.citizen, subject: seeded.subject, at: createdAt });
    }
    // Only the last fortnight matters for comebacks.
    while (recent.length > 0 && recent[0]!.at < open - 15 * DAY) recent.shift();
  }

  const nowMs = now.getTime();
  const rows = {
    cases: [] as Array<Insertable<Database['cases']>>,
    callbacks: [] as Array<Insertable<Database['callbacks']>>,
    appointments: [] as Array<Insertable<Database['appointments']>>,
    evidence: [] as Array<Insertable<Database['evidence_events']>>,
    invitations: [] as Array<Insertable<Database['survey_invitations']>>,
  };
  const references = new Set<string>();
  let written = 0;

  for (const seeded of cases) {
    if (seeded.createdAt < startOf || seeded.endedAt > nowMs) continue;
    const id = randomUUID();
    let reference: string;
    do reference = newReference(seeded.kind === 'callback' ? 'CB' : 'VA');
    while (references.has(reference));
    references.add(reference);
    const events = [...seeded.events];
    const agentActor = events.find((event) => event.actor.startsWith('agent:'))?.actor;

    if (seeded.outcome) {
      const invitation = randomUUID();
      const invitedAt = seeded.endedAt + MINUTE;
      const expiresAt = invitedAt + SURVEY_TTL;
      events.push({ type: 'survey.invited', actor: 'system', at: invitedAt, data: { invitation, outcome: seeded.outcome, expiresAt: new Date(expiresAt).toISOString() } });
      const answer = surveyAnswer(random, seeded, survey.scale, survey.commentMaxLength);
      const answeredAt = answer ? invitedAt + answer.after : null;
      const answered = answer && answeredAt! < nowMs ? answer : null;
      if (answered) {
        const wouldRepeat = survey.askRepeat ? answered.wouldRepeat : null;
        events.push({
          type: 'survey.answered',
          actor: 'citizen',
          at: answeredAt!,
          data: { invitation, rating: answered.rating, scale: survey.scale, wouldRepeat, comment: answered.comment !== null },
        });
      }
      rows.invitations.push({
        id: invitation,
        case_id: id,
        token_hash: newToken().hash,
        expires_at: new Date(expiresAt).toISOString(),
        created_at: new Date(invitedAt).toISOString(),
        answered_at: answered ? new Date(answeredAt!).toISOString() : null,
        outcome: seeded.outcome,
        rating: answered?.rating ?? null,
        scale: answered ? survey.scale : null,
        would_repeat: answered && survey.askRepeat ? Number(answered.wouldRepeat) : null,
        comment: answered?.comment ?? null,
      });
    }

    events.sort((a, b) => a.at - b.at);
    let prevHash = GENESIS_HASH;
    events.forEach((event, index) => {
      const unhashed = { seq: index + 1, type: event.type, actor: event.actor, data: event.data, at: new Date(event.at).toISOString(), prevHash };
      const hash = eventHash(id, unhashed);
      rows.evidence.push({ case_id: id, seq: unhashed.seq, type: unhashed.type, actor: unhashed.actor, data: canonicalJson(unhashed.data), at: unhashed.at, prev_hash: prevHash, hash });
      prevHash = hash;
    });

    const createdAt = new Date(seeded.createdAt).toISOString();
    rows.cases.push({
      id,
      council_id: council.id,
      kind: seeded.kind,
      reference,
      state: seeded.state,
      language: seeded.citizen.language,
      citizen_name: seeded.citizen.name,
      citizen_phone: seeded.citizen.phone,
      citizen_email: seeded.citizen.email,
      created_at: createdAt,
      updated_at: new Date(events[events.length - 1]!.at).toISOString(),
    });
    if (seeded.kind === 'callback') {
      rows.callbacks.push({
        case_id: id,
        topic: seeded.subject,
        description: '',
        slot_start: new Date(seeded.slotStart).toISOString(),
        slot_end: new Date(seeded.slotEnd).toISOString(),
        callable_from: new Date(seeded.slotStart).toISOString(),
        attempts: seeded.attempts,
        max_attempts: 3,
        assigned_agent_id: agentActor && agentActor !== 'system' ? agentActor.slice(6) : null,
        version: events.length,
      });
    } else {
      const starts: string[] = [];
      for (let at = seeded.slotStart; at < seeded.slotEnd; at += 30 * MINUTE) starts.push(new Date(at).toISOString());
      rows.appointments.push({
        case_id: id,
        procedure: seeded.subject,
        id_document: null,
        slot_start: new Date(seeded.slotStart).toISOString(),
        slot_end: new Date(seeded.slotEnd).toISOString(),
        slot_starts: JSON.stringify(starts),
        sequence: 0,
        version: events.length,
      });
    }
    written++;
  }

  await insertChunks(app, 'cases', rows.cases);
  await insertChunks(app, 'callbacks', rows.callbacks);
  await insertChunks(app, 'appointments', rows.appointments);
  await insertChunks(app, 'evidence_events', rows.evidence);
  await insertChunks(app, 'survey_invitations', rows.invitations);
  return written;
}

async function main() {
  const councilId = process.argv.find((arg) => arg.startsWith('--council='))?.slice('--council='.length) ?? 'demo';
  const config = loadConfig(process.env);
  const app = await buildApp(config, { logger: false, reminderScheduler: false });
  try {
    const now = app.now();
    const written = await seedActivity(app, councilId, now);
    process.stdout.write(
      written === null
        ? `Council ${councilId} already has activity: nothing seeded.\n`
        : `Seeded ${written} callbacks and video appointments for council ${councilId}, up to ${now.toISOString()}.\n`,
    );
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
