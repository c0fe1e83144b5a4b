import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Role } from '../../shared/roles.js';

export interface Agent {
  id: string;
  councilId: string;
  email: string;
  name: string;
  role: Role;
}

const columns = ['id', 'council_id as councilId', 'email', 'name', 'role'] as const;

/** Enough of a browser's User-Agent to tell one device from another. */
const USER_AGENT_LENGTH = 200;

export interface AgentSessionRow {
  /** The hash of the cookie's token: never shown, not even to its agent. */
  id: string;
  publicId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  address: string | null;
}

/** Agents and their desk sessions. Emails are stored lower-case so login is case-insensitive. */
export class AgentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** `passwordHash` is null for an agent who signs in with the council's identity provider, named there by `oidcSubject`. */
  async create(
    agent: Omit<Agent, 'id' | 'role'> & { role?: Role; passwordHash: string | null; oidcSubject?: string; habilitation?: string | null; now: Date },
  ): Promise<Agent> {
    const role = agent.role ?? 'agent';
    const row = {
      id: randomUUID(),
      council_id: agent.councilId,
      email: agent.email.toLowerCase(),
      name: agent.name,
      password_hash: agent.passwordHash,
      created_at: agent.now.toISOString(),
      habilitation: agent.habilitation ?? null,
      role,
      oidc_subject: agent.oidcSubject ?? null,
    };
    await this.db.insertInto('agents').values(row).execute();
    return { id: row.id, councilId: row.council_id, email: row.email, name: row.name, role };
  }

  /** An agent with what signing in checks: their password's hash (null or empty when none is set), their identity provider's subject and whether they were disabled. */
  findByEmail(email: string): Promise<(Agent & { passwordHash: string | null; oidcSubject: string | null; disabledAt: string | null }) | undefined> {
    return this.db
      .selectFrom('agents')
      .select([...columns, 'password_hash as passwordHash', 'oidc_subject as oidcSubject', 'disabled_at as disabledAt'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** The council's agent its identity provider names `subject`. */
  findBySubject(councilId: string, subject: string): Promise<(Agent & { disabledAt: string | null }) | undefined> {
    return this.db.selectFrom('agents').select([...columns, 'disabled_at as disabledAt']).where('council_id', '=', councilId).where('oidc_subject', '=', subject).executeTakeFirst();
  }

  /** What the identity provider says of an agent at each sign-in: who they are there, and their role. */
  async setFromProvider(agentId: string, facts: { subject: string; role: Role }): Promise<void> {
    await this.db.updateTable('agents').set({ oidc_subject: facts.subject, role: facts.role }).where('id', '=', agentId).execute();
  }

  /** What signing on a citizen's behalf needs: their entry in the register of habilitated employees, and their password's hash. */
  signingCredentials(agentId: string): Promise<{ habilitation: string | null; passwordHash: string | null } | undefined> {
    return this.db.selectFrom('agents').select(['habilitation', 'password_hash as passwordHash']).where('id', '=', agentId).executeTakeFirst();
  }

  /** The council's agents who may still sign in: whom a supervisor may filter a queue by or hand a case to. */
  listEnabled(councilId: string): Promise<Agent[]> {
    return this.db.selectFrom('agents').select(columns).where('council_id', '=', councilId).where('disabled_at', 'is', null).orderBy('name').orderBy('email').execute();
  }

  /** One of the council's agents, disabled or not; undefined for another council's, as for none. */
  findInCouncil(councilId: string, agentId: string): Promise<(Agent & { disabledAt: string | null }) | undefined> {
    return this.db.selectFrom('agents').select([...columns, 'disabled_at as disabledAt']).where('council_id', '=', councilId).where('id', '=', agentId).executeTakeFirst();
  }

  listByCouncil(councilId: string): Promise<Agent[]> {
    return this.db.selectFrom('agents').select(columns).where('council_id', '=', councilId).orderBy('email').execute();
  }

  async createSession(
    session: { id: string; agentId: string; expiresAt: Date; userAgent: string | undefined; address: string },
    now: Date,
    idleMs: number,
  ): Promise<void> {
    // Ended sessions are dropped at each login rather than by a timer, which is enough to
    // keep the table small and needs no background job.
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', new Date(now.getTime() - idleMs).toISOString())]))
      .execute();
    await this.db.updateTable('agents').set({ last_sign_in_at: now.toISOString() }).where('id', '=', session.agentId).execute();
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        public_id: randomUUID(),
        agent_id: session.agentId,
        expires_at: session.expiresAt.toISOString(),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        user_agent: session.userAgent?.slice(0, USER_AGENT_LENGTH) ?? null,
        address: session.address,
      })
      .execute();
  }

  /**
   * The agent a live session belongs to, when that session ends and when it was last used. A
   * session is live until its absolute end and while it is used at least every `idleMs`.
   */
  async findBySession(sessionId: string, now: Date, idleMs: number): Promise<{ agent: Agent; expiresAt: Date; lastSeenAt: Date } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('agents', 'agents.id', 'sessions.agent_id')
      .select(['agents.id', 'agents.council_id as councilId', 'agents.email', 'agents.name', 'agents.role', 'sessions.expires_at as expiresAt', 'sessions.last_seen_at as lastSeenAt'])
      .where('sessions.id', '=', sessionId)
      // Disabling deletes an agent's sessions; this keeps one that raced with it from working.
      .where('agents.disabled_at', 'is', null)
      .where('sessions.expires_at', '>', now.toISOString())
      .where('sessions.last_seen_at', '>', new Date(now.getTime() - idleMs).toISOString())
      .executeTakeFirst();
    if (!row) return undefined;
    const { expiresAt, lastSeenAt, ...agent } = row;
    return { agent, expiresAt: new Date(expiresAt), lastSeenAt: new Date(lastSeenAt) };
  }

  /** Marks a session used now. */
  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
  }

  /** An agent's live sessions, the most recently used first. */
  listSessions(agentId: string, now: Date, idleMs: number): Promise<AgentSessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'public_id as publicId', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'expires_at as expiresAt', 'user_agent as userAgent', 'address'])
      .where('agent_id', '=', agentId)
      .where('expires_at', '>', now.toISOString())
      .where('last_seen_at', '>', new Date(now.getTime() - idleMs).toISOString())
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Ends one of an agent's own sessions, named by its public id; the hash of the ended one, if there was one. */
  async endSession(agentId: string, publicId: string): Promise<string | undefined> {
    const row = await this.db.deleteFrom('sessions').where('agent_id', '=', agentId).where('public_id', '=', publicId).returning('id').executeTakeFirst();
    return row?.id;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }
}
