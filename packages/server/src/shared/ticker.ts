import type { FastifyInstance } from 'fastify';

/**
 * Runs a background job's `tick(now)` every `intervalMs` (on the app's clock) from when the app is
 * ready until it closes. A tick still running is not overlapped, a failed one is logged and the
 * next tries again, and closing waits for the tick under way.
 */
export function runEvery(fastify: FastifyInstance, name: string, intervalMs: number, tick: (now: Date) => Promise<unknown>): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  fastify.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      running = tick(fastify.now())
        .catch((error: unknown) => fastify.log.error({ err: error }, `${name} failed`))
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    timer.unref();
  });
  fastify.addHook('preClose', async () => {
    clearInterval(timer);
    await running;
  });
}
