import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../../db/index.js';
import { CLOSED_STATES } from '../cases/closed.js';
import type { RetentionSettings } from '../councils/schemas.js';
import { emptyApplication, type ApplicationRecord } from '../procedure/application/record.js';

const DAY_MS = 86_400_000;
/** Cases erased per kind and council in one run; the next run goes on. */
const BATCH = 100;

/** One file or row a case held, as the evidence log recorded it: the bundle's folder, its id and SHA-256. */
export interface ErasedItem {
  folder: string;
  id: string;
  sha256: string;
}

interface Kind {
  setting: keyof RetentionSettings;
  /** The evidence log's name for it. */
  name: 'recordings' | 'identity-stills' | 'documents' | 'application';
  /** The case's items of this kind, with the file each is kept in (relative to DATA_DIR), if any. */
  items(db: Kysely<Database>, caseId: string): Promise<Array<ErasedItem & { file: string | null }>>;
  /** Deletes them in the transaction that records their erasure. */
  erase(db: Kysely<Database>, caseId: string): Promise<void>;
  /** Whether a case (`cases`) still holds any. */
  holds(eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool>;
}

const fileRows = (table: 'recordings' | 'identity_stills' | 'documents', folder: string): Pick<Kind, 'items' | 'erase' | 'holds'> => ({
  holds: (eb) => eb.exists(eb.selectFrom(table).select(`${table}.id`).whereRef(`${table}.case_id`, '=', 'cases.id')),
  items: async (db, caseId) =>
    (await db.selectFrom(table).select(['id', 'sha256', 'file']).where('case_id', '=', caseId).orderBy('id').execute()).map((row) => ({ folder, ...row })),
  erase: async (db, caseId) => {
    await db.deleteFrom(table).where('case_id', '=', caseId).execute();
  },
});

/** What a council may set a period for, and how each is found and erased. */
export const KINDS: readonly Kind[] = [
  { setting: 'recordingsDays', name: 'recordings', ...fileRows('recordings', 'recordings') },
  { setting: 'identityStillsDays', name: 'identity-stills', ...fileRows('identity_stills', 'stills') },
  { setting: 'documentsDays', name: 'documents', ...fileRows('documents', 'documents') },
  {
    setting: 'applicationDays',
    name: 'application',
    // The documents presented for agreement, and the values the agent filled in: what the form
    // was stays, so the case still says which procedure it was.
    items: async (db, caseId) => {
      const presented = await db.selectFrom('application_documents').select(['id', 'sha256']).where('case_id', '=', caseId).orderBy('id').execute();
      const procedure = await db.selectFrom('procedures').select('application').where('case_id', '=', caseId).executeTakeFirst();
      const filled = procedure ? (JSON.parse(procedure.application) as Partial<ApplicationRecord>) : undefined;
      const values = filled && (Object.keys(filled.data ?? {}).length > 0 || (filled.attachments?.length ?? 0) > 0);
      return [...presented.map((row) => ({ folder: 'application', ...row, file: null })), ...(values ? [{ folder: 'procedure', id: 'application', sha256: '', file: null }] : [])];
    },
    // Stored as JSON.stringify writes an ApplicationRecord (procedure/core.ts): nothing filled is `"data":{}` and `"attachments":[]`.
    holds: (eb) =>
      eb.or([
        eb.exists(eb.selectFrom('application_documents').select('application_documents.id').whereRef('application_documents.case_id', '=', 'cases.id')),
        eb.exists(
          eb
            .selectFrom('procedures')
            .select('procedures.case_id')
            .whereRef('procedures.case_id', '=', 'cases.id')
            .where((inner) => inner.or([inner('procedures.application', 'not like', '%"data":{}%'), inner('procedures.application', 'not like', '%"attachments":[]%')])),
        ),
      ]),
    erase: async (db, caseId) => {
      await db.deleteFrom('application_documents').where('case_id', '=', caseId).execute();
      const procedure = await db.selectFrom('procedures').select('application').where('case_id', '=', caseId).executeTakeFirst();
      if (!procedure) return;
      const filled = JSON.parse(procedure.application) as Partial<ApplicationRecord>;
      const erased: ApplicationRecord = { ...emptyApplication(), formId: filled.formId ?? null, version: (filled.version ?? 0) + 1 };
      await db.updateTable('procedures').set({ application: JSON.stringify(erased) }).where('case_id', '=', caseId).execute();
    },
  },
];

export interface RetentionRun {
  /** Cases whose data of some kind was erased, by kind. */
  erased: Record<Kind['name'], number>;
}

/**
 * Erases what each council keeps no longer: for every kind it sets a period for, the items of
 * cases closed longer ago than that and not under a legal hold. Files go first, then the rows and
 * the evidence event that lists what went with its hashes, in one transaction: a run cut short
 * between the two leaves rows whose files are gone, which the next run erases again. Every
 * process runs it; the case's row is locked while its rows are erased, so two runs at once
 * erase and record each kind once.
 */
export async function eraseExpired(fastify: FastifyInstance, now: Date): Promise<RetentionRun> {
  const run: RetentionRun = { erased: { recordings: 0, 'identity-stills': 0, documents: 0, application: 0 } };
  for (const council of await fastify.councils.all()) {
    for (const kind of KINDS) {
      const days = council.retention?.[kind.setting];
      if (!days) continue;
      for (const caseId of await expiredCases(fastify.db, council.id, kind, new Date(now.getTime() - days * DAY_MS))) {
        const items = await kind.items(fastify.db, caseId);
        if (items.length === 0) continue;
        await Promise.all(items.flatMap(({ file }) => (file ? [rm(path.join(fastify.config.dataDir, file), { force: true })] : [])));
        const erased = await fastify.db.transaction().execute(async (trx) => {
          // The case's row, locked: another process's run erasing the same case waits here, then
          // finds nothing left below and records nothing (SQLite runs one write at a time).
          const query = trx.selectFrom('cases').select('hold_at').where('id', '=', caseId);
          const held = await (fastify.config.database.kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
          // Placed meanwhile, a hold wins: the files are gone, the rows and their hashes stay.
          if (held?.hold_at) return false;
          if ((await kind.items(trx, caseId)).length === 0) return false;
          await kind.erase(trx, caseId);
          await fastify.evidence.append(
            trx,
            caseId,
            { type: 'retention.erased', actor: 'system', data: { kind: kind.name, retentionDays: days, items: items.map(({ folder, id, sha256 }) => ({ folder, id, sha256 })) } },
            now,
          );
          return true;
        });
        if (erased) run.erased[kind.name]++;
      }
    }
  }
  return run;
}

/** Closed cases of the council, closed before `before`, not held, that still hold data of the kind. */
async function expiredCases(db: Kysely<Database>, councilId: string, kind: Kind, before: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('council_id', '=', councilId)
    .where('hold_at', 'is', null)
    .where('updated_at', '<', before.toISOString())
    .where((eb) => kind.holds(eb))
    .where((eb) => eb.or(Object.entries(CLOSED_STATES).map(([kind, states]) => eb.and([eb('kind', '=', kind as keyof typeof CLOSED_STATES), eb('state', 'in', [...states])]))))
    .orderBy('updated_at')
    .limit(BATCH)
    .execute();
  return rows.map((row) => row.id);
}
