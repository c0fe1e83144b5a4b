import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

const ALPHA = 'https://www.alpha.example';
const BETA = 'https://www.beta.example';

describe('allowed origins per council', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let echoes = 0;
  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      env: { COUNCILS_FILE: TWO_COUNCILS_FILE },
      routes: (instance) => {
        instance.post('/api/councils/:council/echo', async (request) => {
          echoes++;
          return { received: request.body };
        });
      },
    });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  const preflight = (council: string, origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: `/api/councils/${council}`,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });

  describe('a page on one of the council\'s own origins', () => {
    it('reads the council with CORS headers naming its origin', async () => {
      const response = await app.inject({ url: '/api/councils/alpha', headers: { origin: ALPHA } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['access-control-allow-origin'], ALPHA);
      assert.match(String(response.headers.vary), /Origin/);
    });

    it('passes the preflight for a POST with an Idempotency-Key', async () => {
      const response = await preflight('alpha', ALPHA);
      assert.equal(response.statusCode, 204);
      assert.equal(response.headers['access-control-allow-origin'], ALPHA);
      assert.match(String(response.headers['access-control-allow-methods']), /POST/);
      assert.match(String(response.headers['access-control-allow-headers']), /Idempotency-Key/i);
    });

    it('can POST', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/councils/alpha/echo', headers: { origin: ALPHA }, payload: { a: 1 } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['access-control-allow-origin'], ALPHA);
      assert.deepEqual(response.json(), { received: { a: 1 } });
    });

    it('matches a pattern such as https://*.beta.example, one label only', async () => {
      const sub = await app.inject({ url: '/api/councils/beta', headers: { origin: 'https://seu.beta.example' } });
      assert.equal(sub.headers['access-control-allow-origin'], 'https://seu.beta.example');
      const deeper = await app.inject({ url: '/api/councils/beta', headers: { origin: 'https://a.b.beta.example' } });
      assert.equal(deeper.json().code, 'FIN_ERR_ORIGIN_FORBIDDEN');
    });
  });

  describe("a page on another council's origin", () => {
    it('reads only a 403 FIN_ERR_ORIGIN_FORBIDDEN, never the council, so the widget can say what to fix', async () => {
      const response = await app.inject({ url: '/api/councils/alpha', headers: { origin: BETA } });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(response.json(), { statusCode: 403, code: 'FIN_ERR_ORIGIN_FORBIDDEN', message: `Requests from ${BETA} are not allowed` });
      assert.equal(response.headers['access-control-allow-origin'], BETA);
      assert.equal(response.headers['access-control-allow-credentials'], undefined);
    });

    it('passes the preflight, then is refused the POST before the handler runs', async () => {
      assert.equal((await preflight('alpha', BETA)).statusCode, 204);
      const before = echoes;
      const response = await app.inject({ method: 'POST', url: '/api/councils/alpha/echo', headers: { origin: BETA }, payload: { a: 1 } });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().code, 'FIN_ERR_ORIGIN_FORBIDDEN');
      assert.equal(response.headers['access-control-allow-origin'], BETA);
      assert.equal(echoes, before);
    });
  });

  describe('a page naming a council the server does not have', () => {
    it('reads a 404 FIN_ERR_COUNCIL_NOT_FOUND', async () => {
      const response = await app.inject({ url: '/api/councils/vilademo', headers: { origin: ALPHA } });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'Council not found' });
      assert.equal(response.headers['access-control-allow-origin'], ALPHA);
    });

    it('is refused a POST with the same 404 before the handler runs', async () => {
      const before = echoes;
      const response = await app.inject({ method: 'POST', url: '/api/councils/vilademo/echo', headers: { origin: ALPHA }, payload: { a: 1 } });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'FIN_ERR_COUNCIL_NOT_FOUND');
      assert.equal(response.headers['access-control-allow-origin'], ALPHA);
      assert.equal(echoes, before);
    });
  });

  it("lets the server's own pages POST to any council's API", async () => {
    const response = await app.inject({ method: 'POST', url: '/api/councils/beta/echo', headers: { origin: new URL(app.config.linkBase).origin }, payload: { b: 1 } });
    assert.equal(response.statusCode, 200);
  });

  it('serves requests without an Origin (not from a browser page) as they are', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/councils/beta/echo', payload: { b: 2 } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], undefined);
  });

  it('gives no CORS headers on the desk API and refuses its POSTs from other sites', async () => {
    const read = await app.inject({ url: '/api/desk/me', headers: { origin: ALPHA } });
    assert.equal(read.headers['access-control-allow-origin'], undefined);
    const login = await app.inject({
      method: 'POST',
      url: '/api/desk/login',
      headers: { origin: ALPHA },
      payload: { email: 'anna@alpha.example', password: 'alpha-password-1' },
    });
    assert.equal(login.statusCode, 403);
    assert.equal(login.json().code, 'FIN_ERR_ORIGIN_FORBIDDEN');
    assert.equal(login.headers['set-cookie'], undefined);
  });

  it('lets the desk page POST from the server\'s own origin', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/desk/login',
      headers: { origin: new URL(app.config.linkBase).origin },
      payload: { email: 'anna@alpha.example', password: 'alpha-password-1' },
    });
    assert.equal(login.statusCode, 200);
  });
});
