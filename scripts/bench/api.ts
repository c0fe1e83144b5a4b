/** Latency of the public endpoints a citizen's widget reads first, over real HTTP on loopback, one process with SQLite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import { loadConfig } from '../../packages/server/src/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'fin-bench-'));
const app = await buildApp(loadConfig({ DEMO: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'error', RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

async function measure(path: string, runs: number) {
  for (let i = 0; i < 50; i++) await (await fetch(base + path)).arrayBuffer();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(base + path, { headers: { origin: 'http://localhost:3000' } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    times.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(`GET ${path.padEnd(62)} median ${q(0.5)} ms  p95 ${q(0.95)} ms  ${(runs / elapsed).toFixed(0)} req/s sequential (${runs} runs)`);
}

try {
  await measure('/api/health', 2000);
  await measure('/api/councils/demo?lang=ca', 2000);
  await measure('/api/councils/demo/callbacks/slots?lang=ca', 1000);
  await measure('/api/councils/demo/appointments/slots?procedure=ajuts&lang=ca', 1000);
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
