/**
 * The server under load: autocannon against the citizen API's reads (the council's profile, its
 * callback and appointment slots) and its two bookings, on SQLite and on PostgreSQL, each as the
 * server runs in production (`packages/server/src/server.ts`, its own Node process, outside demo
 * mode). Requests per second count 2xx answers only, as a ratio to a Fastify hello-world started
 * in this run the same way and loaded with the same connections and duration just before each
 * endpoint (so that a machine busy with other work weighs on both alike); latency is the p99 of
 * those 2xx answers. The benchmark council has more places than the run can book, and its
 * abuse defences are raised with the settings an operator uses (RATE_LIMIT_PUBLIC_PER_MINUTE, the
 * council's `massBooking`); every request carries an Origin the council allows, and every booking
 * an Idempotency-Key and a phone number of its own, as the widgets send them. After the writes the
 * bookings of each slot are counted in the database against its places: none may be overbooked.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createDatabase } from '../../packages/server/src/db/index.ts';
import { DEMO_COUNCILS_FILE, type AppConfig } from '../../packages/server/src/config.ts';
import { startPostgres } from '../postgres.mjs';

const CONNECTIONS = 20;
const DURATION_S = 5;
const WARM_UP_S = 1;
const GOAL_READS = { ratio: 0.3, p99Ms: 50 };
const COUNCIL = 'vilabench';
const ORIGIN = 'https://www.vilabench.example';
/** Places per slot (the most a council may set), slots of 30 minutes round the clock for a week: 30,000-odd places per service. */
const CAPACITY = 100;
const root = join(import.meta.dirname, '../..');

const work = mkdtempSync(join(tmpdir(), 'fin-throughput-'));

/** The demo council's procedures and texts, open every hour of every day, with room for every booking of the run. */
function writeCouncilsFile(): string {
  const [demo] = JSON.parse(readFileSync(DEMO_COUNCILS_FILE, 'utf8'));
  const slots = { slotMinutes: 30, capacity: CAPACITY, leadMinutes: 0, horizonDays: 7 };
  const council = {
    ...demo,
    id: COUNCIL,
    name: 'Ajuntament de Vilabench',
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
    allowedOrigins: [ORIGIN],
    branding: { primaryColor: demo.branding.primaryColor },
    callback: { ...demo.callback, ...slots },
    appointment: slots,
    massBooking: { addressMax: 1_000_000, councilFloor: 10_000_000 },
    agents: [],
  };
  const file = join(work, 'councils.json');
  writeFileSync(file, JSON.stringify([council]));
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Running {
  url: string;
  /** Throws if the process ended before it was stopped: its figures would be of a dead server. */
  check(): void;
  stop(): Promise<void>;
}

/** A Node process (with tsx, as the server runs in development and here) serving on `port`, once `ready` answers. */
async function startProcess(args: string[], env: Record<string, string>, port: number, ready: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (Date.now() - started > 120_000) throw new Error(`${args.join(' ')} did not start`);
    const up = await fetch(url + ready).then((response) => response.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    check() {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${args.join(' ')} ended (${child.exitCode ?? child.signalCode}) during the run`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function helloWorld(): Promise<Running> {
  const port = await freePort();
  const code = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: ${port}, host: '127.0.0.1' });`;
  return startProcess(['--input-type=module', '-e', code], {}, port, '/');
}

async function finestreta(database: AppConfig['database'], councilsFile: string): Promise<Running> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(work, `${database.kind}-`));
  const masterKey = join(work, 'master.key');
  writeFileSync(masterKey, randomBytes(32), { mode: 0o600 });
  return startProcess(
    ['packages/server/src/server.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      COUNCILS_FILE: councilsFile,
      MASTER_KEY_FILE: masterKey,
      DATA_DIR: database.kind === 'sqlite' ? join(database.file, '..') : dataDir,
      ...(database.kind === 'postgres' && { DATABASE_URL: database.url }),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    },
    port,
    '/api/health',
  );
}

interface Load {
  method?: 'GET' | 'POST';
  path: string;
  /** A new body for each request, so each booking is a citizen of its own. */
  body?: () => object;
}

interface Measured {
  rps: number;
  p99: number;
  ok: number;
  refused: string;
}

let keys = 0;

async function load(url: string, { method = 'GET', path, body }: Load, seconds: number): Promise<Measured> {
  const headers = { origin: ORIGIN, ...(body && { 'content-type': 'application/json' }) };
  const result = await autocannon({
    url: url + path,
    connections: CONNECTIONS,
    duration: seconds,
    excludeErrorStats: true,
    requests: [
      {
        method,
        path,
        headers,
        ...(body && {
          setupRequest: (request) => ({
            ...request,
            headers: { ...headers, 'idempotency-key': `bench-${process.pid}-${++keys}` },
            body: JSON.stringify(body()),
          }),
        }),
      },
    ],
  });
  const refused = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count }]) => `${count} × ${status}`);
  if (result.errors) refused.push(`${result.errors} errors`);
  return { rps: result['2xx'] / result.duration, p99: result.latency.p99, ok: result['2xx'], refused: refused.join(', ') || 'none' };
}

/** Loads once to warm up, then measures. */
async function measure(url: string, target: Load): Promise<Measured> {
  await load(url, target, WARM_UP_S);
  return load(url, target, DURATION_S);
}

let phones = 0;
/** A Spanish mobile number nobody else in the run has: one open callback per phone is the rule. */
const phone = () => `61${String(++phones).padStart(7, '0')}`;

/** Appointment slots in order, each offered to as many bookings as it has places, so that the run fills them one after another. */
async function appointmentSlots(url: string): Promise<string[]> {
  const response = await fetch(`${url}/api/councils/${COUNCIL}/appointments/slots?procedure=padro`, { headers: { origin: ORIGIN } });
  if (!response.ok) throw new Error(`appointment slots: HTTP ${response.status}`);
  const { slots } = (await response.json()) as { slots: Array<{ start: string }> };
  return slots.map((slot) => slot.start);
}

/** Bookings per slot from the tables that hold them, against the slot's places and `slot_usage`. */
async function overbooking(database: AppConfig['database']) {
  const db = createDatabase(database);
  try {
    const callbacks = await db
      .selectFrom('callbacks')
      .innerJoin('cases', 'cases.id', 'callbacks.case_id')
      .select(['callbacks.slot_start as start'])
      .where('cases.council_id', '=', COUNCIL)
      .execute();
    const appointments = await db
      .selectFrom('appointments')
      .innerJoin('cases', 'cases.id', 'appointments.case_id')
      .select(['appointments.slot_starts as starts'])
      .where('cases.council_id', '=', COUNCIL)
      .execute();
    const usage = await db.selectFrom('slot_usage').select(['service', 'slot_start', 'used']).where('council_id', '=', COUNCIL).execute();
    const report = (service: 'callback' | 'appointment', starts: string[]) => {
      const perSlot = new Map<string, number>();
      for (const start of starts) perSlot.set(start, (perSlot.get(start) ?? 0) + 1);
      const counts = [...perSlot.values()];
      const over = counts.filter((count) => count > CAPACITY).length;
      const disagreeing = usage.filter((row) => row.service === service && row.used !== (perSlot.get(row.slot_start) ?? 0)).length;
      return `${service}s: ${starts.length} bookings in ${perSlot.size} slots, fullest ${Math.max(0, ...counts)} of ${CAPACITY} places, overbooked slots ${over}, slot_usage disagreeing ${disagreeing}`;
    };
    return [
      report('callback', callbacks.map((row) => row.start)),
      report('appointment', appointments.flatMap((row) => JSON.parse(row.starts) as string[])),
    ];
  } finally {
    await db.destroy();
  }
}

/** The endpoint, with the hello-world measured just before it. */
async function versus(hello: Running, server: Running, target: Load) {
  const baseline = await measure(hello.url, { path: '/' });
  const measured = await measure(server.url, target);
  hello.check();
  server.check();
  return { baseline, measured };
}

const row = (name: string, { baseline, measured }: { baseline: Measured; measured: Measured }) =>
  `${name.padEnd(30)} ${measured.rps.toFixed(0).padStart(6)} req/s  ${(measured.rps / baseline.rps).toFixed(3)}× hello-world (${baseline.rps.toFixed(0)} req/s)  ` +
  `p99 ${measured.p99.toFixed(0).padStart(3)} ms  non-2xx: ${measured.refused}`;

async function run(database: AppConfig['database'], councilsFile: string, hello: Running) {
  const server = await finestreta(database, councilsFile);
  const reads: Array<{ name: string; target: Load; goal: boolean }> = [
    // The floor of any route of the app (its hooks and headers, one `select 1`), for reference.
    { name: 'GET health', target: { path: '/api/health' }, goal: false },
    { name: 'GET council profile', target: { path: `/api/councils/${COUNCIL}?lang=ca` }, goal: true },
    { name: 'GET callback slots', target: { path: `/api/councils/${COUNCIL}/callbacks/slots?lang=ca` }, goal: true },
    { name: 'GET appointment slots', target: { path: `/api/councils/${COUNCIL}/appointments/slots?procedure=padro&lang=ca` }, goal: true },
  ];
  const missed: string[] = [];
  try {
    for (const { name, target, goal } of reads) {
      const result = await versus(hello, server, target);
      console.log(row(`${database.kind.padEnd(8)} ${name}`, result));
      if (goal && (result.measured.rps / result.baseline.rps < GOAL_READS.ratio || result.measured.p99 >= GOAL_READS.p99Ms)) missed.push(name);
    }
    const callback = await versus(hello, server, {
      method: 'POST',
      path: `/api/councils/${COUNCIL}/callbacks`,
      body: () => ({ topic: 'padro', slot: 'asap', name: 'Marta Soler', phone: phone(), consent: true, language: 'ca', website: '' }),
    });
    console.log(row(`${database.kind.padEnd(8)} POST callback (asap)`, callback));
    const starts = await appointmentSlots(server.url);
    let booked = 0;
    const appointment = await versus(hello, server, {
      method: 'POST',
      path: `/api/councils/${COUNCIL}/appointments`,
      body: () => ({
        procedure: 'padro',
        slot: starts[Math.floor(booked++ / CAPACITY) % starts.length],
        name: 'Marta Soler',
        email: 'marta@example.org',
        phone: phone(),
        consent: true,
        language: 'ca',
        website: '',
      }),
    });
    console.log(row(`${database.kind.padEnd(8)} POST appointment`, appointment));
    console.log(`${database.kind.padEnd(8)} reads' goal (≥ ${GOAL_READS.ratio}× hello-world, p99 < ${GOAL_READS.p99Ms} ms): ${missed.length ? `missed by ${missed.join(', ')}` : 'met'}`);
  } finally {
    await server.stop();
  }
  for (const line of await overbooking(database)) console.log(`${database.kind.padEnd(8)} ${line}`);
}

try {
  const councilsFile = writeCouncilsFile();
  const hello = await helloWorld();
  try {
    console.log(`${CONNECTIONS} connections, ${DURATION_S} s each after ${WARM_UP_S} s of warm-up, LOG_LEVEL=warn; 2xx answers only`);
    await run({ kind: 'sqlite', file: join(mkdtempSync(join(work, 'sqlite-')), 'finestreta.sqlite') }, councilsFile, hello);
    const postgres = await startPostgres();
    try {
      await run({ kind: 'postgres', url: postgres.url }, councilsFile, hello);
    } finally {
      postgres.stop();
    }
  } finally {
    await hello.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
