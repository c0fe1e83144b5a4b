import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { canonicalJson, nestsDeeperThan } from '../src/shared/json.js';
import { signIn, useTestApp } from './helpers.js';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('canonicalJson', () => {
  // Every evidence hash chain and every stored idempotent request depends on these exact bytes.
  it('keeps giving the same text for the same values', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'null'],
      [undefined, 'null'],
      [true, 'true'],
      [0, '0'],
      [-0, '0'],
      [0.1, '0.1'],
      [1e21, '1e+21'],
      [Number.NaN, 'null'],
      ['a"b\\c\n\u2028é', '"a\\"b\\\\c\\n\u2028é"'],
      [[], '[]'],
      [{}, '{}'],
      [[1, undefined, null, 'x'], '[1,null,null,"x"]'],
      [{ b: 1, a: 2, c: undefined }, '{"a":2,"b":1}'],
      [{ é: 1, Z: 2, a: 3, _: 4, '10': 5, '9': 6 }, '{"10":5,"9":6,"Z":2,"_":4,"a":3,"é":1}'],
      [{ 'k"ey': { y: [{ b: 2, a: 1 }], x: null } }, '{"k\\"ey":{"x":null,"y":[{"a":1,"b":2}]}}'],
    ];
    for (const [value, text] of cases) assert.equal(canonicalJson(value), text);
  });

  it('refuses a promise anywhere in the value, which JSON would write as {}', () => {
    for (const value of [Promise.resolve(1), { recording: Promise.resolve(null) }, [1, { a: Promise.resolve('x') }]]) {
      assert.throws(() => canonicalJson(value), { name: 'TypeError', message: /await it first/ });
    }
  });

  it('gives the hash an evidence event had before', () => {
    const event = {
      type: 'callback.requested',
      actor: 'citizen',
      at: '2026-11-23T09:00:00.000Z',
      data: { topic: 'padro', slot: { start: '2026-11-24T08:00:00.000Z', end: '2026-11-24T08:30:00.000Z' }, language: 'ca', consent: true },
      prev: null,
    };
    assert.equal(
      canonicalJson(event),
      '{"actor":"citizen","at":"2026-11-23T09:00:00.000Z","data":{"consent":true,"language":"ca","slot":{"end":"2026-11-24T08:30:00.000Z","start":"2026-11-24T08:00:00.000Z"},"topic":"padro"},"prev":null,"type":"callback.requested"}',
    );
    assert.equal(createHash('sha256').update(canonicalJson(event)).digest('hex'), '5d028b323c6c33afbad65a5b7983b902e2282ac6331c26aaf156692f1a70dc29');
  });
});

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    assert.equal(nestsDeeperThan(nested(32), 32), false);
    assert.equal(nestsDeeperThan(nested(33), 32), true);
    assert.equal(nestsDeeperThan(`{"a":{"b":${nested(31)}}}`, 32), true);
    assert.equal(nestsDeeperThan(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 32), false);
    assert.equal(nestsDeeperThan(`[${'[]'.repeat(1000)}]`, 32), false);
  });
});

describe('a JSON body nested too deep', () => {
  const suite = useTestApp({ reminderScheduler: false });
  let cookie: string;
  before(async () => {
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    suite.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'idempotency-key': `deep-${Math.random()}`, ...headers }, payload });

  it('is refused with 400 FIN_ERR_BODY_TOO_DEEP on a public route, before anything walks it', async () => {
    const response = await post('/callbacks/cancel', `{"council":"demo","token":"abc","extra":${nested(20_000)}}`);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      statusCode: 400,
      code: 'FIN_ERR_BODY_TOO_DEEP',
      message: 'The JSON body may nest objects and arrays at most 32 levels deep',
    });
  });

  it('is refused on a desk route that reads no body', async () => {
    const response = await post('/api/desk/callbacks/00000000-0000-0000-0000-000000000000/claim', nested(5_000), { cookie });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'FIN_ERR_BODY_TOO_DEEP');
  });

  it('lets a body at the limit through to the route', async () => {
    const response = await post('/api/desk/callbacks/00000000-0000-0000-0000-000000000000/claim', nested(32), { cookie });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'FIN_ERR_CALLBACK_NOT_FOUND');
  });

  it('still refuses a body that poisons the prototype', async () => {
    const response = await post('/callbacks/cancel', '{"council":"demo","token":"abc","__proto__":{"x":1}}');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'FIN_ERR_VALIDATION');
  });
});
