import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { ALPHA_AGENT, BETA_AGENT, CallClient, callsTestEnv, RTP_CAPABILITIES, seedAppointment, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { mrzLines, readMrz } from '../src/modules/procedure/identity/mrz.js';
import { appointmentInCall, CARMEN, completeIdentityCheck, giveConsent, picture, procedureApi, spanishTd1, verifyIdentity } from './procedure-fixtures.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('the identity check inside the call', () => {
  const suite = useTestApp((database) => Promise.resolve({ env: callsTestEnv(database), reminderScheduler: false }));
  let anna: string;
  let bernat: string;

  before(async () => {
    anna = await signIn(suite.app, ALPHA_AGENT);
    bernat = await signIn(suite.app, BETA_AGENT);
  });

  async function open(booked = CARMEN) {
    const appointment = await appointmentInCall(suite.app, 'alpha', booked);
    return { ...appointment, api: procedureApi(suite.app, 'alpha', appointment.id, anna, appointment.token) };
  }

  describe('when the agent takes the citizen through it', () => {
    it('asks consent, takes three stills, reads the MRZ, hears the code, and verifies; the evidence holds each step in order', async () => {
      const { id, token, api } = await open();

      const asking = await api.desk('POST', '/identity/consent', {});
      assert.equal(asking.json().identity.consent.state, 'asked');
      const asked = (await api.citizenView()).asked;
      assert.equal(asked.kind, 'consent');
      assert.match(asked.text, /codi/);
      assert.equal(asked.textSha256, sha256(asked.text));
      const accepted = await api.citizenPost('/consent', { token, accept: true, textSha256: asked.textSha256 });
      assert.equal(accepted.statusCode, 200);
      assert.equal(accepted.json().asked, null);
      assert.equal((await api.deskView()).identity.consent.state, 'accepted');

      const sent: Record<string, Buffer> = { front: await picture(1920, 1080), back: await picture(1920, 1080, 'png'), face: await picture(1280, 960) };
      for (const kind of ['front', 'back', 'face']) {
        const requested = await api.desk('POST', '/identity/stills/request', { kind });
        assert.equal(requested.json().identity.requestedStill, kind);
        assert.deepEqual((await api.citizenView()).asked, { kind: 'still', still: kind });
        const taken = await api.still(kind, sent[kind]!, kind === 'back' ? 'image/png' : 'image/jpeg');
        assert.equal(taken.statusCode, 200, taken.body);
        assert.equal(taken.json().asked, null);
      }
      const stills = (await api.deskView()).identity.stills;
      assert.deepEqual(
        stills.map((still: { kind: string; contentType: string; width: number; height: number }) => [still.kind, still.contentType, still.width, still.height]),
        [
          ['face', 'image/jpeg', 1280, 960],
          ['back', 'image/png', 1920, 1080],
          ['front', 'image/jpeg', 1920, 1080],
        ],
      );
      for (const still of stills) {
        const bytes = await api.desk('GET', `/identity/stills/${still.id}`);
        assert.equal(bytes.statusCode, 200);
        assert.equal(bytes.headers['content-type'], still.contentType);
        assert.equal(sha256(bytes.rawPayload), still.sha256, 'the bytes served are those hashed');
      }

      const mrz = (await api.desk('POST', '/identity/mrz', { text: spanishTd1().join('\n').toLowerCase() })).json().identity.mrz;
      assert.equal(mrz.valid, true);
      assert.equal(mrz.expired, false);
      assert.deepEqual(mrz.fields, {
        documentNumber: 'BAA000589',
        idNumber: '12345678Z',
        surname: 'ESPANOLA ESPANOLA',
        givenNames: 'CARMEN',
        birthDate: '1980-01-01',
        expirationDate: '2031-01-01',
        nationality: 'ESP',
      });
      assert.deepEqual(mrz.checks.map((check: { valid: boolean }) => check.valid), [true, true, true, true]);
      assert.deepEqual(mrz.comparisons.map((comparison: { field: string; match: boolean }) => [comparison.field, comparison.match]), [['idNumber', true], ['name', true]]);

      const issued = await api.desk('POST', '/identity/liveness', {});
      const { code } = (await api.citizenView()).asked;
      assert.match(code, /^\d{4}$/);
      assert.deepEqual(Object.keys(issued.json().identity.liveness).sort(), ['answeredAt', 'issuedAt', 'matched']);
      assert.ok(!JSON.stringify(issued.json().identity).includes('"code"'), 'the desk never gets the code');
      const heard = await api.desk('POST', '/identity/liveness/answer', { heard: code.split('').join(' ') });
      assert.equal(heard.json().identity.liveness.matched, true);
      assert.equal((await api.citizenView()).asked, null, 'the code is gone once said');

      await api.desk('PUT', '/identity/checklist', { checklist: { hologram: true, laserImage: true } });
      await api.desk('PUT', '/identity/checklist', { checklist: { hologram: true, laserImage: true, tactileRelief: true, photoMatchesFace: true, documentIntact: true } });
      const decided = await api.desk('POST', '/identity/decision', { verified: true });
      assert.equal(decided.statusCode, 200, decided.body);
      const view = decided.json();
      assert.equal(view.identity.decision.verified, true);
      assert.equal(view.current, 'documents');
      assert.deepEqual(view.steps.slice(0, 2), [{ id: 'identity', state: 'done' }, { id: 'documents', state: 'current' }]);
      assert.equal((await api.citizenView()).current, 'documents');

      const events = (await suite.app.evidence.list(id)).filter((event) => event.type !== 'call.admitted');
      assert.deepEqual(events.map((event) => event.type), [
        'identity.consent_asked',
        'identity.consent_answered',
        ...Array(3).fill(['identity.still_requested', 'identity.still_taken']).flat(),
        // The agent looked at each still: staff access is evidence too.
        ...Array(3).fill('staff.accessed'),
        'identity.mrz_read',
        'identity.liveness_issued',
        'identity.liveness_answered',
        'identity.checklist',
        'identity.checklist',
        'identity.decision',
        'procedure.step',
      ]);
      const data = (type: string) => events.filter((event) => event.type === type).map((event) => event.data as Record<string, unknown>);
      assert.equal(data('identity.consent_answered')[0]!.textSha256, asked.textSha256);
      assert.equal(data('identity.consent_answered')[0]!.accepted, true);
      assert.deepEqual(
        data('identity.still_taken').map((event) => [event.kind, event.sha256, event.width, event.height]),
        [...stills].reverse().map((still: { kind: string; sha256: string; width: number; height: number }) => [still.kind, still.sha256, still.width, still.height]),
      );
      const [issuedEvent] = data('identity.liveness_issued');
      const [answered] = data('identity.liveness_answered');
      assert.deepEqual([answered!.code, answered!.matched], [code, true]);
      assert.equal(sha256(`${answered!.nonce}:${code}`), issuedEvent!.codeSha256, 'the code revealed is the one committed to when shown');
      assert.notEqual(issuedEvent!.codeSha256, sha256(code), 'the commitment does not give the code away');
      assert.deepEqual(data('identity.checklist')[1]!.changed, { tactileRelief: true, photoMatchesFace: true, documentIntact: true });
      assert.equal(data('identity.mrz_read')[0]!.text, spanishTd1().join('\n').toLowerCase(), 'the MRZ as typed');
      assert.deepEqual(data('identity.mrz_read')[0]!.document, {
        type: 'ID',
        issuingState: 'ESP',
        number: '12345678Z',
        supportNumber: 'BAA000589',
        expirationDate: '2031-01-01',
      });
      const decision = data('identity.decision')[0]!;
      assert.equal(decision.agentId, view.identity.decision.agentId);
      assert.deepEqual(decision.stills, Object.fromEntries(stills.map((still: { kind: string; id: string; sha256: string }) => [still.kind, { id: still.id, sha256: still.sha256 }])));
      assert.ok(events.filter((event) => event.type !== 'staff.accessed').every((event) => event.data.recording === null), 'no recording runs in this process');
      assert.equal((await suite.app.evidence.verify(id)).valid, true);
    });
  });

  describe('before the citizen consents', () => {
    it('refuses stills, the MRZ and the code, and shows the agent a refusal', async () => {
      const { id, token, api } = await open();
      for (const [path, body] of [['/identity/stills/request', { kind: 'front' }], ['/identity/mrz', { text: spanishTd1().join('\n') }], ['/identity/liveness', {}]] as const) {
        const refused = await api.desk('POST', path, body);
        assert.deepEqual([refused.statusCode, refused.json().code], [409, 'FIN_ERR_IDENTITY_CONSENT_REQUIRED'], path);
      }
      const unasked = await api.citizenPost('/consent', { token, accept: true, textSha256: sha256('anything') });
      assert.deepEqual([unasked.statusCode, unasked.json().code, unasked.json().field], [400, 'FIN_ERR_VALIDATION', 'textSha256']);

      await api.desk('POST', '/identity/consent', {});
      const { textSha256 } = (await api.citizenView()).asked;
      const refusal = await api.citizenPost('/consent', { token, accept: false, textSha256 });
      assert.equal(refusal.statusCode, 200);
      assert.equal((await api.deskView()).identity.consent.state, 'refused');
      const again = await api.citizenPost('/consent', { token, accept: true, textSha256 });
      assert.deepEqual([again.statusCode, again.json().code], [409, 'FIN_ERR_CONSENT_NOT_ASKED'], 'a refusal stands until the agent asks again');
      assert.equal((await api.desk('POST', '/identity/stills/request', { kind: 'front' })).json().code, 'FIN_ERR_IDENTITY_CONSENT_REQUIRED');
      const answered = (await suite.app.evidence.list(id)).filter((event) => event.type === 'identity.consent_answered');
      assert.deepEqual(answered.map((event) => [event.actor, event.data.accepted, event.data.textSha256]), [['citizen', false, textSha256]]);

      await api.desk('POST', '/identity/consent', {});
      const notVerified = await api.desk('POST', '/identity/decision', { verified: false, reason: 'The citizen refused the identity check' });
      assert.equal(notVerified.json().steps[0].state, 'failed');
      assert.equal((await api.citizenView()).asked, null, 'a decided identity asks the citizen nothing more');
    });
  });

  describe('when the agent decides', () => {
    it('refuses "verified" naming what is missing, and "not verified" without a reason', async () => {
      const { api } = await open();
      await giveConsent(api);
      const incomplete = await api.desk('POST', '/identity/decision', { verified: true });
      assert.deepEqual([incomplete.statusCode, incomplete.json().code], [409, 'FIN_ERR_IDENTITY_INCOMPLETE']);
      assert.deepEqual(incomplete.json().missing, ['still:front', 'still:back', 'still:face', 'mrz', 'liveness', 'securityFeatures', 'photoMatchesFace', 'documentIntact']);
      const bare = await api.desk('POST', '/identity/decision', { verified: false, reason: '  ' });
      assert.deepEqual([bare.statusCode, bare.json().code, bare.json().field], [400, 'FIN_ERR_VALIDATION', 'reason']);
      assert.equal((await api.deskView()).identity.decision, null);
    });

    it('verifies an expired document, or one that differs from the booking, only with a reason', async () => {
      const { id, api } = await open({ name: 'Carme Espanyola', idDocument: '87654321X' });
      await completeIdentityCheck(api, spanishTd1({ expiry: '250101' }));
      const mrz = (await api.deskView()).identity.mrz;
      assert.equal(mrz.valid, true);
      assert.equal(mrz.expired, true);
      assert.deepEqual(mrz.comparisons, [
        { field: 'idNumber', booked: '87654321X', read: '12345678Z', match: false },
        { field: 'name', booked: 'Carme Espanyola', read: 'ESPANOLA ESPANOLA CARMEN', match: false },
      ]);
      const unexplained = await api.desk('POST', '/identity/decision', { verified: true });
      assert.deepEqual([unexplained.statusCode, unexplained.json().field, unexplained.json().reasonFor], [400, 'reason', ['expired', 'idNumber', 'name']]);
      const reason = 'Renewal in progress: receipt seen on camera; the booking was made by her son with a typo';
      const verified = await api.desk('POST', '/identity/decision', { verified: true, reason });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.deepEqual(verified.json().identity.decision.reason, reason);
      const decision = (await suite.app.evidence.list(id)).find((event) => event.type === 'identity.decision')!;
      assert.deepEqual([decision.data.reason, decision.data.explained], [reason, ['expired', 'idNumber', 'name']]);
    });

    it('keeps a failed identity from going on, and lets the agent redo it', async () => {
      const { api } = await open();
      await completeIdentityCheck(api);
      await api.desk('POST', '/identity/decision', { verified: false, reason: 'The face does not match the photo' });
      const onward = await api.desk('POST', '/step', { step: 'documents' });
      assert.deepEqual([onward.statusCode, onward.json().code], [409, 'FIN_ERR_PROCEDURE_STEP_ORDER']);
      const redo = await api.desk('POST', '/identity/stills/request', { kind: 'face' });
      assert.equal(redo.json().identity.decision, null, 'new evidence withdraws the decision made on the old');
      assert.equal(redo.json().steps[0].state, 'current');
      assert.equal((await api.still('face', await picture(800, 600))).statusCode, 200);
      const verified = await api.desk('POST', '/identity/decision', { verified: true });
      assert.equal(verified.json().current, 'documents');
    });

    it('changes a verified identity only after going back to it, and then wants a new decision', async () => {
      const { api } = await open();
      await verifyIdentity(api);
      const locked = await api.desk('POST', '/identity/liveness', {});
      assert.deepEqual([locked.statusCode, locked.json().code], [409, 'FIN_ERR_PROCEDURE_STEP_ORDER']);
      const back = await api.desk('POST', '/step', { step: 'identity' });
      assert.equal(back.json().current, 'identity');
      const reissued = await api.desk('POST', '/identity/liveness', {});
      assert.equal(reissued.json().identity.decision, null);
      const onward = await api.desk('POST', '/step', { step: 'documents' });
      assert.deepEqual([onward.statusCode, onward.json().code], [409, 'FIN_ERR_PROCEDURE_STEP_ORDER']);
    });
  });

  describe('the spoken code', () => {
    it('takes one answer per code: a mismatch needs a new one', async () => {
      const { api } = await open();
      await giveConsent(api);
      const early = await api.desk('POST', '/identity/liveness/answer', { heard: '1234' });
      assert.deepEqual([early.statusCode, early.json().code], [409, 'FIN_ERR_LIVENESS_NOT_ISSUED']);
      await api.desk('POST', '/identity/liveness', {});
      const { code } = (await api.citizenView()).asked;
      const wrong = String((Number(code) + 1) % 10_000).padStart(4, '0');
      assert.equal((await api.desk('POST', '/identity/liveness/answer', { heard: wrong })).json().identity.liveness.matched, false);
      const guess = await api.desk('POST', '/identity/liveness/answer', { heard: code });
      assert.deepEqual([guess.statusCode, guess.json().code], [409, 'FIN_ERR_LIVENESS_NOT_ISSUED'], 'no second guess at the same code');
      await api.desk('POST', '/identity/liveness', {});
      const next = (await api.citizenView()).asked.code;
      assert.equal((await api.desk('POST', '/identity/liveness/answer', { heard: next })).json().identity.liveness.matched, true);
    });
  });

  describe('the MRZ', () => {
    it('refuses what is not three lines of 30 MRZ characters, and shows a tampered one as invalid', async () => {
      const { api } = await open();
      await giveConsent(api);
      for (const text of ['hello', spanishTd1().slice(0, 2).join('\n'), spanishTd1().join('\n').replace('ESP', 'E$P'), `${spanishTd1().join('\n')}\nX`]) {
        const refused = await api.desk('POST', '/identity/mrz', { text });
        assert.deepEqual([refused.statusCode, refused.json().code], [400, 'FIN_ERR_MRZ_INVALID'], text);
      }
      const [line1, line2, line3] = spanishTd1();
      const tampered = await api.desk('POST', '/identity/mrz', { text: [line1!.replace('12345678Z', '12345679Z'), line2, line3].join('\n') });
      assert.equal(tampered.statusCode, 200);
      const mrz = tampered.json().identity.mrz;
      assert.equal(mrz.valid, false);
      assert.deepEqual(mrz.checks.filter((check: { valid: boolean }) => !check.valid).map((check: { field: string }) => check.field), ['composite']);
      assert.equal(mrz.comparisons[0].match, false);
    });

    it('reads a permanent DNI as expiring on 9999-01-01', async () => {
      const { api } = await open();
      await giveConsent(api);
      const mrz = (await api.desk('POST', '/identity/mrz', { text: spanishTd1({ expiry: '990101' }).join('\n') })).json().identity.mrz;
      assert.deepEqual([mrz.valid, mrz.expired, mrz.fields.expirationDate], [true, false, '9999-01-01']);
    });
  });

  describe('the stills', () => {
    it('takes only the kind asked for, only images, at most 10 MB', async () => {
      const { token, api } = await open();
      await giveConsent(api);
      const jpeg = await picture(320, 240);
      const unasked = await api.still('front', jpeg);
      assert.deepEqual([unasked.statusCode, unasked.json().code], [409, 'FIN_ERR_STILL_NOT_REQUESTED']);
      await api.desk('POST', '/identity/stills/request', { kind: 'front' });
      const otherKind = await api.still('back', jpeg);
      assert.deepEqual([otherKind.statusCode, otherKind.json().code], [409, 'FIN_ERR_STILL_NOT_REQUESTED']);
      const text = await api.still('front', Buffer.from('not a picture at all'), 'image/jpeg');
      assert.deepEqual([text.statusCode, text.json().code], [415, 'FIN_ERR_MEDIA_TYPE_UNSUPPORTED']);
      for (const declared of ['text/plain', 'application/json', 'application/octet-stream']) {
        const refused = await api.still('front', jpeg, declared);
        assert.deepEqual([refused.statusCode, refused.json().code], [415, 'FIN_ERR_MEDIA_TYPE_UNSUPPORTED'], declared);
      }
      const empty = await suite.app.inject({ method: 'POST', url: `/api/councils/alpha/appointments/mine/procedure/stills?${new URLSearchParams({ token, kind: 'front' })}` });
      assert.deepEqual([empty.statusCode, empty.json().code], [415, 'FIN_ERR_MEDIA_TYPE_UNSUPPORTED']);
      const broken = Buffer.concat([jpeg.subarray(0, 600), Buffer.alloc(2000, 7)]);
      const unreadable = await api.still('front', broken);
      assert.deepEqual([unreadable.statusCode, unreadable.json().code], [422, 'FIN_ERR_DOCUMENT_UNREADABLE']);
      const huge = await api.still('front', Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]));
      assert.deepEqual([huge.statusCode, huge.json().code], [413, 'FIN_ERR_PAYLOAD_TOO_LARGE']);
      const imageElsewhere = await suite.app.inject({
        method: 'POST',
        url: '/api/councils/alpha/appointments/mine/procedure/consent',
        headers: { 'content-type': 'image/jpeg' },
        payload: jpeg,
      });
      assert.deepEqual([imageElsewhere.statusCode, imageElsewhere.json().code], [415, 'FIN_ERR_MEDIA_TYPE_UNSUPPORTED'], 'no other route takes images');
      assert.deepEqual((await api.deskView()).identity.stills, []);
      assert.equal((await api.still('front', jpeg, 'image/jpeg', token)).statusCode, 200);
    });

    it("keeps them from another council's agent, another case's token and another case's address", async () => {
      const mine = await open();
      await giveConsent(mine.api);
      await mine.api.desk('POST', '/identity/stills/request', { kind: 'front' });
      const other = await open();
      const stolen = await mine.api.still('front', await picture(320, 240), 'image/jpeg', 'not-a-token');
      assert.deepEqual([stolen.statusCode, stolen.json().code], [401, 'FIN_ERR_TOKEN_INVALID']);
      const otherToken = await mine.api.still('front', await picture(320, 240), 'image/jpeg', other.token);
      assert.equal(otherToken.statusCode, 409, "another case's token acts on that case, which asked for nothing");
      assert.deepEqual((await other.api.deskView()).identity.stills, []);
      assert.equal((await mine.api.still('front', await picture(320, 240))).statusCode, 200);
      const [still] = (await mine.api.deskView()).identity.stills;

      const beta = procedureApi(suite.app, 'alpha', mine.id, bernat, mine.token);
      for (const [method, path, body] of [['GET', `/identity/stills/${still.id}`], ['POST', '/identity/consent', {}], ['POST', '/identity/decision', { verified: false, reason: 'x' }]] as const) {
        const refused = await beta.desk(method, path, body);
        assert.deepEqual([refused.statusCode, refused.json().code], [404, 'FIN_ERR_APPOINTMENT_NOT_FOUND'], `${method} ${path}`);
      }
      const elsewhere = await other.api.desk('GET', `/identity/stills/${still.id}`);
      assert.deepEqual([elsewhere.statusCode, elsewhere.json().code], [404, 'FIN_ERR_STILL_NOT_FOUND']);
      const inBeta = await suite.app.inject({
        method: 'POST',
        url: `/api/councils/beta/appointments/mine/procedure/stills?${new URLSearchParams({ token: mine.token, kind: 'front' })}`,
        headers: { 'content-type': 'image/jpeg' },
        payload: await picture(320, 240),
      });
      assert.deepEqual([inBeta.statusCode, inBeta.json().code], [401, 'FIN_ERR_TOKEN_INVALID'], "a token is its council's only");
    });
  });

  describe('in a live call', () => {
    it('tells both sides of the call of every change', async () => {
      const base = (await suite.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
      const booked = await seedAppointment(suite.app, 'alpha');
      const desk = await CallClient.open(`${base}/api/calls/${booked.id}/ws`, { cookie: anna });
      await desk.call('join', { displayName: 'Anna', rtpCapabilities: RTP_CAPABILITIES });
      const home = await CallClient.open(`${base}/api/calls/${booked.id}/ws?token=${encodeURIComponent(booked.token)}`);
      const joined = await home.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
      await desk.call('admit', { peerId: joined.peerId });
      const api = procedureApi(suite.app, 'alpha', booked.id, anna, booked.token);

      const bothTold = async (response: { json(): { revision: number } }) => {
        const { revision } = response.json();
        assert.deepEqual([await home.next('procedureChanged'), await desk.next('procedureChanged')], [{ revision }, { revision }]);
      };
      await bothTold(await api.desk('POST', '/identity/consent', {}));
      const { textSha256 } = (await api.citizenView()).asked;
      await bothTold(await api.citizenPost('/consent', { token: booked.token, accept: true, textSha256 }));
      await bothTold(await api.desk('POST', '/identity/stills/request', { kind: 'face' }));
      await bothTold(await api.still('face', await picture(320, 240)));
      const notices = (client: CallClient) => client.received().filter((name) => name === 'procedureChanged');
      assert.deepEqual([notices(home), notices(desk)], [[], []], 'one notice a change');
      await desk.call('hangUp');
      await Promise.all([home.closed, desk.closed]);
    });
  });

  describe('outside the call', () => {
    it('changes nothing', async () => {
      const booked = await seedAppointment(suite.app, 'alpha');
      const api = procedureApi(suite.app, 'alpha', booked.id, anna, booked.token);
      const asking = await api.desk('POST', '/identity/consent', {});
      assert.deepEqual([asking.statusCode, asking.json().code], [409, 'FIN_ERR_PROCEDURE_NOT_OPEN']);
      const still = await api.still('front', await picture(320, 240));
      assert.deepEqual([still.statusCode, still.json().code], [409, 'FIN_ERR_PROCEDURE_NOT_OPEN']);
      assert.deepEqual(await suite.app.evidence.list(booked.id), []);
    });
  });
});

describe('readMrz', () => {
  it("reads a NIE card's number and a name the line cut short", () => {
    const lines = spanishTd1({ idNumber: 'X1234567L', surnames: 'FERNANDEZ<DE<LA<CONCEPCION', given: 'MARIA<JOSEFINA' }).map((line) => line.slice(0, 30));
    lines[0] = `IR${lines[0]!.slice(2)}`;
    const reading = readMrz(mrzLines(lines.join('\n')), { name: 'María Josefina Fernández de la Concepción', idNumber: 'x-1234567-l' }, '2026-12-06', '2026-12-06T10:00:00.000Z');
    assert.equal(reading.fields.idNumber, 'X1234567L');
    assert.equal(reading.fields.givenNames, 'MA');
    assert.deepEqual(reading.comparisons.map((comparison) => comparison.match), [true, true]);
    const other = readMrz(mrzLines(lines.join('\n')), { name: 'María Josefina Fernández Soler', idNumber: null }, '2026-12-06', '2026-12-06T10:00:00.000Z');
    assert.deepEqual(other.comparisons.map((comparison) => comparison.match), [false, false]);
  });
});
