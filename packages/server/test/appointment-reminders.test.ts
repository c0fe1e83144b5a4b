import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { book, mine, outbox } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

let phones = 0;
const phone = () => `6220${String(++phones).padStart(5, '0')}`;
const at = (iso: string) => new Date(iso);

describe('appointment reminders', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  // Monday 23 November 2026, 08:00 in Madrid.
  const now = new Date('2026-11-23T07:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { now: () => now, reminderScheduler: false });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  const reminders = async (reference: string) =>
    (await outbox(database)).filter((entry) => entry.subject.includes(reference) && entry.subject.startsWith('Recordatori')).map((entry) => entry.subject);

  it('sends the day-before reminder once at T−24h and the hour-before one once at T−1h, never again', async () => {
    // Wednesday 25 November, 11:00 in Madrid.
    const created = await book(app, { slot: '2026-11-25T10:00:00.000Z', phone: phone() });
    assert.equal(created.statusCode, 201);
    const { reference, token } = created.json();

    assert.deepEqual(await app.reminders.tick(at('2026-11-24T09:59:59Z')), { sent: 0, skipped: 0, failed: 0 });
    assert.deepEqual(await reminders(reference), []);

    assert.equal((await app.reminders.tick(at('2026-11-24T10:00:00Z'))).sent, 1);
    assert.deepEqual(await reminders(reference), [`Recordatori: demà teniu cita per videotrucada (${reference})`]);
    for (const instant of ['2026-11-24T10:00:00Z', '2026-11-24T12:00:00Z', '2026-11-25T08:59:00Z']) {
      assert.equal((await app.reminders.tick(at(instant))).sent, 0, instant);
    }

    assert.equal((await app.reminders.tick(at('2026-11-25T09:00:00Z'))).sent, 1);
    for (const instant of ['2026-11-25T09:00:00Z', '2026-11-25T09:30:00Z', '2026-11-26T09:00:00Z']) {
      assert.equal((await app.reminders.tick(at(instant))).sent, 0, instant);
    }
    const sent = await reminders(reference);
    assert.equal(sent.length, 2);
    assert.ok(sent.includes(`Recordatori: la vostra cita per videotrucada comença d’aquí a una hora (${reference})`));

    // The reminder's link carries a token of its own that opens the same appointment.
    const message = (await outbox(database)).find((entry) => entry.subject.startsWith('Recordatori: demà') && entry.subject.includes(reference))!;
    const link = /http:\/\/\S+\/cita\?\S+/.exec(message.text)![0];
    const reminderToken = new URL(link).searchParams.get('token')!;
    assert.notEqual(reminderToken, token);
    const shown = await app.inject(`/api/councils/demo/appointments/mine?token=${reminderToken}`);
    assert.equal(shown.json().reference, reference);

    const { id } = await app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const events = await app.evidence.list(id);
    assert.deepEqual(events.map((event) => [event.type, event.data.kind]), [
      ['appointment.booked', undefined],
      ['appointment.reminder_sent', '24h'],
      ['appointment.reminder_sent', '1h'],
    ]);
  });

  it('skips the day-before reminder once the hour-before one is due', async () => {
    const { reference } = (await book(app, { slot: '2026-11-26T10:00:00.000Z', phone: phone() })).json();
    const result = await app.reminders.tick(at('2026-11-26T09:10:00Z'));
    assert.deepEqual(result, { sent: 1, skipped: 1, failed: 0 });
    assert.deepEqual(await reminders(reference), [`Recordatori: la vostra cita per videotrucada comença d’aquí a una hora (${reference})`]);
  });

  it('only schedules reminders still ahead at booking time', async () => {
    const { reference, token } = (await book(app, { slot: '2026-11-23T12:00:00.000Z', phone: phone() })).json();
    const rows = await app.db
      .selectFrom('appointment_reminders')
      .innerJoin('cases', 'cases.id', 'appointment_reminders.case_id')
      .select('appointment_reminders.kind')
      .where('cases.reference', '=', reference)
      .execute();
    assert.deepEqual(rows, [{ kind: '1h' }]);
    // Out of the way of the exact counts below.
    assert.equal((await mine(app, 'cancel', { token })).statusCode, 200);
  });

  it('sends none after a cancellation', async () => {
    const { reference, token } = (await book(app, { slot: '2026-11-27T10:00:00.000Z', phone: phone() })).json();
    assert.equal((await mine(app, 'cancel', { token })).statusCode, 200);
    await app.reminders.tick(at('2026-11-26T10:00:00Z'));
    await app.reminders.tick(at('2026-11-27T09:00:00Z'));
    assert.deepEqual(await reminders(reference), []);
  });

  it('moves them with a reschedule', async () => {
    const { reference, token } = (await book(app, { slot: '2026-12-01T10:00:00.000Z', phone: phone() })).json();
    assert.equal((await mine(app, 'reschedule', { token, slot: '2026-12-02T10:00:00.000Z' })).statusCode, 200);
    await app.reminders.tick(at('2026-11-30T10:00:00Z'));
    assert.deepEqual(await reminders(reference), [], 'nothing at the old time');
    await app.reminders.tick(at('2026-12-01T10:00:00Z'));
    assert.deepEqual(await reminders(reference), [`Recordatori: demà teniu cita per videotrucada (${reference})`]);
  });

  it('puts a reminder back when the mail cannot be sent, and sends it on a later tick', async () => {
    const { reference } = (await book(app, { slot: '2026-12-02T12:00:00.000Z', phone: phone() })).json();
    // A second process whose SMTP server refuses connections (nothing listens on port 1).
    const broken = await buildTestApp(database, { now: () => now, reminderScheduler: false, env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    try {
      assert.deepEqual(await broken.reminders.tick(at('2026-12-01T12:00:00Z')), { sent: 0, skipped: 0, failed: 1 });
    } finally {
      await broken.close();
    }
    const row = await app.db
      .selectFrom('appointment_reminders')
      .innerJoin('cases', 'cases.id', 'appointment_reminders.case_id')
      .select(['appointment_reminders.state', 'appointment_reminders.attempts'])
      .where('cases.reference', '=', reference)
      .where('appointment_reminders.kind', '=', '24h')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'pending', attempts: 1 });
    assert.equal((await app.reminders.tick(at('2026-12-01T12:01:00Z'))).sent, 1);
    assert.equal((await reminders(reference)).length, 1);
  });

  it('survives a restart: a new process sends what is due from the table', async () => {
    const { reference } = (await book(app, { slot: '2026-12-02T13:00:00.000Z', phone: phone() })).json();
    const restarted = await buildTestApp(database, { now: () => now, reminderScheduler: false });
    try {
      assert.equal((await restarted.reminders.tick(at('2026-12-01T13:00:00Z'))).sent, 1);
    } finally {
      await restarted.close();
    }
    assert.equal((await reminders(reference)).length, 1);
  });

  // Two instances in one Node process cannot share a SQLite file under load: better-sqlite3
  // waits for a lock synchronously, blocking the very event loop that would release it. SQLite
  // deployments run one process; PostgreSQL is the one with several.
  it('sends each reminder exactly once when two processes tick at the same moment', { skip: process.env.FIN_TEST_DB !== 'postgres' && 'PostgreSQL only' }, async () => {
    const references: string[] = [];
    for (const slot of ['2026-12-02T14:00:00.000Z', '2026-12-02T14:00:00.000Z', '2026-12-02T14:30:00.000Z', '2026-12-02T15:00:00.000Z', '2026-12-02T15:30:00.000Z']) {
      const created = await book(app, { slot, phone: phone() });
      assert.equal(created.statusCode, 201, created.body);
      references.push(created.json().reference);
    }
    const other = await buildTestApp(database, { now: () => now, reminderScheduler: false });
    try {
      // Past every 24 h mark of these appointments but before their 1 h marks.
      const instant = at('2026-12-01T16:00:00Z');
      const results = await Promise.all([app.reminders.tick(instant), other.reminders.tick(instant), app.reminders.tick(instant), other.reminders.tick(instant)]);
      assert.equal(results.reduce((sum, result) => sum + result.sent, 0), references.length);
      assert.ok(results.every((result) => result.failed === 0));
    } finally {
      await other.close();
    }
    for (const reference of references) assert.equal((await reminders(reference)).length, 1, reference);
  });

  it('ticks on its own timer when the scheduler is on, and stops on close', async () => {
    const { reference } = (await book(app, { slot: '2026-12-02T16:00:00.000Z', phone: phone() })).json();
    const clock = at('2026-12-01T16:00:00Z');
    const ticking = await buildTestApp(database, { now: () => clock, env: { REMINDER_INTERVAL_SECONDS: '0.05' } });
    try {
      for (let i = 0; i < 100 && (await reminders(reference)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await ticking.close();
    }
    assert.equal((await reminders(reference)).length, 1);
  });
});
