import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

export interface Agent {
  id: string;
  councilId: string;
  email: string;
  name: string;
}

const columns = ['id', 'council_id as councilId', 'email', 'name'] as const;

/** Agents and their desk sessions. Emails are stored lower-case so login is case-insensitive. */
export class AgentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(agent: Omit<Agent, 'id'> & { passwordHash: string; habilitation?: string | null; now: Date }): Promise<Agent> {
    const row = {
      id: randomUUID(),
      council_id: agent.councilId,
      email: agent.email.toLowerCase(),
      name: agent.name,
      password_hash: agent.passwordHash,
      created_at: agent.now.toISOString(),
      habilitation: agent.habilitation ?? null,
    };
    await this.db.insertInto('agents').values(row).execute();
    return { id: row.id, councilId: row.council_id, email: row.email, name: row.name };
  }

  findByEmail(email: string): Promise<(Agent & { passwordHash: string }) | undefined> {
    return this.db
      .selectFrom('agents')
      .select([...columns, 'password_hash as passwordHash'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** What signing on a citizen's behalf needs: their entry in the register of habilitated employees, and their password's hash. */
  signingCredentials(agentId: string): Promise<{ habilitation: string | null; passwordHash: string } | undefined> {
    return this.db.selectFrom('agents').select(['habilitation', 'password_hash as passwordHash']).where('id', '=', agentId).executeTakeFirst();
  }

  async setHabilitation(agentId: string, habilitation: string | null): Promise<void> {
    await this.db.updateTable('agents').set({ habilitation }).where('id', '=', agentId).execute();
  }

  /** Sets an agent's password hash and ends their sessions, at once: a reset locks out whoever held one. */
  async setPassword(agentId: string, passwordHash: string): Promise<{ sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', agentId).execute();
      const ended = await trx.deleteFrom('sessions').where('agent_id', '=', agentId).executeTakeFirst();
      return { sessionsEnded: Number(ended.numDeletedRows) };
    });
  }

  listByCouncil(councilId: string): Promise<Agent[]> {
    return this.db.selectFrom('agents').select(columns).where('council_id', '=', councilId).orderBy('email').execute();
  }

  async createSession(session: { id: string; agentId: string; expiresAt: Date }, now: Date): Promise<void> {
    // Expired sessions are dropped at each login rather than by a timer, which is enough to
    // keep the table small and needs no background job.
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
    await this.db
      .insertInto('sessions')
      .values({ id: session.id, agent_id: session.agentId, expires_at: session.expiresAt.toISOString() })
      .execute();
  }

  /** The agent a live session belongs to, and when that session ends. */
  async findBySession(sessionId: string, now: Date): Promise<{ agent: Agent; expiresAt: Date } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('agents', 'agents.id', 'sessions.agent_id')
      .select(['agents.id', 'agents.council_id as councilId', 'agents.email', 'agents.name', 'sessions.expires_at as expiresAt'])
      .where('sessions.id', '=', sessionId)
      .where('sessions.expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (!row) return undefined;
    const { expiresAt, ...agent } = row;
    return { agent, expiresAt: new Date(expiresAt) };
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }
}
