import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { readCouncilsFile } from '../src/modules/councils/seed.js';
import { leadingZeroBits } from '../src/modules/flood/challenge.js';
import { outbox } from './appointment-fixtures.js';
import { signIn, useTestApp } from './helpers.js';

let phones = 0;
let keys = 0;
/** A fresh valid mobile number, so the per-phone limits stay out of the way. */
const phone = () => `6120${String(++phones).padStart(5, '0')}`;

/** What the widgets do: the first counter whose hash has enough leading zero bits. */
function solve(token: string, difficulty: number): string {
  for (let counter = 0; ; counter++) {
    if (leadingZeroBits(createHash('sha256').update(`${token}:${counter}`).digest()) >= difficulty) return String(counter);
  }
}

/** A solution that is certainly wrong: its hash has fewer zero bits than asked. */
function wrong(token: string, difficulty: number): string {
  for (let counter = 0; ; counter++) {
    if (leadingZeroBits(createHash('sha256').update(`${token}:${counter}`).digest()) < difficulty) return String(counter);
  }
}

interface ChallengeAnswer {
  statusCode: number;
  code: string;
  message: string;
  challenge: { token: string; difficulty: number; expiresAt: string };
}

interface Booking {
  address?: string;
  proof?: string;
  key?: string;
  kind?: 'callbacks' | 'appointments';
}

describe('booking flood: proof of work above the normal rate', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  let now = new Date('2026-11-23T07:00:00Z');
  const suite = useTestApp({ now: () => now, reminderScheduler: false, flood: { addressMax: 3, councilFloor: 8, baseBits: 6, stepBits: 2, maxBits: 12 } });

  const book = ({ address = '203.0.113.7', proof, key = `flood-${++keys}` }: Booking = {}) =>
    suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      remoteAddress: address,
      headers: { 'idempotency-key': key, ...(proof && { 'fin-proof': proof }) },
      payload: { topic: 'padro', slot: 'asap', name: 'Pere Vila', phone: phone(), consent: true, language: 'ca', website: '' },
    });

  describe('an address booking at a normal rate', () => {
    it('books without a challenge, up to the threshold', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await book()).statusCode, 201);
    });

    it('stores a keyed hash of the address, never the address itself', async () => {
      const rows = await suite.app.db.selectFrom('booking_origins').select('origin').execute();
      assert.equal(rows.length, 3);
      assert.equal(new Set(rows.map((row) => row.origin)).size, 1);
      assert.match(rows[0]!.origin, /^[0-9a-f]{64}$/);
      assert.notEqual(rows[0]!.origin, createHash('sha256').update('203.0.113.7').digest('hex'));
    });
  });

  describe('an address above the threshold', () => {
    let challenged: ChallengeAnswer;
    const key = 'flood-over-threshold';
    before(async () => {
      challenged = (await book({ key })).json<ChallengeAnswer>();
    });

    it('answers 428 with a signed, expiring challenge instead of booking', async () => {
      assert.equal(challenged.statusCode, 428);
      assert.equal(challenged.code, 'FIN_ERR_CHALLENGE_REQUIRED');
      assert.equal(challenged.challenge.difficulty, 6);
      assert.equal(challenged.challenge.expiresAt, new Date(now.getTime() + 5 * 60_000).toISOString());
      assert.match(challenged.challenge.token, /^demo\.\d+\.6\.[\w-]+\.[\w-]+$/);
      assert.equal(await suite.app.db.selectFrom('booking_origins').select('case_id').execute().then((rows) => rows.length), 3);
    });

    it('refuses a wrong solution with a new challenge', async () => {
      const { token, difficulty } = challenged.challenge;
      const response = await book({ proof: `${token}:${wrong(token, difficulty)}` });
      assert.equal(response.statusCode, 428);
      assert.equal(response.json().code, 'FIN_ERR_CHALLENGE_INVALID');
      assert.match(response.json().message, /does not solve/);
      assert.notEqual(response.json().challenge.token, token);
    });

    it('refuses a challenge issued to another address', async () => {
      const { token, difficulty } = challenged.challenge;
      const response = await book({ address: '198.51.100.9', proof: `${token}:${solve(token, difficulty)}` });
      // The other address is below the threshold itself, so it books without needing any proof.
      assert.equal(response.statusCode, 201);
      const forged = await book({ proof: `${token.replace(/\.[\w-]+$/, '.AAAA')}:${solve(token, difficulty)}` });
      assert.equal(forged.json().code, 'FIN_ERR_CHALLENGE_INVALID');
      assert.match(forged.json().message, /did not issue/);
    });

    it('books with a correct solution under the same Idempotency-Key', async () => {
      const { token, difficulty } = challenged.challenge;
      const response = await book({ key, proof: `${token}:${solve(token, difficulty)}` });
      assert.equal(response.statusCode, 201);
      assert.match(response.json().reference, /^CB-/);
    });

    it('refuses the same solution a second time', async () => {
      const { token, difficulty } = challenged.challenge;
      const response = await book({ proof: `${token}:${solve(token, difficulty)}` });
      assert.equal(response.statusCode, 428);
      assert.equal(response.json().code, 'FIN_ERR_CHALLENGE_INVALID');
      assert.match(response.json().message, /already been answered/);
    });

    it('refuses an expired challenge', async () => {
      const { token, difficulty } = (await book()).json().challenge;
      const proof = `${token}:${solve(token, difficulty)}`;
      now = new Date(now.getTime() + 5 * 60_000);
      const response = await book({ proof });
      assert.equal(response.json().code, 'FIN_ERR_CHALLENGE_INVALID');
      assert.match(response.json().message, /expired/);
    });

    it('asks for more work the further the address goes above its threshold', async () => {
      // 4 bookings so far from the address; two more make it twice the threshold.
      for (let i = 0; i < 2; i++) {
        const { token, difficulty } = (await book()).json().challenge;
        assert.equal((await book({ proof: `${token}:${solve(token, difficulty)}` })).statusCode, 201);
      }
      assert.equal((await book()).json().challenge.difficulty, 8);
    });

    it('lets the address book freely again once its window has passed', async () => {
      now = new Date(now.getTime() + 10 * 60_000);
      assert.equal((await book()).statusCode, 201);
    });
  });

  describe('the council as a whole far above its normal rate', () => {
    it('asks every address for a proof, even one that never booked before', async () => {
      // 8 bookings in the last hour (the floor of this test): addresses of their own, each below its threshold.
      let address = 0;
      while ((await book({ address: `192.0.2.${++address}` })).statusCode === 201);
      const response = await book({ address: '192.0.2.200' });
      assert.equal(response.statusCode, 428);
      assert.equal(response.json().code, 'FIN_ERR_CHALLENGE_REQUIRED');
    });

    it('stops asking an hour later', async () => {
      now = new Date(now.getTime() + 3_600_000);
      assert.equal((await book({ address: '192.0.2.201' })).statusCode, 201);
    });
  });

  it('documents the challenge in the OpenAPI document of both booking routes', async () => {
    const document = (await suite.app.inject('/api/openapi.json')).json();
    for (const path of ['/api/councils/{council}/callbacks', '/api/councils/{council}/appointments']) {
      const answer = document.paths[path].post.responses['428'];
      assert.match(answer.description, /Fin-Proof/);
      assert.ok(answer.content['application/json'].schema.properties.challenge);
    }
  });
});

describe('booking flood: the desk alert and the bulk cancel', () => {
  const now = new Date('2026-11-23T07:00:00Z');
  const suite = useTestApp({ now: () => now, reminderScheduler: false, flood: { addressMax: 3, councilFloor: 1000, baseBits: 4 } });
  let cookie: string;

  const payloads = {
    callbacks: () => ({ topic: 'padro', slot: 'asap', name: 'Bot Bot', phone: phone(), email: 'bot@example.org', consent: true, language: 'ca', website: '' }),
    appointments: () => ({
      procedure: 'padro',
      slot: '2026-11-24T09:00:00.000Z',
      name: 'Bot Bot',
      email: 'bot@example.org',
      phone: phone(),
      consent: true,
      language: 'en',
      website: '',
    }),
  };
  /** Books as a determined flooder would: solving every challenge it is given. */
  async function book(kind: 'callbacks' | 'appointments', address: string): Promise<string> {
    const key = `desk-flood-${++keys}`;
    const payload = payloads[kind]();
    const send = (proof?: string) =>
      suite.app.inject({ method: 'POST', url: `/api/councils/demo/${kind}`, remoteAddress: address, headers: { 'idempotency-key': key, ...(proof && { 'fin-proof': proof }) }, payload });
    let response = await send();
    if (response.statusCode === 428) {
      const { token, difficulty } = response.json<ChallengeAnswer>().challenge;
      response = await send(`${token}:${solve(token, difficulty)}`);
    }
    assert.equal(response.statusCode, 201, response.body);
    return response.json().reference;
  }
  const idOf = async (reference: string) =>
    (await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  const floods = () => suite.app.inject({ url: '/api/desk/floods', headers: { cookie } });
  const cancel = (ids: string[]) => suite.app.inject({ method: 'POST', url: '/api/desk/floods/cancel', headers: { cookie }, payload: { ids } });

  const flood: string[] = [];
  let citizen: string;
  before(async () => {
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    citizen = await book('callbacks', '198.51.100.20');
    for (let i = 0; i < 4; i++) flood.push(await book('callbacks', '203.0.113.66'));
    for (let i = 0; i < 2; i++) flood.push(await book('appointments', '203.0.113.66'));
  });

  it('reports nothing to an anonymous caller', async () => {
    assert.equal((await suite.app.inject('/api/desk/floods')).statusCode, 401);
    assert.equal((await suite.app.inject({ method: 'POST', url: '/api/desk/floods/cancel', payload: { ids: ['x'] } })).statusCode, 401);
  });

  it('lists the bookings of the address above its threshold, grouped, and not those of a normal citizen', async () => {
    const response = await floods();
    assert.equal(response.statusCode, 200);
    const report = response.json();
    assert.equal(report.flooding, true);
    assert.deepEqual(report.council, { lastHour: 7, threshold: 1000 });
    assert.equal(report.groups.length, 1);
    const [group] = report.groups;
    assert.match(group.origin, /^[0-9a-f]{12}$/);
    assert.equal(group.count, 6);
    assert.deepEqual(group.bookings.map((booking: { reference: string }) => booking.reference).sort(), [...flood].sort());
    assert.deepEqual(group.bookings.map((booking: { kind: string }) => booking.kind).sort(), ['appointment', 'appointment', 'callback', 'callback', 'callback', 'callback']);
    assert.ok(!JSON.stringify(report).includes(citizen));
  });

  describe('when an agent cancels the flood in one request', () => {
    let body: { cancelled: Array<{ id: string; reference: string }>; skipped: Array<{ id: string; code: string }> };
    let ids: string[];
    before(async () => {
      ids = await Promise.all(flood.map(idOf));
      const response = await cancel([...ids, 'no-such-case']);
      assert.equal(response.statusCode, 200);
      body = response.json();
    });

    it('cancels each booking and says which ids it could not cancel', () => {
      assert.deepEqual(body.cancelled.map((item) => item.reference).sort(), [...flood].sort());
      assert.deepEqual(body.skipped, [{ id: 'no-such-case', code: 'FIN_ERR_NOT_FOUND' }]);
    });

    it('logs each cancellation in its case’s evidence, by the agent, as a flood', async () => {
      const events = await suite.app.db.selectFrom('evidence_events').selectAll().where('case_id', 'in', ids).where('type', 'like', '%.cancelled').execute();
      assert.equal(events.length, 6);
      for (const event of events) {
        assert.match(event.actor, /^agent:/);
        assert.equal(JSON.parse(event.data).reason, 'flood');
      }
    });

    it('frees their places and leaves the normal citizen’s booking alone', async () => {
      const states = await suite.app.db.selectFrom('cases').select(['reference', 'state']).execute();
      for (const { reference, state } of states) assert.equal(state, reference === citizen ? 'requested' : 'cancelled', reference);
      const used = await suite.app.db.selectFrom('slot_usage').select((eb) => eb.fn.sum<number>('used').as('used')).where('council_id', '=', 'demo').executeTakeFirstOrThrow();
      assert.equal(Number(used.used), 1);
    });

    it('sends the appointments’ citizens the usual cancellation email', async () => {
      const cancelled = (await outbox(suite.database)).filter((mail) => /cancel/i.test(mail.subject));
      assert.equal(cancelled.length, 2);
    });

    it('skips what is already cancelled when asked again', async () => {
      const again = (await cancel(ids)).json();
      assert.equal(again.cancelled.length, 0);
      assert.deepEqual(new Set(again.skipped.map((item: { code: string }) => item.code)), new Set(['FIN_ERR_CALLBACK_NOT_CANCELLABLE', 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE']));
    });
  });
});

describe('booking flood: a council that sizes its own thresholds (massBooking in the councils file)', () => {
  const now = new Date('2026-11-23T07:00:00Z');
  const suite = useTestApp(async (database) => {
    const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
    const file = path.join(database.env.DATA_DIR!, 'busy-council.json');
    await writeFile(file, JSON.stringify([{ ...demo, massBooking: { addressMax: 5, councilFloor: 400 } }]));
    // The server's own thresholds are lower: the council's settings replace them for its bookings.
    return { now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: file }, flood: { addressMax: 2, councilFloor: 3 } };
  });
  const book = () =>
    suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      remoteAddress: '192.0.2.44',
      headers: { 'idempotency-key': `sized-${++keys}` },
      payload: { topic: 'padro', slot: 'asap', name: 'Rosa Puig', phone: phone(), consent: true, language: 'ca', website: '' },
    });

  it('books up to its own limit per address, then asks for a proof of work', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await book()).statusCode);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 428]);
  });

  it('shows the desk its own threshold', async () => {
    const cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const report = (await suite.app.inject({ url: '/api/desk/floods', headers: { cookie } })).json();
    assert.deepEqual(report.council, { lastHour: 5, threshold: 400 });
  });

  it('refuses a councils file whose thresholds are not counts', async () => {
    const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
    const file = path.join(suite.database.env.DATA_DIR!, 'bad-council.json');
    await writeFile(file, JSON.stringify([{ ...demo, massBooking: { addressMax: 0, perHour: 10 } }]));
    await assert.rejects(readCouncilsFile(file), (error: Error) => {
      assert.match(error.message, /\/0\/massBooking\/perHour: Unexpected property/);
      assert.match(error.message, /\/0\/massBooking\/addressMax: Expected integer to be greater or equal to 1/);
      return true;
    });
  });
});
