import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

/** A built widgets folder as the build leaves it: scripts with their Brotli and gzip siblings. */
async function builtWidgets(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    await writeFile(`${file}.br`, brotliCompressSync(text));
    await writeFile(`${file}.gz`, gzipSync(text));
  }
}

describe('the widgets on the wire', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const entry = `export const greeting = ${JSON.stringify('Bon dia '.repeat(400))};\n`;
  const chunk = `export const chunk = ${JSON.stringify('xunk '.repeat(400))};\n`;

  before(async () => {
    database = await createTestDatabase();
    const widgetsDir = path.join(database.env.DATA_DIR!, 'widgets');
    await builtWidgets(widgetsDir, { 'finestreta.js': entry, 'chunks/lit-Ab12Cd34.js': chunk });
    app = await buildTestApp(database, { env: { WIDGETS_DIR: widgetsDir } });
  });

  after(async () => {
    await app.close();
    await database.drop();
  });

  it('sends Brotli to a browser that accepts it, gzip to one that accepts only gzip, plain text otherwise', async () => {
    const br = await app.inject({ url: '/widgets/finestreta.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), entry);
    assert.ok(br.rawPayload.length < entry.length / 10);

    const gz = await app.inject({ url: '/widgets/finestreta.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), entry);

    const plain = await app.inject({ url: '/widgets/finestreta.js', headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, entry);
    for (const response of [br, gz, plain]) {
      assert.match(String(response.headers.vary), /accept-encoding/i, 'caches must keep one copy per encoding');
      assert.equal(response.headers['access-control-allow-origin'], '*');
    }
  });

  it('caches hashed chunks for good and entry files briefly, revalidated by ETag', async () => {
    const hashed = await app.inject({ url: '/widgets/chunks/lit-Ab12Cd34.js', headers: { 'accept-encoding': 'br' } });
    assert.equal(hashed.statusCode, 200);
    assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');

    const first = await app.inject({ url: '/widgets/finestreta.js', headers: { 'accept-encoding': 'br' } });
    assert.equal(first.headers['cache-control'], 'public, max-age=300');
    const etag = String(first.headers.etag);
    assert.ok(etag, 'an entry file has an ETag');
    const again = await app.inject({ url: '/widgets/finestreta.js', headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
  });

  it('serves nothing outside the widgets folder, whatever the encoding asked', async () => {
    for (const url of ['/widgets/../package.json', '/widgets/%2e%2e/package.json', '/widgets/missing.js']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().code, 'FIN_ERR_NOT_FOUND');
    }
  });
});
