import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { runEvery } from '../../shared/ticker.js';
import { resealAll, sealedUnder, type KeyCount, type ResealReport } from './reseal.js';

/** How often each process looks for files still under a previous master key. */
const RESEAL_EVERY_MS = 10 * 60_000;

/** The background re-sealing after a master key rotation, and what it last found left to do. */
export interface KeyRotation {
  /** Files still under keys other than the current one, as this process's last pass counted them; empty before the first. */
  left(): readonly KeyCount[];
  /** One pass now (the scheduled job runs the same). */
  reseal(): Promise<ResealReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    keyRotation: KeyRotation;
  }
}

/**
 * Re-seals, in every process, what is still under a master key of MASTER_KEY_PREVIOUS_FILES, and
 * logs its progress; without previous keys there is nothing to do and no job runs.
 */
export default fp<{ scheduler: boolean }>(
  async (fastify: FastifyInstance, options) => {
    let left: readonly KeyCount[] = [];
    let finished = false;
    const reseal = async (): Promise<ResealReport> => {
      const report = await resealAll(await fastify.masterKey(), fastify.config.dataDir, fastify.db);
      left = report.left;
      return report;
    };
    fastify.decorate('keyRotation', { left: () => left, reseal });
    if (!options.scheduler || fastify.config.masterKeyPreviousFiles.length === 0) return;
    runEvery(fastify, 're-sealing under the current master key', RESEAL_EVERY_MS, async () => {
      if (finished) return;
      const { resealed, failed, left: remaining } = await reseal();
      const files = remaining.reduce((sum, count) => sum + sealedUnder(count), 0);
      for (const { file, reason } of failed) fastify.log.warn({ file, reason }, 'a file could not be re-sealed under the current master key; tried again next pass');
      fastify.log.info({ resealed, left: remaining }, `re-sealed ${resealed} files and stored answers under the current master key, ${files} left under previous keys`);
      if (files === 0) {
        finished = true;
        fastify.log.info('nothing is sealed under a previous master key any more: MASTER_KEY_PREVIOUS_FILES can be emptied');
      }
    });
  },
  { name: 'keys', dependencies: ['database'] },
);
