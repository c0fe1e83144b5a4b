import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { createDatabase } from '../src/db/index.js';
import { migrationProvider } from '../src/db/migrations/index.js';
import { appointmentRequest, icsValue, outbox, parseIcs } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, signIn, testConfig, useTestApp, type TestDatabase } from './helpers.js';

/** What an attacker puts in the headers that name the host, directly and through a proxy. */
const SPOOFED = { host: 'evil.example', 'x-forwarded-host': 'evil-forwarded.example', 'x-forwarded-proto': 'https' };

describe('links the server hands out and emails', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  const now = new Date('2026-11-23T07:00:00Z');
  // The demo without PUBLIC_URL, where links used to follow the request; a trusted proxy hop, where
  // they used to follow X-Forwarded-Host.
  const suite = useTestApp({ now: () => now, reminderScheduler: false, env: { PUBLIC_URL: '', PORT: '8123', TRUST_PROXY: '1' } });
  const base = 'http://localhost:8123';
  const seen: string[] = [];
  let idempotencyKeys = 0;
  /** A request with spoofed host headers; everything it answers is kept to be searched. */
  const send = async (method: 'GET' | 'POST', url: string, options: { payload?: object; headers?: Record<string, string> } = {}) => {
    const response = await suite.app.inject({
      method,
      url,
      headers: { ...SPOOFED, ...(method === 'POST' && { 'idempotency-key': `links-${++idempotencyKeys}` }), ...options.headers },
      ...(options.payload && { payload: options.payload }),
    });
    seen.push(JSON.stringify(response.headers), response.body);
    return response;
  };
  let cookie: string;
  before(async () => {
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  it('bases an appointment’s links, its calendar, its emails and its reminders on the configured address', async () => {
    const booked = await send('POST', '/api/councils/demo/appointments', { payload: appointmentRequest({ slot: '2026-11-24T09:00:00.000Z', phone: '612000101' }) });
    assert.equal(booked.statusCode, 201, booked.body);
    const { token, appointmentUrl, calendarUrl, reference } = booked.json();
    assert.equal(appointmentUrl, `${base}/cita?council=demo&token=${token}`);
    assert.ok(calendarUrl.startsWith(`${base}/api/councils/demo/appointments/mine/calendar.ics?`));

    const calendar = await send('GET', `/api/councils/demo/appointments/mine/calendar.ics?token=${token}`);
    // The calendar's own narrower token, on the configured address too.
    assert.match(icsValue(parseIcs(calendar.body), 'URL')!, new RegExp(`^${base}/cita\\?council=demo&token=(?!${token})[\\w-]{43}$`));
    const moved = await send('POST', '/api/councils/demo/appointments/mine/reschedule', { payload: { token, slot: '2026-11-24T10:00:00.000Z' } });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((await suite.app.reminders.tick(new Date('2026-11-23T10:00:00Z'))).sent, 1);

    const mails = (await outbox(suite.database)).filter((mail) => mail.subject.includes(reference));
    assert.equal(mails.length, 3, 'confirmed, rescheduled, reminded');
    for (const mail of mails) assert.match(mail.text, new RegExp(`${base}/cita\\?council=demo&token=[\\w-]{43}`), mail.subject);
  });

  it('bases a callback’s cancel link, its survey link and their emails on the configured address', async () => {
    const booked = await send('POST', '/api/councils/demo/callbacks', {
      payload: { slot: 'asap', topic: 'online-help', name: 'Pere Vidal', phone: '612000102', email: 'pere@example.org', consent: true, language: 'ca', website: '' },
    });
    assert.equal(booked.statusCode, 201, booked.body);
    assert.ok(booked.json().cancelUrl.startsWith(`${base}/callbacks/cancel?council=demo&token=`));
    const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', booked.json().reference).executeTakeFirstOrThrow();
    await send('POST', `/api/desk/callbacks/${id}/start`, { headers: { cookie } });
    const done = await send('POST', `/api/desk/callbacks/${id}/outcome`, { headers: { cookie }, payload: { outcome: 'reached' } });
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().surveyUrl.startsWith(`${base}/survey?council=demo&token=`));
    // Left unanswered for the council's delay, the survey is emailed.
    await suite.app.surveys.mailDue(new Date(Date.now() + 86_400_000));
    const mails = (await outbox(suite.database)).filter((mail) => mail.to.includes('pere@example.org'));
    assert.equal(mails.length, 2, 'the confirmation and the survey invitation');
    for (const mail of mails) assert.ok(mail.text.includes(`${base}/`), mail.subject);
  });

  it('bases upload links, the upload URL (tus Location) and the indicators’ URLs on the configured address', async () => {
    const booked = await send('POST', '/api/councils/demo/appointments', { payload: appointmentRequest({ slot: '2026-11-25T09:00:00.000Z', phone: '612000103' }) });
    const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', booked.json().reference).executeTakeFirstOrThrow();
    const link = await send('POST', `/api/desk/cases/${id}/upload-links`, { headers: { cookie } });
    assert.equal(link.statusCode, 201, link.body);
    assert.ok(link.json().url.startsWith(`${base}/documents?council=demo&`));

    const created = await send('POST', '/api/councils/demo/uploads', {
      headers: {
        'tus-resumable': '1.0.0',
        authorization: `Bearer ${booked.json().token}`,
        'upload-length': '100',
        'upload-metadata': `filename ${Buffer.from('dni.pdf').toString('base64')}`,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.match(created.headers.location as string, new RegExp(`^${base}/api/councils/demo/uploads/[0-9a-f]{32}$`));

    const indicators = await send('GET', '/api/councils/demo/indicators/2026-10.json');
    assert.equal(indicators.statusCode, 200, indicators.body);
    assert.equal(indicators.json().metadata.urls.csv, `${base}/api/councils/demo/indicators/2026-10.csv`);
  });

  it('never names a host that came in a request, in any answer or email', async () => {
    const mails = await outbox(suite.database);
    assert.equal(mails.length, 6);
    assert.ok(seen.length >= 20);
    for (const text of [...seen, ...mails.map((mail) => mail.eml)]) assert.doesNotMatch(text, /evil/);
  });
});

describe('upgrading a database whose appointments kept the base of the booking request', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('forgets the stored base, and the reminders use the configured address', async () => {
    const now = new Date('2026-11-23T07:00:00Z');
    const db = createDatabase(testConfig(database).database);
    try {
      const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo('0008_recording_tracks');
      assert.equal(migrated.error, undefined);
      const at = now.toISOString();
      await db.insertInto('councils').values({ id: 'demo', config: '{}', updated_at: at }).execute();
      await db
        .insertInto('cases')
        .values({ id: 'c1', council_id: 'demo', kind: 'appointment', reference: 'VA-222222', state: 'booked', language: 'ca', citizen_name: 'Marta', citizen_phone: '+34612000104', citizen_email: 'marta@example.org', created_at: at, updated_at: at })
        .execute();
      // As a booking sent with `Host: evil.example` stored it.
      const slot = { slot_start: '2026-11-24T09:00:00.000Z', slot_end: '2026-11-24T09:30:00.000Z', slot_starts: '["2026-11-24T09:00:00.000Z"]' };
      await db.insertInto('appointments').values({ case_id: 'c1', procedure: 'padro', id_document: null, ...slot, link_base: 'http://evil.example', sequence: 0, version: 1 } as never).execute();
    } finally {
      await db.destroy();
    }

    const app = await buildTestApp(database, { now: () => now, reminderScheduler: false, env: { PUBLIC_URL: 'https://oac.vilademo.example' } });
    try {
      const [row] = await app.db.selectFrom('appointments').selectAll().execute();
      assert.equal('link_base' in row!, false);
      assert.equal(await app.appointments.mail.sendReminder('c1', '24h', now), true);
      const [reminder] = await outbox(database);
      assert.match(reminder!.text, /https:\/\/oac\.vilademo\.example\/cita\?council=demo&token=[\w-]{43}/);
      assert.doesNotMatch(reminder!.eml, /evil/);
    } finally {
      await app.close();
    }
  });
});
