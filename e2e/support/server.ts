import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../packages/server/src/app.ts';
import { loadConfig } from '../../packages/server/src/config.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A loopback port free right now: the server's links name its port, so it is chosen before the configuration is read. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The real server with the demo council, listening on loopback over HTTP with a fresh SQLite
 * database, exactly as `npm start` runs it (DEMO=true, widgets served from packages/widgets/dist).
 * `env` may fix the PORT, for a test whose other servers must know the address beforehand.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fin-e2e-'));
  const port = await freePort();
  const config = loadConfig({ DEMO: 'true', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env });
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  return {
    url: `http://127.0.0.1:${config.port}`,
    app,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
