import fp from 'fastify-plugin';
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
    if (options.scheduler) fastify.addHook('onReady', async () => job.start(fastify.config.appointments.reminderIntervalMs));
    fastify.addHook('preClose', () => job.stop());
  },
  { name: 'receipt', dependencies: ['procedure', 'registry', 'seal', 'mail'] },
);
