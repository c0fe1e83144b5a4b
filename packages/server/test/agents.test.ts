import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, sessionCookie, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

const ANNA = { email: 'anna@alpha.example', password: 'alpha-password-1' };

describe('agent desk sign-in', () => {
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

  const login = (payload: object) => app.inject({ method: 'POST', url: '/api/desk/login', payload });
  const signIn = async (credentials = ANNA) => sessionCookie((await login(credentials)).headers['set-cookie']);

  it('signs an agent in and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const response = await login({ email: 'Anna@Alpha.example', password: ANNA.password });
    assert.equal(response.statusCode, 200);
    const { agent } = response.json();
    assert.deepEqual({ ...agent, id: typeof agent.id }, {
      id: 'string',
      role: 'agent',
      name: 'Anna Alfa',
      email: 'anna@alpha.example',
      council: { id: 'alpha', name: "Ajuntament d'Alfa" },
      habilitation: null,
    });
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^fin_session=[\w-]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.match(cookie, /Max-Age=43200/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http in tests: a Secure cookie would never come back');
  });

  it('does not store the session token itself', async () => {
    const token = (await signIn()).split('=')[1]!;
    const rows = await app.db.selectFrom('sessions').select('id').execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => row.id !== token && /^[0-9a-f]{64}$/.test(row.id)));
  });

  it('answers a wrong password and an unknown email alike, with 401 FIN_ERR_CREDENTIALS_INVALID', async () => {
    const wrong = await login({ email: ANNA.email, password: 'not-the-password' });
    const unknown = await login({ email: 'nobody@alpha.example', password: 'not-the-password' });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), {
        statusCode: 401,
        code: 'FIN_ERR_CREDENTIALS_INVALID',
        message: 'The email or the password is not correct',
      });
      assert.equal(response.headers['set-cookie'], undefined);
    }
  });

  it('tells the signed-in agent who they are, and others to sign in', async () => {
    const cookie = await signIn();
    const me = await app.inject({ url: '/api/desk/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().agent.email, ANNA.email);

    const anonymous = await app.inject('/api/desk/me');
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().code, 'FIN_ERR_AUTH_REQUIRED');
    const forged = await app.inject({ url: '/api/desk/me', headers: { cookie: 'fin_session=forged' } });
    assert.equal(forged.statusCode, 401);
  });

  it('ends the session on logout and clears the cookie', async () => {
    const cookie = await signIn();
    const logout = await app.inject({ method: 'POST', url: '/api/desk/logout', headers: { cookie } });
    assert.equal(logout.statusCode, 204);
    assert.match(String(logout.headers['set-cookie']), /^fin_session=;.*Expires=Thu, 01 Jan 1970/);
    const me = await app.inject({ url: '/api/desk/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  it('expires a session after SESSION_TTL_HOURS, however much it is used', async () => {
    const cookie = await signIn();
    const started = now.getTime();
    // Used every 50 minutes, within the idle timeout, up to the absolute end and past it.
    for (let at = 50; at < 12 * 60; at += 50) {
      now = new Date(started + at * 60_000);
      assert.equal((await app.inject({ url: '/api/desk/me', headers: { cookie } })).statusCode, 200, `at ${at} minutes`);
    }
    now = new Date(started + 12 * 3_600_000 + 1000);
    const me = await app.inject({ url: '/api/desk/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  describe('an agent of council A', () => {
    it("reads A's full configuration, with its agents and without password hashes", async () => {
      const cookie = await signIn();
      const response = await app.inject({ url: '/api/desk/councils/alpha', headers: { cookie } });
      assert.equal(response.statusCode, 200);
      const council = response.json();
      assert.equal(council.id, 'alpha');
      assert.deepEqual(council.allowedOrigins, ['https://www.alpha.example']);
      assert.deepEqual(council.agents.map((agent: { email: string }) => agent.email), [ANNA.email]);
      assert.doesNotMatch(response.body, /scrypt|password/i);
    });

    it("cannot read council B: 404 as if it did not exist, with nothing of B's data", async () => {
      const cookie = await signIn();
      const other = await app.inject({ url: '/api/desk/councils/beta', headers: { cookie } });
      const missing = await app.inject({ url: '/api/desk/councils/atlantis', headers: { cookie } });
      assert.equal(other.statusCode, 404);
      assert.deepEqual(other.json(), missing.json());
      assert.deepEqual(other.json(), { statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'Council not found' });
      assert.doesNotMatch(other.body, /beta|Bernat/i);
    });

    it('needs to be signed in to read any council configuration', async () => {
      const response = await app.inject('/api/desk/councils/alpha');
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, 'FIN_ERR_AUTH_REQUIRED');
    });
  });
});

describe('agent desk behind https', () => {
  it('marks the session cookie Secure', async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database, { env: { PUBLIC_URL: 'https://oac.vilademo.example' } });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/desk/login',
        payload: { email: 'agent@demo.finestreta.cat', password: 'finestreta-demo' },
      });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['set-cookie']), /; Secure/);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('sign-in attempts', () => {
  const BERNAT = { email: 'bernat@beta.example', password: 'beta-password-12' };
  let database: TestDatabase;
  let app: FastifyInstance;
  let now = new Date('2026-11-23T08:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => now });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });
  const wait = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  // Each test starts two hours after the last one's attempts, when they are forgotten.
  beforeEach(() => wait(2 * 3600));

  const login = (credentials: { email: string; password: string }, on = app, remoteAddress = '203.0.113.7') =>
    on.inject({ method: 'POST', url: '/api/desk/login', payload: credentials, remoteAddress });
  const wrong = (credentials: { email: string }) => ({ email: credentials.email, password: 'not-the-password' });
  const statuses = async (count: number, attempt: () => ReturnType<typeof login>) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await attempt()).statusCode);
    return seen;
  };

  it("do not lock an agent out for another agent's failures from the same address", async () => {
    assert.deepEqual(await statuses(12, () => login(wrong(ANNA))), [401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    assert.equal((await login(BERNAT)).statusCode, 200);
  });

  it('make each attempt past the fifth failure of an account wait twice as long as the last', async () => {
    assert.deepEqual(await statuses(5, () => login(wrong(ANNA))), [401, 401, 401, 401, 401]);
    for (const seconds of [15, 30, 60, 120]) {
      const refused = await login(ANNA);
      assert.equal(refused.statusCode, 429, 'even the right password waits');
      assert.deepEqual(refused.json(), { statusCode: 429, code: 'FIN_ERR_RATE_LIMITED', message: `Too many sign-in attempts, retry in ${seconds} seconds` });
      assert.equal(refused.headers['retry-after'], String(seconds));
      wait(seconds - 1);
      assert.equal((await login(wrong(ANNA))).statusCode, 429, `${seconds - 1} s is too early`);
      wait(1);
      assert.equal((await login(wrong(ANNA))).statusCode, 401);
    }
    assert.equal((await login(ANNA)).headers['retry-after'], '240');
  });

  it('wait at most 15 minutes, and start afresh after a success', async () => {
    for (let i = 0; i < 12; i++) {
      await login(wrong(ANNA));
      wait(15 * 60);
    }
    await login(wrong(ANNA));
    assert.equal((await login(ANNA)).headers['retry-after'], String(15 * 60));
    wait(15 * 60);
    assert.equal((await login(ANNA)).statusCode, 200);
    assert.deepEqual(await statuses(6, () => login(wrong(ANNA))), [401, 401, 401, 401, 401, 429]);
  });

  it('answer an unknown email exactly as a known one, so that refusals reveal no agent', async () => {
    const known = await statuses(7, () => login(wrong(ANNA)));
    const unknown = await statuses(7, () => login({ email: 'nobody@alpha.example', password: 'not-the-password' }));
    assert.deepEqual(unknown, known);
    assert.equal((await login(wrong({ email: 'nobody@alpha.example' }))).headers['retry-after'], '15');
  });

  it('let a burst of concurrent guesses test no more passwords than one at a time would', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => login(wrong(ANNA))));
    const tested = burst.filter((response) => response.statusCode === 401).length;
    assert.ok(tested <= 6, `${tested} passwords tested`);
    assert.equal(burst.filter((response) => response.statusCode === 429).length, 20 - tested);
  });

  it('are deleted from the database once they hold nothing back', async () => {
    const office = '203.0.113.50';
    await statuses(5, () => login(wrong({ email: 'purged@alpha.example' }), app, office));
    const keys = async () => {
      await app.rateCounters.purge(now);
      const rows = await app.db.selectFrom('rate_counters').select('key').where('key', 'in', ['login-account:purged@alpha.example', `login-address:${office}`]).execute();
      return rows.map((row) => row.key).sort();
    };
    assert.deepEqual(await keys(), ['login-account:purged@alpha.example', `login-address:${office}`]);
    wait(15 * 60);
    assert.deepEqual(await keys(), ['login-account:purged@alpha.example'], "the address's window has ended, the account's has not");
    wait(60 * 60);
    assert.deepEqual(await keys(), []);
  });

  describe('from one address', () => {
    let limited: FastifyInstance;
    let limitedDatabase: TestDatabase;
    before(async () => {
      limitedDatabase = await createTestDatabase();
      limited = await buildTestApp(limitedDatabase, { env: { COUNCILS_FILE: TWO_COUNCILS_FILE }, now: () => now, rateLimits: { login: { max: 3, timeWindow: 60_000 } } });
    });
    after(async () => {
      await limited.close();
      await limitedDatabase.drop();
    });

    it('are limited across accounts, counting failures only', async () => {
      assert.deepEqual(await statuses(5, () => login(ANNA, limited)), [200, 200, 200, 200, 200]);
      const emails = ['a@alpha.example', 'b@alpha.example', 'c@alpha.example', 'd@alpha.example'];
      const seen = [];
      for (const email of emails) seen.push((await login(wrong({ email }), limited)).statusCode);
      assert.deepEqual(seen, [401, 401, 401, 429]);
      assert.equal((await login(BERNAT, limited)).statusCode, 429);
      assert.equal((await login(BERNAT, limited, '203.0.113.8')).statusCode, 200, 'another address is not concerned');
      wait(60);
      assert.equal((await login(BERNAT, limited)).statusCode, 200);
    });
  });

  describe('on two server processes sharing the database', () => {
    let second: FastifyInstance;
    before(async () => {
      second = await buildTestApp(database, {
        env: { COUNCILS_FILE: TWO_COUNCILS_FILE },
        now: () => now,
      });
    });
    after(() => second.close());

    it('are counted together', async () => {
      const seen = [];
      for (const on of [app, second, app, second, app, second, app]) seen.push((await login(wrong(ANNA), on)).statusCode);
      assert.deepEqual(seen, [401, 401, 401, 401, 401, 429, 429]);
    });
  });
});

describe('public rate limits on two server processes sharing the database', () => {
  it('are counted together once each process has written its count, which it does every second', async () => {
    const database = await createTestDatabase();
    const rateLimits = { public: { max: 3, timeWindow: 60_000 } };
    const first = await buildTestApp(database, { rateLimits });
    const second = await buildTestApp(database, { rateLimits });
    try {
      const request = (on: FastifyInstance) => on.inject({ url: '/api/councils/demo', remoteAddress: '203.0.113.9' });
      const seen = [];
      for (const on of [first, second, first]) seen.push((await request(on)).statusCode);
      // The timers' flushes, in an order where each process ends up knowing the other's hits.
      for (const on of [first, second, first]) await on.rateCounters.flush(new Date());
      for (const on of [first, second]) seen.push((await request(on)).statusCode);
      assert.deepEqual(seen, [200, 200, 200, 429, 429]);
    } finally {
      await first.close();
      await second.close();
      await database.drop();
    }
  });
});
