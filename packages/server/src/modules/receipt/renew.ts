import type { FastifyInstance } from 'fastify';
import { DAY_MS, expiresBy, PAGE, type RetimestampResult } from '../evidence/archive.js';
import { latestTimestampOf, timestampAuthorityOf } from '../seal/index.js';
import { receiptId } from './issue.js';

/**
 * Renews every receipt whose latest timestamp (its seal's signature timestamp, or its last
 * document timestamp) was issued under a certificate that expires within `withinDays` of `now`:
 * a document timestamp is appended to the sealed PDF (PAdES-LTA, `Seal.renewPdf`), its first
 * revision left byte for byte, and the renewed bytes replace the stored ones, found by the same
 * code, with a `receipt.retimestamped` event in the same transaction. The `receipt.issued` event
 * keeps the original's SHA-256, which the renewed file's first revision still has.
 */
export async function retimestampReceipts(fastify: FastifyInstance, now: Date, withinDays: number): Promise<RetimestampResult> {
  const result: RetimestampResult = { checked: 0, added: 0, untimestamped: 0, failed: 0 };
  const horizon = now.getTime() + withinDays * DAY_MS;
  let after = '';
  for (;;) {
    const rows = await fastify.db.selectFrom('verifiable_documents').selectAll().where('file', 'is not', null).where('code_hash', '>', after).orderBy('code_hash').limit(PAGE).execute();
    if (rows.length === 0) return result;
    after = rows.at(-1)!.code_hash;
    for (const document of rows) {
      result.checked++;
      let renewed: Buffer;
      const incident = { kind: 'seal', subject: 'receipt-timestamp', caseId: document.case_id } as const;
      try {
        const pdf = Buffer.concat(await (await fastify.registry.open(document)).toArray());
        const latest = latestTimestampOf(pdf);
        if (!latest) {
          result.untimestamped++;
          continue;
        }
        if (!expiresBy(latest, horizon)) continue;
        renewed = await fastify.seal.renewPdf(pdf);
      } catch (error) {
        // A damaged file is reported the same way: the run goes on with the others and says it failed.
        fastify.log.warn({ err: error, caseId: document.case_id }, 'could not renew the timestamp of a receipt; the next run will retry');
        await fastify.incidents.failed(incident, error);
        result.failed++;
        continue;
      }
      await fastify.incidents.recovered(incident);
      const until = timestampAuthorityOf(latestTimestampOf(renewed)!).validTo;
      const replaced = await fastify.registry.replace(document, renewed, (trx, made) =>
        fastify.evidence.append(
          trx,
          document.case_id,
          {
            type: 'receipt.retimestamped',
            actor: 'system',
            data: { receiptId: receiptId(document.file!), previousSha256: document.sha256, sha256: made.sha256, bytes: made.bytes, until: new Date(until).toISOString() },
          },
          fastify.now(),
        ),
      );
      if (replaced) result.added++;
    }
  }
}
