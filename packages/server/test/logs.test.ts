import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from '../src/app.js';
import { book } from './appointment-fixtures.js';
import { createTestDatabase, signIn, testConfig, type TestDatabase } from './helpers.js';

/** The log lines of real requests carrying every kind of secret, at `level`, with the secrets sent. */
async function logOf(database: TestDatabase, level: string, slot: string): Promise<{ log: string; secrets: string[] }> {
  const lines: string[] = [];
  const app = await createServer(testConfig(database, { LOG_LEVEL: level }), { now: () => new Date('2026-11-23T07:00:00Z'), reminderScheduler: false, logger: { write: (line: string) => void lines.push(line) } });
  // What a developer adds while debugging, and a failure whose message quotes the URL.
  app.get('/debug/headers', async (request) => {
    request.log.info({ headers: request.headers }, 'debugging');
    return {};
  });
  app.get('/debug/failure', async (request) => {
    throw new Error(`could not handle ${request.url}`);
  });
  await app.ready();
  try {
    const booked = await book(app, { slot, phone: `61200${slot.slice(11, 13)}00` });
    assert.equal(booked.statusCode, 201, booked.body);
    const { token } = booked.json();
    const cookie = await signIn(app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const invite = 'InviteSecret0123456789abcdefghijklmnopqrstu';
    const urls = [
      `/api/councils/demo/appointments/mine?token=${token}&lang=en`,
      `/api/councils/demo/appointments/mine/calendar.ics?token=${token}`,
      `/cita?council=demo&token=${token}`,
      // The server reads an escaped name as `token` too.
      `/api/councils/demo/documents/mine?to%6Ben=${token}&lang=en`,
      `/api/calls/00000000000000000000000000000000/ws?invite=${invite}`,
      `/nowhere?token=${token}`,
      `/debug/failure?token=${token}`,
    ];
    for (const url of urls) await app.inject(url);
    await app.inject({ url: '/api/desk/callbacks', headers: { cookie } });
    await app.inject({ method: 'HEAD', url: '/api/councils/demo/uploads/00000000000000000000000000000000', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` } });
    await app.inject({ url: '/debug/headers', headers: { cookie, authorization: `Bearer ${token}` } });
    return { log: lines.join(''), secrets: [token, invite, cookie.split('=')[1]!] };
  } finally {
    await app.close();
  }
}

describe('the log', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  for (const [level, slot] of [['info', '2026-11-24T09:00:00.000Z'], ['trace', '2026-11-24T10:00:00.000Z']] as const) {
    it(`keeps no link token, invitation, session cookie or Authorization of real requests (LOG_LEVEL=${level})`, async () => {
      const { log, secrets } = await logOf(database, level, slot);
      for (const secret of secrets) assert.equal(log.includes(secret), false, 'a secret reached the log');
      // The lines are still there, naming the parameters and headers.
      assert.ok(log.includes('"url":"/api/councils/demo/appointments/mine?token=[redacted]&lang=en"'));
      assert.ok(log.includes('"url":"/api/councils/demo/documents/mine?to%6Ben=[redacted]&lang=en"'));
      assert.ok(log.includes('"url":"/cita?council=demo&token=[redacted]"'));
      assert.ok(log.includes('?invite=[redacted]'));
      assert.ok(log.includes('could not handle /debug/failure?token=[redacted]'));
      assert.ok(log.includes('"authorization":"[redacted]"') && log.includes('"cookie":"[redacted]"'));
    });
  }
});
