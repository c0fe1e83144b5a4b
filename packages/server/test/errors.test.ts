import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { appointmentRequest } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, signIn, type TestDatabase } from './helpers.js';

interface Exchange {
  /** Everything the server wrote, as text. */
  text: string;
  /** The responses' status lines, in order. */
  statuses: string[];
  /** Whether the connection ended with a reset rather than a clean close. */
  reset: boolean;
}

/** Writes `data` on one raw connection and collects what comes back until the server closes it. */
function exchange(port: number, data: string, endAfter?: RegExp): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    socket.on('data', (chunk) => {
      text += chunk;
      // A connection the server keeps alive is closed by the client once it has what it waited for.
      if (endAfter?.test(text)) socket.end();
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => resolve({ text, statuses: text.match(/HTTP\/1\.1 \d{3}/g) ?? [], reset }));
    socket.write(data);
  });
}

/** The JSON bodies in a raw exchange, in order. */
const jsonBodies = (text: string) => [...text.matchAll(/\r\n\r\n(\{[^\r]*?\})(?=HTTP\/|$)/g)].map((match) => JSON.parse(match[1]!));

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
    // A database of its own: counters live in the database, and the tests above used this address.
    let limitedDatabase: TestDatabase;
    before(async () => {
      limitedDatabase = await createTestDatabase();
      limitedApp = await buildTestApp(limitedDatabase, {
        rateLimits: { public: { max: 3, timeWindow: 60_000 }, login: { max: 2, timeWindow: 60_000 } },
      });
    });
    after(async () => {
      await limitedApp.close();
      await limitedDatabase.drop();
    });

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

  it('refuses the character U+0000, which PostgreSQL cannot store, in paths, queries and bodies', async () => {
    const cookie = await signIn(app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const answers = [
      await app.inject({ url: '/api/desk/cases/%00/evidence', headers: { cookie } }),
      await app.inject({ url: '/api/desk/callbacks?topic=%00', headers: { cookie } }),
      await app.inject({
        method: 'POST',
        url: '/api/councils/demo/callbacks',
        payload: { topic: 'padro', slot: 'asap', name: 'Marta\u0000', phone: '612 345 678', consent: true, language: 'ca', website: '' },
      }),
    ];
    assert.deepEqual(
      answers.map((answer) => [answer.statusCode, answer.json().code, answer.json().message]),
      [
        [400, 'FIN_ERR_VALIDATION', 'params.id must not contain the character U+0000'],
        [400, 'FIN_ERR_VALIDATION', 'querystring.topic must not contain the character U+0000'],
        [400, 'FIN_ERR_VALIDATION', 'body.name must not contain the character U+0000'],
      ],
    );
  });

  describe('errors raised before any route runs', () => {
    let port: number;
    before(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as AddressInfo).port;
    });

    it('answers a path that is not valid percent-encoding with 400 FIN_ERR_URL_INVALID', async () => {
      const response = await app.inject('/api/councils/%zz');
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.deepEqual(response.json(), { statusCode: 400, code: 'FIN_ERR_URL_INVALID', message: 'The URL path is not validly percent-encoded' });
    });

    it('answers a 120-character path segment with 414 FIN_ERR_URL_TOO_LONG', async () => {
      const response = await app.inject(`/api/councils/${'a'.repeat(120)}`);
      assert.equal(response.statusCode, 414);
      assert.deepEqual(response.json(), { statusCode: 414, code: 'FIN_ERR_URL_TOO_LONG', message: 'A segment of the URL path is too long' });
    });

    it('answers headers too large with 431 FIN_ERR_HEADERS_TOO_LARGE as JSON, and closes cleanly', async () => {
      const answer = await exchange(port, `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.deepEqual(answer.statuses, ['HTTP/1.1 431']);
      assert.match(answer.text, /\r\nContent-Type: application\/json; charset=utf-8\r\n/);
      assert.match(answer.text, /\r\nConnection: close\r\n/);
      assert.deepEqual(jsonBodies(answer.text), [{ statusCode: 431, code: 'FIN_ERR_HEADERS_TOO_LARGE', message: 'The request headers are too large' }]);
      assert.equal(answer.reset, false);
    });

    it('answers a request that is not HTTP with 400 FIN_ERR_REQUEST_INVALID as JSON, and closes cleanly', async () => {
      const answer = await exchange(port, 'HELLO?\r\n\r\n');
      assert.deepEqual(answer.statuses, ['HTTP/1.1 400']);
      assert.deepEqual(jsonBodies(answer.text), [{ statusCode: 400, code: 'FIN_ERR_REQUEST_INVALID', message: 'The request is not valid HTTP' }]);
      assert.equal(answer.reset, false);
    });

    it('answers both of two keep-alive requests when the first has a body its route does not read', async () => {
      const answer = await exchange(
        port,
        'GET /api/health HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":"b c"}' +
          'GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n',
        /(\{"status":"ok"[^}]*\}[\s\S]*){2}/,
      );
      assert.deepEqual(answer.statuses, ['HTTP/1.1 200', 'HTTP/1.1 200']);
      assert.equal(answer.reset, false);
    });

    it('gives the request before a body sent without a length its own answer, then closes cleanly', async () => {
      // What Node's http client sends for a GET with a body: no Content-Length, so the body reads as a next request.
      const answer = await exchange(
        port,
        'GET /api/councils/demo HTTP/1.1\r\nHost: localhost\r\n\r\n{"a":1}' + 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n',
      );
      assert.deepEqual(answer.statuses, ['HTTP/1.1 200']);
      assert.match(answer.text, /\r\nconnection: close\r\n/i);
      assert.equal(jsonBodies(answer.text)[0].id, 'demo');
      assert.doesNotMatch(answer.text, /Client Error/);
      assert.equal(answer.reset, false);
    });
  });

  describe('the honeypot field', () => {
    const bookings = [
      {
        url: '/api/councils/demo/callbacks',
        payload: { topic: 'padro', slot: 'asap', name: 'Bot', phone: '612 345 678', consent: true, language: 'ca', website: 'http://spam.example' },
      },
      { url: '/api/councils/demo/appointments', payload: appointmentRequest({ website: 'http://spam.example' }) },
    ];

    it('refuses a filled one without naming the field that gave it away', async () => {
      for (const { url, payload } of bookings) {
        const response = await app.inject({ method: 'POST', url, payload });
        assert.equal(response.statusCode, 400, url);
        assert.deepEqual(response.json(), { statusCode: 400, code: 'FIN_ERR_SUBMISSION_REJECTED', message: 'The request was rejected' });
        assert.doesNotMatch(response.body, /website|honeypot|bot/i);
      }
    });

    it('is not described as a trap in the OpenAPI document', async () => {
      const document = (await app.inject('/api/openapi.json')).json();
      for (const { url } of bookings) {
        const path = url.replace('/demo/', '/{council}/');
        const schema = document.paths[path].post.requestBody.content['application/json'].schema;
        assert.ok(schema.properties.website, path);
        assert.doesNotMatch(JSON.stringify(schema.properties.website), /trap|bot|honeypot/i);
      }
    });
  });
});
