import type { FastifyInstance } from 'fastify';
import { signatureTimestampOf, timestampAuthorityOf } from '../seal/index.js';
import { archiveData, segmentOf } from './seals.js';

export const DAY_MS = 86_400_000;
/** Segments (receipts) read per query while going through them all. */
export const PAGE = 200;

export interface RetimestampResult {
  /** Segments (receipts) looked at. */
  checked: number;
  /** Archive (document) timestamps added. */
  added: number;
  /** Segments (receipts) with no timestamp to renew (sealed without a TSA). */
  untimestamped: number;
  /** Segments (receipts) whose new timestamp could not be had; a later run tries again. */
  failed: number;
}

/** Whether a timestamp token's authority certificate expires before `horizon` (ms since the epoch). */
export const expiresBy = (token: Buffer, horizon: number) => Date.parse(timestampAuthorityOf(token).validTo) <= horizon;

/**
 * Adds an archive timestamp to every sealed segment whose latest timestamp (its signature
 * timestamp, or the last archive timestamp) was issued under a certificate that expires within
 * `withinDays` of `now`. The new token is over the signature and every archive timestamp before it
 * (`archiveData`), so it vouches for them while their certificates and algorithms still hold; a
 * chain of them keeps the segment verifiable for as long as it is renewed in time. Segments are
 * updated only if no other run added one meanwhile.
 */
export async function retimestampSegments(fastify: FastifyInstance, now: Date, withinDays: number): Promise<RetimestampResult> {
  const result: RetimestampResult = { checked: 0, added: 0, untimestamped: 0, failed: 0 };
  const horizon = now.getTime() + withinDays * DAY_MS;
  let after = { caseId: '', segment: 0 };
  for (;;) {
    const rows = await fastify.db
      .selectFrom('evidence_seals')
      .selectAll()
      .where((eb) => eb.or([eb('case_id', '>', after.caseId), eb.and([eb('case_id', '=', after.caseId), eb('segment', '>', after.segment)])]))
      .orderBy('case_id')
      .orderBy('segment')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return result;
    after = { caseId: rows.at(-1)!.case_id, segment: rows.at(-1)!.segment };
    for (const row of rows) {
      result.checked++;
      const { signature, archiveTimestamps } = segmentOf(row);
      const latest = archiveTimestamps.at(-1) ?? signatureTimestampOf(signature);
      if (!latest) {
        result.untimestamped++;
        continue;
      }
      if (!expiresBy(latest, horizon)) continue;
      let token: Buffer;
      const incident = { kind: 'seal', subject: 'archive-timestamp', caseId: row.case_id, ref: String(row.segment) } as const;
      try {
        token = await fastify.seal.timestamp(archiveData(signature, archiveTimestamps));
      } catch (error) {
        fastify.log.warn({ err: error, caseId: row.case_id, segment: row.segment }, 'could not add an archive timestamp; the next run will retry');
        await fastify.incidents.failed(incident, error);
        result.failed++;
        continue;
      }
      await fastify.incidents.recovered(incident);
      const updated = await fastify.db
        .updateTable('evidence_seals')
        .set({ archive_timestamps: JSON.stringify([...archiveTimestamps, token].map((bytes) => bytes.toString('base64'))) })
        .where('case_id', '=', row.case_id)
        .where('segment', '=', row.segment)
        .where('archive_timestamps', '=', row.archive_timestamps)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) result.added++;
    }
  }
}

