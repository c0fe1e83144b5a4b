import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { EvidenceType } from '../src/modules/evidence/types.js';
import { seedActivity } from '../src/scripts/seed-activity.js';
import { useTestApp } from './helpers.js';

// Friday 20 November 2026, 11:00 in Madrid: October is the last complete month.
const NOW = new Date('2026-11-20T10:00:00Z');
const MINUTE = 60_000;

type Step = [type: EvidenceType, minutesAfterRequest: number, data?: Record<string, unknown>];
interface KnownCase {
  kind: 'callback' | 'appointment';
  createdAt: string;
  state: string;
  phone: string;
  subject: string;
  steps?: Step[];
  answer?: [rating: number, wouldRepeat: boolean];
}

/** Writes a case as the services would have left it, with its evidence log and its survey answer. */
async function insertKnownCase(app: FastifyInstance, agent: string, known: KnownCase) {
  const id = randomUUID();
  const created = new Date(known.createdAt);
  const at = (minutes: number) => new Date(created.getTime() + minutes * MINUTE);
  await app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('cases')
      .values({
        id,
        council_id: 'demo',
        kind: known.kind,
        reference: `${known.kind === 'callback' ? 'CB' : 'VA'}-${id.slice(0, 6).toUpperCase()}`,
        state: known.state,
        language: 'ca',
        citizen_name: 'Persona de prova',
        citizen_phone: known.phone,
        citizen_email: null,
        created_at: known.createdAt,
        updated_at: known.createdAt,
      })
      .execute();
    const slot = { slot_start: at(30).toISOString(), slot_end: at(60).toISOString() };
    if (known.kind === 'callback') {
      await trx
        .insertInto('callbacks')
        .values({ case_id: id, topic: known.subject, description: '', ...slot, callable_from: slot.slot_start, attempts: 0, max_attempts: 3, assigned_agent_id: null, version: 1 })
        .execute();
    } else {
      await trx
        .insertInto('appointments')
        .values({ case_id: id, procedure: known.subject, id_document: null, ...slot, slot_starts: '[]', sequence: 0, version: 1 })
        .execute();
    }
    await app.evidence.append(trx, id, { type: `${known.kind}.requested` as EvidenceType, actor: 'citizen', data: {} }, created);
    for (const [type, minutes, data = {}] of known.steps ?? []) {
      await app.evidence.append(trx, id, { type, actor: type.endsWith('cancelled') ? 'citizen' : `agent:${agent}`, data }, at(minutes));
    }
    if (known.answer) {
      await trx
        .insertInto('survey_invitations')
        .values({
          id: randomUUID(),
          case_id: id,
          token_hash: randomUUID(),
          expires_at: at(40 * 24 * 60).toISOString(),
          created_at: at(200).toISOString(),
          answered_at: at(300).toISOString(),
          outcome: known.state,
          rating: known.answer[0],
          scale: 'stars5',
          would_repeat: Number(known.answer[1]),
          comment: null,
        })
        .execute();
    }
  });
}

const reached = (wait: number): Step[] => [['callback.started', wait], ['callback.completed', wait + 8, { outcome: 'reached' }]];
const october = (day: number, hourUtc = 7) => new Date(Date.UTC(2026, 9, day, hourUtc)).toISOString();
const phone = (n: number) => `+346110000${String(n).padStart(2, '0')}`;

/**
 * October 2026 of the demo council, small enough to be worked out by hand:
 *  - 12 callbacks. C1–C11 had a first call attempt after 5, 10, 15, 20, 30, 45, 60, 90, 120, 240 and
 *    300 minutes (C7 needed a second attempt, C10 three and was never answered, C11 was a wrong
 *    number); C12 was cancelled, and was requested at 00:30 on 1 October in Madrid (22:30 UTC on
 *    30 September). C1–C9 were completed. Answers: C1–C9 rated 5 5 5 5 4 4 4 3 5 and would
 *    repeat; C10 rated 2 and would not.
 *  - 9 video appointments: padro V1–V6 (V1–V4 completed, V5 no-show, V6 cancelled; V1–V3 rated
 *    5 4 5), ajuts V7–V9 (V7, V8 completed and rated 5 5, V9 no-show); all would repeat.
 *  - V1 is C1's person asking again about the same procedure three days later: C1 was not
 *    resolved at the first contact. V7 is C2's person about another procedure: C2 was.
 *  - C13, C3's person about the same topic but 24 days later (00:30 on 1 November in Madrid, so
 *    November's), rated 1: it must not count in October.
 */
function knownCases(): KnownCase[] {
  const callbacks: KnownCase[] = [
    { kind: 'callback', createdAt: october(5), state: 'completed', phone: phone(1), subject: 'padro', steps: reached(5), answer: [5, true] },
    { kind: 'callback', createdAt: october(6), state: 'completed', phone: phone(2), subject: 'online-help', steps: reached(10), answer: [5, true] },
    { kind: 'callback', createdAt: october(7), state: 'completed', phone: phone(3), subject: 'online-help', steps: reached(15), answer: [5, true] },
    { kind: 'callback', createdAt: october(8), state: 'completed', phone: phone(4), subject: 'online-help', steps: reached(20), answer: [5, true] },
    { kind: 'callback', createdAt: october(9), state: 'completed', phone: phone(5), subject: 'online-help', steps: reached(30), answer: [4, true] },
    { kind: 'callback', createdAt: october(12), state: 'completed', phone: phone(6), subject: 'ajuts', steps: reached(45), answer: [4, true] },
    {
      kind: 'callback',
      createdAt: october(13),
      state: 'completed',
      phone: phone(7),
      subject: 'online-help',
      steps: [['callback.started', 60], ['callback.retry_scheduled', 65, { outcome: 'no_answer' }], ...reached(180)],
      answer: [4, true],
    },
    { kind: 'callback', createdAt: october(14), state: 'completed', phone: phone(8), subject: 'ajuts', steps: reached(90), answer: [3, true] },
    { kind: 'callback', createdAt: october(15), state: 'completed', phone: phone(9), subject: 'online-help', steps: reached(120), answer: [5, true] },
    {
      kind: 'callback',
      createdAt: october(16),
      state: 'failed',
      phone: phone(10),
      subject: 'online-help',
      steps: [
        ['callback.started', 240],
        ['callback.retry_scheduled', 245, { outcome: 'no_answer' }],
        ['callback.started', 400],
        ['callback.retry_scheduled', 405, { outcome: 'no_answer' }],
        ['callback.started', 600],
        ['callback.failed', 605, { outcome: 'no_answer', attempts: 3, reason: 'max_attempts' }],
      ],
      answer: [2, false],
    },
    { kind: 'callback', createdAt: october(19), state: 'failed', phone: phone(11), subject: 'online-help', steps: [['callback.started', 300], ['callback.failed', 305, { outcome: 'wrong_number' }]] },
    { kind: 'callback', createdAt: '2026-09-30T22:30:00.000Z', state: 'cancelled', phone: phone(12), subject: 'online-help', steps: [['callback.cancelled', 20]] },
    { kind: 'callback', createdAt: '2026-10-31T23:30:00.000Z', state: 'completed', phone: phone(3), subject: 'online-help', steps: reached(10), answer: [1, false] },
  ];
  const video = (day: number, state: string, subject: string, answer?: [number, boolean], who = phone(20 + day)): KnownCase => ({
    kind: 'appointment',
    createdAt: october(day, 8),
    state,
    phone: who,
    subject,
    ...(answer && { answer }),
  });
  return [
    ...callbacks,
    video(8, 'completed', 'padro', [5, true], phone(1)),
    video(9, 'completed', 'padro', [4, true]),
    video(12, 'completed', 'padro', [5, true]),
    video(13, 'completed', 'padro'),
    video(14, 'no_show', 'padro'),
    video(15, 'cancelled', 'padro'),
    video(16, 'completed', 'ajuts', [5, true], phone(2)),
    video(19, 'completed', 'ajuts', [5, true]),
    video(20, 'no_show', 'ajuts'),
  ];
}

describe('activity indicators', () => {
  const suite = useTestApp({ now: () => NOW, reminderScheduler: false });
  before(async () => {
    const agent = (await suite.app.agents.findByEmail('agent@demo.finestreta.cat'))!.id;
    for (const known of knownCases()) await insertKnownCase(suite.app, agent, known);
  });
  const get = (url: string) => suite.app.inject(`/api/councils/demo/indicators${url}`);

  describe('the JSON of a month', () => {
    let body: { metadata: Record<string, unknown>; month: string; provisional: boolean; rows: Array<Record<string, unknown>> };
    before(async () => {
      const response = await get('/2026-10.json');
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['cache-control'] as string, /public, max-age=\d+/);
      body = response.json();
    });

    it('has one row for all channels, one per channel, then one per video procedure', () => {
      assert.equal(body.month, '2026-10');
      assert.equal(body.provisional, false, 'October has ended');
      assert.deepEqual(
        body.rows.map((row) => [row.channel, row.procedure, row.procedureName]),
        [
          ['all', null, null],
          ['callback', null, null],
          ['video', null, null],
          ['video', 'padro', 'Alta al padró municipal'],
          ['video', 'ajuts', "Sol·licitud d'ajuts socials"],
        ],
      );
    });

    it('gives the callbacks the hand-computed figures', () => {
      assert.deepEqual(body.rows[1], {
        channel: 'callback',
        procedure: null,
        procedureName: null,
        // C1–C12 (C12 is October's in Madrid), not C13 (November's in Madrid).
        requests: 12,
        completed: 9,
        // C10, never answered; C11's wrong number is a failure, not a no-show.
        noShows: 1,
        cancellations: 1,
        // Sorted waits 5 10 15 20 30 45 60 90 120 240 300: the 6th is the median; p90 at index (11-1)*0.9 = 9 is 240.
        waitMedianMinutes: 45,
        waitP90Minutes: 240,
        // Rests on the 9 completed callbacks: fewer than 10.
        firstContactResolvedPercent: null,
        // 5 5 5 5 4 4 4 3 5 2: mean 42/10 = 4.2; squares of deviations 9.6, sd = sqrt(9.6/9) = 1.0328,
        // standard error 1.0328/sqrt(10) = 0.32660, t(9) = 2.262: 4.2 ± 0.7388.
        ratingAverage: 4.2,
        ratingCount: 10,
        ratingCiLow: 3.46,
        ratingCiHigh: 4.94,
        repeatPercent: 90,
        suppressed: ['firstContactResolvedPercent'],
      });
    });

    it('gives all channels together the hand-computed figures', () => {
      assert.deepEqual(body.rows[0], {
        channel: 'all',
        procedure: null,
        procedureName: null,
        requests: 21,
        completed: 15,
        noShows: 3,
        cancellations: 2,
        waitMedianMinutes: 45,
        waitP90Minutes: 240,
        // 14 of the 15 completed: C1 was followed by V1 (C2 by V7 too, but about something else).
        firstContactResolvedPercent: 93.3,
        // Nine 5s, four 4s, a 3 and a 2: mean 66/15 = 4.4; squares of deviations 11.6, sd = sqrt(11.6/14) = 0.91026,
        // standard error 0.91026/sqrt(15) = 0.23503, t(14) = 2.145: 4.4 ± 0.5041.
        ratingAverage: 4.4,
        ratingCount: 15,
        ratingCiLow: 3.9,
        ratingCiHigh: 4.9,
        // 14 of 15.
        repeatPercent: 93.3,
        suppressed: [],
      });
    });

    it('suppresses every figure of the video rows that rests on fewer than 10 cases or answers, and says which', () => {
      assert.deepEqual(body.rows[2], {
        channel: 'video',
        procedure: null,
        procedureName: null,
        requests: 9,
        completed: 6,
        noShows: 2,
        cancellations: 1,
        waitMedianMinutes: null,
        waitP90Minutes: null,
        firstContactResolvedPercent: null,
        ratingAverage: null,
        ratingCount: 5,
        ratingCiLow: null,
        ratingCiHigh: null,
        repeatPercent: null,
        suppressed: ['firstContactResolvedPercent', 'ratingAverage', 'ratingCiLow', 'ratingCiHigh', 'repeatPercent'],
      });
      assert.deepEqual(
        body.rows.slice(3).map((row) => [row.requests, row.completed, row.noShows, row.cancellations, row.ratingCount]),
        [
          [6, 4, 1, 1, 3],
          [3, 2, 1, 0, 2],
        ],
      );
    });

    it('names the licence, the publisher, the period and where the files are', () => {
      const { generatedAt, ...metadata } = body.metadata;
      assert.equal(generatedAt, NOW.toISOString());
      assert.deepEqual(metadata, {
        title: 'Atenció ciutadana a distància: indicadors mensuals — Ajuntament de Vilademo — octubre del 2026',
        description: metadata.description,
        publisher: 'Ajuntament de Vilademo',
        licence: 'CC-BY-4.0',
        licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
        period: { start: '2026-10-01', end: '2026-10-31' },
        language: 'ca',
        suppressionThreshold: 10,
        ratingScale: 'stars5',
        urls: {
          json: 'http://localhost:80/api/councils/demo/indicators/2026-10.json',
          csv: 'http://localhost:80/api/councils/demo/indicators/2026-10.csv',
          csvMetadata: 'http://localhost:80/api/councils/demo/indicators/2026-10.csv-metadata.json',
        },
      });
      assert.match(metadata.description as string, /menys de 10 casos o respostes/);
    });

    it('writes titles and procedure names in the language asked for', async () => {
      const english = (await get('/2026-10.json?lang=en')).json();
      assert.equal(english.metadata.title, 'Remote citizen service: monthly indicators — Ajuntament de Vilademo — October 2026');
      assert.equal(english.rows[3].procedureName, 'Registering on the municipal roll');
      assert.equal(english.metadata.urls.csv, 'http://localhost:80/api/councils/demo/indicators/2026-10.csv?lang=en');
    });
  });

  it('counts the case requested just after midnight on 1 November in Madrid in November, on its own and suppressed', async () => {
    const november = (await get('/2026-11.json')).json();
    assert.equal(november.provisional, true, 'November is under way');
    const [all] = november.rows;
    assert.deepEqual([all.requests, all.completed, all.ratingCount, all.ratingAverage, all.waitMedianMinutes], [1, 1, 1, null, null]);
    assert.deepEqual(all.suppressed, ['waitMedianMinutes', 'waitP90Minutes', 'firstContactResolvedPercent', 'ratingAverage', 'ratingCiLow', 'ratingCiHigh', 'repeatPercent']);
  });

  it('has zeros and nothing suppressed for a month without activity', async () => {
    const rows = (await get('/2026-08.json')).json().rows;
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.deepEqual([row.requests, row.ratingCount, row.ratingAverage, row.suppressed], [0, 0, null, []]);
    }
  });

  it('serves the month as CSV, one row per line, empty cells for nulls, with a link to its metadata', async () => {
    const response = await get('/2026-10.csv');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(response.headers.link, '<http://localhost:80/api/councils/demo/indicators/2026-10.csv-metadata.json>; rel="describedby"; type="application/csvm+json"');
    assert.equal(
      response.body,
      [
        'month,provisional,channel,procedure,procedureName,requests,completed,noShows,cancellations,waitMedianMinutes,waitP90Minutes,firstContactResolvedPercent,ratingAverage,ratingCount,ratingCiLow,ratingCiHigh,repeatPercent,suppressed',
        '2026-10,false,all,,,21,15,3,2,45,240,93.3,4.4,15,3.9,4.9,93.3,',
        '2026-10,false,callback,,,12,9,1,1,45,240,,4.2,10,3.46,4.94,90,firstContactResolvedPercent',
        '2026-10,false,video,,,9,6,2,1,,,,,5,,,,firstContactResolvedPercent ratingAverage ratingCiLow ratingCiHigh repeatPercent',
        '2026-10,false,video,padro,Alta al padró municipal,6,4,1,1,,,,,3,,,,firstContactResolvedPercent ratingAverage ratingCiLow ratingCiHigh repeatPercent',
        "2026-10,false,video,ajuts,Sol·licitud d'ajuts socials,3,2,1,0,,,,,2,,,,firstContactResolvedPercent ratingAverage ratingCiLow ratingCiHigh repeatPercent",
        '',
      ].join('\n'),
    );
  });

  it('describes the CSV with CSVW metadata: its address, licence, period and every column', async () => {
    const response = await get('/2026-10.csv-metadata.json?lang=es');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^application\/csvm\+json/);
    const metadata = response.json();
    assert.deepEqual(metadata['@context'], ['http://www.w3.org/ns/csvw', { '@language': 'es' }]);
    assert.equal(metadata.url, 'http://localhost:80/api/councils/demo/indicators/2026-10.csv?lang=es');
    assert.deepEqual(metadata['dc:license'], { '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    assert.deepEqual(metadata['dc:publisher'], { 'schema:name': 'Ajuntament de Vilademo' });
    assert.equal(metadata['dc:temporal'], '2026-10-01/2026-10-31');
    assert.match(metadata['dc:title'], /^Atención ciudadana a distancia: indicadores mensuales/);
    const header = (await get('/2026-10.csv')).body.split('\n')[0]!.split(',');
    assert.deepEqual(metadata.tableSchema.columns.map((column: { name: string }) => column.name), header);
    const byName = Object.fromEntries(metadata.tableSchema.columns.map((column: { name: string }) => [column.name, column]));
    assert.deepEqual([byName.month.datatype, byName.requests.datatype, byName.ratingAverage.datatype], ['gYearMonth', 'integer', 'decimal']);
    assert.equal(byName.ratingAverage.titles, 'Valoración media');
    assert.equal(byName.suppressed.separator, ' ');
  });

  it('lists the months with activity, and names the latest complete one to show first', async () => {
    assert.deepEqual((await get('')).json(), { months: ['2026-10', '2026-11'], latest: '2026-11', latestComplete: '2026-10', current: '2026-11' });
  });

  it('marks only the month under way as provisional in the CSV', async () => {
    const [, november] = (await get('/2026-11.csv')).body.split('\n');
    assert.match(november!, /^2026-11,true,all,/);
    const byName = Object.fromEntries((await get('/2026-11.csv-metadata.json?lang=en')).json().tableSchema.columns.map((column: { name: string }) => [column.name, column]));
    assert.equal(byName.provisional.datatype, 'boolean');
  });

  it('gives the whole-channel rows of several months for the charts', async () => {
    const series = (await get('/series?to=2026-11&months=3&lang=en')).json();
    assert.deepEqual(
      series.months.map((month: { month: string; provisional: boolean }) => [month.month, month.provisional]),
      [
        ['2026-09', false],
        ['2026-10', false],
        ['2026-11', true],
      ],
    );
    for (const month of series.months) assert.deepEqual(month.rows.map((row: { channel: string }) => row.channel), ['all', 'callback', 'video']);
    assert.equal(series.months[1].rows[0].ratingAverage, 4.4);
    assert.deepEqual(series.metadata.period, { start: '2026-09-01', end: '2026-11-30' });
    assert.equal(series.metadata.title, 'Remote citizen service: monthly indicators — Ajuntament de Vilademo — September 2026 – November 2026');
    const latest = (await get('/series')).json();
    assert.equal(latest.months.length, 12);
    assert.equal(latest.months.at(-1).month, '2026-11', 'up to the latest month by default');
  });

  it('refuses a malformed or future month (400), an unknown file or council (404)', async () => {
    for (const url of ['/2026-13.json', '/2026-1.csv', '/october.json', '/2027-01.csv', '/series?to=2026-1', '/series?months=25']) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      assert.match(response.json().code, /^FIN_ERR_(MONTH_INVALID|VALIDATION)$/);
    }
    assert.equal((await get('/2026-13.json')).json().code, 'FIN_ERR_MONTH_INVALID');
    assert.equal((await get('/2026-10.xml')).statusCode, 404);
    assert.equal((await suite.app.inject('/api/councils/nowhere/indicators/2026-10.json')).json().code, 'FIN_ERR_COUNCIL_NOT_FOUND');
  });
});

describe('the month under way, in the council’s time zone', () => {
  // 00:30 on 1 December in Madrid, still 30 November in UTC.
  const suite = useTestApp({ now: () => new Date('2026-11-30T23:30:00Z'), reminderScheduler: false });
  const get = (url: string) => suite.app.inject(`/api/councils/demo/indicators${url}`);

  it('is December as soon as it has begun in Madrid, and November is complete', async () => {
    assert.deepEqual((await get('')).json(), { months: [], latest: null, latestComplete: null, current: '2026-12' });
    const december = await get('/2026-12.json');
    assert.equal(december.statusCode, 200);
    assert.equal(december.json().provisional, true);
    assert.equal((await get('/2026-11.json')).json().provisional, false);
  });
});

describe('the demo activity command', () => {
  const suite = useTestApp({ now: () => NOW, reminderScheduler: false });

  it('fills the demo council with a believable year once, and leaves it alone the second time', async () => {
    const written = await seedActivity(suite.app, 'demo', NOW);
    assert.ok(written !== null && written > 3000, `${written} cases`);
    assert.equal(await seedActivity(suite.app, 'demo', NOW), null);
    assert.equal(Number((await suite.app.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), written);

    const series = (await suite.app.inject('/api/councils/demo/indicators/series?months=13')).json();
    assert.equal(series.months[0].month, '2025-11');
    for (const { month, rows } of series.months) {
      const [all, callbacks, video] = rows;
      assert.ok(callbacks.requests > 50 && video.requests > 15, `${month}: callbacks and video appointments`);
      assert.ok(all.ratingAverage > 4.1 && all.ratingAverage < 4.7, `${month}: rating ${all.ratingAverage}`);
      assert.ok(all.repeatPercent > 85 && all.repeatPercent < 98, `${month}: repeat ${all.repeatPercent}`);
      assert.ok(all.ratingCount > 0.5 * all.completed, `${month}: answers`);
      assert.ok(callbacks.waitMedianMinutes > 10 && callbacks.waitMedianMinutes < 240, `${month}: wait ${callbacks.waitMedianMinutes}`);
    }
    const invitations = await suite.app.db.selectFrom('survey_invitations').select(['answered_at', 'outcome']).execute();
    const answered = invitations.filter((invitation) => invitation.answered_at).length / invitations.length;
    assert.ok(answered > 0.6 && answered < 0.7, `answer rate ${answered}`);
    assert.deepEqual([...new Set(invitations.map((invitation) => invitation.outcome))].sort(), ['abandoned', 'completed', 'failed', 'no_show']);

    // Working days and hours only: nothing on a weekend, on the Diada or at Christmas, nothing at night.
    const cases = await suite.app.db.selectFrom('cases').select(['id', 'created_at']).execute();
    const local = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Madrid' });
    for (const { created_at: createdAt } of cases) {
      const [date, time] = local(createdAt).split(' ') as [string, string];
      assert.ok(!['2026-09-11', '2025-12-25', '2026-01-01'].includes(date), `${createdAt} on a holiday`);
      assert.ok(![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()), `${createdAt} on a weekend`);
      assert.ok(time >= '08:00' && time < '20:00', `${createdAt} out of hours`);
    }
    for (const { id } of cases.slice(0, 25)) assert.equal((await suite.app.evidence.verify(id)).valid, true);
  });
});
