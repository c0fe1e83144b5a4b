/**
 * A 200 MB document through the tus endpoint (8 MiB PATCHes, as the widget sends them), against
 * the same file POSTed to a plain Node http server that writes it to disk, both on loopback.
 * Each server runs in a child process of its own, whose resident memory is sampled from /proc
 * while it receives. The tus figure includes everything the server does with a document: each
 * chunk sealed as it arrives, then on the last byte the type check, SHA-256 and the final sealed
 * copy (no malware scanner configured).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const FILE_BYTES = 200 * 1000 * 1000;
const CHUNK_BYTES = 8 * MiB;
const RUNS = 3;
const SAMPLE_MS = 10;
const self = fileURLToPath(import.meta.url);

/** Child mode: the app, with a council that takes files this large, on a free port. */
async function serveApp(dir: string) {
  const { buildApp } = await import('../../packages/server/src/app.ts');
  const { DEMO_COUNCILS_FILE, loadConfig } = await import('../../packages/server/src/config.ts');
  const [demo] = JSON.parse(readFileSync(DEMO_COUNCILS_FILE, 'utf8'));
  demo.documents = { maxFileBytes: 256 * MiB, maxFiles: 100, maxTotalBytes: 1024 * MiB };
  const councils = join(dir, 'councils.json');
  writeFileSync(councils, JSON.stringify([demo]));
  // The tus Location names the server's own address, so its port is chosen before the configuration is read.
  const probe = http.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const app = await buildApp(
    loadConfig({ DEMO: 'true', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: join(dir, 'data'), COUNCILS_FILE: councils, MASTER_KEY_FILE: join(dir, 'master.key'), LOG_LEVEL: 'error' }),
    { rateLimits: { public: { max: 1_000_000, timeWindow: 60_000 } }, reminderScheduler: false },
  );
  await app.listen({ port, host: '127.0.0.1' });
  console.log(JSON.stringify({ port }));
}

/** Child mode: the baseline, a plain http server that streams each POST body to a file. */
function serveRaw(dir: string) {
  let n = 0;
  const server = http.createServer((req, res) => {
    const file = createWriteStream(join(dir, `raw-${++n}`));
    req.pipe(file);
    file.on('finish', () => res.writeHead(204).end());
  });
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
}

/** Starts this file in a child process in `mode` and waits for the port it listens on. */
function child(mode: string, dir: string): Promise<{ process: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', self, mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const line = out.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (line) resolve({ process: proc, base: `http://127.0.0.1:${JSON.parse(line).port}` });
    });
    proc.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
  });
}

const rssKiB = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

/** Runs `work` while sampling the child's resident memory; its peak and the time taken. */
async function measured(pid: number, work: () => Promise<void>) {
  const before = rssKiB(pid, 'VmRSS');
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssKiB(pid, 'VmRSS'))), SAMPLE_MS);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, rssKiB(pid, 'VmRSS'));
  return { seconds, beforeMiB: before / 1024, peakMiB: peak / 1024 };
}

function send(base: string, method: string, path: string, headers: Record<string, string | number>, body?: { file: string; start: number; end: number }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let text = '';
      res.on('data', (data: Buffer) => (text += data.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) createReadStream(body.file, { start: body.start, end: body.end - 1 }).pipe(req);
    else req.end();
  });
}

async function token(base: string): Promise<string> {
  const slots = await (await fetch(`${base}/api/councils/demo/appointments/slots?procedure=padro`)).json();
  const booked = await fetch(`${base}/api/councils/demo/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'padro', slot: slots.slots[0].start, name: 'Bench', email: 'bench@example.org', phone: '612345678', consent: true, language: 'ca' }),
  });
  return (await booked.json()).token;
}

async function tusUpload(base: string, grant: string, file: string) {
  const tus = { 'tus-resumable': '1.0.0', authorization: `Bearer ${grant}` };
  const created = await send(base, 'POST', '/api/councils/demo/uploads', { ...tus, 'upload-length': FILE_BYTES, 'upload-metadata': `filename ${Buffer.from('bench.pdf').toString('base64')}` });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  let lastPatchSeconds = 0;
  for (let offset = 0; offset < FILE_BYTES; offset += CHUNK_BYTES) {
    const end = Math.min(FILE_BYTES, offset + CHUNK_BYTES);
    const started = performance.now();
    const answer = await send(base, 'PATCH', created.headers.location!, { ...tus, 'upload-offset': offset, 'content-type': 'application/offset+octet-stream', 'content-length': end - offset }, { file, start: offset, end });
    if (answer.status !== 204) throw new Error(`PATCH at ${offset}: ${answer.status} ${answer.text}`);
    lastPatchSeconds = (performance.now() - started) / 1000;
    if (end === FILE_BYTES && !answer.headers['finestreta-document']) throw new Error('the last PATCH named no document');
  }
  return lastPatchSeconds;
}

async function rawUpload(base: string, file: string) {
  const answer = await send(base, 'POST', '/upload', { 'content-type': 'application/pdf', 'content-length': FILE_BYTES }, { file, start: 0, end: FILE_BYTES });
  if (answer.status !== 204) throw new Error(`raw POST: ${answer.status}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'fin-bench-upload-'));
  const children: ChildProcess[] = [];
  try {
    // A PDF header and random bytes: what the server checks is there, nothing compresses.
    const file = join(dir, 'bench.pdf');
    const out = createWriteStream(file);
    out.write('%PDF-1.7\n');
    for (let written = 9; written < FILE_BYTES; written += MiB) out.write(randomBytes(Math.min(MiB, FILE_BYTES - written)));
    await new Promise((resolve) => out.end(resolve));

    const app = await child('serve-app', dir);
    const raw = await child('serve-raw', dir);
    children.push(app.process, raw.process);
    const tusRuns: Array<Awaited<ReturnType<typeof measured>> & { finishSeconds: number }> = [];
    const rawRuns: Array<Awaited<ReturnType<typeof measured>>> = [];
    for (let run = 0; run < RUNS; run++) {
      const grant = await token(app.base);
      let finishSeconds = 0;
      tusRuns.push({ ...(await measured(app.process.pid!, async () => void (finishSeconds = await tusUpload(app.base, grant, file)))), finishSeconds });
      rawRuns.push(await measured(raw.process.pid!, () => rawUpload(raw.base, file)));
    }
    const mbps = (seconds: number) => FILE_BYTES / 1e6 / seconds;
    const tusSeconds = median(tusRuns.map((r) => r.seconds));
    const rawSeconds = median(rawRuns.map((r) => r.seconds));
    console.log(`200 MB on loopback, ${RUNS} runs each, medians (each server in its own child process; RSS sampled from /proc every ${SAMPLE_MS} ms)`);
    console.log(`tus, 8 MiB PATCHes:  ${tusSeconds.toFixed(2)} s  ${mbps(tusSeconds).toFixed(0)} MB/s  (runs ${tusRuns.map((r) => r.seconds.toFixed(2)).join(', ')} s; last PATCH incl. type check, SHA-256, sealed copy: ${median(tusRuns.map((r) => r.finishSeconds)).toFixed(2)} s)`);
    console.log(`raw POST to disk:    ${rawSeconds.toFixed(2)} s  ${mbps(rawSeconds).toFixed(0)} MB/s  (runs ${rawRuns.map((r) => r.seconds.toFixed(2)).join(', ')} s)`);
    console.log(`ratio tus / raw throughput: ${(rawSeconds / tusSeconds).toFixed(2)}`);
    console.log(`app server RSS: ${median(tusRuns.map((r) => r.beforeMiB)).toFixed(0)} MiB before, peak ${Math.max(...tusRuns.map((r) => r.peakMiB)).toFixed(0)} MiB while receiving (lifetime VmHWM ${(rssKiB(app.process.pid!, 'VmHWM') / 1024).toFixed(0)} MiB)`);
    console.log(`raw server RSS: ${median(rawRuns.map((r) => r.beforeMiB)).toFixed(0)} MiB before, peak ${Math.max(...rawRuns.map((r) => r.peakMiB)).toFixed(0)} MiB while receiving`);
  } finally {
    for (const proc of children) proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, dir] = process.argv.slice(2);
if (mode === 'serve-app') await serveApp(dir!);
else if (mode === 'serve-raw') serveRaw(dir!);
else await main();
