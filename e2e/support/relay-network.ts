/**
 * A network of the relay test's own (e2e/relay.test.ts): its namespaces, the firewall between the
 * browsers and the SFU, and Debian's coturn started from the documented configuration.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set in the copy of the test that runs inside its namespaces. */
const INSIDE = 'FIN_E2E_OWN_NAMESPACES';

/**
 * Runs this test file again inside namespaces of its own, unless it already is there, and ends
 * with that run's exit code (its report goes straight to this process's output, as its own).
 * A new network namespace holds the firewall rules and every address the test uses, so nothing
 * it does reaches the machine's network; a new PID namespace, whose first process is the test,
 * makes the kernel end every process the test started (coturn, Chromium, the mediasoup worker)
 * when the test ends, however it ends, and the namespaces go with them. `--kill-child` does the
 * same when this outer process is stopped by a signal. The inner run's temporary files (the
 * server's data, Chromium's profile, coturn's) go in a directory removed here once it has ended.
 */
export async function enterOwnNamespaces(): Promise<void> {
  if (process.env[INSIDE]) return;
  const scratch = mkdtempSync(join(tmpdir(), 'fin-e2e-relay-'));
  const inner = spawn(
    'unshare',
    ['--net', '--pid', '--mount-proc', '--fork', '--kill-child', '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [INSIDE]: '1', TMPDIR: scratch } },
  );
  // unshare ignores SIGINT and SIGTERM while it waits; killed, it takes the test with it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => inner.kill('SIGKILL'));
  const [code] = (await once(inner, 'exit')) as [number | null];
  // When the inner run was killed, its last processes may still be writing there for a moment.
  rmSync(scratch, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  process.exit(code ?? 1);
}

/** Brings up the namespace's loopback interface: a new network namespace starts with it down. */
export function loopbackUp(): void {
  const up = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  assert.equal(up.status, 0, up.stderr);
}

export interface Firewall {
  sfu: string;
  relay: string;
  ports: [number, number];
}

const TABLE = 'finestreta_relay';

/**
 * Loads nftables rules that drop every UDP and TCP packet to or from the SFU's media ports unless
 * the other end is coturn's relay address: the browsers cannot reach the SFU directly, over UDP
 * or ICE-TCP (mediasoup offers TCP candidates too), and the relay can. Each drop is counted.
 * They drop on the way in, as a firewall on the path would: the sender is not told.
 */
export function loadFirewall({ sfu, relay, ports: [min, max] }: Firewall): void {
  const rules = `table inet ${TABLE} {
  counter to_sfu {}
  counter from_sfu {}
  chain input {
    type filter hook input priority filter; policy accept;
    ip daddr ${sfu} meta l4proto { udp, tcp } th dport ${min}-${max} ip saddr != ${relay} counter name "to_sfu" drop
    ip saddr ${sfu} meta l4proto { udp, tcp } th sport ${min}-${max} ip daddr != ${relay} counter name "from_sfu" drop
  }
}
`;
  const loaded = spawnSync('nft', ['-f', '-'], { input: rules, encoding: 'utf8' });
  assert.equal(loaded.status, 0, loaded.stderr);
}

/** How many packets a counter of the firewall has dropped so far, as nftables reports it. */
export function droppedPackets(counter: 'to_sfu' | 'from_sfu'): number {
  const listed = spawnSync('nft', ['-j', 'list', 'counter', 'inet', TABLE, counter], { encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const { nftables } = JSON.parse(listed.stdout) as { nftables: Array<{ counter?: { packets: number } }> };
  return nftables.find((entry) => entry.counter)!.counter!.packets;
}

/**
 * Sends one datagram to `to` from each of the `from` addresses in turn, and resolves with the
 * addresses whose datagram arrived. Loopback delivers in order, so once the last sender's datagram
 * is in (it must be one that passes), every earlier one has arrived or never will.
 */
export async function datagramsThrough(to: { address: string; port: number }, from: string[]): Promise<string[]> {
  const receiver = createSocket('udp4');
  await new Promise<void>((resolve) => receiver.bind(to.port, to.address, resolve));
  const arrived: string[] = [];
  const last = new Promise<void>((resolve) =>
    receiver.on('message', (_message, sender) => {
      arrived.push(sender.address);
      if (sender.address === from.at(-1)) resolve();
    }),
  );
  try {
    for (const address of from) {
      const sender = createSocket('udp4');
      await new Promise<void>((resolve) => sender.bind(0, address, resolve));
      await new Promise<void>((resolve, reject) => sender.send(address, to.port, to.address, (error) => (error ? reject(error) : resolve())));
      sender.close();
    }
    await last;
    return arrived;
  } finally {
    receiver.close();
  }
}

/**
 * Opens a TCP connection to `to` from `blocked` and, once the firewall has counted that attempt as
 * dropped, another from `allowed`; resolves with the address of the first connection accepted.
 * Fails if the blocked attempt is never counted (within 5 s) as dropped.
 */
export async function firstTcpPeer(to: { address: string; port: number }, blocked: string, allowed: string): Promise<string> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(to.port, to.address, resolve));
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const sockets: Socket[] = [];
  const open = (localAddress: string) => {
    const socket = connect({ host: to.address, port: to.port, localAddress });
    socket.on('error', () => undefined);
    sockets.push(socket);
  };
  try {
    const before = droppedPackets('to_sfu');
    open(blocked);
    for (const deadline = Date.now() + 5_000; droppedPackets('to_sfu') === before; await new Promise((resolve) => setTimeout(resolve, 50))) {
      assert.ok(Date.now() < deadline, `the connection from ${blocked} was not dropped`);
    }
    open(allowed);
    const [peer] = await accepted;
    sockets.push(peer);
    return peer.remoteAddress!.replace(/^::ffff:/, '');
  } finally {
    for (const socket of sockets) socket.destroy();
    listener.close();
  }
}

export interface Coturn {
  url: string;
  secretFile: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Debian's coturn with the shipped configuration (deploy/coturn/turnserver.conf) and only the
 * overrides this test needs, each said below; resolves once it answers a STUN binding request.
 */
export async function startCoturn(dir: string, address: string, allowedPeer: string): Promise<Coturn> {
  const secret = randomBytes(32).toString('hex');
  const secretFile = join(dir, 'turn.secret');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const logFile = join(dir, 'turnserver.log');
  const shipped = readFileSync(join(import.meta.dirname, '../../deploy/coturn/turnserver.conf'), 'utf8');
  const config =
    shipped
      // It listens and relays on the namespace's address for it, not on every interface.
      .replace(/^listening-ip=.*$/m, `listening-ip=${address}`)
      .replace(/^relay-ip=.*$/m, `relay-ip=${address}`)
      // No NAT in front of it: the relayed address it tells browsers is the one it relays on.
      .replace(/^external-ip=.*$/m, '')
      // No certificate here: the turns: listener is left out (no-tls, no-dtls below).
      .replace(/^(tls-listening-port|cert|pkey)=.*$/gm, '')
      // The secret made for this run, which the server reads from TURN_SECRET_FILE.
      .replace(/^static-auth-secret=.*$/m, `static-auth-secret=${secret}`)
      // Its log, pid file and (unused) user database in the test's directory, not the system's.
      .replace(/^log-file=.*$/m, `log-file=${logFile}`) +
    ['no-tls', 'no-dtls', `pidfile=${join(dir, 'turnserver.pid')}`, `userdb=${join(dir, 'turndb')}`, 'no-stdout-log'].join('\n') +
    '\n' +
    // The SFU listens on loopback in this namespace. coturn refuses loopback peers, and the shipped
    // file denies 127.0.0.0/8: only this test allows them, and only the SFU's address among them.
    `allow-loopback-peers\nallowed-peer-ip=${allowedPeer}\n`;
  const configFile = join(dir, 'turnserver.conf');
  writeFileSync(configFile, config);
  const turnserver: ChildProcess = spawn('turnserver', ['-c', configFile], { stdio: 'ignore' });
  const exited = once(turnserver, 'exit');
  await stunAnswers(address, 3478, exited);
  return {
    url: `turn:${address}:3478`,
    secretFile,
    log: () => readFileSync(logFile, 'utf8'),
    async stop() {
      if (turnserver.exitCode !== null || turnserver.signalCode !== null) return;
      turnserver.kill();
      await exited;
    },
  };
}

/** Resolves when a STUN binding request to the address is answered, asking again every 100 ms; rejects if coturn exits first. */
async function stunAnswers(address: string, port: number, exited: Promise<unknown>): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  // A binding request (RFC 5389): type 0x0001, no attributes, the magic cookie, a transaction id.
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
  const ask = () => socket.send(request, port, address);
  const timer = setInterval(ask, 100);
  ask();
  try {
    await Promise.race([
      once(socket, 'message'),
      exited.then(() => assert.fail('turnserver exited before it answered')),
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error('turnserver did not answer STUN within 10 s')), 10_000).unref()),
    ]);
  } finally {
    clearInterval(timer);
    socket.close();
  }
}
