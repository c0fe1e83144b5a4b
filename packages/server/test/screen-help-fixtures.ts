import type { FastifyInstance } from 'fastify';
import { insertCase, newReference } from '../src/modules/cases/store.js';

/** A callback written straight to the database, being called now by the agent `agentEmail` (or nobody's yet). */
export async function seedCallback(
  app: FastifyInstance,
  councilId: string,
  options: { agentEmail?: string; state?: string; email?: string | null; language?: 'ca' | 'es' | 'en' } = {},
): Promise<string> {
  const now = app.now();
  const agent = options.agentEmail ? await app.agents.findByEmail(options.agentEmail) : undefined;
  return app.db.transaction().execute(async (trx) => {
    const id = await insertCase(
      trx,
      {
        council_id: councilId,
        kind: 'callback',
        reference: newReference('CB'),
        state: options.state ?? 'in_progress',
        language: options.language ?? 'ca',
        citizen_name: 'Pere Vila',
        citizen_phone: `+3461${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        citizen_email: options.email === undefined ? 'pere@example.org' : options.email,
      },
      now,
    );
    const start = new Date(now.getTime() - 30 * 60_000);
    await trx
      .insertInto('callbacks')
      .values({
        case_id: id,
        topic: 'online-help',
        description: 'Certificat digital',
        slot_start: start.toISOString(),
        slot_end: new Date(start.getTime() + 60 * 60_000).toISOString(),
        callable_from: start.toISOString(),
        attempts: 0,
        max_attempts: 3,
        assigned_agent_id: agent?.id ?? null,
        version: 1,
      })
      .execute();
    return id;
  });
}
