import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { Method, Notification, NotificationName, Notifications, Requests, Response } from '../src/modules/calls/protocol.js';
import { insertCase, newReference } from '../src/modules/cases/store.js';
import { sessionCookie, type TestDatabase } from './helpers.js';

/** The streams of a call as the recorder writes them, in the file's order. */
export const TWO_PARTY_LAYOUTS = ['citizen:microphone:audio', 'citizen:camera:video', 'agent:microphone:audio', 'agent:camera:video'];

/** A two-second call as the recorder writes one, made at `file`: each party's microphone (Opus) and camera (VP8), named after their track. */
export async function twoPartyWebm(ffmpegBin: string, file: string): Promise<Buffer> {
  const inputs = ['sine=f=440:d=2', 'testsrc=s=160x120:d=2:r=15', 'sine=f=660:d=2', 'testsrc2=s=160x120:d=2:r=15'].flatMap((source) => ['-f', 'lavfi', '-i', source]);
  const titles = TWO_PARTY_LAYOUTS.flatMap((layout, index) => [`-metadata:s:${index}`, `title=${layout}`]);
  const maps = TWO_PARTY_LAYOUTS.flatMap((_, index) => ['-map', String(index)]);
  const made = spawnSync(ffmpegBin, ['-v', 'error', ...inputs, ...maps, '-c:a', 'libopus', '-c:v', 'libvpx', '-deadline', 'realtime', ...titles, '-y', file], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return readFile(file);
}

/** The start of every WebM (an EBML header). */
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

/** Every file under `dir` whose bytes hold a WebM's start: plaintext media at rest. */
export async function plaintextWebm(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file).catch(() => Buffer.alloc(0))).includes(EBML)) found.push(file);
  }
  return found;
}

/** Two councils offering video appointments: `alpha` lets a call go on unrecorded, `beta` does not. */
export const CALLS_COUNCILS_FILE = fileURLToPath(new URL('./fixtures/calls-councils.json', import.meta.url));
export const ALPHA_AGENT = { email: 'anna@alpha.example', password: 'alpha-password-1' };
export const BETA_AGENT = { email: 'bernat@beta.example', password: 'beta-password-12' };
/** Alpha's agent who is neither supervisor nor administrator. */
export const ALPHA_PLAIN_AGENT = { email: 'carla@alpha.example', password: 'carla-password-1' };

/** The environment of a test app that serves calls: the councils above, a master key, signaling without media. */
export function callsTestEnv(database: TestDatabase): Record<string, string> {
  return {
    COUNCILS_FILE: CALLS_COUNCILS_FILE,
    MASTER_KEY_FILE: path.join(database.env.DATA_DIR!, 'keys', 'master.key'),
    // Signaling needs no media; the media path is proven end to end (e2e/call-media.test.ts).
    MEDIASOUP_WORKER_BIN: path.join(database.env.DATA_DIR!, 'no-such-worker'),
    MEDIA_WORKERS: '1',
  };
}

/** A booked appointment written straight to the database, with the citizen's token for it. */
export async function seedAppointment(app: FastifyInstance, councilId: string): Promise<{ id: string; token: string }> {
  const now = app.now();
  const start = new Date(now.getTime() + 5 * 60_000);
  return app.db.transaction().execute(async (trx) => {
    const id = await insertCase(
      trx,
      {
        council_id: councilId,
        kind: 'appointment',
        reference: newReference('VC'),
        state: 'booked',
        language: 'ca',
        citizen_name: 'Marta Soler',
        citizen_phone: '+34612345678',
        citizen_email: 'marta@example.org',
      },
      now,
    );
    await trx
      .insertInto('appointments')
      .values({
        case_id: id,
        procedure: 'padro',
        id_document: null,
        slot_start: start.toISOString(),
        slot_end: new Date(start.getTime() + 30 * 60_000).toISOString(),
        slot_starts: JSON.stringify([start.toISOString()]),
        sequence: 0,
        version: 1,
      })
      .execute();
    const token = await app.tokens.issue(trx, { caseId: id, purpose: 'appointment', expiresAt: new Date(now.getTime() + 86_400_000), now });
    return { id, token };
  });
}

export async function signIn(app: FastifyInstance, agent: { email: string; password: string }): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/desk/login', payload: agent });
  assert.equal(response.statusCode, 200);
  return sessionCookie(response.headers['set-cookie']);
}

/** Thrown when the server refuses the upgrade; carries the HTTP status. */
export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`refused with ${status}`);
  }
}

/** A signaling client for tests: typed requests, and notifications kept in order of arrival. */
export class CallClient {
  private nextId = 1;
  private readonly pending = new Map<number, (response: Response) => void>();
  private readonly notifications: Notification[] = [];
  private readonly waiters: Array<{ name: NotificationName; resolve: (data: unknown) => void }> = [];
  readonly closed: Promise<number>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as Response | Notification;
      if ('notification' in message) {
        const waiter = this.waiters.findIndex((w) => w.name === message.notification);
        if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message.data);
        else this.notifications.push(message);
      } else {
        // A response to something that carried no id is answered with id null.
        const id = typeof message.id === 'number' ? message.id : 0;
        this.pending.get(id)?.(message);
        this.pending.delete(id);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** Opens a socket; rejects with a RefusedError when the server answers the upgrade with an HTTP error. */
  static open(url: string, headers: Record<string, string> = {}): Promise<CallClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new CallClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new RefusedError(response.statusCode ?? 0));
        response.resume();
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  request<M extends Method>(method: M, data: Requests[M]['request'] | Record<string, unknown> = {}): Promise<Response<M>> {
    return this.send({ method, data }) as Promise<Response<M>>;
  }

  /** Sends anything, to test what the server does with it. */
  send(message: Record<string, unknown>): Promise<Response> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, ...message }));
    });
  }

  /** Sends a raw text frame; the server's answer to a message without a usable id. */
  sendRaw(text: string): Promise<Response> {
    return new Promise((resolve) => {
      this.pending.set(0, resolve);
      this.socket.send(text);
    });
  }

  /** The data of a request that must succeed. */
  async call<M extends Method>(method: M, data: Requests[M]['request'] | Record<string, unknown> = {}): Promise<Requests[M]['response']> {
    const response = await this.request(method, data);
    if (!response.ok) assert.fail(`${method} failed: ${response.error.code} ${response.error.message}`);
    return response.data;
  }

  /** The next notification of that name (already received or still to come). */
  next<N extends NotificationName>(name: N, timeoutMs = 5000): Promise<Notifications[N]> {
    const index = this.notifications.findIndex((n) => n.notification === name);
    if (index >= 0) return Promise.resolve(this.notifications.splice(index, 1)[0]!.data as Notifications[N]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        name,
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data as Notifications[N]);
        },
      });
    });
  }

  /** Names of the notifications received and not yet taken by `next`. */
  received(): NotificationName[] {
    return this.notifications.map((n) => n.notification);
  }

  close() {
    this.socket.close();
    return this.closed;
  }
}

/** Capabilities good enough for `join` (the server checks only their outline until media flows). */
export const RTP_CAPABILITIES = { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }], headerExtensions: [] };
