import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs a background job's round every `intervalMs` on a timer that keeps no process alive, never
 * two rounds at once: a tick that finds the last round still running skips. A failed round is
 * logged, and the next one runs as usual. `stop` clears the timer and waits for the round under
 * way, so that nothing writes after the database closes.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
    /** What the log says when a round fails. */
    private readonly failure: string,
  ) {}

  start(intervalMs: number): void {
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.running = this.round()
        .catch((error: unknown) => this.log.error({ err: error }, this.failure))
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
