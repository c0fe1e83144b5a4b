import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeParts } from './bundle-fixtures.js';
import { callsTestEnv, seedAppointment } from './call-fixtures.js';
import { buildTestApp, useTestApp } from './helpers.js';
import { appointmentInCall } from './procedure-fixtures.js';
import { makeTestSeal } from './tsa-fixtures.js';

const MINUTE = 60_000;
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-abandoned-'));
  const alpha = await makeTestSeal(dir, 'alpha');
  await writeParts(dir, { 'alpha.p12': alpha.p12, 'alpha.pass': Buffer.from(alpha.passphrase) });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('appointments left open', () => {
  let clock = new Date();
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), SEALS_DIR: dir }, reminderScheduler: false, now: () => clock }));
  // seedAppointment books 5 minutes ahead for 30 minutes: each ends 35 minutes from when it was booked.
  const ends = () => new Date(clock.getTime() + 35 * MINUTE);
  let booked: string;
  let checkedIn: string;
  let inCall: string;
  let completed: string;
  let end: Date;

  before(async () => {
    end = ends();
    booked = (await seedAppointment(suite.app, 'alpha')).id;
    checkedIn = (await seedAppointment(suite.app, 'alpha')).id;
    await suite.app.appointments.lifecycle.write(checkedIn, 'alpha', clock, async () => ({ move: 'checkIn', event: { type: 'appointment.checked_in', actor: 'citizen', data: {} } }));
    inCall = (await appointmentInCall(suite.app, 'alpha')).id;
    completed = (await appointmentInCall(suite.app, 'alpha')).id;
    await suite.app.appointments.lifecycle.write(completed, 'alpha', clock, async () => ({ move: 'complete', event: { type: 'call.ended', actor: 'system', data: {} } }));
    await suite.app.evidenceSeals.settled();
  });

  const state = async (id: string) => (await suite.app.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

  it('are left alone until an hour after their end', async () => {
    clock = new Date(end.getTime() + 59 * MINUTE);
    assert.equal(await suite.app.abandonedAppointments.tick(clock), 0);
    assert.deepEqual(await Promise.all([booked, checkedIn, inCall].map(state)), ['booked', 'checked_in', 'in_call']);
  });

  it('are then closed once, by the system, even when two ticks run at once: missed if never joined, abandoned otherwise', async () => {
    clock = new Date(end.getTime() + 60 * MINUTE);
    const closed = await Promise.all([suite.app.abandonedAppointments.tick(clock), suite.app.abandonedAppointments.tick(clock)]);
    assert.equal(closed[0] + closed[1], 3);
    assert.deepEqual(await Promise.all([booked, checkedIn, inCall, completed].map(state)), ['no_show', 'abandoned', 'abandoned', 'completed']);
    for (const [id, type, from] of [[booked, 'appointment.no_show', 'booked'], [checkedIn, 'appointment.abandoned', 'checked_in'], [inCall, 'appointment.abandoned', 'in_call']] as const) {
      const closings = (await suite.app.evidence.list(id)).filter((event) => event.type === type);
      assert.equal(closings.length, 1, `${id} closed once`);
      assert.equal(closings[0]!.actor, 'system');
      assert.equal(closings[0]!.data.from, from);
    }
    assert.equal(await suite.app.abandonedAppointments.tick(clock), 0);
  });

  it('have their evidence sealed as they close', async () => {
    await suite.app.evidenceSeals.settled();
    for (const id of [booked, checkedIn, inCall]) {
      const events = await suite.app.evidence.list(id);
      const segments = await suite.app.evidenceSeals.list(id);
      assert.equal(segments.length, 1);
      assert.equal(segments[0]!.statement.lastSeq, events.length);
      assert.equal(segments[0]!.statement.state, await state(id));
    }
  });

  it('invite their citizens to the survey with the outcome each had', async () => {
    await suite.app.surveys.sweep(clock);
    const outcome = async (id: string) => (await suite.app.db.selectFrom('survey_invitations').select('outcome').where('case_id', '=', id).executeTakeFirst())?.outcome;
    assert.deepEqual(await Promise.all([booked, checkedIn, inCall].map(outcome)), ['no_show', 'abandoned', 'abandoned']);
  });

  // Two instances in one Node process cannot write one SQLite file at the same moment (see
  // appointment-reminders.test.ts); SQLite deployments run one process.
  it('are closed, and their citizens invited, once when two processes tick at the same moment', { skip: process.env.FIN_TEST_DB !== 'postgres' && 'PostgreSQL only' }, async () => {
    const { app, database } = suite;
    const later = ends();
    const left = [(await seedAppointment(app, 'alpha')).id, (await seedAppointment(app, 'alpha')).id];
    clock = new Date(later.getTime() + 60 * MINUTE);
    const other = await buildTestApp(database, { env: { ...callsTestEnv(database), SEALS_DIR: dir }, reminderScheduler: false, now: () => clock });
    try {
      const closed = await Promise.all([app.abandonedAppointments.tick(clock), other.abandonedAppointments.tick(clock), app.abandonedAppointments.tick(clock), other.abandonedAppointments.tick(clock)]);
      assert.equal(closed.reduce((sum, count) => sum + count, 0), left.length);
      const invited = await Promise.all([app.surveys.sweep(clock), other.surveys.sweep(clock)]);
      assert.equal(invited[0] + invited[1], left.length);
      await other.evidenceSeals.settled();
    } finally {
      await other.close();
    }
    for (const id of left) {
      const types = (await app.evidence.list(id)).map((event) => event.type);
      assert.equal(types.filter((type) => type === 'appointment.no_show').length, 1, `${id} closed once`);
      assert.equal(types.filter((type) => type === 'survey.invited').length, 1, `${id} invited once`);
    }
  });
});
