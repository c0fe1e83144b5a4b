import assert from 'node:assert/strict';
import { createHash, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { readCouncilsFile, seedCouncils } from '../src/modules/councils/seed.js';
import { hashPassword } from '../src/shared/password.js';
import { ALPHA_AGENT, BETA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { seedAgent, useTestApp } from './helpers.js';
import { councilsWithHabilitations, HABILITATION, JOAN, PAU, presentApplication, readyToAgree, type Ready } from './procedure-fixtures.js';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('the agreement to the application, and the signature on the citizen’s behalf', () => {
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), COUNCILS_FILE: await councilsWithHabilitations(database.env.DATA_DIR!) } }));

  const present = (app: FastifyInstance, caseId: string, title?: string) => presentApplication(app, caseId, title);
  const ready = (council = 'alpha', verified = true) => readyToAgree(suite.app, council, verified);

  const readDocument = (target: Ready, council = 'alpha', headers: Record<string, string> = {}) =>
    suite.app.inject({ url: `/api/councils/${council}/appointments/mine/procedure/document?token=${target.token}&id=${target.documentId}`, headers });
  const answer = (target: Ready, payload: Record<string, unknown>, council = 'alpha') =>
    suite.app.inject({
      method: 'POST',
      url: `/api/councils/${council}/appointments/mine/procedure/agreement`,
      headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Firefox/133.0' },
      payload: { token: target.token, ...payload },
    });
  const agree = (target: Ready) => answer(target, { agree: true, sha256: target.sha256 });
  const sign = (target: Ready, cookie: string, password: string) =>
    suite.app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/agreement/sign`, headers: { cookie }, payload: { password } });
  const types = async (caseId: string) => (await suite.app.evidence.list(caseId)).map((event) => event.type);
  const eventOf = async (caseId: string, type: string) => (await suite.app.evidence.list(caseId)).find((event) => event.type === type)!;

  describe('when the citizen reads the application presented', () => {
    it('gets the exact bytes, uncached, and the first reading is logged as shown', async () => {
      const target = await ready();
      const read = await readDocument(target, 'alpha', { 'user-agent': 'Phone browser' });
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(read.headers['cache-control'], 'no-store');
      assert.equal(sha256(read.rawPayload), target.sha256);
      assert.equal((await readDocument(target)).statusCode, 200);
      const shown = await suite.app.evidence.list(target.id);
      assert.deepEqual(shown.filter((event) => event.type === 'agreement.shown').length, 1);
      const event = shown.at(-1)!;
      assert.equal(event.actor, 'citizen');
      assert.deepEqual(event.data, { documentId: target.documentId, sha256: target.sha256, ip: '127.0.0.1', userAgent: 'Phone browser', recording: null });
    });

    it('still gives it once the call has ended, without logging it as shown', async () => {
      const target = await ready();
      await suite.app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', target.id).execute();
      const read = await readDocument(target);
      assert.equal(read.statusCode, 200);
      assert.equal(read.body, target.body);
      assert.ok(!(await types(target.id)).includes('agreement.shown'));
    });

    it("does not give another case's document, nor to another council's link", async () => {
      const mineCase = await ready();
      const other = await ready();
      const crossed = await readDocument({ ...mineCase, documentId: other.documentId });
      assert.equal(crossed.statusCode, 404);
      assert.equal(crossed.json().code, 'FIN_ERR_DOCUMENT_NOT_FOUND');
      const beta = await ready('beta');
      const wrongCouncil = await readDocument({ ...beta, documentId: mineCase.documentId });
      assert.equal(wrongCouncil.statusCode, 401);
      assert.equal(wrongCouncil.json().code, 'FIN_ERR_TOKEN_INVALID');
      assert.ok(!(await types(other.id)).includes('agreement.shown'));
    });
  });

  describe('when the citizen agrees', () => {
    it('records the fingerprint, after "shown", with the address and the browser', async () => {
      const target = await ready();
      await readDocument(target);
      const agreed = await agree(target);
      assert.equal(agreed.statusCode, 200);
      assert.deepEqual(agreed.json().agreement, { state: 'agreed', documentId: target.documentId });
      assert.equal(agreed.json().asked, null);
      assert.deepEqual((await types(target.id)).slice(-3), ['agreement.presented', 'agreement.shown', 'agreement.agreed']);
      const event = await eventOf(target.id, 'agreement.agreed');
      assert.deepEqual(event.data, {
        documentId: target.documentId,
        sha256: target.sha256,
        ip: '127.0.0.1',
        userAgent: 'Mozilla/5.0 (Linux; Android 14) Firefox/133.0',
        recording: null,
      });
    });

    it('refuses before the document was shown, and logs nothing', async () => {
      const target = await ready();
      const before = await types(target.id);
      const early = await agree(target);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'FIN_ERR_AGREEMENT_NOT_PRESENTED');
      assert.deepEqual(await types(target.id), before);
    });

    it('refuses a fingerprint that is not the one presented', async () => {
      const target = await ready();
      await readDocument(target);
      const tampered = await answer(target, { agree: true, sha256: sha256(`${target.body} `) });
      assert.equal(tampered.statusCode, 409);
      assert.equal(tampered.json().code, 'FIN_ERR_AGREEMENT_MISMATCH');
      const missing = await answer(target, { agree: true });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().code, 'FIN_ERR_VALIDATION');
      const view = await suite.app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?token=${target.token}` });
      assert.deepEqual(view.json().asked, { kind: 'agreement', documentId: target.documentId });
    });

    it('refuses without a verified identity', async () => {
      const target = await ready('alpha', false);
      await readDocument(target);
      const refused = await agree(target);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'FIN_ERR_IDENTITY_NOT_VERIFIED');
    });

    it('refuses where the council requires recording and the call is not being recorded', async () => {
      const target = await ready('beta');
      const cookie = await signIn(suite.app, BETA_AGENT);
      const desk = await suite.app.inject({ url: `/api/desk/appointments/${target.id}/procedure`, headers: { cookie } });
      assert.deepEqual(desk.json().recording, { required: true, running: false });
      await readDocument(target, 'beta');
      const refused = await answer(target, { agree: true, sha256: target.sha256 }, 'beta');
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'FIN_ERR_AGREEMENT_RECORDING_REQUIRED');
      assert.ok(!(await types(target.id)).includes('agreement.agreed'));
    });

    it('answers only once', async () => {
      const target = await ready();
      await readDocument(target);
      assert.equal((await agree(target)).statusCode, 200);
      for (const again of [await agree(target), await answer(target, { agree: false })]) {
        assert.equal(again.statusCode, 409);
        assert.equal(again.json().code, 'FIN_ERR_AGREEMENT_NOT_PRESENTED');
      }
      assert.equal((await types(target.id)).filter((type) => type === 'agreement.agreed' || type === 'agreement.refused').length, 1);
    });

    it("does not let another case's link answer for this one", async () => {
      const target = await ready();
      const other = await ready('beta');
      await readDocument(target);
      const crossed = await answer({ ...target, token: other.token }, { agree: true, sha256: target.sha256 });
      assert.equal(crossed.statusCode, 401);
      assert.equal(crossed.json().code, 'FIN_ERR_TOKEN_INVALID');
      assert.ok(!(await types(target.id)).includes('agreement.agreed'));
    });
  });

  describe('when the citizen does not agree', () => {
    it('records the refusal with its reason, and the step fails', async () => {
      const target = await ready();
      const refused = await answer(target, { agree: false, reason: '  The address is wrong  ' });
      assert.equal(refused.statusCode, 200);
      assert.deepEqual(refused.json().agreement, { state: 'refused', documentId: target.documentId });
      assert.equal(refused.json().steps.find((step: { id: string }) => step.id === 'agreement').state, 'failed');
      const event = await eventOf(target.id, 'agreement.refused');
      assert.equal(event.data.reason, 'The address is wrong');
      assert.equal(event.data.sha256, target.sha256);
      const tooLong = await answer(await ready(), { agree: false, reason: 'x'.repeat(501) });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().code, 'FIN_ERR_VALIDATION');
    });
  });

  describe('when anything changes after agreement', () => {
    it('voids it and asks the citizen again, about the new document', async () => {
      const { app } = suite;
      const target = await ready();
      const cookie = await signIn(app, ALPHA_AGENT);
      await readDocument(target);
      await agree(target);
      const back = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/step`, headers: { cookie }, payload: { step: 'application' } });
      assert.equal(back.statusCode, 200);
      assert.equal(back.json().agreement.state, 'void');
      let view = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?token=${target.token}` });
      assert.equal(view.json().asked, null);
      assert.equal((await sign(target, cookie, ALPHA_AGENT.password)).json().code, 'FIN_ERR_AGREEMENT_MISSING');

      const again = { ...target, ...(await present(app, target.id, 'Sol·licitud genèrica, corregida')) };
      view = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?token=${target.token}` });
      assert.deepEqual(view.json().asked, { kind: 'agreement', documentId: again.documentId });
      await readDocument(again);
      assert.equal((await agree(target)).json().code, 'FIN_ERR_AGREEMENT_MISMATCH');
      assert.equal((await agree(again)).statusCode, 200);
      assert.deepEqual(
        (await types(target.id)).filter((type) => type.startsWith('agreement.')),
        ['agreement.presented', 'agreement.shown', 'agreement.agreed', 'agreement.voided', 'agreement.presented', 'agreement.shown', 'agreement.agreed'],
      );
    });
  });

  describe('when the agent signs on the citizen’s behalf', () => {
    async function agreed(council = 'alpha') {
      const target = await ready(council);
      await readDocument(target, council);
      assert.equal((await answer(target, { agree: true, sha256: target.sha256 }, council)).statusCode, 200);
      return target;
    }

    it('signs what was agreed with a key anyone can check from the evidence, and closes the procedure', async () => {
      const { app } = suite;
      const target = await agreed();
      const cookie = await signIn(app, ALPHA_AGENT);
      const signed = await sign(target, cookie, ALPHA_AGENT.password);
      assert.equal(signed.statusCode, 200);
      const { agreement, current, steps } = signed.json();
      assert.equal(current, 'receipt');
      assert.deepEqual(
        steps.map((step: { id: string; state: string }) => `${step.id}:${step.state}`).slice(-2),
        ['agreement:done', 'receipt:current'],
      );
      assert.equal(agreement.signature.habilitation, HABILITATION);
      assert.equal(agreement.signature.agentName, 'Anna Alfa');

      const event = await eventOf(target.id, 'agreement.signed');
      const { publicKey, publicKeySha256, signedInput, signature, signedAt, algorithm } = event.data as Record<string, string>;
      assert.equal(algorithm, 'ECDSA-P256-SHA256');
      assert.equal(sha256(publicKey!), publicKeySha256);
      assert.equal(publicKeySha256, agreement.signature.publicKeySha256);
      assert.equal(signedInput, `finestreta-agreement-signature-v1\ncase:${target.id}\ndocument:${target.documentId}\nsha256:${target.sha256}\nsigned-at:${signedAt}\n`);
      assert.ok(verify('sha256', Buffer.from(signedInput!), publicKey!, Buffer.from(signature!, 'base64')));
      assert.ok(!verify('sha256', Buffer.from(signedInput!.replace(target.sha256, sha256('other'))), publicKey!, Buffer.from(signature!, 'base64')));
      assert.equal(event.data.habilitation, HABILITATION);
      const anna = await app.db.selectFrom('agents').select('id').where('email', '=', ALPHA_AGENT.email).executeTakeFirstOrThrow();
      assert.equal(event.actor, `agent:${anna.id}`);
      assert.equal(event.data.agentId, anna.id);

      assert.deepEqual((await types(target.id)).slice(-5), ['agreement.presented', 'agreement.shown', 'agreement.agreed', 'agreement.signed', 'procedure.step']);
      const step = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/step`, headers: { cookie }, payload: { step: 'application' } });
      assert.equal(step.statusCode, 409);
      assert.equal(step.json().code, 'FIN_ERR_PROCEDURE_CLOSED');
      assert.equal((await sign(target, cookie, ALPHA_AGENT.password)).json().code, 'FIN_ERR_PROCEDURE_CLOSED');
      assert.equal((await answer(target, { agree: false })).json().code, 'FIN_ERR_PROCEDURE_CLOSED');
      const stored = await app.db.selectFrom('agent_keys').selectAll().where('agent_id', '=', agreement.signature.agentId).executeTakeFirstOrThrow();
      assert.equal(stored.public_key, publicKey);
      assert.doesNotMatch(stored.sealed_private_key, /PRIVATE KEY/);
    });

    it('refuses an agent without a habilitation, whatever the password', async () => {
      const target = await agreed();
      const cookie = await signIn(suite.app, JOAN);
      const refused = await sign(target, cookie, JOAN.password);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'FIN_ERR_HABILITATION_REQUIRED');
      assert.ok(!(await types(target.id)).includes('agreement.signed'));
    });

    it("does not let another council's agent sign", async () => {
      const target = await agreed();
      const refused = await sign(target, await signIn(suite.app, BETA_AGENT), BETA_AGENT.password);
      assert.equal(refused.statusCode, 404);
      assert.equal(refused.json().code, 'FIN_ERR_APPOINTMENT_NOT_FOUND');
    });

    it('refuses a wrong password, counting it like a sign-in', async () => {
      const { app } = suite;
      const target = await agreed();
      const cookie = await signIn(app, PAU);
      for (let attempt = 0; attempt < 5; attempt++) {
        const wrong = await sign(target, cookie, 'not-pau-password');
        assert.equal(wrong.statusCode, 401);
        assert.equal(wrong.json().code, 'FIN_ERR_CREDENTIALS_INVALID');
      }
      const held = await sign(target, cookie, PAU.password);
      assert.equal(held.statusCode, 429);
      assert.ok(Number(held.headers['retry-after']) > 0);
      const login = await app.inject({ method: 'POST', url: '/api/desk/login', payload: PAU });
      assert.equal(login.statusCode, 429);
      assert.ok(!(await types(target.id)).includes('agreement.signed'));
    });

    it('keeps one key per password: a changed password signs with a new key, the old one still verifies', async () => {
      const { app } = suite;
      const cookie = await signIn(app, ALPHA_AGENT);
      const keyOf = async (target: Ready) => (await eventOf(target.id, 'agreement.signed')).data as Record<string, string>;
      const first = await agreed();
      const second = await agreed();
      await sign(first, cookie, ALPHA_AGENT.password);
      await sign(second, cookie, ALPHA_AGENT.password);
      assert.equal((await keyOf(first)).publicKeySha256, (await keyOf(second)).publicKeySha256);

      const changed = 'a-new-alpha-password';
      await app.db.updateTable('agents').set({ password_hash: await hashPassword(changed) }).where('email', '=', ALPHA_AGENT.email).execute();
      const third = await agreed();
      assert.equal((await sign(third, cookie, changed)).statusCode, 200);
      const renewed = await keyOf(third);
      assert.notEqual(renewed.publicKeySha256, (await keyOf(first)).publicKeySha256);
      for (const signed of [await keyOf(first), renewed]) {
        assert.ok(verify('sha256', Buffer.from(signed.signedInput!), signed.publicKey!, Buffer.from(signed.signature!, 'base64')));
      }
      await app.db.updateTable('agents').set({ password_hash: await hashPassword(ALPHA_AGENT.password) }).where('email', '=', ALPHA_AGENT.email).execute();
    });
  });

  describe('the habilitations in the councils file', () => {
    it('are given to the agents the file creates; afterwards the database wins, where administrators change them', async () => {
      const { app } = suite;
      const habilitationOf = async (email: string) =>
        (await app.db.selectFrom('agents').select('habilitation').where('email', '=', email).executeTakeFirstOrThrow()).habilitation;
      assert.equal(await habilitationOf(ALPHA_AGENT.email), HABILITATION);
      assert.equal(await habilitationOf(JOAN.email), null);
      const councils = await readCouncilsFile(await councilsWithHabilitations(suite.database.env.DATA_DIR!));
      councils[0]!.agents = await Promise.all([{ name: 'Anna Alfa', ...ALPHA_AGENT }, { name: 'Joan Alfa', ...JOAN, habilitation: 'ALFA-HAB-2026-012' }].map(seedAgent));
      await seedCouncils(app, councils);
      assert.equal(await habilitationOf(ALPHA_AGENT.email), HABILITATION);
      assert.equal(await habilitationOf(JOAN.email), null);
    });

    it('give the demo agent a habilitation that says it is a demonstration', async () => {
      const [demo] = await readCouncilsFile(DEMO_COUNCILS_FILE);
      assert.match(demo!.agents![0]!.habilitation!, /demonstration/);
    });
  });
});
