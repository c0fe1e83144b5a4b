import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DESK_CHANNEL } from '../src/modules/notifications/desk-events.js';
import { buildTestApp, createTestDatabase, signIn, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

const ANNA = { email: 'anna@alpha.example', password: 'alpha-password-1' };

interface OpenStream {
  /** Resolves once the server has said `: connected`. */
  connected: Promise<void>;
  /** Resolves with everything the stream carried once the server ends it. */
  ended: Promise<string>;
  /** Resolves with what the stream has carried once it includes `needle`. */
  carried(needle: string): Promise<string>;
}

/** Listens (once) and opens the desk's event stream as `cookie`. */
async function openStream(app: FastifyInstance, cookie: string): Promise<OpenStream> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let text = '';
  const waiting = new Set<() => void>();
  const carried = (needle: string) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (!text.includes(needle)) return;
        waiting.delete(check);
        resolve(text);
      };
      waiting.add(check);
      check();
    });
  const ended = new Promise<string>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/desk/events', headers: { cookie } }, (response) => {
      assert.equal(response.statusCode, 200);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const check of [...waiting]) check();
      });
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
  });
  return { connected: carried(': connected').then(() => undefined), ended, carried };
}

const booked = (reference: string) => ({ councilId: 'alpha', event: 'callback', data: { id: reference, reference, state: 'requested' } });

describe("the desk's event stream", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let now = new Date('2026-11-23T09:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => now });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it('carries events while the session lasts', async () => {
    const stream = await openStream(app, await signIn(app, ANNA.email, ANNA.password));
    await stream.connected;
    await app.notifications.publish(DESK_CHANNEL, booked('CB-LIVE01'));
    await app.notifications.publish(DESK_CHANNEL, { ...booked('CB-LIVE02'), event: 'appointment' });
    const text = await stream.carried('CB-LIVE02');
    assert.match(text, /event: callback\ndata: \{"id":"CB-LIVE01"[^\n]*\n\nevent: appointment\ndata: \{"id":"CB-LIVE02"/);
  });

  it('ends when the session expires and delivers nothing after', async () => {
    const stream = await openStream(app, await signIn(app, ANNA.email, ANNA.password));
    await stream.connected;
    now = new Date(now.getTime() + 12 * 3_600_000 + 1000);
    await app.notifications.publish(DESK_CHANNEL, booked('CB-LATE01'));
    const text = await stream.ended;
    assert.doesNotMatch(text, /CB-LATE01/);
  });

  it('ends when the agent signs out, before any further event', async () => {
    const cookie = await signIn(app, ANNA.email, ANNA.password);
    const stream = await openStream(app, cookie);
    await stream.connected;
    const logout = await app.inject({ method: 'POST', url: '/api/desk/logout', headers: { cookie } });
    assert.equal(logout.statusCode, 204);
    assert.doesNotMatch(await stream.ended, /event:/);
  });

  it('ends when the session was signed out through another process', async () => {
    const cookie = await signIn(app, ANNA.email, ANNA.password);
    const stream = await openStream(app, cookie);
    await stream.connected;
    // A second instance on the same database, as behind a load balancer.
    const elsewhere = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => now });
    try {
      assert.equal((await elsewhere.inject({ method: 'POST', url: '/api/desk/logout', headers: { cookie } })).statusCode, 204);
    } finally {
      await elsewhere.close();
    }
    // On PostgreSQL the sign-out reaches this process at once; on either database the next
    // event finds the session gone instead of going out.
    await app.notifications.publish(DESK_CHANNEL, booked('CB-LATE03'));
    const text = await stream.ended;
    assert.doesNotMatch(text, /CB-LATE03/);
  });
});

describe("the desk's event stream, on the server's own clock", () => {
  it('ends at the moment the session expires, with no event to trigger it', async () => {
    const database = await createTestDatabase();
    // Two seconds.
    const app = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE, SESSION_TTL_HOURS: String(2 / 3600) } });
    try {
      const signedInAt = Date.now();
      const stream = await openStream(app, await signIn(app, ANNA.email, ANNA.password));
      await stream.connected;
      const text = await stream.ended;
      assert.ok(Date.now() - signedInAt >= 1900, `ended after ${Date.now() - signedInAt} ms`);
      assert.doesNotMatch(text, /event:/);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
