import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createServer, type BuildOptions } from '../src/app.js';
import { DEMO_COUNCILS_FILE, loadConfig, type AppConfig } from '../src/config.js';
import { hashPassword } from '../src/shared/password.js';

/** Two councils with their own origins and agents, for tenant isolation tests. */
export const TWO_COUNCILS_FILE = fileURLToPath(new URL('./fixtures/two-councils.json', import.meta.url));

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  /** Environment variables that point the app at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a temporary SQLite file by default, or with
 * FIN_TEST_DB=postgres a new database created through FIN_TEST_PG_URL (an admin URL) and
 * dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'finestreta-test-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  if ((process.env.FIN_TEST_DB ?? 'sqlite') === 'sqlite') {
    return { kind: 'sqlite', env: { DATA_DIR: dir }, drop: removeDir };
  }
  const adminUrl = process.env.FIN_TEST_PG_URL;
  if (!adminUrl) throw new Error('FIN_TEST_DB=postgres needs FIN_TEST_PG_URL, e.g. postgres://postgres@127.0.0.1:55432/postgres');
  const name = `finestreta_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATA_DIR: dir, DATABASE_URL: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await removeDir();
    },
  };
}

/**
 * The configuration a test runs with: the demo (its council, `/dev/mail`) unless the test brings
 * councils of its own, which run as a deployment does. Either way links are based on the address
 * `inject` sends requests to, and the master key is the test's own, made once as an operator
 * would, never the one in the home directory.
 */
export function testConfig(database: TestDatabase, env: Record<string, string> = {}): AppConfig {
  const dataDir = database.env.DATA_DIR!;
  const merged: Record<string, string> = {
    // No widgets unless a test provides them, whatever is built in the repository.
    WIDGETS_DIR: path.join(dataDir, 'no-widgets'),
    PUBLIC_URL: 'http://localhost:80',
    MASTER_KEY_FILE: path.join(dataDir, 'master.key'),
    ...(env.COUNCILS_FILE === undefined && { DEMO: 'true' }),
    // Tests move their clock by hours with one desk session; the idle timeout is tested on its own.
    SESSION_IDLE_MINUTES: String(24 * 60),
    ...database.env,
    ...env,
  };
  // Tests write councils files derived from the demo's into DATA_DIR; the demo's logo, which the
  // file names relative to itself, goes beside them.
  mkdirSync(path.join(dataDir, 'logos'), { recursive: true });
  copyFileSync(path.join(path.dirname(DEMO_COUNCILS_FILE), 'logos', 'vilademo.svg'), path.join(dataDir, 'logos', 'vilademo.svg'));
  if (!existsSync(merged.MASTER_KEY_FILE)) {
    mkdirSync(path.dirname(merged.MASTER_KEY_FILE), { recursive: true });
    writeFileSync(merged.MASTER_KEY_FILE, randomBytes(32), { mode: 0o600 });
  }
  // The test configuration, unlike the environment, may let a council's identity provider be
  // one the test starts on loopback over http (outside demo mode loadConfig refuses it).
  const { OIDC_ALLOW_HTTP_ISSUER: allowHttpIssuer, ...checked } = merged;
  const config = loadConfig(checked);
  return allowHttpIssuer === 'true' ? { ...config, oidc: { allowHttpIssuer: true } } : config;
}

export interface TestAppOptions extends Omit<BuildOptions, 'logger'> {
  env?: Record<string, string>;
  /** Extra routes registered on the app before it is ready, so they go through its hooks. */
  routes?: (app: FastifyInstance) => void;
}

export async function buildTestApp(database: TestDatabase, options: TestAppOptions = {}): Promise<FastifyInstance> {
  const { env, routes, ...buildOptions } = options;
  // Tests book many times from one address at one instant: only the flood tests set real thresholds.
  const flood = { addressMax: 100_000, councilFloor: 100_000, ...buildOptions.flood };
  const app = await createServer(testConfig(database, env), { ...buildOptions, flood, logger: false });
  routes?.(app);
  await app.ready();
  return app;
}

export interface TestApp {
  /** Set in the suite's `before`: read it inside tests and hooks, not while the suite is declared. */
  app: FastifyInstance;
  database: TestDatabase;
}

/**
 * One app on a fresh database for the enclosing suite: built before its tests, closed and dropped
 * after them. Pass a function for options that need the database (a file in its data directory).
 */
export function useTestApp(options: TestAppOptions | ((database: TestDatabase) => Promise<TestAppOptions>) = {}): TestApp {
  const suite = {} as TestApp;
  before(async () => {
    suite.database = await createTestDatabase();
    suite.app = await buildTestApp(suite.database, typeof options === 'function' ? await options(suite.database) : options);
  });
  after(async () => {
    await suite.app.close();
    await suite.database.drop();
  });
  return suite;
}

/** A loopback port free right now, for an app whose configured address (PUBLIC_URL) must be where it listens. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An agent as a test's own councils file gives one: the password's hash, never the password. */
export async function seedAgent({ password, ...agent }: { email: string; name: string; password: string; habilitation?: string; role?: 'agent' | 'supervisor' | 'administrator' }) {
  return { ...agent, passwordHash: await hashPassword(password) };
}

/** Signs an agent in and returns the session cookie. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/desk/login', payload: { email, password } });
  assert.equal(response.statusCode, 200);
  return sessionCookie(response.headers['set-cookie']);
}

/**
 * Listens, opens the desk's event stream as `cookie` and resolves with the first `event` it
 * sends; `onConnected` runs once, when the stream says it is connected, to cause that event.
 */
export async function firstDeskEvent(
  app: FastifyInstance,
  cookie: string,
  event: string,
  onConnected: () => void,
): Promise<{ data: string; contentType: string | undefined }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const pattern = new RegExp(`event: ${event}\ndata: (.*)\n\n`);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/desk/events', headers: { cookie } }, (response) => {
      assert.equal(response.statusCode, 200);
      let text = '';
      let connected = false;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (!connected && text.includes(': connected')) {
          connected = true;
          onConnected();
        }
        const match = pattern.exec(text);
        if (match) {
          request.destroy();
          resolve({ data: match[1]!, contentType: response.headers['content-type'] });
        }
      });
    });
    request.on('error', reject);
  });
}

/** The `name=value` of a response's Set-Cookie, ready to send back in a Cookie header. */
export function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat()[0];
  if (!header) throw new Error('the response set no cookie');
  return header.split(';')[0]!;
}

/** Reads until `holds` is true of what was read, and returns it: for a state no event announces (another process's row). */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not so after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
