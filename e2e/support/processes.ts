/**
 * Several real server processes behind Debian's nginx on one private PostgreSQL cluster, all on
 * loopback, as the README's "Running several processes" runs them: each process is
 * `packages/server/src/server.ts` in a Node process of its own (with tsx), on its own port, with
 * the same DATABASE_URL, DATA_DIR and master key and TRUST_PROXY=1; nginx runs the shipped site
 * (deploy/nginx/finestreta.conf) with its upstreams rewritten to those ports. The site is served
 * over plain http on loopback: browsers and the test reach it without a certificate to trust,
 * and nothing of the routing depends on TLS (deploy.test.ts covers the site's TLS).
 *
 * Each process logs at info, so the test can tell which process served which request.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import type { Kysely } from 'kysely';
import { createDatabase, type Database } from '../../packages/server/src/db/index.ts';
import { ensureMediasoupWorker } from '../../scripts/mediasoup-worker.mjs';
import { startPostgres } from '../../scripts/postgres.mjs';
import { freePort } from './server.ts';

const root = join(import.meta.dirname, '..', '..');
const SITE = join(root, 'deploy', 'nginx', 'finestreta.conf');
/** Media ports per process: processes on one machine must not draw from the same range. */
const MEDIA_PORTS_EACH = 1000;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim());

/**
 * The shipped site with every upstream listing `ports` on loopback, each server line keeping the
 * site's parameters (max_fails, fail_timeout).
 */
export function shippedSite(ports: number[]): string {
  const site = readFileSync(SITE, 'utf8');
  let upstreams = 0;
  const rewritten = site.replace(/^( *)server 127\.0\.0\.1:\d+( [^;]*)?;\n(?:\1server 127\.0\.0\.1:\d+[^;]*;\n)*/gm, (_, indent: string, parameters = '') => {
    upstreams++;
    return ports.map((port) => `${indent}server 127.0.0.1:${port}${parameters};\n`).join('');
  });
  assert.equal(upstreams, 2, 'the site has two upstreams: the calls and everything else');
  return rewritten;
}

/** nginx's main configuration for a site in `dir`, run as the test's user in the foreground. */
export function nginxMainConfig(dir: string, siteFile: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};\n`).join('');
  return `daemon off;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')} warn;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n${temp}  include ${siteFile};\n}\n`;
}

export { eventually } from './procedure-api.ts';

/** A request a process logged: `incoming request`, with its method and path (secrets redacted). */
export interface Served {
  method: string;
  url: string;
}

export interface ServerProcess {
  name: string;
  port: number;
  /** The process's own address, bypassing nginx. */
  url: string;
  pid: number;
  /** Every request it logged, in order. */
  served: Served[];
}

/** CPU time (all cores) and resident memory of a process and every process it started. */
export interface Usage {
  cpuSeconds: number;
  rssMiB: number;
  processes: number;
}

/** The CPU ticks of every process, and each one's parent, from /proc. */
function processTable(): { parents: Map<number, number>; ticks: Map<number, number> } {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state, ppid, … utime (14th) and stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { parents, ticks };
}

/** `pid` and every process it started, and they started, from `parents`. */
function tree(pid: number, parents: Map<number, number>): number[] {
  const members = [pid];
  for (let i = 0; i < members.length; i++) for (const [child, parent] of parents) if (parent === members[i]) members.push(child);
  return members;
}

/** Reads /proc for `pid` and its descendants (the mediasoup worker, a recording's ffmpeg). */
export function usage(pid: number): Usage {
  const { parents, ticks } = processTable();
  const members = tree(pid, parents);
  let cpu = 0;
  let rssKiB = 0;
  for (const member of members) {
    cpu += ticks.get(member) ?? 0;
    try {
      rssKiB += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Ended since.
    }
  }
  return { cpuSeconds: cpu / CLOCK_TICKS, rssMiB: rssKiB / 1024, processes: members.length };
}

/**
 * The deployment of the README on this machine. `start()` brings up PostgreSQL, the processes one
 * after another (the first migrates the database and seeds the demo, the next find it done) and
 * nginx; `close()` takes it all down and removes every file it made.
 */
export class Processes {
  /** nginx's address: where citizens and agents go. */
  url = '';
  db!: Kysely<Database>;
  readonly servers: ServerProcess[] = [];
  private work = '';

  /** The DATA_DIR every process shares, and the master key they all use. */
  get shared(): { dataDir: string; masterKeyFile: string } {
    return { dataDir: join(this.work, 'data'), masterKeyFile: join(this.work, 'master.key') };
  }
  private postgres: { url: string; stop(): void } | undefined;
  private nginx: ChildProcess | undefined;
  private readonly children = new Map<ServerProcess, ChildProcess>();

  constructor(private readonly options: { count?: number; env?: Record<string, string> } = {}) {}

  async start(): Promise<void> {
    this.work = mkdtempSync(join(tmpdir(), 'fin-processes-'));
    mkdirSync(join(this.work, 'data'));
    mkdirSync(join(this.work, 'nginx'));
    writeFileSync(join(this.work, 'master.key'), randomBytes(32), { mode: 0o600 });
    this.postgres = await startPostgres();
    this.db = createDatabase({ kind: 'postgres', url: this.postgres.url });
    const nginxPort = await freePort();
    this.url = `http://127.0.0.1:${nginxPort}`;
    for (let i = 0; i < (this.options.count ?? 2); i++) {
      const port = await freePort();
      this.servers.push({ name: String.fromCharCode(65 + i), port, url: `http://127.0.0.1:${port}`, pid: 0, served: [] });
      await this.startServer(i);
    }
    await this.startNginx(nginxPort);
  }

  /** Starts process `i` (again, after `kill`) on its port, and resolves once it answers its health check. */
  async startServer(i: number): Promise<void> {
    const server = this.servers[i]!;
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        DEMO: 'true',
        HOST: '127.0.0.1',
        PORT: String(server.port),
        PUBLIC_URL: this.url,
        DATABASE_URL: this.postgres!.url,
        DATA_DIR: join(this.work, 'data'),
        MASTER_KEY_FILE: join(this.work, 'master.key'),
        TRUST_PROXY: '1',
        LOG_LEVEL: 'info',
        MEDIASOUP_WORKER_BIN: ensureMediasoupWorker(),
        MEDIA_WORKERS: '1',
        MEDIA_PORT_MIN: String(40000 + i * MEDIA_PORTS_EACH),
        MEDIA_PORT_MAX: String(40000 + (i + 1) * MEDIA_PORTS_EACH - 1),
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.children.set(server, child);
    server.pid = child.pid!;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; req?: Served };
      if (entry.msg === 'incoming request' && entry.req) server.served.push({ method: entry.req.method, url: entry.req.url });
    });
    for (const started = Date.now(); ; ) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process ${server.name} exited (${child.exitCode ?? child.signalCode}) while starting`);
      if (Date.now() - started > 120_000) throw new Error(`process ${server.name} did not start`);
      if (await fetch(`${server.url}/api/health`).then((response) => response.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * Sends `signal` to process `i` by its pid and resolves once it has ended; one that has not
   * ended 10 seconds after a SIGTERM is killed, and so is every process it started.
   */
  async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(this.servers[i]!);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const started = tree(child.pid!, processTable().parents).slice(1);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, signal);
    const overdue = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(overdue);
    // What it started and left running (a recording's ffmpeg outlives a killed server) goes too,
    // as systemd ends every process of a unit's control group when its main process dies.
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended with it.
      }
    }
  }

  /** The processes whose log holds a request whose URL matches, among those logged after `since` (see `mark`). */
  servedBy(pattern: RegExp, since: number[]): ServerProcess[] {
    return this.servers.filter((server, i) => server.served.slice(since[i]).some((request) => pattern.test(request.url)));
  }

  /** How many requests each process has logged so far, to look only at those that follow. */
  mark(): number[] {
    return this.servers.map((server) => server.served.length);
  }

  private async startNginx(port: number): Promise<void> {
    const dir = join(this.work, 'nginx');
    // The shipped site, served over http on loopback: its port 80 block (a redirect to https) and
    // every TLS setting go; what it does with requests stays as shipped.
    const site = shippedSite(this.servers.map((server) => server.port))
      .replace(/^server \{\n {4}listen 80;[\s\S]*?\n\}\n/m, '')
      .replace(/^\s*listen \[::\]:.*$/gm, '')
      .replace(/^\s*ssl_.*$/gm, '')
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port};`);
    assert.doesNotMatch(site, /listen 80;|ssl/, 'only the http server is left');
    writeFileSync(join(dir, 'site.conf'), site);
    writeFileSync(join(dir, 'nginx.conf'), nginxMainConfig(dir, join(dir, 'site.conf')));
    const tested = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(tested.status, 0, tested.stderr);
    this.nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    // nginx says nothing when it is ready: it is once it answers.
    for (let tries = 0; !(await fetch(`${this.url}/api/health`).then((response) => response.ok, () => false)); tries++) {
      if (tries > 100) throw new Error('nginx did not answer');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    if (this.nginx && this.nginx.exitCode === null) {
      const exited = new Promise((resolve) => this.nginx!.once('exit', resolve));
      process.kill(this.nginx.pid!, 'SIGTERM');
      await exited;
    }
    for (const [i] of this.servers.entries()) await this.kill(i, 'SIGTERM');
    await this.db?.destroy();
    this.postgres?.stop();
    if (this.work) rmSync(this.work, { recursive: true, force: true });
  }
}
