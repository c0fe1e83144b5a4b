import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { outbox } from './appointment-fixtures.js';
import { buildTestApp, useTestApp } from './helpers.js';

let phones = 0;
let keys = 0;
const phone = () => `6130${String(++phones).padStart(5, '0')}`;

/** The demo council, asking for bookings to be confirmed by email within 30 minutes. */
async function councilsFile(dir: string): Promise<string> {
  const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
  const file = path.join(dir, 'confirming-council.json');
  await writeFile(file, JSON.stringify([{ ...demo, emailConfirmation: { required: true, expiryMinutes: 30 } }]));
  return file;
}

describe('booking confirmation by email, where the council asks for it', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  let now = new Date('2026-11-23T07:00:00Z');
  const suite = useTestApp(async (database) => ({ now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: await councilsFile(database.env.DATA_DIR!) } }));

  const post = (url: string, payload: object) => suite.app.inject({ method: 'POST', url, headers: { 'idempotency-key': `confirm-${++keys}` }, payload });
  const callback = (email?: string) =>
    post('/api/councils/demo/callbacks', { topic: 'padro', slot: '2026-11-24T09:00:00.000Z', name: 'Marta Soler', phone: phone(), ...(email && { email }), consent: true, language: 'en', website: '' });
  const appointment = (slot = '2026-11-24T10:00:00.000Z') =>
    post('/api/councils/demo/appointments', {
      procedure: 'padro',
      slot,
      name: 'Pau Serra',
      email: 'pau@example.org',
      phone: phone(),
      consent: true,
      language: 'ca',
      website: '',
    });
  const confirmLink = async (to: string) => {
    const mail = (await outbox(suite.database)).find((entry) => entry.to === to);
    const match = /(http:\/\/\S+\/bookings\/confirm\?council=demo&token=[\w-]+)/.exec(mail!.text);
    return new URL(match![1]!);
  };
  const stateOf = async (reference: string) =>
    (await suite.app.db.selectFrom('cases').select('state').where('reference', '=', reference).executeTakeFirstOrThrow()).state;
  const used = async (service: string, start: string) =>
    (await suite.app.db.selectFrom('slot_usage').select('used').where('service', '=', service).where('slot_start', '=', start).executeTakeFirst())?.used ?? 0;

  let confirmed: string;
  let unconfirmed: string;
  let withoutEmail: string;
  before(async () => {
    const responses = [await callback('marta@example.org'), await appointment(), await callback()];
    for (const response of responses) assert.equal(response.statusCode, 201, response.body);
    [confirmed, unconfirmed, withoutEmail] = responses.map((response) => response.json().reference);
    assert.equal(responses[0]!.json().confirmBy, '2026-11-23T07:30:00.000Z');
    assert.equal(responses[1]!.json().confirmBy, '2026-11-23T07:30:00.000Z');
    assert.equal(responses[2]!.json().confirmBy, undefined);
  });

  it('asks in the booking email, in the citizen’s language, to confirm within the time', async () => {
    const mails = await outbox(suite.database);
    const callbackMail = mails.find((mail) => mail.to === 'marta@example.org');
    const appointmentMail = mails.find((mail) => mail.to === 'pau@example.org');
    assert.match(callbackMail!.text, /Please confirm your booking within 30 minutes; otherwise its place will be freed/);
    assert.match(appointmentMail!.text, /Confirmeu la reserva en els propers 30 minuts/);
  });

  it('opens a page whose button confirms, so that fetching the link alone confirms nothing', async () => {
    const link = await confirmLink('marta@example.org');
    const page = await suite.app.inject(link.pathname + link.search);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/bookings\/confirm">/);
    const row = await suite.app.db.selectFrom('booking_confirmations').select('confirmed_at').executeTakeFirstOrThrow();
    assert.equal(row.confirmed_at, null);
  });

  it('confirms the booking from the page’s form and logs it in the case’s evidence', async () => {
    const link = await confirmLink('marta@example.org');
    const response = await suite.app.inject({
      method: 'POST',
      url: '/bookings/confirm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: link.searchParams.toString(),
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, new RegExp(`booking ${confirmed} is confirmed`));
    const events = await suite.app.db
      .selectFrom('evidence_events')
      .innerJoin('cases', 'cases.id', 'evidence_events.case_id')
      .select(['evidence_events.type', 'evidence_events.actor'])
      .where('cases.reference', '=', confirmed)
      .execute();
    assert.deepEqual(events.at(-1), { type: 'callback.confirmed', actor: 'citizen' });
  });

  it('keeps every place while the time to confirm runs', async () => {
    assert.equal(await suite.app.flood.confirmations.sweep(new Date('2026-11-23T07:29:59Z')), 0);
    assert.equal(await used('appointment', '2026-11-24T10:00:00.000Z'), 1);
  });

  describe('once the time to confirm has passed', () => {
    before(async () => {
      now = new Date('2026-11-23T07:31:00Z');
      assert.equal(await suite.app.flood.confirmations.sweep(now), 1);
    });

    it('cancels the unconfirmed booking and frees its place for someone else', async () => {
      assert.equal(await stateOf(unconfirmed), 'cancelled');
      assert.equal(await used('appointment', '2026-11-24T10:00:00.000Z'), 0);
      const events = await suite.app.db
        .selectFrom('evidence_events')
        .innerJoin('cases', 'cases.id', 'evidence_events.case_id')
        .select(['evidence_events.type', 'evidence_events.actor', 'evidence_events.data'])
        .where('cases.reference', '=', unconfirmed)
        .execute();
      const last = events.at(-1)!;
      assert.deepEqual([last.type, last.actor, JSON.parse(last.data).reason], ['appointment.cancelled', 'system', 'unconfirmed']);
    });

    it('keeps the confirmed booking and the one that gave no email', async () => {
      assert.equal(await stateOf(confirmed), 'requested');
      assert.equal(await stateOf(withoutEmail), 'requested');
    });

    it('says the link has expired when it is opened late', async () => {
      const link = await confirmLink('pau@example.org');
      const response = await suite.app.inject(link.pathname + link.search);
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /no longer valid|ja no és vàlid/);
    });

    it('finds nothing left to cancel on the next sweep', async () => {
      assert.equal(await suite.app.flood.confirmations.sweep(now), 0);
    });

    // Two instances in one Node process cannot write one SQLite file at the same moment (see
    // appointment-reminders.test.ts); SQLite deployments run one process.
    it('cancels each booking, and emails its cancellation, once when two processes sweep at the same moment', { skip: process.env.FIN_TEST_DB !== 'postgres' && 'PostgreSQL only' }, async () => {
      const booked = [await appointment('2026-11-24T10:00:00.000Z'), await appointment('2026-11-24T10:30:00.000Z')];
      for (const response of booked) assert.equal(response.statusCode, 201, response.body);
      const mailsBefore = (await outbox(suite.database)).filter((mail) => mail.to === 'pau@example.org').length;
      now = new Date('2026-11-23T08:02:00Z');
      const other = await buildTestApp(suite.database, { now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: await councilsFile(suite.database.env.DATA_DIR!) } });
      try {
        const swept = await Promise.all([suite.app.flood.confirmations.sweep(now), other.flood.confirmations.sweep(now), suite.app.flood.confirmations.sweep(now)]);
        assert.equal(swept.reduce((sum, count) => sum + count, 0), booked.length);
      } finally {
        await other.close();
      }
      for (const response of booked) {
        const { reference } = response.json();
        assert.equal(await stateOf(reference), 'cancelled');
        const cancellations = await suite.app.db
          .selectFrom('evidence_events')
          .innerJoin('cases', 'cases.id', 'evidence_events.case_id')
          .select('evidence_events.type')
          .where('cases.reference', '=', reference)
          .where('evidence_events.type', '=', 'appointment.cancelled')
          .execute();
        assert.equal(cancellations.length, 1, `${reference} cancelled once`);
      }
      assert.equal((await outbox(suite.database)).filter((mail) => mail.to === 'pau@example.org').length, mailsBefore + booked.length, 'one cancellation email each');
    });
  });
});
