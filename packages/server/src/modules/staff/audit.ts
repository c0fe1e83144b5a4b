import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { canonicalJson } from '../../shared/json.js';

/** The "previous hash" of a council's first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** What an administrator (or a command on the server) did to an agent. */
export const AUDIT_ACTIONS = [
  'agent.invited',
  'agent.invitationRenewed',
  'agent.invitationAccepted',
  'agent.roleChanged',
  'agent.habilitationChanged',
  'agent.disabled',
  'agent.enabled',
  'agent.passwordSet',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  /** The agent who acted; null for a command run on the server. */
  actorId: string | null;
  action: AuditAction;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  target: { id: string; name: string; email: string } | null;
  details: Record<string, unknown>;
  hash: string;
}

/** How often an append retries after losing the race for a sequence number to another writer. */
const APPEND_ATTEMPTS = 10;

interface Unhashed {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The SHA-256 of an entry over everything it says, including its place in the chain. */
export function auditHash(councilId: string, entry: Unhashed): string {
  return createHash('sha256').update(canonicalJson({ councilId, ...entry })).digest('hex');
}

/**
 * A council's audit log of the management of its agents: append-only and chained like a case's
 * evidence log (modules/evidence/log.ts), so that editing, removing or reordering an entry breaks
 * every hash after it.
 */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends an entry inside the caller's transaction, so it exists exactly when the change it
   * records does. The primary key (council_id, seq) lets only one of two concurrent appends take a
   * number; the loser reads the new last entry and chains onto it.
   */
  async append(trx: Transaction<Database>, councilId: string, input: AuditInput, now: Date): Promise<void> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).where('council_id', '=', councilId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const entry: Unhashed = { seq: (last?.seq ?? 0) + 1, at: now.toISOString(), ...input, prevHash: last?.hash ?? AUDIT_GENESIS_HASH };
      const inserted = await trx
        .insertInto('audit_log')
        .values({
          council_id: councilId,
          seq: entry.seq,
          at: entry.at,
          actor_id: entry.actorId,
          action: entry.action,
          target_id: entry.targetId,
          details: canonicalJson(entry.details),
          prev_hash: entry.prevHash,
          hash: auditHash(councilId, entry),
        })
        .onConflict((conflict) => conflict.columns(['council_id', 'seq']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows) === 1) return;
    }
    throw new Error(`could not append to the audit log of council ${councilId}`);
  }

  /** A page of the council's entries, newest first: those numbered below `before`, when given. */
  async page(councilId: string, limit: number, before?: number): Promise<AuditEntry[]> {
    let query = this.db
      .selectFrom('audit_log')
      .leftJoin('agents as actor', 'actor.id', 'audit_log.actor_id')
      .leftJoin('agents as target', 'target.id', 'audit_log.target_id')
      .select([
        'audit_log.seq',
        'audit_log.at',
        'audit_log.actor_id as actorId',
        'actor.name as actorName',
        'audit_log.action',
        'audit_log.target_id as targetId',
        'target.name as targetName',
        'target.email as targetEmail',
        'audit_log.details',
        'audit_log.hash',
      ])
      .where('audit_log.council_id', '=', councilId);
    if (before !== undefined) query = query.where('audit_log.seq', '<', before);
    const rows = await query.orderBy('audit_log.seq', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
      action: row.action,
      target: row.targetId ? { id: row.targetId, name: row.targetName ?? '', email: row.targetEmail ?? '' } : null,
      details: JSON.parse(row.details) as Record<string, unknown>,
      hash: row.hash,
    }));
  }

  /** Whether the council's chain is whole: numbered 1…n without gaps, each hash right and linked to the one before. */
  async verify(councilId: string): Promise<boolean> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('council_id', '=', councilId).orderBy('seq').execute();
    let prevHash = AUDIT_GENESIS_HASH;
    return rows.every((row, index) => {
      const entry: Unhashed = { seq: row.seq, at: row.at, actorId: row.actor_id, action: row.action, targetId: row.target_id, details: JSON.parse(row.details) as Record<string, unknown>, prevHash: row.prev_hash };
      const ok = row.seq === index + 1 && row.prev_hash === prevHash && auditHash(councilId, entry) === row.hash;
      prevHash = row.hash;
      return ok;
    });
  }
}
