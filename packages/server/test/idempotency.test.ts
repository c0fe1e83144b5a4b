import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, useTestApp, type TestDatabase } from './helpers.js';

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
        instance.post('/api/councils/:council/committed', async (_request, reply) => {
          runs++;
          reply.code(201);
          await instance.db.transaction().execute((trx) => reply.recordAnswer(trx, { reference: `REF-${runs}` }));
          throw new Error('the mail server went away after the commit');
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

  it('keeps an answer recorded with its effect when the request fails after the commit', async () => {
    const committed = () =>
      app.inject({ method: 'POST', url: '/api/councils/demo/committed', headers: { 'idempotency-key': 'key-committed' }, payload: {} });
    const failed = await committed();
    assert.equal(failed.statusCode, 500);
    const retried = await committed();
    assert.equal(retried.statusCode, 201);
    assert.equal(retried.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retried.json(), { reference: 'REF-1' });
    assert.equal(runs, 1);
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

describe('stored answers', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const suite = useTestApp({ now: () => now, reminderScheduler: false });

  const book = (key: string, phone: string) =>
    suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      headers: { 'idempotency-key': key },
      payload: { topic: 'online-help', slot: 'asap', name: 'Pere Vila', phone, consent: true, language: 'ca', website: '' },
    });
  const stored = (key: string) =>
    suite.app.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  const storeAt = (key: string, createdAt: Date, body = '{"reference":"CB-OLD"}') =>
    suite.app.db
      .insertInto('idempotency_keys')
      .values({ scope: 'council:demo POST /api/councils/:council/callbacks', key, request_hash: 'h', status_code: 201, response_body: body, state: 'completed', created_at: createdAt.toISOString() })
      .execute();

  it('keeps no token in clear in the database, and still replays the citizen their link', async () => {
    const first = await book('sealed', '611000001');
    assert.equal(first.statusCode, 201);
    const token = new URL(first.json().cancelUrl).searchParams.get('token')!;
    assert.ok(token.length > 20);

    const row = await stored('sealed');
    assert.equal(row?.state, 'completed');
    assert.match(row!.response_body!, /^sealed:/);
    assert.ok(!row!.response_body!.includes(token));
    assert.ok(!row!.response_body!.includes(first.json().reference));
    assert.ok(!Buffer.from(row!.response_body!.slice('sealed:'.length), 'base64').toString('latin1').includes(token));

    const replay = await book('sealed', '611000001');
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.json(), first.json());
  });

  it('deletes answers older than 72 hours when swept, and keeps younger ones', async () => {
    await storeAt('old', new Date(now.getTime() - 72 * 3_600_000 - 1_000));
    await storeAt('young', new Date(now.getTime() - 71 * 3_600_000));
    await suite.app.idempotency.sweep(now);
    assert.equal(await stored('old'), undefined);
    assert.equal((await stored('young'))?.state, 'completed');
    assert.equal((await stored('sealed'))?.state, 'completed');
  });

  it('seals, when swept, an answer an earlier version stored in clear, and replays it', async () => {
    const first = await book('clear', '611000002');
    const clear = first.body;
    await suite.app.db.updateTable('idempotency_keys').set({ response_body: clear }).where('key', '=', 'clear').execute();
    await suite.app.idempotency.sweep(now);
    const row = await stored('clear');
    assert.match(row!.response_body!, /^sealed:/);
    assert.ok(!row!.response_body!.includes(first.json().cancelUrl));

    const replay = await book('clear', '611000002');
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.body, clear);
  });
});
