import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { book } from './appointment-fixtures.js';
import { freePort, seedAgent, type TestDatabase } from './helpers.js';

/** What the upload tests share: councils with small limits, files, a tus client over raw HTTP, a booked case, an app that listens. */

export const KiB = 1024;
export const MARKER = 'FIN-PLAINTEXT-MARKER-7Q2W';

/**
 * The demo council, with small limits for the `ajuts` procedure so that they are reached by small
 * files, and a second council `altra` with its own agent.
 */
async function writeCouncils(dir: string): Promise<string> {
  const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
  const ajuts = demo.procedures.find((procedure: { id: string }) => procedure.id === 'ajuts');
  ajuts.uploads = { maxFileBytes: 600 * KiB, maxFiles: 2, maxTotalBytes: 1000 * KiB };
  const altra = {
    ...structuredClone(demo),
    id: 'altra',
    name: 'Ajuntament d’Altra',
    agents: [await seedAgent({ email: 'agent@altra.example', name: 'Oriol Altra', password: 'altra-password-1' })],
  };
  const file = path.join(dir, 'documents-councils.json');
  await writeFile(file, JSON.stringify([demo, altra]));
  return file;
}

/** A PDF of `size` bytes whose body repeats MARKER, so a plaintext copy anywhere would be found. */
export function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const body = Buffer.alloc(size - head.length, `${MARKER} `);
  return Buffer.concat([head, body]);
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
export const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw HTTP request on loopback, as a tus client sends it; a `url` that is a path is sent exactly as written. */
export function request(base: string, method: string, url: string, headers: Record<string, string | number>, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url, base);
    const sent = url.startsWith('/') ? url : target.pathname + target.search;
    const req = http.request({ host: target.hostname, port: target.port, path: sent, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A minimal tus 1.0.0 client over raw HTTP, sending in chunks like the widget. */
export class TusClient {
  sent = 0;
  constructor(
    readonly base: string,
    readonly token: string,
    readonly council = 'demo',
  ) {}

  private headers(extra: Record<string, string | number> = {}) {
    return { 'tus-resumable': '1.0.0', authorization: `Bearer ${this.token}`, ...extra };
  }

  create(length: number, fields: Record<string, string>, extra: Record<string, string> = {}) {
    return request(this.base, 'POST', `/api/councils/${this.council}/uploads`, this.headers({ 'upload-length': length, 'upload-metadata': metadata(fields), ...extra }));
  }

  head(location: string) {
    return request(this.base, 'HEAD', location, this.headers());
  }

  patch(location: string, offset: number, bytes: Buffer, extra: Record<string, string> = {}) {
    this.sent += bytes.length;
    return request(
      this.base,
      'PATCH',
      location,
      this.headers({ 'upload-offset': offset, 'content-type': 'application/offset+octet-stream', 'content-length': bytes.length, ...extra }),
      bytes,
    );
  }

  /** Sends from `offset` to the end in chunks; the answer to the last PATCH. */
  async sendFrom(location: string, file: Buffer, offset: number, chunk: number): Promise<Answer> {
    let answer: Answer | undefined;
    for (let at = offset; at < file.length; at += chunk) {
      answer = await this.patch(location, at, file.subarray(at, Math.min(file.length, at + chunk)));
      if (answer.status !== 204) return answer;
    }
    return answer!;
  }

  async upload(file: Buffer, fields: Record<string, string>, chunk = 128 * KiB): Promise<Answer> {
    const created = await this.create(file.length, fields);
    assert.equal(created.status, 201, created.body);
    return this.sendFrom(created.headers.location!, file, 0, chunk);
  }
}

/** The first free appointment start of a procedure, from the public slots endpoint. */
async function freeSlot(app: FastifyInstance, procedure: string, council = 'demo'): Promise<string> {
  const answer = await app.inject(`/api/councils/${council}/appointments/slots?procedure=${procedure}`);
  return answer.json().slots[0].start;
}

let phones = 0;
export async function bookCase(app: FastifyInstance, procedure = 'padro', council = 'demo'): Promise<{ token: string; id: string; reference: string }> {
  const answer = await book(app, { procedure, slot: await freeSlot(app, procedure, council), phone: `6340${String(++phones).padStart(5, '0')}` }, council);
  assert.equal(answer.statusCode, 201, answer.body);
  const { token, reference } = answer.json();
  const { id } = await app.db.selectFrom('cases').select('id').where('reference', '=', reference).where('council_id', '=', council).executeTakeFirstOrThrow();
  return { token, id, reference };
}

export function appOptions(extraEnv: () => Record<string, string> = () => ({})) {
  return async (database: TestDatabase) => ({
    reminderScheduler: false,
    rateLimits: { public: { max: 100_000, timeWindow: 60_000 } },
    env: {
      COUNCILS_FILE: await writeCouncils(database.env.DATA_DIR!),
      // Inside the test's data directory only so that it is removed with it.
      MASTER_KEY_FILE: path.join(database.env.DATA_DIR!, 'keys', 'master.key'),
      // The upload URLs (tus Location) name the configured address, so the app listens there.
      PUBLIC_URL: `http://127.0.0.1:${await freePort()}`,
      ...extraEnv(),
    },
  });
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: Number(new URL(app.config.publicUrl!).port), host: '127.0.0.1' });
  return app.config.linkBase;
}
