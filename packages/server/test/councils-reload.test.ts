import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import type { CouncilsFile } from '../src/modules/councils/schemas.js';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

const TOKEN = 'councils-reload-metrics-token-of-the-test';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the councils file, changed while the server runs', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let file: string;
  let demo: CouncilsFile[number];
  let env: Record<string, string>;

  /** Writes the file as an operator should, whole then renamed into place; returns its SHA-256. */
  const edit = async (councils: unknown): Promise<string> => {
    const text = `${JSON.stringify(councils, null, 2)}\n`;
    await writeFile(`${file}.new`, text);
    await rename(`${file}.new`, file);
    return sha256(text);
  };
  const health = async (instance = app) => {
    const response = await instance.inject('/api/health');
    assert.equal(response.statusCode, 200);
    return response.json().councilsFile as { sha256: string; appliedAt: string };
  };
  const councilName = async (instance = app) => (await instance.inject('/api/councils/demo?lang=ca')).json().name as string;

  before(async () => {
    database = await createTestDatabase();
    const dataDir = database.env.DATA_DIR!;
    file = path.join(dataDir, 'councils.json');
    const text = await readFile(DEMO_COUNCILS_FILE, 'utf8');
    [demo] = JSON.parse(text) as CouncilsFile;
    await writeFile(file, text);
    await writeFile(path.join(dataDir, 'metrics.token'), `${TOKEN}\n`, { mode: 0o600 });
    await writeFile(path.join(dataDir, 'demo-oidc.secret'), 'a-client-secret\n');
    // The test's provider is on loopback over http, which only the test configuration allows.
    env = { COUNCILS_FILE: file, METRICS_TOKEN_FILE: path.join(dataDir, 'metrics.token'), OIDC_ALLOW_HTTP_ISSUER: 'true' };
    app = await buildTestApp(database, { reminderScheduler: false, env });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it('reports the version it runs, the hash of the file alone, in the health check and the metrics', async () => {
    const started = await health();
    assert.equal(started.sha256, sha256(await readFile(file, 'utf8')));
    assert.ok(!Number.isNaN(Date.parse(started.appliedAt)));
    const body = JSON.stringify((await app.inject('/api/health')).json());
    assert.doesNotMatch(body, /Vilademo|demo\.finestreta|passwordHash/, 'nothing of what the file says');

    const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.body, new RegExp(`^finestreta_councils_file_info\\{sha256="${started.sha256}"\\} 1$`, 'm'));
    assert.match(metrics.body, new RegExp(`^finestreta_councils_file_applied_timestamp_seconds ${Date.parse(started.appliedAt) / 1000}$`, 'm'));
  });

  it('applies an edit without a restart: the council, its logo and the version reported', async () => {
    assert.equal(await councilName(), 'Ajuntament de Vilademo');
    assert.equal((await app.inject('/api/councils/demo/logo')).statusCode, 200);

    const applied = once(app.councilsFile, 'applied');
    const version = await edit([{ ...demo, name: 'Ajuntament de Vilademo de Baix', branding: { ...demo.branding, logo: undefined } }]);
    const [reported] = await applied;

    assert.equal(reported.sha256, version);
    assert.equal((await health()).sha256, version);
    assert.equal(await councilName(), 'Ajuntament de Vilademo de Baix');
    assert.equal((await app.inject('/api/councils/demo/logo')).statusCode, 404, 'the logo the new version dropped is no longer served');
  });

  it('refuses a broken edit, naming the mistake, and keeps the version it runs', async () => {
    const running = await health();
    const refused = once(app.councilsFile, 'refused');
    await edit([{ ...demo, name: 'Ajuntament a mitges', timeZone: 'Europe/Atlantis' }]);
    const [error] = await refused;

    assert.match(error.message, /\/0\/timeZone: unknown time zone Europe\/Atlantis/);
    assert.deepEqual(await health(), running);
    assert.equal(await councilName(), 'Ajuntament de Vilademo de Baix', 'nothing of the refused file applied');

    // The broken file is looked at no more until it changes; fixed, it applies.
    await app.councilsFile.check();
    assert.deepEqual(await health(), running);
    const applied = once(app.councilsFile, 'applied');
    const fixed = await edit([demo]);
    await applied;
    assert.equal((await health()).sha256, fixed);
    assert.equal(await councilName(), 'Ajuntament de Vilademo');
    assert.equal((await app.inject('/api/councils/demo/logo')).statusCode, 200);
  });

  it('offers sign-in with an identity provider the new version adds, and forgets one it drops', async () => {
    const signInPage = async () => (await app.inject('/desk?council=demo')).body;
    assert.doesNotMatch(await signInPage(), /identity-provider=/);
    assert.equal((await app.inject('/api/desk/oidc/demo/start')).statusCode, 404);

    const identityProvider = { name: 'Vilademo ID', issuer: 'http://127.0.0.1:1/realms/vilademo', clientId: 'finestreta', clientSecretFile: 'demo-oidc.secret', roles: { claim: 'groups', values: { 'oac-staff': 'agent' } } };
    let applied = once(app.councilsFile, 'applied');
    await edit([{ ...demo, identityProvider }]);
    await applied;
    assert.match(await signInPage(), /<agent-desk council="demo" identity-provider="Vilademo ID">/);
    const start = await app.inject('/api/desk/oidc/demo/start');
    // No longer 404: the provider is asked for, and found out of reach (nothing answers at its address).
    assert.equal(start.headers.location, '/desk?council=demo&error=FIN_ERR_OIDC_UNAVAILABLE');

    applied = once(app.councilsFile, 'applied');
    await edit([demo]);
    await applied;
    assert.doesNotMatch(await signInPage(), /identity-provider=/);
    assert.equal((await app.inject('/api/desk/oidc/demo/start')).statusCode, 404);
  });

  it('reports one version in two instances started on one file and one database', async () => {
    const other = await buildTestApp(database, { reminderScheduler: false, env });
    try {
      assert.equal((await health(other)).sha256, (await health()).sha256);
    } finally {
      await other.close();
    }
  });

  // Two instances in one Node process cannot write one SQLite file at the same moment:
  // better-sqlite3 waits for the lock synchronously, blocking the very event loop that would
  // release it. SQLite deployments run one process; PostgreSQL is the one with several.
  it('reports the same new version in two instances after an edit', { skip: process.env.FIN_TEST_DB !== 'postgres' && 'PostgreSQL only' }, async () => {
    const other = await buildTestApp(database, { reminderScheduler: false, env });
    try {
      const applied = [once(app.councilsFile, 'applied'), once(other.councilsFile, 'applied')];
      // A new agent too, which both instances create at once unless the other already did.
      const agent = { ...demo.agents![0]!, email: 'nova@demo.finestreta.cat', name: 'Nova Agent' };
      const version = await edit([{ ...demo, name: 'Ajuntament de Vilademo de Dalt', agents: [...demo.agents!, agent] }]);
      await Promise.all(applied);
      assert.equal((await health()).sha256, version);
      assert.equal((await health(other)).sha256, version);
      assert.equal(await councilName(other), 'Ajuntament de Vilademo de Dalt');
      assert.equal((await app.db.selectFrom('agents').select('id').where('email', '=', agent.email).execute()).length, 1);
    } finally {
      await other.close();
    }
  });
});
