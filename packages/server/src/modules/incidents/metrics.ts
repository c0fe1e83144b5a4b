import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { AppError, errorResponses } from '../../shared/errors.js';
import { sealedUnder } from '../keys/reseal.js';
import { VERSION } from '../../version.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries the token, compared in constant time whatever its length. */
function authorised(request: FastifyRequest, token: Buffer): boolean {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), token);
}

/**
 * GET /metrics in Prometheus's text format, for a monitoring system holding the token of
 * METRICS_TOKEN_FILE; without that setting the route does not exist. The failures come from the
 * database, so every process answers the same counts; the process metrics are this process's.
 */
export async function metricsRoute(fastify: FastifyInstance, { token }: { token: string }) {
  const expected = digest(token);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'finestreta_' });
  const totals = () => fastify.incidents.store.totals();

  new Gauge({ name: 'finestreta_info', help: 'The running version', labelNames: ['version'], registers: [registry] }).set({ version: VERSION }, 1);
  new Gauge({
    name: 'finestreta_councils_file_info',
    help: 'The councils file this process runs, by its SHA-256: processes on the same file show the same one',
    labelNames: ['sha256'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ sha256: fastify.councilsFile.version.sha256 }, 1);
    },
  });
  new Gauge({
    name: 'finestreta_councils_file_applied_timestamp_seconds',
    help: 'When this process applied the councils file it runs, in seconds since the epoch',
    registers: [registry],
    collect() {
      this.set(fastify.councilsFile.version.appliedAt.getTime() / 1000);
    },
  });
  new Counter({
    name: 'finestreta_failures_total',
    help: 'Background failures (recording, email, registration, seal), each retry counted, by council and kind',
    labelNames: ['council', 'kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals()) this.inc({ council: row.councilId, kind: row.kind }, row.failures);
    },
  });
  new Gauge({
    name: 'finestreta_incidents_open',
    help: 'Things that failed and have neither recovered nor been dealt with by a supervisor, by council and kind',
    labelNames: ['council', 'kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals()) this.set({ council: row.councilId, kind: row.kind }, row.open);
    },
  });

  new Gauge({
    name: 'finestreta_sealed_files_left',
    help: "Files and stored answers still sealed under a master key other than the current one, by key id, as this process's last re-sealing pass counted them",
    labelNames: ['key'],
    registers: [registry],
    collect() {
      this.reset();
      for (const count of fastify.keyRotation.left()) this.set({ key: count.keyId }, sealedUnder(count));
    },
  });

  new Gauge({
    name: 'finestreta_calls_hosted',
    help: 'Calls whose room runs in this process (with several processes, nginx routes each call to one)',
    registers: [registry],
    collect() {
      this.set(fastify.calls.hosted());
    },
  });

  fastify.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics: background failures by council and kind, and the process; needs the bearer token of METRICS_TOKEN_FILE',
        produces: ['text/plain'],
        security: [{ metricsToken: [] }],
        response: errorResponses(401),
      },
    },
    async (request, reply) => {
      if (!authorised(request, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('FIN_ERR_METRICS_TOKEN_INVALID');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
