import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { book } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, signIn, type TestDatabase } from './helpers.js';

/**
 * Every operation of the OpenAPI document, sent malformed: wrong types, missing fields, huge
 * strings, deep JSON, arrays for scalars, repeated query parameters, bad ids in paths, bad
 * content types, oversized bodies and odd headers, then random input from fast-check with a fixed
 * seed. Whatever is sent, the answer is never a 5xx, and every error is JSON shaped
 * `{statusCode, code: FIN_ERR_…, message}`.
 */

const SEED = 20261206;
const RANDOM_RUNS = 15;
const HUGE = 'x'.repeat(100_000);
const DEEP_ARRAY = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  minimum?: number;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  method: string;
  /** The path template, `/api/councils/{council}`. */
  template: string;
  parameters: Parameter[];
  /** The JSON body's schema, if the operation takes one. */
  body?: Schema;
}

interface Request {
  method: string;
  path: Record<string, string>;
  /** The query string without its `?`, written by hand so that it can be malformed. */
  query: string;
  headers: Record<string, string>;
  payload?: string;
  /** What this request tries, for the failure report. */
  what: string;
}

interface Problem {
  what: string;
  url: string;
  status: number;
  body: string;
}

/** Values that let a request get past the first checks, so that what is fuzzed reaches deeper code. */
interface Known {
  token: string;
  caseId: string;
  /** Another free slot, for a reschedule. */
  slot: string;
  /** An upload in progress of the case. */
  uploadId: string;
}

const PATH_VALUES: Record<string, (known: Known) => string> = {
  council: () => 'demo',
  id: (known) => known.caseId,
  uploadId: (known) => known.uploadId,
  party: () => 'citizen',
  file: () => '2026-11.json',
};

const NAMED_VALUES: Record<string, (known: Known) => unknown> = {
  token: (known) => known.token,
  slot: (known) => known.slot,
  procedure: () => 'padro',
  topic: () => 'padro',
  email: () => 'fuzz@example.org',
  phone: () => '612 345 678',
  name: () => 'Fuzz',
  months: () => '3',
  rating: () => 4,
  // Refused before it is hashed: the login's deliberately slow hash, repeated for every variant of the
  // request, would only make the fuzz slow. The variants of the password itself still reach it.
  password: () => '',
};

/** A plausible value for a schema: named fields first, then the schema's own examples and choices. */
function sample(schema: Schema, name: string, known: Known): unknown {
  if (NAMED_VALUES[name]) return NAMED_VALUES[name](known);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.examples) return schema.examples[0];
  if (schema.anyOf) return sample(schema.anyOf[0]!, name, known);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sample(property, key, known)]));
    case 'array':
      return [];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    default:
      return name === 'website' ? '' : 'x';
  }
}

function operations(document: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

const queryString = (entries: Array<[string, string]>) => entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');

/** The malformed requests derived from one operation. */
function malformed(operation: Operation, known: Known): Request[] {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const path = Object.fromEntries(pathParameters.map((parameter) => [parameter.name, encodeURIComponent(String(PATH_VALUES[parameter.name]?.(known) ?? '0'.repeat(32)))]));
  const query: Array<[string, string]> = queryParameters
    .filter((parameter) => parameter.required)
    .map((parameter) => [parameter.name, String(sample(parameter.schema, parameter.name, known))]);
  const body = operation.body ? (sample(operation.body, '', known) as Record<string, unknown>) : undefined;
  const json = { 'content-type': 'application/json' };
  // The case's token as a bearer too, which the upload routes read, so that their own checks are reached.
  const bearer = { authorization: `Bearer ${known.token}` };
  const base = { method: operation.method, path, query: queryString(query), headers: { ...bearer, ...(body && json) }, payload: body && JSON.stringify(body) };
  const requests: Request[] = [{ ...base, what: 'as documented' }];
  const vary = (what: string, change: Partial<Request>) => requests.push({ ...base, ...change, what });

  for (const parameter of pathParameters) {
    for (const bad of ['%zz', 'a'.repeat(120), 'a%2Fb', '%2e%2e', encodeURIComponent('ñ€😀'), '%00', '-', 'A'.repeat(32)]) {
      vary(`path ${parameter.name}=${bad.slice(0, 20)}`, { path: { ...path, [parameter.name]: bad } });
    }
  }

  for (const parameter of queryParameters) {
    const others = query.filter(([name]) => name !== parameter.name);
    const value = String(sample(parameter.schema, parameter.name, known));
    for (const bad of ['', HUGE, '1e400', '-1', 'Infinity', '0x10', '\u0000', '😀', '2026-02-30', '../../etc']) {
      vary(`query ${parameter.name}=${bad.slice(0, 20)}`, { query: queryString([...others, [parameter.name, bad]]) });
    }
    vary(`query ${parameter.name} twice`, { query: queryString([...others, [parameter.name, value], [parameter.name, value]]) });
    vary(`query ${parameter.name} twice, different`, { query: queryString([...others, [parameter.name, value], [parameter.name, 'other']]) });
    vary(`query ${parameter.name}[]`, { query: `${queryString(others)}&${parameter.name}[]=${encodeURIComponent(value)}` });
    vary(`query ${parameter.name}=%zz`, { query: `${queryString(others)}&${parameter.name}=%zz` });
    if (parameter.required) vary(`query without ${parameter.name}`, { query: queryString(others) });
  }
  vary('query of separators', { query: '&&&=&=%&a==b' });
  vary('query with an unknown parameter twice', { query: `${base.query}&zz=1&zz=2` });

  if (body && operation.body) {
    const badValues: unknown[] = [123, -1, 1e308, true, null, [], {}, ['x', 'y'], HUGE, '1e400', '', '\u0000', '😀'.repeat(50), { $gt: '' }];
    for (const field of Object.keys(operation.body.properties ?? {})) {
      for (const bad of badValues) vary(`body ${field}=${JSON.stringify(bad).slice(0, 20)}`, { payload: JSON.stringify({ ...body, [field]: bad }) });
      vary(`body without ${field}`, { payload: JSON.stringify({ ...body, [field]: undefined }) });
    }
    vary('body with an unknown field', { payload: JSON.stringify({ ...body, extra: 'x' }) });
    vary('body with __proto__', { payload: `{"__proto__":{"polluted":true},${JSON.stringify(body).slice(1)}` });
    for (const payload of ['[]', '"x"', '1', 'null', '', '{', '{"a":1}{', '\u0000', '{"a":"\\ud800"}']) vary(`body ${JSON.stringify(payload)}`, { payload });
    vary('a field nested 50000 objects deep with an Idempotency-Key', {
      payload: JSON.stringify({ ...body, name: 0 }).replace('"name":0', `"name":${DEEP_OBJECT}`),
      headers: { ...bearer, ...json, 'idempotency-key': `fuzz-deep-field-${operation.template}` },
    });
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', ';;;', 'application/offset+octet-stream', 'application/json, text/plain']) {
      vary(`body as ${type}`, { headers: { ...bearer, 'content-type': type } });
    }
    vary('body without a content type', { headers: bearer });
  } else {
    vary('an unexpected JSON body', { headers: { ...bearer, ...json }, payload: '{"a":1}' });
    vary('an unexpected text body', { headers: { ...bearer, 'content-type': 'text/plain' }, payload: 'hello' });
  }
  if (operation.method !== 'GET' && operation.method !== 'HEAD') {
    const withJson = { ...bearer, ...json };
    vary('a body nested 100000 arrays deep', { headers: withJson, payload: DEEP_ARRAY });
    vary('a body nested 50000 objects deep', { headers: withJson, payload: DEEP_OBJECT });
    vary('a body nested 100000 arrays deep with an Idempotency-Key', { headers: { ...withJson, 'idempotency-key': `fuzz-deep-array-${operation.template}` }, payload: DEEP_ARRAY });
    vary('a body nested 50000 objects deep with an Idempotency-Key', { headers: { ...withJson, 'idempotency-key': `fuzz-deep-object-${operation.template}` }, payload: DEEP_OBJECT });
    vary('a body over the size limit', { headers: withJson, payload: JSON.stringify({ ...body, name: 'x'.repeat(2 * 1024 * 1024) }) });
  }

  const oddHeaders: Array<Record<string, string>> = [
    { 'idempotency-key': '' },
    { 'idempotency-key': ' ' },
    { 'idempotency-key': 'k'.repeat(5000) },
    { 'idempotency-key': '%zz\t;' },
    { host: 'evil.example' },
    { host: 'a'.repeat(300) },
    { host: '[::1]:99999' },
    { host: 'localhost:abc' },
    { authorization: 'Bearer ' },
    { authorization: `Bearer ${'x'.repeat(5000)}` },
    { authorization: 'Basic Zm9vOmJhcg==' },
    { authorization: `Bearer ${known.token}x` },
    { cookie: `fin_session=${'x'.repeat(4000)}` },
    { cookie: 'fin_session=%zz; fin_session=a' },
    { origin: 'null' },
    { origin: 'http://evil.example' },
    { range: 'bytes=abc' },
    { range: 'bytes=999999999999-' },
    { range: `bytes=${Array.from({ length: 200 }, () => '0-0').join(',')}` },
    { accept: 'text/csv' },
    { accept: '*/*;q=abc' },
    { 'accept-language': 'x'.repeat(1000) },
    { 'x-forwarded-for': '1.2.3.4, ::1, garbage' },
    { 'x-http-method-override': 'DELETE' },
    { 'tus-resumable': '1.0.0', 'upload-defer-length': '1' },
    { 'tus-resumable': '1.0.0', 'upload-length': '1e400' },
    { 'tus-resumable': '1.0.0', 'upload-length': '-1' },
    { 'tus-resumable': '0.2.2' },
    { 'tus-resumable': '1.0.0', 'upload-offset': 'abc', 'content-type': 'application/offset+octet-stream' },
    { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': '%%% ###,filename' },
  ];
  for (const headers of oddHeaders) vary(`headers ${JSON.stringify(headers).slice(0, 60)}`, { headers: { ...base.headers, ...headers } });
  if (body) {
    // The same key with two different bodies: the second must be refused or answered as the first, never fail.
    const key = `fuzz-reuse-${operation.method}-${operation.template}`;
    vary('an Idempotency-Key, first use', { headers: { ...base.headers, 'idempotency-key': key } });
    vary('the same Idempotency-Key, another body', { headers: { ...base.headers, 'idempotency-key': key }, payload: JSON.stringify({ ...body, extra: 1 }) });
  }
  return requests;
}

/** Random requests for one operation from fast-check: any path segments, query entries and JSON body. */
function random(operation: Operation, seed: number): Request[] {
  const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const segment = fc.string({ unit: 'binary', minLength: 1, maxLength: 130 });
  const queryValue = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('1e400', '-0', 'NaN', 'true', 'null', '[]'));
  const arbitrary = fc.record({
    path: fc.tuple(...pathNames.map(() => segment)),
    query: fc.array(fc.tuple(fc.constantFrom(...operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name), 'x'), queryValue), { maxLength: 6 }),
    body: fc.jsonValue({ maxDepth: 5 }),
  });
  return fc.sample(arbitrary, { seed, numRuns: RANDOM_RUNS }).map(({ path, query, body }) => ({
    method: operation.method,
    path: Object.fromEntries(pathNames.map((name, index) => [name, encodeURIComponent(path[index]!)])),
    query: queryString(query),
    headers: { 'content-type': 'application/json' },
    payload: operation.method === 'GET' || operation.method === 'HEAD' ? undefined : JSON.stringify(body),
    what: 'random',
  }));
}

function url(operation: Operation, request: Request): string {
  const path = operation.template.replace(/\{(\w+)\}/g, (_match, name: string) => request.path[name]!);
  return request.query ? `${path}?${request.query}` : path;
}

/** What is wrong with an answer, or undefined if nothing is. */
function problemWith(method: string, status: number, contentType: string | undefined, body: string): string | undefined {
  if (status >= 500) return 'a server error';
  if (status < 400 || method === 'HEAD') return undefined;
  if (!/^application\/json\b/.test(contentType ?? '')) return `an error as ${contentType}`;
  let error: Record<string, unknown>;
  try {
    error = JSON.parse(body);
  } catch {
    return 'an error that is not JSON';
  }
  if (error.statusCode !== status) return 'an error whose statusCode is not its status';
  if (typeof error.code !== 'string' || !/^FIN_ERR_[A-Z_]+$/.test(error.code)) return 'an error without a FIN_ERR_ code';
  if (typeof error.message !== 'string') return 'an error without a message';
  return undefined;
}

describe('every operation of the OpenAPI document, fuzzed', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let ops: Operation[];
  const problems: Problem[] = [];
  let sent = 0;
  let serverErrors = 0;

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, {
      reminderScheduler: false,
      rateLimits: { public: { max: 1_000_000, timeWindow: 60_000 }, login: { max: 1_000_000, timeWindow: 60_000 } },
    });
    ops = operations((await app.inject('/api/openapi.json')).json());
    cookie = await signIn(app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  /** A case of its own for each operation, so that one operation's fuzz (a cancel) does not close the next one's doors. */
  async function prepare(index: number): Promise<Known> {
    const slots = (await app.inject('/api/councils/demo/appointments/slots?procedure=padro')).json().slots;
    const booked = await book(app, { slot: slots[0].start, phone: `634 999 ${String(index).padStart(3, '0')}` });
    assert.equal(booked.statusCode, 201, booked.body);
    const { token, reference } = booked.json();
    const { id } = await app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const metadata = Object.entries({ filename: 'dni.pdf', filetype: 'application/pdf', document: 'dni' })
      .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
      .join(',');
    const upload = await app.inject({
      method: 'POST',
      url: '/api/councils/demo/uploads',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': '100', 'upload-metadata': metadata },
    });
    assert.equal(upload.statusCode, 201, upload.body);
    return { token, caseId: id, slot: slots[1].start, uploadId: String(upload.headers.location).split('/').at(-1)! };
  }

  async function send(operation: Operation, request: Request) {
    const target = url(operation, request);
    // The desk's event stream never ends, so it is fuzzed signed out; logging out would end the session the others use.
    const signedIn = operation.template.startsWith('/api/desk/') && !['/api/desk/events', '/api/desk/logout'].includes(operation.template);
    const headers = { ...request.headers, ...(signedIn && !request.headers.cookie && { cookie }) };
    const response = await app.inject({ method: request.method as InjectOptions['method'], url: target, headers, payload: request.payload });
    sent += 1;
    if (response.statusCode >= 500) serverErrors += 1;
    const problem = problemWith(request.method, response.statusCode, response.headers['content-type'] as string | undefined, response.body);
    if (problem) problems.push({ what: `${problem}: ${request.what}`, url: `${request.method} ${target.slice(0, 120)}`, status: response.statusCode, body: response.body.slice(0, 200) });
  }

  it('derives requests from every operation', () => {
    assert.ok(ops.length >= 40, `only ${ops.length} operations in the document`);
    assert.ok(ops.some((operation) => operation.body));
  });

  it('never answers a malformed request with a 5xx, and every error has the API shape', { timeout: 120_000 }, async () => {
    for (const [index, operation] of ops.entries()) {
      // One at a time, so that every run sends the same requests in the same order and meets the same state.
      const known = await prepare(index);
      // The citizen's event stream never ends while its link is valid, so it is fuzzed with a link that opens nothing.
      const streams = operation.template.endsWith('/appointments/mine/events');
      for (const request of [...malformed(operation, streams ? { ...known, token: 'no-such-link' } : known), ...random(operation, SEED + index)]) await send(operation, request);
    }
    const report = problems.map(({ what, url, status, body }) => `${status} ${url}: ${what}\n    ${body}`);
    assert.equal(problems.length, 0, `${problems.length} answers out of shape:\n${report.join('\n')}`);
  });

  it('counts what it sent', (t) => {
    t.diagnostic(`fuzz: ${sent} requests, ${serverErrors} 5xx`);
    assert.ok(sent > 3000);
  });
});
