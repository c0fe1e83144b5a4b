import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
      name: 'Anna Alfa',
      email: 'anna@alpha.example',
      council: { id: 'alpha', name: "Ajuntament d'Alfa" },
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

  it('expires a session after SESSION_TTL_HOURS', async () => {
    const cookie = await signIn();
    now = new Date(now.getTime() + 12 * 3_600_000 + 1000);
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
