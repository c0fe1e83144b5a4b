import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDatabase, migrateToLatest } from '../src/db/index.js';
import { migrationProvider } from '../src/db/migrations/index.js';
import { buildTestApp, createTestDatabase, testConfig, type TestDatabase } from './helpers.js';

describe('database', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('migrates an empty database at start-up and reports it in the health check', async () => {
    const app = await buildTestApp(database);
    try {
      const response = await app.inject('/api/health');
      assert.equal(response.statusCode, 200);
      const { councilsFile, ...health } = response.json();
      assert.deepEqual(health, { status: 'ok', database: database.kind, version: '0.1.0' });
      assert.match(councilsFile.sha256, /^[0-9a-f]{64}$/, 'the version of the councils file, by its hash');

      for (const table of ['councils', 'agents', 'sessions', 'idempotency_keys'] as const) {
        await app.db.selectFrom(table).selectAll().execute();
      }
      const seeded = await app.db.selectFrom('councils').select('id').execute();
      assert.deepEqual(seeded, [{ id: 'demo' }]);
    } finally {
      await app.close();
    }
  });

  it('starts again on a migrated database without changing it', async () => {
    const db = createDatabase(testConfig(database).database);
    try {
      await migrateToLatest(db);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
      assert.deepEqual(rows.map((row) => row.name), Object.keys(await migrationProvider.getMigrations()).sort());
    } finally {
      await db.destroy();
    }
    const app = await buildTestApp(database);
    await app.close();
  });

  it('keeps an idempotency key unique per scope', async () => {
    const app = await buildTestApp(database);
    try {
      const row = {
        scope: 'council:demo POST /x',
        key: 'k1',
        request_hash: 'h',
        status_code: null,
        response_body: null,
        state: 'pending' as const,
        created_at: new Date().toISOString(),
      };
      await app.db.insertInto('idempotency_keys').values(row).execute();
      await assert.rejects(app.db.insertInto('idempotency_keys').values(row).execute());
      await app.db.insertInto('idempotency_keys').values({ ...row, scope: 'council:other POST /x' }).execute();
    } finally {
      await app.close();
    }
  });
});
