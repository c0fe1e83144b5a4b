import { expect } from '@open-wc/testing';
import { ApiClient, backoff, newIdempotencyKey } from './api.js';
import { ApiError } from './errors.js';
import { hang, json, networkDown, stubFetch, type FetchStub } from './testing.js';

const council = { id: 'demo' };

/** Settles `promise` and returns what it rejected with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('ApiClient', () => {
  let fetch: FetchStub;
  const client = new ApiClient('https://oac.example.cat/', 'demo', { retries: 2, retryDelay: 1, timeout: 200 });
  afterEach(() => fetch.restore());

  it('GETs JSON from the base URL with the query, without an Idempotency-Key', async () => {
    fetch = stubFetch(() => json(council));
    expect(await client.get('/api/councils/demo', { query: { lang: 'es', skip: undefined } })).to.deep.equal(council);
    const [call] = fetch.calls;
    expect(call.url).to.equal('https://oac.example.cat/api/councils/demo?lang=es');
    expect(call.headers.get('Accept')).to.equal('application/json');
    expect(call.headers.has('Idempotency-Key')).to.equal(false);
    expect(call.credentials).to.equal('omit');
  });

  it('POSTs a Blob as it is, with its own type, and reads an answer’s exact bytes', async () => {
    const bytes = new TextEncoder().encode('{"b": 1,  "a": 2}');
    fetch = stubFetch((call) => (call.method === 'POST' ? json({ ok: true }, 201) : new Response(bytes)));
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    expect(await client.post('/api/stills', photo, { query: { kind: 'front' } })).to.deep.equal({ ok: true });
    const [post] = fetch.calls;
    expect(post.url).to.equal('https://oac.example.cat/api/stills?kind=front');
    expect(post.headers.get('Content-Type')).to.equal('image/jpeg');
    expect(post.raw).to.equal(photo);
    expect(new Uint8Array(await client.bytes('/api/document'))).to.deep.equal(bytes);
  });

  it('gives every POST an Idempotency-Key and keeps it on retries', async () => {
    fetch = stubFetch((_, n) => (n === 0 ? networkDown() : json({ ok: true }, 201)));
    expect(await client.post('/api/things', { a: 1 })).to.deep.equal({ ok: true });
    const keys = fetch.calls.map((c) => c.headers.get('Idempotency-Key'));
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys).to.deep.equal([keys[0], keys[0]]);
    expect(fetch.calls[1].body).to.deep.equal({ a: 1 });
  });

  it('retries a GET after a 5xx and succeeds', async () => {
    fetch = stubFetch((_, n) => (n < 2 ? json({ statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'db down' }, 503) : json(council)));
    expect(await client.get('/x')).to.deep.equal(council);
    expect(fetch.calls).to.have.length(3);
  });

  it('gives up after the retries with a recoverable error and a generic message', async () => {
    fetch = stubFetch(() => json({ statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'SELECT * FROM secrets failed' }, 500));
    const error = (await rejection(client.get('/x'))) as ApiError;
    expect(fetch.calls).to.have.length(3);
    expect(error).to.be.instanceOf(ApiError);
    expect(error).to.include({ code: 'FIN_ERR_INTERNAL', recoverable: true, status: 500 });
    expect(error.message).not.to.contain('secrets');
  });

  it('does not retry a 4xx and passes the server code and message through', async () => {
    fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'No council "nope".' }, 404));
    const error = (await rejection(client.get('/api/councils/nope'))) as ApiError;
    expect(fetch.calls).to.have.length(1);
    expect(error).to.include({ code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'No council "nope".', recoverable: false, status: 404 });
  });

  it('maps an unreachable server to FIN_ERR_NETWORK, recoverable', async () => {
    fetch = stubFetch(() => networkDown());
    const error = (await rejection(client.get('/x'))) as ApiError;
    expect(fetch.calls).to.have.length(3);
    expect(error).to.include({ code: 'FIN_ERR_NETWORK', recoverable: true, status: 0 });
  });

  it('times out a silent server with FIN_ERR_TIMEOUT, recoverable', async () => {
    fetch = stubFetch(hang);
    const quick = new ApiClient('https://oac.example.cat', 'demo', { retries: 0, timeout: 30 });
    const error = (await rejection(quick.get('/x'))) as ApiError;
    expect(error).to.include({ code: 'FIN_ERR_TIMEOUT', recoverable: true });
    expect(fetch.calls[0].signal?.aborted).to.equal(true);
  });

  it('stops at once, with an AbortError, when the caller aborts', async () => {
    fetch = stubFetch(hang);
    const controller = new AbortController();
    const request = client.get('/x', { signal: controller.signal });
    controller.abort();
    const error = (await rejection(request)) as DOMException;
    expect(error.name).to.equal('AbortError');
    expect(fetch.calls).to.have.length(1);
  });

  it('rejects a 2xx that is not JSON without retrying', async () => {
    fetch = stubFetch(() => new Response('<html>', { status: 200 }));
    const error = (await rejection(client.get('/x'))) as ApiError;
    expect(error).to.include({ code: 'FIN_ERR_RESPONSE_INVALID', recoverable: false });
    expect(fetch.calls).to.have.length(1);
  });

  it('treats 429 as recoverable but does not hammer the server with retries', async () => {
    fetch = stubFetch(() => json({ statusCode: 429, code: 'FIN_ERR_RATE_LIMITED', message: 'Slow down.' }, 429));
    const error = (await rejection(client.get('/x'))) as ApiError;
    expect(error).to.include({ code: 'FIN_ERR_RATE_LIMITED', recoverable: true });
    expect(fetch.calls).to.have.length(1);
  });
});

describe('newIdempotencyKey', () => {
  it('makes a v4 UUID even where crypto.randomUUID is missing (plain-HTTP pages)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
      expect(keys.size).to.equal(50);
      for (const key of keys) expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

describe('backoff', () => {
  it('doubles each step, with jitter within the upper half, up to the cap', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const step = 100 * 2 ** attempt;
      const delay = backoff(attempt, 100);
      expect(delay).to.be.within(step / 2, step);
    }
    expect(backoff(20, 100, 1000)).to.be.at.most(1000);
  });
});
