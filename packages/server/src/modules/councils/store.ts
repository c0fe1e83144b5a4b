import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { councilNotFound } from '../../shared/errors.js';
import type { CouncilConfig } from './schemas.js';

/**
 * Councils as stored: the configuration is one JSON document per council, because it is read
 * whole and written only when the councils file is loaded. It is read from the database on
 * every use rather than cached, so processes sharing PostgreSQL agree once any of them reloads.
 */
export class CouncilStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<CouncilConfig | undefined> {
    const row = await this.db.selectFrom('councils').select('config').where('id', '=', id).executeTakeFirst();
    return row && (JSON.parse(row.config) as CouncilConfig);
  }

  /** The council a signed-in agent works for: it exists unless it was removed since they signed in (404). */
  async ofAgent(agent: { councilId: string }): Promise<CouncilConfig> {
    const council = await this.get(agent.councilId);
    if (!council) throw councilNotFound();
    return council;
  }

  async upsert(council: CouncilConfig, now: Date): Promise<void> {
    const values = { id: council.id, config: JSON.stringify(council), updated_at: now.toISOString() };
    await this.db
      .insertInto('councils')
      .values(values)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ config: values.config, updated_at: values.updated_at }))
      .execute();
  }
}
