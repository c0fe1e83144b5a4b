import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../src/shared/password.js';
import { book as bookAppointment } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, signIn, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

let keys = 0;
/** A callback with an email, so that booking it sends a confirmation. */
function bookCallback(app: FastifyInstance, phone: string) {
  return app.inject({
    method: 'POST',
    url: '/api/councils/alpha/callbacks',
    headers: { 'idempotency-key': `incident-${++keys}` },
    payload: { topic: 'online-help', slot: 'asap', name: 'Pere Vila', phone, email: 'pere.vila@example.org', consent: true, language: 'ca', website: '' },
  });
}

const SUPERVISOR = { email: 'sara@alpha.example', password: 'sara-password-123' };
const TOKEN = randomBytes(24).toString('hex');

describe('incidents: what failed in the background, for supervisors and monitoring', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  /** A second process of the same deployment whose SMTP server refuses connections (nothing listens on port 1). */
  let broken: FastifyInstance;
  // Alpha opens on Mondays 09:00–14:00; Monday 23 November 2026 at 10:00 in Madrid.
  const now = new Date('2026-11-23T09:00:00Z');
  let supervisor: string;

  before(async () => {
    database = await createTestDatabase();
    const tokenFile = path.join(database.env.DATA_DIR!, 'metrics.token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    app = await buildTestApp(database, { now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: TWO_COUNCILS_FILE, METRICS_TOKEN_FILE: tokenFile } });
    broken = await buildTestApp(database, { now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: TWO_COUNCILS_FILE, SMTP_URL: 'smtp://127.0.0.1:1' } });
    await app.agents.create({ councilId: 'alpha', email: SUPERVISOR.email, name: 'Sara Supervisora', role: 'supervisor', passwordHash: await hashPassword(SUPERVISOR.password), now });
    supervisor = await signIn(app, SUPERVISOR.email, SUPERVISOR.password);
  });
  after(async () => {
    await broken?.close();
    await app?.close();
    await database?.drop();
  });

  const incidents = async (cookie = supervisor) => {
    const response = await app.inject({ url: '/api/desk/incidents', headers: { cookie } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().incidents as Array<Record<string, unknown> & { id: string; case: { reference: string } | null }>;
  };
  const metrics = async (authorization = `Bearer ${TOKEN}`) => app.inject({ url: '/metrics', headers: { authorization } });

  it('shows a confirmation email that could not be sent, with its case and the error code only', async () => {
    const booked = await bookCallback(broken, '611000101');
    assert.equal(booked.statusCode, 201, 'the booking stands without its email');
    const [incident, ...others] = await incidents();
    assert.deepEqual(others, []);
    assert.equal(incident!.kind, 'email');
    assert.equal(incident!.subject, 'callback-confirmation');
    assert.equal(incident!.case?.reference, booked.json().reference);
    assert.equal(incident!.count, 1);
    assert.equal(incident!.resolvedAt, null);
    assert.match(String(incident!.reason), /^E[A-Z]+$/, 'the transport error code, such as ECONNREFUSED');
    const stored = await app.db.selectFrom('incidents').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes('pere.vila'), 'no address of the citizen is kept with the incident');
  });

  it('counts each failure in the metrics, for a monitoring system holding the token only', async () => {
    await bookCallback(broken, '611000102');
    const answer = await metrics();
    assert.equal(answer.statusCode, 200);
    assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(answer.body, /^finestreta_failures_total\{council="alpha",kind="email"\} 2$/m);
    assert.match(answer.body, /^finestreta_incidents_open\{council="alpha",kind="email"\} 2$/m);
    assert.match(answer.body, /^finestreta_info\{version="[^"]+"\} 1$/m);
    assert.match(answer.body, /^finestreta_calls_hosted 0$/m);
    assert.match(answer.body, /^finestreta_process_resident_memory_bytes \d+/m);

    for (const authorization of ['', `Bearer ${TOKEN.slice(1)}`, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, `Bearer ${TOKEN} ${TOKEN}`]) {
      const refused = await metrics(authorization);
      assert.equal(refused.statusCode, 401, authorization);
      assert.equal(refused.json().code, 'FIN_ERR_METRICS_TOKEN_INVALID');
      assert.match(String(refused.headers['www-authenticate']), /^Bearer /);
      assert.ok(!refused.body.includes('finestreta_failures_total'));
    }
    const withoutSetting = await broken.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(withoutSetting.statusCode, 404, 'no METRICS_TOKEN_FILE: no metrics route');
  });

  it('is for supervisors: an agent is refused, and another council sees nothing of it', async () => {
    const [incident] = await incidents();
    const agent = await signIn(app, 'anna@alpha.example', 'alpha-password-1');
    for (const request of [{ url: '/api/desk/incidents' }, { method: 'POST' as const, url: `/api/desk/incidents/${incident!.id}/resolve` }]) {
      const refused = await app.inject({ ...request, headers: { cookie: agent } });
      assert.equal(refused.statusCode, 403, request.url);
      assert.equal(refused.json().code, 'FIN_ERR_ROLE_FORBIDDEN');
    }
    const beta = await signIn(app, 'bernat@beta.example', 'beta-password-12');
    assert.deepEqual(await incidents(beta), []);
    const elsewhere = await app.inject({ method: 'POST', url: `/api/desk/incidents/${incident!.id}/resolve`, headers: { cookie: beta } });
    assert.equal(elsewhere.statusCode, 404);
    assert.equal(elsewhere.json().code, 'FIN_ERR_INCIDENT_NOT_FOUND');
    assert.equal((await incidents()).find(({ id }) => id === incident!.id)?.resolvedAt, null);
  });

  it('lets a supervisor mark one dealt with, once', async () => {
    const [incident] = await incidents();
    const resolve = () => app.inject({ method: 'POST', url: `/api/desk/incidents/${incident!.id}/resolve`, headers: { cookie: supervisor } });
    assert.equal((await resolve()).statusCode, 204);
    const again = await resolve();
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().code, 'FIN_ERR_INCIDENT_NOT_FOUND');
    const shown = (await incidents()).find(({ id }) => id === incident!.id);
    assert.equal(shown?.resolvedBy, 'agent');
    assert.equal(shown?.resolvedAt, now.toISOString());
    assert.match((await metrics()).body, /^finestreta_incidents_open\{council="alpha",kind="email"\} 1$/m);

    for (const [url, status] of [
      [`/api/desk/incidents/${randomUUID()}/resolve`, 404],
      ['/api/desk/incidents/not-an-id/resolve', 400],
    ] as const) {
      const answer = await app.inject({ method: 'POST', url, headers: { cookie: supervisor } });
      assert.equal(answer.statusCode, status, url);
    }
  });
});

describe('incidents resolved by a retry', () => {
  let database: TestDatabase;
  // Monday 23 November 2026, 08:00 in Madrid.
  const now = new Date('2026-11-23T07:00:00Z');

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it('counts a reminder failing twice, then shows it recovered once it is sent', async () => {
    const app = await buildTestApp(database, { now: () => now, reminderScheduler: false });
    const broken = await buildTestApp(database, { now: () => now, reminderScheduler: false, env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    try {
      const { reference } = (await bookAppointment(app, { slot: '2026-12-02T12:00:00.000Z', phone: '622000901' })).json();
      assert.equal((await broken.reminders.tick(new Date('2026-12-01T12:00:00Z'))).failed, 1);
      assert.equal((await broken.reminders.tick(new Date('2026-12-01T12:01:00Z'))).failed, 1);
      const [open] = await app.incidents.store.list('demo', now);
      assert.deepEqual([open?.kind, open?.subject, open?.case?.reference, open?.count, open?.resolvedAt], ['email', 'reminder-24h', reference, 2, null]);

      assert.equal((await app.reminders.tick(new Date('2026-12-01T12:02:00Z'))).sent, 1);
      const [recovered] = await app.incidents.store.list('demo', now);
      assert.equal(recovered?.id, open?.id);
      assert.equal(recovered?.resolvedBy, 'retry');
      assert.equal(recovered?.count, 2);
      assert.deepEqual(await app.incidents.store.totals(), [{ councilId: 'demo', kind: 'email', failures: 2, open: 0 }]);
    } finally {
      await broken.close();
      await app.close();
    }
  });
});
