import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import { createDatabase, migrateToLatest, type Database } from '../src/db/index.js';
import { migrationProvider } from '../src/db/migrations/index.js';
import { createTestDatabase, testConfig, type TestDatabase } from './helpers.js';

/**
 * Migration 0024 makes agents' passwords optional; on SQLite it rebuilds the agents table, which
 * sessions, cases and signing keys refer to. An upgraded database keeps all of them.
 */
describe('upgrading to agents who sign in with an identity provider', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  before(async () => {
    database = await createTestDatabase();
    db = createDatabase(testConfig(database).database);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('keeps every agent and what refers to them, and still cascades their deletion', async () => {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0022_agent_roles');
    assert.equal(error, undefined);
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await db.insertInto('councils').values({ id: 'alpha', config: '{}', updated_at: now }).execute();
    await db
      .insertInto('agents')
      .values({ id: 'a1', council_id: 'alpha', email: 'anna@alpha.example', name: 'Anna', password_hash: 'scrypt$1$1$1$salt$hash', created_at: now, habilitation: 'H-1', role: 'supervisor' } as never)
      .execute();
    await db
      .insertInto('sessions')
      .values({ id: 's1', agent_id: 'a1', expires_at: later, public_id: 'p1', created_at: now, last_seen_at: now, user_agent: null, address: null })
      .execute();

    await migrateToLatest(db);

    assert.deepEqual(await db.selectFrom('agents').select(['id', 'email', 'password_hash', 'habilitation', 'role', 'oidc_subject']).execute(), [
      { id: 'a1', email: 'anna@alpha.example', password_hash: 'scrypt$1$1$1$salt$hash', habilitation: 'H-1', role: 'supervisor', oidc_subject: null },
    ]);
    assert.deepEqual(await db.selectFrom('sessions').select(['id', 'agent_id']).execute(), [{ id: 's1', agent_id: 'a1' }]);
    await db.insertInto('agents').values({ id: 'a2', council_id: 'alpha', email: 'marta@alpha.example', name: 'Marta', password_hash: null, created_at: now, oidc_subject: 'sub-1' }).execute();
    // One subject per council, and references still checked.
    await assert.rejects(db.insertInto('agents').values({ id: 'a3', council_id: 'alpha', email: 'x@alpha.example', name: 'X', password_hash: null, created_at: now, oidc_subject: 'sub-1' }).execute());
    await assert.rejects(db.insertInto('agents').values({ id: 'a4', council_id: 'nowhere', email: 'y@alpha.example', name: 'Y', password_hash: null, created_at: now }).execute());
    await db.deleteFrom('agents').where('id', '=', 'a1').execute();
    assert.deepEqual(await db.selectFrom('sessions').select('id').execute(), []);
  });
});
