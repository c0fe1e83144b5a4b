import fp from 'fastify-plugin';
import { runEvery } from '../../shared/ticker.js';
import { ReceiptJob } from './job.js';

export { receiptRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Makes and emails receipts in the background; `tick(now)` runs one round by hand, `settled(caseId)` awaits a case's run. */
    receipts: ReceiptJob;
  }
}

export interface ReceiptOptions {
  /** Whether this process ticks on its own timer (tests turn it off and call `tick`); a signature's kick runs either way. */
  scheduler: boolean;
}

/** The receipt of every signed case, made as soon as it is signed and retried until it is, then emailed. */
export default fp<ReceiptOptions>(
  async (fastify, options) => {
    const job = new ReceiptJob(fastify);
    fastify.decorate('receipts', job);
    fastify.procedure.onSigned(async (found) => job.kick(found.id));
    if (options.scheduler) runEvery(fastify, 'receipt tick', fastify.config.appointments.reminderIntervalMs, (now) => job.tick(now));
    fastify.addHook('preClose', () => job.drain());
  },
  { name: 'receipt', dependencies: ['procedure', 'registry', 'seal', 'mail', 'incidents'] },
);
