import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

describe('errors as the client sees them', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      routes: (instance) => {
        instance.get('/api/test/crash', async () => {
          throw new Error('connection to 10.0.0.5 refused: password authentication failed for user "finestreta"');
        });
      },
    });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it('answers an invalid request with 400 FIN_ERR_VALIDATION naming the field', async () => {
    const query = await app.inject('/api/councils/demo?lang=fr');
    assert.equal(query.statusCode, 400);
    assert.deepEqual(query.json(), {
      statusCode: 400,
      code: 'FIN_ERR_VALIDATION',
      message: 'querystring.lang must be one of ca, es, en',
    });

    const body = await app.inject({ method: 'POST', url: '/api/desk/login', payload: { password: 'x' } });
    assert.equal(body.statusCode, 400);
    assert.deepEqual(body.json(), { statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'body.email is required', field: 'email' });
  });

  it('answers an unknown route with 404 FIN_ERR_NOT_FOUND', async () => {
    const response = await app.inject('/api/nothing-here');
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'GET /api/nothing-here not found' });
  });

  it('answers an unknown council with 404 FIN_ERR_COUNCIL_NOT_FOUND', async () => {
    const response = await app.inject('/api/councils/atlantis');
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'Council not found' });
  });

  it('hides the details of a server error behind a generic 500', async () => {
    const response = await app.inject('/api/test/crash');
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'Internal server error' });
    assert.doesNotMatch(response.body, /10\.0\.0\.5|password/);
  });

  it('answers a malformed JSON body with a 400 in the same format', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/desk/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'FIN_ERR_VALIDATION');
  });

  describe('with low rate limits', () => {
    let limitedApp: FastifyInstance;
    before(async () => {
      limitedApp = await buildTestApp(database, {
        rateLimits: { public: { max: 3, timeWindow: 60_000 }, login: { max: 2, timeWindow: 60_000 } },
      });
    });
    after(() => limitedApp.close());

    it('rate limits the public API with 429 FIN_ERR_RATE_LIMITED and a Retry-After', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limitedApp.inject('/api/councils/demo')).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const limited = await limitedApp.inject('/api/councils/demo');
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().code, 'FIN_ERR_RATE_LIMITED');
      assert.equal(limited.json().statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });

    it('rate limits login attempts separately', async () => {
      const attempt = () =>
        limitedApp.inject({ method: 'POST', url: '/api/desk/login', payload: { email: 'agent@demo.finestreta.cat', password: 'guess' } });
      assert.equal((await attempt()).statusCode, 401);
      assert.equal((await attempt()).statusCode, 401);
      const limited = await attempt();
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().code, 'FIN_ERR_RATE_LIMITED');
    });
  });

  describe('malformed input', () => {
    it('refuses a query parameter given twice where one value is expected, on pages and the API alike', async () => {
      for (const url of ['/survey?council=demo&token=a&token=b', '/api/councils/demo/surveys/mine?token=a&token=b']) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 400, url);
        assert.deepEqual(response.json(), { statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'querystring.token must be string' });
      }
      const months = await app.inject('/api/councils/demo/indicators/series?months=3&months=4');
      assert.equal(months.statusCode, 400);
      assert.equal(months.json().code, 'FIN_ERR_VALIDATION');
    });

    it('refuses a number that only a string can spell, such as 1e400, instead of failing on Infinity', async () => {
      for (const months of ['1e400', '-1e400', 'Infinity']) {
        const response = await app.inject(`/api/councils/demo/indicators/series?months=${months}`);
        assert.equal(response.statusCode, 400, months);
        assert.deepEqual(response.json(), { statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'querystring.months must be a finite number' });
      }
      const rating = await app.inject({ method: 'POST', url: '/api/councils/demo/surveys/mine/answer', payload: { token: 'x', rating: '1e400' } });
      assert.equal(rating.statusCode, 400);
      assert.deepEqual(rating.json(), { statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'body.rating must be a finite number', field: 'rating' });
    });
  });
});
