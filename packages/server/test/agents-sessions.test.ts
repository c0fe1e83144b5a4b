import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionCookie, TWO_COUNCILS_FILE, useTestApp } from './helpers.js';

const ANNA = { email: 'anna@alpha.example', password: 'alpha-password-1' };
const BERNAT = { email: 'bernat@beta.example', password: 'beta-password-12' };
const PHONE = 'Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36';
const OFFICE = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0';

describe('an agent’s sessions', () => {
  let now = new Date('2026-12-07T08:00:00Z');
  const suite = useTestApp({ env: { COUNCILS_FILE: TWO_COUNCILS_FILE, SESSION_IDLE_MINUTES: '30' }, now: () => now });
  const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

  const signIn = async (credentials: { email: string; password: string }, userAgent: string) => {
    const response = await suite.app.inject({ method: 'POST', url: '/api/desk/login', headers: { 'user-agent': userAgent }, payload: credentials });
    assert.equal(response.statusCode, 200);
    return sessionCookie(response.headers['set-cookie']);
  };
  const me = async (cookie: string) => (await suite.app.inject({ url: '/api/desk/me', headers: { cookie } })).statusCode;
  const sessionsOf = async (cookie: string) => {
    const response = await suite.app.inject({ url: '/api/desk/sessions', headers: { cookie } });
    assert.equal(response.statusCode, 200);
    return response.json().sessions as Array<{ id: string; userAgent: string; current: boolean; createdAt: string; lastSeenAt: string }>;
  };

  it('lists where the agent is signed in, the one in use marked, and lets them end another', async () => {
    const office = await signIn(ANNA, OFFICE);
    later(5);
    const phone = await signIn(ANNA, PHONE);
    const bernat = await signIn(BERNAT, OFFICE);

    // Listing uses the office's session, so it is the most recently used.
    const listed = await sessionsOf(office);
    assert.deepEqual(listed.map((s) => [s.userAgent, s.current]), [[OFFICE, true], [PHONE, false]]);
    assert.ok(listed.every((s) => /^[0-9a-f-]{36}$/.test(s.id)), 'named by a public id, not the hash of the cookie');
    assert.ok(!JSON.stringify(listed).includes(phone.split('=')[1]!));

    const other = listed.find((s) => !s.current)!;
    // Another agent cannot end it, and learns nothing of it.
    const foreign = await suite.app.inject({ method: 'DELETE', url: `/api/desk/sessions/${other.id}`, headers: { cookie: bernat } });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'FIN_ERR_SESSION_NOT_FOUND');
    assert.equal(await me(phone), 200);

    const ended = await suite.app.inject({ method: 'DELETE', url: `/api/desk/sessions/${other.id}`, headers: { cookie: office } });
    assert.equal(ended.statusCode, 204);
    assert.equal(await me(phone), 401);
    assert.equal(await me(office), 200);
    assert.deepEqual((await sessionsOf(office)).map((s) => s.userAgent), [OFFICE]);

    const again = await suite.app.inject({ method: 'DELETE', url: `/api/desk/sessions/${other.id}`, headers: { cookie: office } });
    assert.equal(again.statusCode, 404);
    const malformed = await suite.app.inject({ method: 'DELETE', url: '/api/desk/sessions/..%2Fme', headers: { cookie: office } });
    assert.equal(malformed.statusCode, 400);
  });

  it('ends a session left unused for SESSION_IDLE_MINUTES, and keeps one in use alive', async () => {
    const used = await signIn(ANNA, OFFICE);
    const left = await signIn(ANNA, PHONE);
    for (let i = 0; i < 4; i++) {
      later(25);
      assert.equal(await me(used), 200, `used again after ${(i + 1) * 25} minutes`);
    }
    assert.equal(await me(left), 401, 'unused for 100 minutes');
    later(31);
    assert.equal(await me(used), 401, 'then unused for 31 minutes');
  });
});
