import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';

export function createDatabase(
  database: AppConfig['database'],
  onConnectionLost: (error: Error) => void = () => {},
): Kysely<Database> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url });
    // An idle connection closed by the server (a restart, a failover) is replaced on next use;
    // unheard, pg's 'error' event would crash the process.
    pool.on('error', onConnectionLost);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  // WAL lets readers run while a write is in progress; the busy timeout makes a second
  // connection (a CLI, a backup) wait for the lock instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) });
}

/** Statements kept at most; queries built with literals (lists of ids) make new ones. */
const MAX_STATEMENTS = 1000;

/**
 * The database as Kysely uses it, with each statement prepared once by its SQL: Kysely prepares
 * every query anew, which costs more than running most of them. A statement still being
 * iterated (a streamed query) is not shared; another is prepared.
 */
function preparedOnce(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement || statement.busy) {
        statement = sqlite.prepare(sql);
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Brings the schema up to date; throws (and so stops start-up) if a migration fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

/**
 * Locks a case's row of `table` until the transaction ends, so that concurrent changes of one
 * case queue rather than race and retry. PostgreSQL locks the row; SQLite runs one write
 * transaction at a time, so there is nothing to lock.
 */
export async function lockCase(trx: Transaction<Database>, kind: AppConfig['database']['kind'], table: 'appointments' | 'callbacks', caseId: string): Promise<void> {
  if (kind !== 'postgres') return;
  await trx.selectFrom(table).select('case_id').where('case_id', '=', caseId).forUpdate().execute();
}

/**
 * Locks a council's agents until the transaction ends, so that two administrators changing roles
 * at once queue, and the second sees the first's change when it counts the administrators left.
 * As for `lockCase`, SQLite runs one write transaction at a time.
 */
export async function lockCouncilAgents(trx: Transaction<Database>, kind: AppConfig['database']['kind'], councilId: string): Promise<void> {
  if (kind !== 'postgres') return;
  await trx.selectFrom('agents').select('id').where('council_id', '=', councilId).forUpdate().execute();
}
