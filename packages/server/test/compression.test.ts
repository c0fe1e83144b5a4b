import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { signIn, useTestApp } from './helpers.js';

const DEMO_AGENT = ['agent@demo.finestreta.cat', 'finestreta-demo'] as const;

describe('the server’s own pages and answers on the wire', () => {
  const suite = useTestApp();

  for (const url of ['/?lang=ca', '/transparency?lang=es', '/assets/site.css', '/api/councils/demo?lang=ca']) {
    it(`sends ${url} compressed to a browser that accepts it, and the same bytes to one that does not`, async () => {
      const plain = await suite.app.inject({ url });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(plain.rawPayload.length > 1024, `${url} is ${plain.rawPayload.length} bytes: too small to be worth compressing`);

      const br = await suite.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.deepEqual(brotliDecompressSync(br.rawPayload), plain.rawPayload);
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
      assert.match(String(br.headers.vary), /accept-encoding/i, 'a cache must keep one copy per encoding');

      const gz = await suite.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.deepEqual(gunzipSync(gz.rawPayload), plain.rawPayload);
    });
  }

  it('leaves answers under a kilobyte as they are', async () => {
    for (const url of ['/api/health', '/api/councils/demo/logo', '/desk?lang=en']) {
      const response = await suite.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(response.statusCode, 200);
      assert.ok(response.rawPayload.length < 1024, `${url}: ${response.rawPayload.length} bytes`);
      assert.equal(response.headers['content-encoding'], undefined, url);
    }
  });

  it('does not inflate a gzip request body: a small upload cannot become gigabytes', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().code, /^FIN_ERR_/);
  });

  it('sends the desk’s live events uncompressed, as they happen', async () => {
    const cookie = await signIn(suite.app, ...DEMO_AGENT);
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = suite.app.server.address() as AddressInfo;
    const { encoding, text } = await new Promise<{ encoding: string | undefined; text: string }>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/api/desk/events', headers: { cookie, 'accept-encoding': 'br, gzip' } }, (response) => {
        response.setEncoding('utf8');
        response.once('data', (chunk: string) => {
          request.destroy();
          resolve({ encoding: response.headers['content-encoding'], text: chunk });
        });
      });
      request.on('error', reject);
    });
    assert.equal(encoding, undefined);
    assert.match(text, /: connected/);
  });
});
