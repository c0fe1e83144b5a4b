import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createDatabase, type Database } from '../src/db/index.js';
import { createTestDatabase, testConfig, type TestDatabase } from './helpers.js';

const SERVER = fileURLToPath(new URL('./fixtures/server-process.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const START = Date.parse('2026-11-23T09:00:00Z');
// Longer than the idempotency plugin's in-progress window, as the widgets' outbox waits before retrying.
const RETRY_LATER_MS = 2 * 60_000;

/** The app in a child process that a test can kill; see fixtures/server-process.ts. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly exited: Promise<NodeJS.Signals | null>,
  ) {}

  static async start(database: TestDatabase, clock: number, ...flags: string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--import', TSX, SERVER, `--clock=${new Date(clock).toISOString()}`, ...flags], {
      env: {
        PATH: process.env.PATH,
        ...database.env,
        DEMO: 'true',
        WIDGETS_DIR: path.join(database.env.DATA_DIR!, 'no-widgets'),
        MASTER_KEY_FILE: path.join(database.env.DATA_DIR!, 'keys', 'master.key'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit').then(([, signal]) => signal as NodeJS.Signals | null);
    const lines = createInterface({ input: child.stdout! });
    const port = await Promise.race([
      (async () => {
        for await (const line of lines) {
          const match = /^listening (\d+)$/.exec(line);
          if (match) return match[1];
        }
        return undefined;
      })(),
      exited.then(() => undefined),
    ]);
    if (!port) throw new Error('the server process exited before listening');
    return new ServerProcess(child, `http://127.0.0.1:${port}`, exited);
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    assert.equal(await this.exited, 'SIGKILL');
  }
}

const post = (server: ServerProcess, url: string, key: string, body: object) =>
  fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

const callback = (phone: string) => ({ topic: 'online-help', slot: 'asap', name: 'Pere Vila', phone, consent: true, language: 'ca', website: '' });
const appointment = (phone: string) => ({
  procedure: 'padro',
  slot: '2026-11-24T09:00:00.000Z',
  name: 'Marta Soler',
  email: 'marta@example.org',
  phone,
  consent: true,
  language: 'ca',
  website: '',
});

describe('a server killed between a booking\'s commit and its answer', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  before(async () => {
    database = await createTestDatabase();
    db = createDatabase(testConfig(database).database);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  const bookings = [
    { kind: 'callback', url: '/api/councils/demo/callbacks', body: callback('611000001'), phone: '+34611000001' },
    { kind: 'appointment', url: '/api/councils/demo/appointments', body: appointment('611000002'), phone: '+34611000002' },
  ];
  for (const { kind, url, body, phone } of bookings) {
    it(`gives the retry the ${kind}'s reference, booked once`, async () => {
      const crashing = await ServerProcess.start(database, START, '--crash-after-commit');
      await assert.rejects(post(crashing, url, `crash-${kind}`, body), TypeError);
      assert.equal(await crashing.exited, 'SIGKILL');

      const server = await ServerProcess.start(database, START + RETRY_LATER_MS);
      try {
        const retry = await post(server, url, `crash-${kind}`, body);
        assert.equal(retry.status, 201, await retry.clone().text());
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        const { reference } = (await retry.json()) as { reference: string };
        const cases = await db.selectFrom('cases').select('reference').where('citizen_phone', '=', phone).execute();
        assert.deepEqual(cases, [{ reference }]);
      } finally {
        await server.kill();
      }
    });
  }
});

describe('kill -9 under booking load, with retries', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  before(async () => {
    database = await createTestDatabase();
    db = createDatabase(testConfig(database).database);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('loses no acknowledged booking and books none twice', async (t) => {
    const BOOKINGS = 48;
    const CLIENTS = 4;
    const KILL_AFTER = [6, 17, 29, 40];
    let clock = START;
    let server = await ServerProcess.start(database, clock);
    let up = Promise.resolve(server);
    let kills = 0;
    let retries = 0;
    let slotTaken = 0;
    const acknowledged = new Map<string, { key: string; reference: string }>();

    // Kills while the other clients' requests are in flight, and restarts later on the clock.
    const killAndRestart = () => {
      const dying = server;
      kills++;
      up = (async () => {
        await dying.kill();
        clock += RETRY_LATER_MS;
        server = await ServerProcess.start(database, clock);
        return server;
      })();
      return up;
    };

    const bookOne = async (index: number) => {
      const phone = `6120${String(index).padStart(5, '0')}`;
      let attempt = 0;
      for (;;) {
        const key = `load-${index}-${attempt}`;
        const current = await up;
        let response: Response;
        try {
          response = await post(current, '/api/councils/demo/callbacks', key, callback(phone));
        } catch {
          // The process died under this request: the same request again, with the same key.
          retries++;
          continue;
        }
        const answer = (await response.json()) as { reference?: string; code?: string };
        if (response.status === 409 && answer.code === 'FIN_ERR_SLOT_TAKEN') {
          // A new booking for another slot: a new key, as the widget makes one.
          slotTaken++;
          attempt++;
          continue;
        }
        assert.equal(response.status, 201, JSON.stringify(answer));
        acknowledged.set(phone, { key, reference: answer.reference! });
        if (KILL_AFTER.includes(acknowledged.size)) await killAndRestart();
        return;
      }
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < BOOKINGS) await bookOne(next++);
      }),
    );
    // Acknowledged writes must outlive one more crash.
    await killAndRestart();

    const rows = await db
      .selectFrom('cases')
      .select(['citizen_phone', 'reference'])
      .where('kind', '=', 'callback')
      .execute();
    const byPhone = new Map<string, typeof rows>();
    for (const row of rows) {
      const phone = row.citizen_phone.replace('+34', '');
      byPhone.set(phone, [...(byPhone.get(phone) ?? []), row]);
    }
    const lost = [...acknowledged].filter(([phone, { reference }]) => !byPhone.get(phone)?.some((row) => row.reference === reference));
    const duplicated = [...byPhone].filter(([, cases]) => cases.length > 1);
    let replayed = 0;
    for (const [phone, { key, reference }] of acknowledged) {
      const again = await post(server, '/api/councils/demo/callbacks', key, callback(phone));
      assert.equal(again.status, 201);
      assert.equal(((await again.json()) as { reference: string }).reference, reference);
      replayed++;
    }
    await server.kill();

    t.diagnostic(
      `${acknowledged.size} bookings acknowledged under ${kills} kill -9; ${retries} retries after a kill, ` +
        `${slotTaken} slots taken; lost ${lost.length}, duplicated ${duplicated.length}, replayed ${replayed}`,
    );
    assert.equal(acknowledged.size, BOOKINGS);
    assert.equal(rows.length, BOOKINGS);
    assert.deepEqual(lost, []);
    assert.deepEqual(duplicated, []);
  });
});
