/**
 * Uploads through the tus endpoint with tus-js-client in Node (8 MiB chunks), against the same
 * file POSTed to a plain Node http server that writes it to disk, both on loopback, in the same
 * run: a 200 MB PDF, and a 12 MB JPEG carrying EXIF (a camera's orientation, GPS position and
 * copyright), which goes through the image path. Each server runs in a child process of its own,
 * whose resident memory is sampled from /proc while it receives. The tus figure includes
 * everything the server does with a document: sealed as it arrives, the type check on the real
 * bytes, SHA-256, the metadata stripped from the JPEG (no malware scanner configured).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { Upload } from 'tus-js-client';

const MiB = 1024 * 1024;
const PDF_BYTES = 200 * 1000 * 1000;
const CHUNK_BYTES = 8 * MiB;
const SAMPLE_MS = 10;
const self = fileURLToPath(import.meta.url);

/** Child mode: the app, with a council that takes files this large, on a free port. */
async function serveApp(dir: string) {
  const { buildApp } = await import('../../packages/server/src/app.ts');
  const { DEMO_COUNCILS_FILE, loadConfig } = await import('../../packages/server/src/config.ts');
  const [demo] = JSON.parse(readFileSync(DEMO_COUNCILS_FILE, 'utf8'));
  // Its logo is named relative to the demo's councils file, which this copy does not sit beside.
  if (demo.branding?.logo) demo.branding.logo = join(dirname(DEMO_COUNCILS_FILE), demo.branding.logo);
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
  const proc = spawn(process.execPath, [...process.execArgv, self, mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** The CPU time a process has used, user and system, in seconds (from /proc, in clock ticks of 10 ms). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Runs `work` while sampling the child's resident memory; its growth, the time taken and the CPU time it used. */
async function measured(pid: number, work: () => Promise<void>) {
  const cpuBefore = cpuSeconds(pid);
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
  return { seconds, growthMiB: (peak - before) / 1024, cpu: cpuSeconds(pid) - cpuBefore };
}

let bookings = 0;
/** A new case for each upload, so that no case's limits are reached. */
async function token(base: string): Promise<string> {
  const slots = await (await fetch(`${base}/api/councils/demo/appointments/slots?procedure=padro`)).json();
  const phone = `6123${String(++bookings).padStart(5, '0')}`;
  const booked = await fetch(`${base}/api/councils/demo/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'padro', slot: slots.slots[0].start, name: 'Bench', email: 'bench@example.org', phone, consent: true, language: 'ca' }),
  });
  if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${await booked.text()}`);
  return (await booked.json()).token;
}

/** The whole file through tus-js-client, as the widget sends it; resolves once the server named the document. */
function tusUpload(base: string, grant: string, file: string, filename: string) {
  return new Promise<void>((resolve, reject) => {
    const upload = new Upload(createReadStream(file), {
      endpoint: `${base}/api/councils/demo/uploads`,
      chunkSize: CHUNK_BYTES,
      headers: { authorization: `Bearer ${grant}` },
      metadata: { filename },
      retryDelays: null,
      storeFingerprintForResuming: false,
      onError: reject,
      onSuccess: ({ lastResponse }) => (lastResponse.getHeader('finestreta-document') ? resolve() : reject(new Error('the last PATCH named no document'))),
    });
    upload.start();
  });
}

function rawUpload(base: string, file: string, type: string) {
  return new Promise<void>((resolve, reject) => {
    const url = new URL('/upload', base);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': type, 'content-length': statSync(file).size } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`raw POST: ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

/** A PDF header and random bytes: what the server checks is there, nothing compresses. */
async function writePdf(file: string) {
  const out = createWriteStream(file);
  out.write('%PDF-1.7\n');
  for (let written = 9; written < PDF_BYTES; written += MiB) out.write(randomBytes(Math.min(MiB, PDF_BYTES - written)));
  await new Promise((resolve) => out.end(resolve));
}

/** A 12 MP camera photo of about 12 MB (grain at quality 95), rotated by its EXIF, with a GPS position and a copyright. */
async function writeJpeg(file: string) {
  const [width, height] = [4000, 3000];
  await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Copyright: 'Bench', Make: 'Bench camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 21/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 5/1 0/1' } })
    .toFile(file);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function compare(name: string, file: string, type: string, runs: number, app: { process: ChildProcess; base: string }, raw: { process: ChildProcess; base: string }) {
  const bytes = statSync(file).size;
  const tusRuns: Array<Awaited<ReturnType<typeof measured>>> = [];
  const rawRuns: Array<Awaited<ReturnType<typeof measured>>> = [];
  for (let run = 0; run < runs; run++) {
    const grant = await token(app.base);
    tusRuns.push(await measured(app.process.pid!, () => tusUpload(app.base, grant, file, name)));
    rawRuns.push(await measured(raw.process.pid!, () => rawUpload(raw.base, file, type)));
  }
  const mbps = (seconds: number) => (bytes / 1e6 / seconds).toFixed(0);
  const tusSeconds = median(tusRuns.map((r) => r.seconds));
  const rawSeconds = median(rawRuns.map((r) => r.seconds));
  const list = (runs: Array<{ seconds: number }>) => runs.map((r) => r.seconds.toFixed(3)).join(', ');
  console.log(`${name}, ${(bytes / 1e6).toFixed(1)} MB, ${runs} runs each, medians`);
  console.log(`  tus-js-client, 8 MiB chunks: ${tusSeconds.toFixed(3)} s  ${mbps(tusSeconds)} MB/s  (runs ${list(tusRuns)} s)`);
  console.log(`  raw POST to disk (baseline): ${rawSeconds.toFixed(3)} s  ${mbps(rawSeconds)} MB/s  (runs ${list(rawRuns)} s)`);
  console.log(`  ratio tus / raw throughput: ${(rawSeconds / tusSeconds).toFixed(2)} (goal ≥ 0.7)`);
  // On a machine others share, the wall-clock ratio moves with their load; the CPU each server spent does not.
  const cpu = (runs: Array<{ cpu: number }>) => ((runs.reduce((sum, r) => sum + r.cpu, 0) / runs.length) * 1000).toFixed(0);
  console.log(`  server CPU time per upload (mean): app ${cpu(tusRuns)} ms, raw ${cpu(rawRuns)} ms`);
  console.log(`  app server RSS growth while receiving: max ${Math.max(...tusRuns.map((r) => r.growthMiB)).toFixed(0)} MiB (goal < 64); raw server: ${Math.max(...rawRuns.map((r) => r.growthMiB)).toFixed(0)} MiB`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'fin-bench-upload-'));
  const children: ChildProcess[] = [];
  try {
    const pdf = join(dir, 'bench.pdf');
    const jpeg = join(dir, 'bench.jpg');
    await writePdf(pdf);
    await writeJpeg(jpeg);
    const app = await child('serve-app', dir);
    const raw = await child('serve-raw', dir);
    children.push(app.process, raw.process);
    console.log(`On loopback, each server in its own child process; RSS sampled from /proc every ${SAMPLE_MS} ms`);
    await compare('bench.pdf', pdf, 'application/pdf', 3, app, raw);
    await compare('bench.jpg', jpeg, 'image/jpeg', 9, app, raw);
  } finally {
    for (const proc of children) proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, dir] = process.argv.slice(2);
if (mode === 'serve-app') await serveApp(dir!);
else if (mode === 'serve-raw') serveRaw(dir!);
else await main();
