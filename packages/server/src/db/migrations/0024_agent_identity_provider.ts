import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

// Agents who sign in with their council's identity provider (modules/oidc): the provider's
// subject identifier, which names them there for good (an email can change hands), and no
// password, so `password_hash` becomes nullable. SQLite cannot drop a NOT NULL, so there the
// table is rebuilt as its documentation prescribes (foreign keys off, copy, drop, rename), which
// keeps the rows that reference agents. A sign-in under way is one row of `oidc_sign_ins`
// until the provider sends the browser back, which takes it, so a replayed answer finds none.
async function rebuildSqliteAgents(db: Kysely<unknown>) {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  await sql`CREATE TABLE agents_new (
    id text PRIMARY KEY,
    council_id text NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    password_hash text,
    created_at text NOT NULL,
    habilitation text,
    role text NOT NULL DEFAULT 'agent',
    disabled_at text,
    last_sign_in_at text,
    oidc_subject text
  )`.execute(db);
  await sql`INSERT INTO agents_new (id, council_id, email, name, password_hash, created_at, habilitation, role, disabled_at, last_sign_in_at)
    SELECT id, council_id, email, name, password_hash, created_at, habilitation, role, disabled_at, last_sign_in_at FROM agents`.execute(db);
  await sql`DROP TABLE agents`.execute(db);
  await sql`ALTER TABLE agents_new RENAME TO agents`.execute(db);
  await sql`CREATE INDEX agents_council_id ON agents (council_id)`.execute(db);
  const broken = await sql`PRAGMA foreign_key_check`.execute(db);
  await sql`PRAGMA foreign_keys = ON`.execute(db);
  if (broken.rows.length > 0) throw new Error('rebuilding agents broke references to them');
}

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      await rebuildSqliteAgents(db);
    } else {
      await db.schema.alterTable('agents').alterColumn('password_hash', (col) => col.dropNotNull()).execute();
      await db.schema.alterTable('agents').addColumn('oidc_subject', 'text').execute();
    }
    await db.schema.createIndex('agents_oidc_subject').on('agents').columns(['council_id', 'oidc_subject']).unique().execute();
    await db.schema
      .createTable('oidc_sign_ins')
      .addColumn('state_hash', 'text', (col) => col.primaryKey())
      .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
      .addColumn('code_verifier', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
  },
  // Agents keep a nullable password: those without one could not be given one back.
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('oidc_sign_ins').execute();
    await db.schema.dropIndex('agents_oidc_subject').execute();
    await db.schema.alterTable('agents').dropColumn('oidc_subject').execute();
  },
};
