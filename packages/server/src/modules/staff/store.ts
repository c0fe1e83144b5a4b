import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { lockCouncilAgents, type Database } from '../../db/index.js';
import type { AppConfig } from '../../config.js';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import { AuditLog, type AuditInput } from './audit.js';

/** How long an invitation link works: a long weekend, so an invitation sent on Friday still works on Monday. */
export const INVITATION_HOURS = 72;

/** An agent as the council's administrators see them. */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  habilitation: string | null;
  disabledAt: string | null;
  lastSignInAt: string | null;
  /** Invited and not yet with a password of their own. */
  invited: boolean;
}

export interface Invitation {
  member: StaffMember;
  /** The token of the link, given once: only its hash is kept. */
  token: string;
  expiresAt: string;
}

export interface StaffChange {
  role?: Role;
  habilitation?: string | null;
  disabled?: boolean;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The management of a council's agents by its administrators. Every change is written in one
 * transaction with its entry in the council's audit log, so neither exists without the other.
 */
export class StaffStore {
  readonly audit: AuditLog;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: AppConfig['database']['kind'],
  ) {
    this.audit = new AuditLog(db);
  }

  private select(db: Kysely<Database> | Transaction<Database>) {
    return db
      .selectFrom('agents')
      .select(['id', 'name', 'email', 'role', 'habilitation', 'disabled_at as disabledAt', 'last_sign_in_at as lastSignInAt', 'password_hash as passwordHash']);
  }

  private static view({ passwordHash, ...row }: Omit<StaffMember, 'invited'> & { passwordHash: string | null }): StaffMember {
    return { ...row, invited: passwordHash === '' };
  }

  async list(councilId: string): Promise<StaffMember[]> {
    const rows = await this.select(this.db).where('council_id', '=', councilId).orderBy('name').orderBy('email').execute();
    return rows.map(StaffStore.view);
  }

  /** One of the council's agents; another council's answers as one that does not exist. */
  async find(councilId: string, agentId: string, db: Kysely<Database> | Transaction<Database> = this.db): Promise<StaffMember> {
    const row = await this.select(db).where('council_id', '=', councilId).where('id', '=', agentId).executeTakeFirst();
    if (!row) throw new AppError('FIN_ERR_AGENT_NOT_FOUND');
    return StaffStore.view(row);
  }

  /** Stores a new invitation of an agent, by its token's hash only. */
  private static async issue(trx: Transaction<Database>, agentId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3_600_000).toISOString();
    await trx.insertInto('agent_invitations').values({ token_hash: tokenHash(token), agent_id: agentId, created_at: now.toISOString(), expires_at: expiresAt, used_at: null }).execute();
    return { token, expiresAt };
  }

  /** Creates an agent without a password and the one-time link with which they set one. */
  async invite(councilId: string, actorId: string, agent: { name: string; email: string; role: Role; habilitation: string | null }, now: Date): Promise<Invitation> {
    const email = agent.email.trim().toLowerCase();
    const id = randomUUID();
    const { token, expiresAt } = await this.db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('agents').select('id').where('email', '=', email).executeTakeFirst();
      if (taken) throw new AppError('FIN_ERR_AGENT_EXISTS');
      await trx
        .insertInto('agents')
        .values({ id, council_id: councilId, email, name: agent.name.trim(), password_hash: '', created_at: now.toISOString(), habilitation: agent.habilitation, role: agent.role })
        .execute();
      const issued = await StaffStore.issue(trx, id, now);
      await this.audit.append(trx, councilId, { actorId, action: 'agent.invited', targetId: id, details: { email, role: agent.role, habilitation: agent.habilitation, expiresAt: issued.expiresAt } }, now);
      return issued;
    });
    return { member: await this.find(councilId, id), token, expiresAt };
  }

  /**
   * A new link for an invited agent who has not set a password yet (theirs expired or was lost);
   * the links issued before stop working.
   */
  async renewInvitation(councilId: string, actorId: string, agentId: string, now: Date): Promise<Invitation> {
    const { member, token, expiresAt } = await this.db.transaction().execute(async (trx) => {
      const found = await this.find(councilId, agentId, trx);
      if (!found.invited) throw new AppError('FIN_ERR_AGENT_NOT_INVITED');
      await trx.deleteFrom('agent_invitations').where('agent_id', '=', agentId).where('used_at', 'is', null).execute();
      const issued = await StaffStore.issue(trx, agentId, now);
      await this.audit.append(trx, councilId, { actorId, action: 'agent.invitationRenewed', targetId: agentId, details: { expiresAt: issued.expiresAt } }, now);
      return { member: found, ...issued };
    });
    return { member, token, expiresAt };
  }

  /**
   * Applies an administrator's change to an agent, one audit entry per fact that changed. Refused
   * when it would leave the council without an enabled administrator. Disabling deletes the
   * agent's sessions: their hashes are returned, so that their open event streams end too.
   */
  async change(councilId: string, actorId: string, agentId: string, change: StaffChange, now: Date): Promise<{ member: StaffMember; endedSessions: string[] }> {
    const endedSessions = await this.db.transaction().execute(async (trx) => {
      await lockCouncilAgents(trx, this.kind, councilId);
      const before = await this.find(councilId, agentId, trx);
      const entries: Omit<AuditInput, 'actorId' | 'targetId'>[] = [];
      const set: { role?: Role; habilitation?: string | null; disabled_at?: string | null } = {};
      if (change.role !== undefined && change.role !== before.role) {
        set.role = change.role;
        entries.push({ action: 'agent.roleChanged', details: { from: before.role, to: change.role } });
      }
      if (change.habilitation !== undefined && change.habilitation !== before.habilitation) {
        set.habilitation = change.habilitation;
        entries.push({ action: 'agent.habilitationChanged', details: { from: before.habilitation, to: change.habilitation } });
      }
      if (change.disabled !== undefined && change.disabled !== (before.disabledAt !== null)) {
        set.disabled_at = change.disabled ? now.toISOString() : null;
        entries.push({ action: change.disabled ? 'agent.disabled' : 'agent.enabled', details: {} });
      }
      if (entries.length === 0) return [];
      await trx.updateTable('agents').set(set).where('id', '=', agentId).execute();
      const administrators = await trx
        .selectFrom('agents')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('council_id', '=', councilId)
        .where('role', '=', 'administrator')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(administrators.count) === 0) throw new AppError('FIN_ERR_LAST_ADMINISTRATOR');
      for (const entry of entries) await this.audit.append(trx, councilId, { ...entry, actorId, targetId: agentId }, now);
      if (!change.disabled) return [];
      const ended = await trx.deleteFrom('sessions').where('agent_id', '=', agentId).returning('id').execute();
      return ended.map((session) => session.id);
    });
    return { member: await this.find(councilId, agentId), endedSessions };
  }

  /**
   * Sets an invited agent's password with their invitation's token, once: a used, expired or
   * unknown token, or one whose agent was disabled meanwhile, is refused alike.
   */
  async acceptInvitation(token: string, passwordHash: string, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('agent_invitations')
        .innerJoin('agents', 'agents.id', 'agent_invitations.agent_id')
        .select(['agents.id', 'agents.council_id as councilId'])
        .where('agent_invitations.token_hash', '=', tokenHash(token))
        .where('agent_invitations.used_at', 'is', null)
        .where('agent_invitations.expires_at', '>', now.toISOString())
        .where('agents.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!found) throw new AppError('FIN_ERR_TOKEN_INVALID');
      const used = await trx.updateTable('agent_invitations').set({ used_at: now.toISOString() }).where('token_hash', '=', tokenHash(token)).where('used_at', 'is', null).executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw new AppError('FIN_ERR_TOKEN_INVALID');
      await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', found.id).execute();
      await this.audit.append(trx, found.councilId, { actorId: found.id, action: 'agent.invitationAccepted', targetId: found.id, details: {} }, now);
    });
  }

  /**
   * Sets an agent's password hash (`npm run agents -- set-password`) and ends their sessions, at
   * once: a reset locks out whoever held one. Logged as done by no agent.
   */
  async setPassword(agentId: string, passwordHash: string, now: Date): Promise<{ sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      const agent = await trx.selectFrom('agents').select('council_id').where('id', '=', agentId).executeTakeFirstOrThrow();
      await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', agentId).execute();
      const ended = await trx.deleteFrom('sessions').where('agent_id', '=', agentId).executeTakeFirst();
      await this.audit.append(trx, agent.council_id, { actorId: null, action: 'agent.passwordSet', targetId: agentId, details: { by: 'command' } }, now);
      return { sessionsEnded: Number(ended.numDeletedRows) };
    });
  }
}
