import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { canonicalJson } from '../../shared/json.js';
import type { EvidenceType } from './types.js';

/** The "previous hash" of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who caused an event: `citizen`, `agent:<id>` or `system`. */
export type Actor = 'citizen' | 'system' | `agent:${string}`;

export interface EvidenceInput {
  type: EvidenceType;
  actor: Actor;
  data: Record<string, unknown>;
}

/** An event as stored: its type is read back as text, as older logs may hold types no longer written. */
export interface EvidenceEvent extends Omit<EvidenceInput, 'type'> {
  type: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** How often an append retries after losing the race for a sequence number to another writer. */
const APPEND_ATTEMPTS = 10;

/** The SHA-256 of an event over everything it says, including its place in the chain. */
export function eventHash(caseId: string, event: Omit<EvidenceEvent, 'hash'>): string {
  const { seq, type, actor, data, at, prevHash } = event;
  return createHash('sha256').update(canonicalJson({ caseId, seq, type, actor, data, at, prevHash })).digest('hex');
}

/**
 * The evidence log of a case: append-only, each event chained to the one before by its hash, so
 * that editing, removing or reordering any event breaks every hash after it.
 */
export class EvidenceLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends an event inside the caller's transaction, so the event exists exactly when the
   * change it records does. The primary key (case_id, seq) lets only one of two concurrent
   * appends take a sequence number; the loser reads the new last event and chains onto it.
   */
  async append(trx: Transaction<Database>, caseId: string, input: EvidenceInput, now: Date): Promise<EvidenceEvent> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const last = await trx
        .selectFrom('evidence_events')
        .select(['seq', 'hash'])
        .where('case_id', '=', caseId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const unhashed = {
        seq: (last?.seq ?? 0) + 1,
        type: input.type,
        actor: input.actor,
        data: input.data,
        at: now.toISOString(),
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const event = { ...unhashed, hash: eventHash(caseId, unhashed) };
      const inserted = await trx
        .insertInto('evidence_events')
        .values({
          case_id: caseId,
          seq: event.seq,
          type: event.type,
          actor: event.actor,
          data: canonicalJson(event.data),
          at: event.at,
          prev_hash: event.prevHash,
          hash: event.hash,
        })
        .onConflict((conflict) => conflict.columns(['case_id', 'seq']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows) === 1) return event;
    }
    throw new Error(`could not append to the evidence log of case ${caseId}`);
  }

  async list(caseId: string): Promise<EvidenceEvent[]> {
    const rows = await this.db.selectFrom('evidence_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
    return rows.map((row) => ({
      seq: row.seq,
      type: row.type,
      actor: row.actor as Actor,
      data: JSON.parse(row.data) as Record<string, unknown>,
      at: row.at,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }

  /** Whether the chain is whole: numbered 1…n without gaps, each hash right and linked to the one before. */
  async verify(caseId: string): Promise<{ events: EvidenceEvent[]; valid: boolean }> {
    const events = await this.list(caseId);
    let prevHash = GENESIS_HASH;
    const valid = events.every((event, index) => {
      const { hash, ...unhashed } = event;
      const ok = event.seq === index + 1 && event.prevHash === prevHash && eventHash(caseId, unhashed) === hash;
      prevHash = hash;
      return ok;
    });
    return { events, valid };
  }
}
