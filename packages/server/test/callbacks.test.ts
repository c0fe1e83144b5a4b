import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { useTestApp } from './helpers.js';

const SLOT = '2026-11-24T09:00:00.000Z';
let keys = 0;

describe('<call-me-form> API: booking a callback', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  const now = new Date('2026-11-23T07:00:00Z');

  const suite = useTestApp({ now: () => now });

  const request = (overrides: Record<string, unknown> = {}) => ({
    topic: 'padro',
    slot: SLOT,
    name: 'Marta Soler',
    phone: '612 345 678',
    email: 'marta@example.org',
    description: "No sé com adjuntar el contracte de lloguer",
    consent: true,
    language: 'ca',
    website: '',
    ...overrides,
  });
  const book = (payload: object, council = 'demo') =>
    suite.app.inject({
      method: 'POST',
      url: `/api/councils/${council}/callbacks`,
      headers: { 'idempotency-key': `key-${++keys}` },
      payload,
    });
  const tokenOf = (cancelUrl: string) => new URL(cancelUrl).searchParams.get('token')!;

  describe('when the citizen books a free slot', () => {
    let response: Awaited<ReturnType<typeof book>>;
    before(async () => {
      response = await book(request());
    });

    it('answers 201 with the reference, the window and the cancel link', () => {
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.match(body.reference, /^CB-[2-9A-HJKMNP-Z]{6}$/);
      assert.equal(body.state, 'requested');
      assert.deepEqual(body.slot, { start: SLOT, end: '2026-11-24T09:30:00.000Z' });
      assert.match(body.cancelUrl, /^http:\/\/localhost(:\d+)?\/callbacks\/cancel\?council=demo&token=[\w-]{43}$/);
    });

    it('stores the case with the phone in E.164 and the token only hashed', async () => {
      const body = response.json();
      const stored = await suite.app.db
        .selectFrom('cases')
        .innerJoin('callbacks', 'callbacks.case_id', 'cases.id')
        .selectAll()
        .where('reference', '=', body.reference)
        .executeTakeFirstOrThrow();
      assert.equal(stored.citizen_phone, '+34612345678');
      assert.equal(stored.state, 'requested');
      assert.equal(stored.kind, 'callback');
      assert.equal(stored.slot_start, SLOT);
      const tokens = await suite.app.db.selectFrom('capability_tokens').selectAll().where('case_id', '=', stored.id).execute();
      assert.equal(tokens.length, 1);
      assert.notEqual(tokens[0]!.hash, tokenOf(body.cancelUrl));
      assert.equal(tokens[0]!.purpose, 'callback');
    });

    it('writes the confirmation email, in Catalan, with the reference, the local window and the cancel link', async () => {
      const dir = path.join(suite.database.env.DATA_DIR!, 'mail');
      const files = await readdir(dir);
      const eml = files.find((file) => file.endsWith('.eml'));
      assert.ok(eml, 'an .eml file in DATA_DIR/mail');
      const raw = await readFile(path.join(dir, eml), 'utf8');
      assert.match(raw, /^To: marta@example\.org$/m);
      assert.match(raw, /multipart\/alternative/);
      const { reference, cancelUrl } = response.json();
      const entry = JSON.parse(await readFile(path.join(dir, eml.replace(/\.eml$/, '.json')), 'utf8'));
      assert.equal(entry.subject, `Us trucarem: sol·licitud ${reference}`);
      assert.match(entry.text, new RegExp(reference));
      assert.match(entry.text, /10:00–10:30 \(Europe\/Madrid\)/);
      assert.ok(entry.text.includes(cancelUrl));

      const list = await suite.app.inject('/dev/mail');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(reference));
      const one = await suite.app.inject(`/dev/mail/${entry.id}`);
      assert.equal(one.statusCode, 200);
      assert.ok(one.body.includes(cancelUrl.replace(/&/g, '&amp;')));
      assert.match(String(one.headers['content-security-policy']), /script-src 'self'/);
    });

    it('starts the evidence log with a chained, hashed event', async () => {
      const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', response.json().reference).executeTakeFirstOrThrow();
      const { events, valid } = await suite.app.evidence.verify(id);
      assert.equal(valid, true);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type, 'callback.requested');
      assert.equal(events[0]!.prevHash, '0'.repeat(64));
      assert.match(events[0]!.hash, /^[0-9a-f]{64}$/);
    });

    it('shows the citizen their request through the token', async () => {
      const { cancelUrl, reference } = response.json();
      const mine = await suite.app.inject(`/api/councils/demo/callbacks/mine?token=${tokenOf(cancelUrl)}&lang=en`);
      assert.equal(mine.statusCode, 200);
      assert.deepEqual(mine.json(), {
        reference,
        state: 'requested',
        topic: { id: 'padro', name: 'Registering on the municipal roll' },
        slot: { start: SLOT, end: '2026-11-24T09:30:00.000Z' },
        name: 'Marta Soler',
      });
      const bad = await suite.app.inject('/api/councils/demo/callbacks/mine?token=nope');
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'FIN_ERR_TOKEN_INVALID');
    });

    it('refuses a second open request for the same phone with 409 FIN_ERR_CALLBACK_ALREADY_OPEN', async () => {
      const again = await book(request({ phone: '+34612345678', slot: 'asap' }));
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'FIN_ERR_CALLBACK_ALREADY_OPEN');
      assert.equal(again.json().field, 'phone');
    });
  });

  describe('when many citizens ask for the last places of a slot at once', () => {
    it('gives exactly the slot\'s capacity and answers the rest 409 FIN_ERR_SLOT_TAKEN with alternatives', async () => {
      const slot = '2026-11-25T10:00:00.000Z';
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => book(request({ slot, email: undefined, phone: `6200000${String(i).padStart(2, '0')}` }))),
      );
      const created = responses.filter((response) => response.statusCode === 201);
      const taken = responses.filter((response) => response.statusCode === 409);
      assert.equal(created.length, 2);
      assert.equal(taken.length, 18);
      for (const response of taken) {
        const body = response.json();
        assert.equal(body.code, 'FIN_ERR_SLOT_TAKEN');
        assert.equal(body.field, 'slot');
        assert.equal(body.alternatives.length, 3);
        assert.ok(body.alternatives.every((alternative: { start: string }) => alternative.start > slot));
      }
      const usage = await suite.app.db.selectFrom('slot_usage').select('used').where('slot_start', '=', slot).executeTakeFirstOrThrow();
      assert.equal(usage.used, 2);
      const cases = await suite.app.db.selectFrom('callbacks').select('case_id').where('slot_start', '=', slot).execute();
      assert.equal(cases.length, 2);
    });
  });

  describe('when a field is wrong', () => {
    const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
      ['a missing name', { name: undefined }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a blank name', { name: '   ' }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a name over 120 characters', { name: 'x'.repeat(121) }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a phone that is not a number', { phone: '12345' }, 400, 'FIN_ERR_PHONE_INVALID', 'phone'],
      ['a missing phone', { phone: undefined }, 400, 'FIN_ERR_VALIDATION', 'phone'],
      ['an email without a domain', { email: 'marta@' }, 400, 'FIN_ERR_EMAIL_INVALID', 'email'],
      ['a description over 500 characters', { description: 'x'.repeat(501) }, 400, 'FIN_ERR_VALIDATION', 'description'],
      ['no consent', { consent: false }, 400, 'FIN_ERR_CONSENT_REQUIRED', 'consent'],
      ['an unknown topic', { topic: 'weddings' }, 400, 'FIN_ERR_TOPIC_UNKNOWN', 'topic'],
      ['an unknown language', { language: 'fr' }, 400, 'FIN_ERR_VALIDATION', 'language'],
      ['a slot outside the opening hours', { slot: '2026-11-24T21:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot on a holiday', { slot: '2026-11-30T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot in the past', { slot: '2026-11-20T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot beyond the horizon', { slot: '2026-12-15T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot that is not a date', { slot: 'tomorrow' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
    ];
    for (const [what, overrides, status, code, field] of cases) {
      it(`answers ${status} ${code} for ${what}, naming ${field}`, async () => {
        const response = await book(request({ phone: '699 111 222', ...overrides }));
        assert.equal(response.statusCode, status, response.body);
        const body = response.json();
        assert.equal(body.code, code);
        assert.equal(body.field, field);
        assert.ok(body.message.length > 0);
      });
    }
  });

  describe('anti-abuse', () => {
    it('rejects a filled honeypot with 400 FIN_ERR_SUBMISSION_REJECTED and stores nothing', async () => {
      const response = await book(request({ phone: '699 000 001', website: 'http://spam.example' }));
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, 'FIN_ERR_SUBMISSION_REJECTED');
      const stored = await suite.app.db.selectFrom('cases').select('id').where('citizen_phone', '=', '+34699000001').execute();
      assert.equal(stored.length, 0);
    });

    it('allows three requests per phone number a day, then answers 429 FIN_ERR_RATE_LIMITED', async () => {
      const phone = '699 000 002';
      for (let i = 0; i < 3; i++) {
        const created = await book(request({ phone, slot: 'asap', email: undefined }));
        assert.equal(created.statusCode, 201);
        const cancelled = await suite.app.inject({
          method: 'POST',
          url: '/api/councils/demo/callbacks/cancel',
          payload: { token: tokenOf(created.json().cancelUrl) },
        });
        assert.equal(cancelled.statusCode, 200);
      }
      const fourth = await book(request({ phone, slot: 'asap', email: undefined }));
      assert.equal(fourth.statusCode, 429);
      assert.deepEqual([fourth.json().code, fourth.json().field], ['FIN_ERR_RATE_LIMITED', 'phone']);
    });

    it('replays the first answer to a repeat with the same Idempotency-Key', async () => {
      const payload = request({ phone: '699 000 003', slot: 'asap', email: undefined });
      const headers = { 'idempotency-key': 'outbox-retry-1' };
      const first = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/callbacks', headers, payload });
      const again = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/callbacks', headers, payload });
      assert.equal(first.statusCode, 201);
      assert.equal(again.statusCode, 201);
      assert.deepEqual(again.json(), first.json());
    });
  });

  describe('cancelling through the token', () => {
    it('frees the place, answers cancelled, and 409 FIN_ERR_CALLBACK_NOT_CANCELLABLE the second time', async () => {
      const slot = '2026-11-26T11:00:00.000Z';
      const created = await book(request({ phone: '699 000 004', slot, email: undefined }));
      assert.equal(created.statusCode, 201);
      const usage = () => suite.app.db.selectFrom('slot_usage').select('used').where('slot_start', '=', slot).executeTakeFirstOrThrow();
      assert.equal((await usage()).used, 1);

      const token = tokenOf(created.json().cancelUrl);
      const cancel = () => suite.app.inject({ method: 'POST', url: '/api/councils/demo/callbacks/cancel', payload: { token } });
      const first = await cancel();
      assert.equal(first.statusCode, 200);
      assert.deepEqual(first.json(), { reference: created.json().reference, state: 'cancelled' });
      assert.equal((await usage()).used, 0);
      const second = await cancel();
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().code, 'FIN_ERR_CALLBACK_NOT_CANCELLABLE');
    });

    it('answers 401 FIN_ERR_TOKEN_INVALID for a token that opens nothing', async () => {
      const response = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/callbacks/cancel', payload: { token: 'forged-token' } });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, 'FIN_ERR_TOKEN_INVALID');
    });
  });

  describe('the cancel page of the email', () => {
    it('shows the request in the citizen\'s language with a form, and cancels without JavaScript', async () => {
      const created = await book(request({ phone: '699 000 005', slot: 'asap', email: undefined, language: 'es' }));
      const url = new URL(created.json().cancelUrl);
      const page = await suite.app.inject(`${url.pathname}${url.search}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="es">/);
      assert.match(page.body, /Su solicitud de llamada/);
      assert.ok(page.body.includes(created.json().reference));
      assert.match(page.body, /<form method="post" action="\/callbacks\/cancel">/);
      assert.match(page.body, /<button type="submit">Anular mi llamada<\/button>/);
      assert.doesNotMatch(page.body, /<script|style=/);
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);

      const posted = await suite.app.inject({
        method: 'POST',
        url: '/callbacks/cancel',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ council: 'demo', token: url.searchParams.get('token')! }).toString(),
      });
      assert.equal(posted.statusCode, 200);
      assert.match(posted.body, /Llamada anulada/);
      const state = await suite.app.db.selectFrom('cases').select('state').where('reference', '=', created.json().reference).executeTakeFirstOrThrow();
      assert.equal(state.state, 'cancelled');

      const after = await suite.app.inject(`${url.pathname}${url.search}`);
      assert.match(after.body, /Anulada/);
      assert.doesNotMatch(after.body, /<form/);
    });

    it('says the link is not valid for a bad token', async () => {
      const page = await suite.app.inject('/callbacks/cancel?council=demo&token=forged');
      assert.equal(page.statusCode, 401);
      assert.match(page.body, /Enllaç no vàlid/);
    });
  });
});
