import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../db/index.js';
import type { ScreenHelpSessionsTable } from '../../db/schema.js';
import type { EndReason, ScreenHelpState } from './schemas.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A screen-help session as the service reads it. */
export interface SessionRow {
  id: string;
  caseId: string;
  councilId: string;
  agentId: string | null;
  codeHash: string;
  tokenHash: string | null;
  state: ScreenHelpState;
  endedReason: EndReason | null;
  share: 'screen' | 'camera' | null;
  failures: number;
  createdAt: string;
  expiresAt: string;
  openedAt: string | null;
  endedAt: string | null;
}

const COLUMNS = [
  'id',
  'case_id as caseId',
  'council_id as councilId',
  'agent_id as agentId',
  'code_hash as codeHash',
  'token_hash as tokenHash',
  'state',
  'ended_reason as endedReason',
  'share',
  'failures',
  'created_at as createdAt',
  'expires_at as expiresAt',
  'opened_at as openedAt',
  'ended_at as endedAt',
] as const;

/**
 * The SQL of screen-help sessions. Every move is a conditional UPDATE naming the state it leaves,
 * so that of two requests racing for one session exactly one moves it (the other changes no row).
 * `executor` is the transaction when inside one: on SQLite a query outside it would wait for it.
 */
export class ScreenHelpStore {
  constructor(private readonly db: Kysely<Database>) {}

  private select(executor: Executor) {
    return executor.selectFrom('screen_help_sessions').select(COLUMNS);
  }

  async insert(trx: Transaction<Database>, row: { id: string; caseId: string; councilId: string; agentId: string; codeHash: string; now: Date; expiresAt: Date }): Promise<void> {
    await trx
      .insertInto('screen_help_sessions')
      .values({
        id: row.id,
        case_id: row.caseId,
        council_id: row.councilId,
        agent_id: row.agentId,
        code_hash: row.codeHash,
        token_hash: null,
        state: 'waiting',
        ended_reason: null,
        share: null,
        failures: 0,
        created_at: row.now.toISOString(),
        expires_at: row.expiresAt.toISOString(),
        opened_at: null,
        ended_at: null,
      })
      .execute();
  }

  async byId(id: string, councilId: string, executor: Executor = this.db): Promise<SessionRow | undefined> {
    return (await this.select(executor).where('id', '=', id).where('council_id', '=', councilId).executeTakeFirst()) as SessionRow | undefined;
  }

  /** The case's newest session, live or not. */
  async latest(caseId: string, executor: Executor = this.db): Promise<SessionRow | undefined> {
    return (await this.select(executor).where('case_id', '=', caseId).orderBy('created_at', 'desc').orderBy('id').executeTakeFirst()) as SessionRow | undefined;
  }

  /** The case's sessions not yet ended. */
  async live(caseId: string, executor: Executor = this.db): Promise<SessionRow[]> {
    return (await this.select(executor).where('case_id', '=', caseId).where('state', '!=', 'ended').execute()) as SessionRow[];
  }

  /** The council's codes waiting to be typed, expired ones included until touched. */
  async waiting(councilId: string, executor: Executor = this.db): Promise<SessionRow[]> {
    return (await this.select(executor).where('council_id', '=', councilId).where('state', '=', 'waiting').execute()) as SessionRow[];
  }

  /** The session that gave the token of this hash. */
  async byToken(tokenHash: string, councilId: string | undefined, executor: Executor = this.db): Promise<SessionRow | undefined> {
    let query = this.select(executor).where('token_hash', '=', tokenHash);
    if (councilId !== undefined) query = query.where('council_id', '=', councilId);
    return (await query.executeTakeFirst()) as SessionRow | undefined;
  }

  /**
   * The session's one move: from one of `from` to what `values` set, when it is still there (and,
   * with `unexpiredAt`, its code has not expired by then). False when another request moved it
   * first, so that every caller's change is conditional on the state it read.
   */
  private async move(
    trx: Transaction<Database>,
    id: string,
    from: readonly ScreenHelpState[],
    values: Updateable<ScreenHelpSessionsTable>,
    unexpiredAt?: Date,
  ): Promise<boolean> {
    let query = trx.updateTable('screen_help_sessions').set(values).where('id', '=', id).where('state', 'in', [...from]);
    if (unexpiredAt) query = query.where('expires_at', '>', unexpiredAt.toISOString());
    return Number((await query.executeTakeFirst()).numUpdatedRows) === 1;
  }

  /** Waiting → opened, once, before the code expires: false when another request opened or ended it first. */
  open(trx: Transaction<Database>, id: string, tokenHash: string, now: Date): Promise<boolean> {
    return this.move(trx, id, ['waiting'], { state: 'opened', token_hash: tokenHash, opened_at: now.toISOString() }, now);
  }

  /** Counts a wrong try against a waiting code; the count after it, or undefined when it no longer waits. */
  async fail(trx: Transaction<Database>, id: string): Promise<number | undefined> {
    const row = await trx
      .updateTable('screen_help_sessions')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', id)
      .where('state', '=', 'waiting')
      .returning('failures')
      .executeTakeFirst();
    return row?.failures;
  }

  /** Opened or sharing → sharing `share`: false when the session has ended. */
  share(trx: Transaction<Database>, id: string, share: 'screen' | 'camera'): Promise<boolean> {
    return this.move(trx, id, ['opened', 'sharing'], { state: 'sharing', share });
  }

  /** Any live state → ended: false when it had ended already. */
  end(trx: Transaction<Database>, id: string, reason: EndReason, now: Date): Promise<boolean> {
    return this.move(trx, id, ['waiting', 'opened', 'sharing'], { state: 'ended', ended_reason: reason, ended_at: now.toISOString() });
  }

  /** The name the citizen knows the agent by. */
  async agentName(agentId: string | null, executor: Executor = this.db): Promise<string> {
    if (!agentId) return '';
    return (await executor.selectFrom('agents').select('name').where('id', '=', agentId).executeTakeFirst())?.name ?? '';
  }
}
