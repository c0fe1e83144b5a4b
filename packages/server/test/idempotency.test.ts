import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

describe('Idempotency-Key on POST', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let runs = 0;
  let failNext = false;
  let now = new Date('2026-11-23T09:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      now: () => now,
      routes: (instance) => {
        instance.post('/api/councils/:council/requests', async (request, reply) => {
          runs++;
          // Slow enough for a duplicate to arrive while the first is still running.
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (failNext) {
            failNext = false;
            throw new Error('database went away');
          }
          return reply.code(201).send({ reference: `REF-${runs}`, body: request.body });
        });
      },
    });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });
  beforeEach(() => {
    runs = 0;
  });

  const submit = (key: string | undefined, payload: object, council = 'demo') =>
    app.inject({
      method: 'POST',
      url: `/api/councils/${council}/requests`,
      headers: key === undefined ? {} : { 'idempotency-key': key },
      payload,
    });

  it('replays the first response to a repeat without running the handler again', async () => {
    const first = await submit('key-replay', { topic: 'padro' });
    const again = await submit('key-replay', { topic: 'padro' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    assert.deepEqual(first.json(), { reference: 'REF-1', body: { topic: 'padro' } });
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(runs, 1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    await submit('key-order', { a: 1, b: { c: 2, d: 3 } });
    const again = await app.inject({
      method: 'POST',
      url: '/api/councils/demo/requests',
      headers: { 'idempotency-key': 'key-order', 'content-type': 'application/json' },
      payload: '{"b":{"d":3,"c":2},"a":1}',
    });
    assert.equal(again.statusCode, 201);
    assert.equal(runs, 1);
  });

  it('refuses the same key with another body with 422 FIN_ERR_IDEMPOTENCY_CONFLICT', async () => {
    await submit('key-conflict', { topic: 'padro' });
    const other = await submit('key-conflict', { topic: 'ajuts' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'FIN_ERR_IDEMPOTENCY_CONFLICT');
    assert.equal(runs, 1);
  });

  it('runs the handler once for concurrent duplicates', async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => submit('key-concurrent', { topic: 'padro' })));
    assert.equal(runs, 1);
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((status) => status === 201).length >= 1, true);
    for (const response of responses) {
      if (response.statusCode === 201) assert.deepEqual(response.json(), { reference: 'REF-1', body: { topic: 'padro' } });
      else assert.deepEqual(
        [response.statusCode, response.json().code],
        [409, 'FIN_ERR_IDEMPOTENCY_IN_PROGRESS'],
      );
    }
    const later = await submit('key-concurrent', { topic: 'padro' });
    assert.equal(later.statusCode, 201);
    assert.equal(runs, 1);
  });

  it('keeps keys of different councils apart', async () => {
    await submit('key-shared', { topic: 'padro' }, 'demo');
    const other = await submit('key-shared', { topic: 'padro' }, 'other');
    assert.equal(other.statusCode, 201);
    assert.equal(runs, 2);
  });

  it('lets a retry run again after a server error', async () => {
    failNext = true;
    const failed = await submit('key-retry', { topic: 'padro' });
    assert.equal(failed.statusCode, 500);
    const retried = await submit('key-retry', { topic: 'padro' });
    assert.equal(retried.statusCode, 201);
    assert.equal(runs, 2);
  });

  it('takes over a key whose first request never finished', async () => {
    await submit('key-abandoned', { topic: 'padro' });
    // As if the process had died while handling it: claimed, never answered.
    await app.db
      .updateTable('idempotency_keys')
      .set({ state: 'pending', status_code: null, response_body: null })
      .where('key', '=', 'key-abandoned')
      .execute();
    const meanwhile = await submit('key-abandoned', { topic: 'padro' });
    assert.equal(meanwhile.statusCode, 409);
    assert.equal(meanwhile.json().code, 'FIN_ERR_IDEMPOTENCY_IN_PROGRESS');

    now = new Date(now.getTime() + 5 * 60_000);
    const taken = await submit('key-abandoned', { topic: 'padro' });
    assert.equal(taken.statusCode, 201);
    assert.equal(runs, 2);
  });

  it('works as usual without a key, and rejects a malformed one', async () => {
    assert.equal((await submit(undefined, { topic: 'padro' })).statusCode, 201);
    assert.equal((await submit(undefined, { topic: 'padro' })).statusCode, 201);
    assert.equal(runs, 2);
    const bad = await submit('x'.repeat(300), { topic: 'padro' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'FIN_ERR_VALIDATION');
  });
});
