import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { AccessibilityReportsTable } from '../../db/schema.js';

/** How many reports the desk lists at once, newest first. */
const LIST_LIMIT = 200;

/** The SQL of accessibility reports. */
export class AccessibilityStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the report unless its submission is in already; the stored one either way. */
  async insert(report: AccessibilityReportsTable): Promise<{ row: AccessibilityReportsTable; created: boolean }> {
    const inserted = await this.db
      .insertInto('accessibility_reports')
      .values(report)
      .onConflict((conflict) => conflict.columns(['council_id', 'submission_key']).doNothing())
      .executeTakeFirst();
    const row = await this.db
      .selectFrom('accessibility_reports')
      .selectAll()
      .where('council_id', '=', report.council_id)
      .where('submission_key', '=', report.submission_key)
      .executeTakeFirstOrThrow();
    return { row, created: Number(inserted.numInsertedOrUpdatedRows) === 1 };
  }

  /** Every council served here, by name, for the page that links to each one's statement. */
  async councils(): Promise<Array<{ id: string; name: string }>> {
    const rows = await this.db.selectFrom('councils').select(['id', 'config']).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: (JSON.parse(row.config) as { name: string }).name }));
  }

  private withAgent() {
    return this.db
      .selectFrom('accessibility_reports')
      .leftJoin('agents', 'agents.id', 'accessibility_reports.acknowledged_by')
      .selectAll('accessibility_reports')
      .select('agents.name as agentName');
  }

  async list(councilId: string, state?: AccessibilityReportsTable['state']) {
    let query = this.withAgent().where('accessibility_reports.council_id', '=', councilId);
    if (state) query = query.where('accessibility_reports.state', '=', state);
    return query.orderBy('accessibility_reports.received_at', 'desc').limit(LIST_LIMIT).execute();
  }

  async get(councilId: string, id: string) {
    return this.withAgent().where('accessibility_reports.council_id', '=', councilId).where('accessibility_reports.id', '=', id).executeTakeFirst();
  }

  /** Marks a new report acknowledged by the agent; an acknowledged one keeps its first agent and time. */
  async acknowledge(councilId: string, id: string, agentId: string, at: string): Promise<void> {
    await this.db
      .updateTable('accessibility_reports')
      .set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: agentId })
      .where('council_id', '=', councilId)
      .where('id', '=', id)
      .where('state', '=', 'new')
      .execute();
  }
}
