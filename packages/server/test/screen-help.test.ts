import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, callsTestEnv, signIn } from './call-fixtures.js';
import { outbox } from './appointment-fixtures.js';
import { useTestApp } from './helpers.js';
import { seedCallback } from './screen-help-fixtures.js';

describe('screen help during a callback', () => {
  let now = new Date('2026-11-24T09:00:00Z');
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), reminderScheduler: false, now: () => now }));
  let anna: string;
  let carla: string;
  let bernat: string;
  before(async () => {
    anna = await signIn(suite.app, ALPHA_AGENT);
    carla = await signIn(suite.app, ALPHA_PLAIN_AGENT);
    bernat = await signIn(suite.app, BETA_AGENT);
  });

  const desk = (method: 'GET' | 'POST', url: string, cookie = anna) => suite.app.inject({ method, url: `/api/desk/callbacks/${url}`, headers: { cookie } });
  const citizen = (action: 'open' | 'consent' | 'end', payload: object, council = 'alpha') =>
    suite.app.inject({ method: 'POST', url: `/api/councils/${council}/screen-help/${action}`, payload });
  const calling = () => seedCallback(suite.app, 'alpha', { agentEmail: ALPHA_AGENT.email });
  const start = async (id: string) => {
    const response = await desk('POST', `${id}/screen-help`);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { session: string; code: string; link: string; emailed: boolean; expiresAt: string; state: string };
  };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const INVALID = { statusCode: 404, code: 'FIN_ERR_SCREEN_HELP_CODE_INVALID', message: 'This code does not open a screen-help session: check it with the agent on the phone' };
  const types = async (caseId: string) => (await suite.app.evidence.list(caseId)).map((event) => event.type).filter((type) => type.startsWith('screen_help.'));

  describe('when the agent starts it', () => {
    it('gives a six-digit code, shown once and stored only as a keyed hash, and a link to the page with the session', async () => {
      const id = await calling();
      const started = await start(id);
      assert.match(started.code, /^\d{6}$/);
      assert.equal(started.state, 'waiting');
      assert.ok(started.session.length >= 22, 'at least 128 random bits');
      assert.equal(Date.parse(started.expiresAt) - now.getTime(), 15 * 60_000);
      assert.equal(started.link, `http://localhost/ajuda-pantalla?council=alpha&help=${started.session}`);
      const row = await suite.app.db.selectFrom('screen_help_sessions').selectAll().where('id', '=', started.session).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(started.code), 'the code is nowhere in the row');
      assert.match(row.code_hash, /^[0-9a-f]{64}$/);
      const status = (await desk('GET', `${id}/screen-help`)).json();
      assert.deepEqual(status, { session: started.session, state: 'waiting', expiresAt: started.expiresAt });
    });

    it('emails the link and never the code, in the citizen’s language', async () => {
      const id = await seedCallback(suite.app, 'alpha', { agentEmail: ALPHA_AGENT.email, email: 'joan@example.org', language: 'es' });
      const started = await start(id);
      assert.equal(started.emailed, true);
      const mail = (await outbox(suite.database)).find((message) => message.to === 'joan@example.org');
      assert.ok(mail, 'a message to the citizen');
      assert.match(mail.subject, /Ayuda con la pantalla/);
      assert.ok(mail.text.includes(started.link), mail.text);
      assert.ok(!mail.eml.includes(started.code) && !mail.text.includes(started.code), 'no code in the email');
      const none = await seedCallback(suite.app, 'alpha', { agentEmail: ALPHA_AGENT.email, email: null });
      assert.equal((await start(none)).emailed, false);
    });

    it('refuses a callback not being called, another agent’s, and answers another council’s as unknown', async () => {
      const assigned = await seedCallback(suite.app, 'alpha', { agentEmail: ALPHA_AGENT.email, state: 'assigned' });
      assert.equal((await desk('POST', `${assigned}/screen-help`)).json().code, 'FIN_ERR_SCREEN_HELP_NOT_CALLING');
      const annas = await calling();
      const other = await desk('POST', `${annas}/screen-help`, carla);
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().code, 'FIN_ERR_SCREEN_HELP_NOT_CALLING');
      const foreign = await desk('POST', `${annas}/screen-help`, bernat);
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().code, 'FIN_ERR_CALLBACK_NOT_FOUND');
      assert.equal((await desk('GET', `${annas}/screen-help`)).json().code, 'FIN_ERR_SCREEN_HELP_NOT_FOUND');
      assert.equal((await suite.app.inject({ method: 'POST', url: `/api/desk/callbacks/${annas}/screen-help` })).statusCode, 401);
    });

    it('ends the earlier session when started again, whose code then opens nothing', async () => {
      const id = await calling();
      const first = await start(id);
      const second = await start(id);
      assert.notEqual(first.session, second.session);
      assert.deepEqual((await citizen('open', { code: first.code, session: first.session })).json(), INVALID);
      assert.equal((await suite.app.db.selectFrom('screen_help_sessions').select('ended_reason').where('id', '=', first.session).executeTakeFirstOrThrow()).ended_reason, 'replaced');
      assert.equal((await citizen('open', { code: second.code, session: second.session })).statusCode, 200);
    });
  });

  describe('when the citizen types the code', () => {
    it('opens the session once, with or without the link’s session, and says who will see the screen', async () => {
      const id = await calling();
      const started = await start(id);
      const opened = await citizen('open', { code: started.code, session: started.session });
      assert.equal(opened.statusCode, 200, opened.body);
      const body = opened.json();
      assert.equal(body.session, started.session);
      assert.equal(body.room, id);
      assert.deepEqual(body.agent, { displayName: 'Anna Alfa' });
      assert.deepEqual(body.council, { name: "Ajuntament d'Alfa" });
      assert.equal(body.recordingRequired, false);
      assert.ok(body.token.length > 20);
      assert.deepEqual((await citizen('open', { code: started.code, session: started.session })).json(), INVALID, 'used');
      assert.equal((await desk('GET', `${id}/screen-help`)).json().state, 'opened');

      const without = await start(await calling());
      assert.equal((await citizen('open', { code: without.code })).json().session, without.session);
    });

    it('gives the same answer for a wrong, expired, used and dead code', async () => {
      const id = await calling();
      const started = await start(id);
      const wrongTry = await citizen('open', { code: wrong(started.code), session: started.session });
      assert.equal(wrongTry.statusCode, 404);
      assert.deepEqual(wrongTry.json(), INVALID);

      const expiring = await start(await calling());
      now = new Date(now.getTime() + 16 * 60_000);
      try {
        assert.deepEqual((await citizen('open', { code: expiring.code, session: expiring.session })).json(), INVALID, 'expired');
        const ended = await suite.app.db.selectFrom('screen_help_sessions').select(['state', 'ended_reason']).where('id', '=', expiring.session).executeTakeFirstOrThrow();
        assert.deepEqual(ended, { state: 'ended', ended_reason: 'expired' });
      } finally {
        now = new Date(now.getTime() - 16 * 60_000);
      }

      const dead = await start(await calling());
      await desk('POST', `${(await suite.app.db.selectFrom('screen_help_sessions').select('case_id').where('id', '=', dead.session).executeTakeFirstOrThrow()).case_id}/screen-help/end`);
      assert.deepEqual((await citizen('open', { code: dead.code, session: dead.session })).json(), INVALID, 'dead');
      assert.deepEqual((await citizen('open', { code: dead.code, session: 'no-such-session' })).json(), INVALID, 'unknown session');
    });

    it('kills the code at the fifth wrong try, after which the right code is refused too', async () => {
      const id = await calling();
      const started = await start(id);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        assert.deepEqual((await citizen('open', { code: wrong(started.code), session: started.session })).json(), INVALID);
      }
      assert.deepEqual((await citizen('open', { code: started.code, session: started.session })).json(), INVALID);
      assert.deepEqual((await desk('GET', `${id}/screen-help`)).json(), { session: started.session, state: 'ended', expiresAt: started.expiresAt, endedReason: 'tooManyTries' });
      assert.deepEqual(await types(id), ['screen_help.started', 'screen_help.locked', 'screen_help.ended']);
    });

    it('counts a wrong try without the link against every waiting code of the council', async () => {
      const a = await start(await calling());
      const b = await start(await calling());
      const guesses = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((code) => code !== a.code && code !== b.code).slice(0, 5);
      for (const code of guesses) assert.deepEqual((await citizen('open', { code })).json(), INVALID);
      assert.deepEqual((await citizen('open', { code: a.code })).json(), INVALID);
      assert.deepEqual((await citizen('open', { code: b.code, session: b.session })).json(), INVALID);
    });

    it('refuses a right code with the session of another callback, and a code of another council', async () => {
      const a = await start(await calling());
      const b = await start(await calling());
      assert.deepEqual((await citizen('open', { code: a.code, session: b.session })).json(), INVALID);
      assert.deepEqual((await citizen('open', { code: a.code, session: a.session }, 'beta')).json(), INVALID);
      assert.equal((await citizen('open', { code: a.code, session: a.session })).statusCode, 200);
    });

    it('lets exactly one of two simultaneous opens through', async () => {
      const started = await start(await calling());
      const answers = await Promise.all([citizen('open', { code: started.code, session: started.session }), citizen('open', { code: started.code })]);
      assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [200, 404]);
      assert.equal(await suite.app.db.selectFrom('capability_tokens').select('hash').where('purpose', '=', 'screen-help').where('case_id', '=', answers.find((a) => a.statusCode === 200)!.json().room).execute().then((rows) => rows.length), 1);
    });

    it('refuses malformed input with a 400', async () => {
      for (const payload of [{ code: '12345' }, { code: '1234567' }, { code: 'abcdef' }, { code: '123456', session: 'a b' }]) {
        const response = await citizen('open', payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json().code, 'FIN_ERR_VALIDATION');
      }
    });
  });

  describe('once opened', () => {
    async function opened() {
      const id = await calling();
      const started = await start(id);
      const { token } = (await citizen('open', { code: started.code, session: started.session })).json();
      return { id, started, token: token as string };
    }

    it('records the consent and what is shared, then ends by the citizen, and the token opens nothing more', async () => {
      const { id, started, token } = await opened();
      assert.equal((await citizen('consent', { token, share: 'screen' })).statusCode, 200);
      assert.deepEqual((await desk('GET', `${id}/screen-help`)).json(), { session: started.session, state: 'sharing', share: 'screen', expiresAt: started.expiresAt });
      assert.equal((await citizen('consent', { token, share: 'camera' })).statusCode, 200);
      assert.equal((await citizen('end', { token })).statusCode, 200);
      assert.equal((await desk('GET', `${id}/screen-help`)).json().endedReason, 'citizen');
      const again = await citizen('consent', { token, share: 'screen' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'FIN_ERR_SCREEN_HELP_ENDED');
      assert.equal(await suite.app.tokens.resolve(token, 'screen-help', now), undefined);
      const events = (await suite.app.evidence.list(id)).filter((event) => event.type.startsWith('screen_help.'));
      assert.deepEqual(
        events.map((event) => [event.type, event.actor, event.data]),
        [
          ['screen_help.started', events[0]!.actor, { session: started.session, expiresAt: started.expiresAt, emailed: true }],
          ['screen_help.opened', 'citizen', { session: started.session }],
          ['screen_help.consented', 'citizen', { session: started.session, share: 'screen' }],
          ['screen_help.consented', 'citizen', { session: started.session, share: 'camera' }],
          ['screen_help.ended', 'citizen', { session: started.session, reason: 'citizen' }],
        ],
      );
      assert.match(events[0]!.actor, /^agent:/);
    });

    it('ends by the agent', async () => {
      const { id, started, token } = await opened();
      await citizen('consent', { token, share: 'screen' });
      const ended = await desk('POST', `${id}/screen-help/end`);
      assert.equal(ended.statusCode, 200);
      assert.deepEqual(ended.json(), { session: started.session, state: 'ended', share: 'screen', expiresAt: started.expiresAt, endedReason: 'agent' });
      assert.deepEqual(await types(id), ['screen_help.started', 'screen_help.opened', 'screen_help.consented', 'screen_help.ended']);
      assert.equal((await citizen('end', { token })).statusCode, 200, 'ending twice changes nothing');
      assert.deepEqual(await types(id), ['screen_help.started', 'screen_help.opened', 'screen_help.consented', 'screen_help.ended']);
    });

    it('ends when the callback’s outcome is recorded', async () => {
      const { id, token } = await opened();
      const outcome = await suite.app.inject({ method: 'POST', url: `/api/desk/callbacks/${id}/outcome`, headers: { cookie: anna }, payload: { outcome: 'reached' } });
      assert.equal(outcome.statusCode, 200, outcome.body);
      assert.equal((await desk('GET', `${id}/screen-help`)).json().endedReason, 'callbackClosed');
      assert.equal((await citizen('consent', { token, share: 'screen' })).json().code, 'FIN_ERR_SCREEN_HELP_ENDED');
    });

    it('refuses a forged token and another council’s', async () => {
      const { token } = await opened();
      assert.equal((await citizen('consent', { token: 'forged', share: 'screen' })).statusCode, 401);
      assert.equal((await citizen('consent', { token, share: 'screen' }, 'beta')).statusCode, 401);
      assert.equal((await citizen('end', { token: 'forged' })).statusCode, 401);
    });
  });

  it('serves the page the link opens, in three languages', async () => {
    for (const [lang, title] of [['ca', 'Ajuda amb la pantalla'], ['es', 'Ayuda con la pantalla'], ['en', 'Screen help']]) {
      const page = await suite.app.inject(`/ajuda-pantalla?council=alpha&help=abc&lang=${lang}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`<title>${title}`) || page.body.includes(title), lang);
      assert.ok(page.body.includes('<finestreta-config api="" council="alpha"><screen-help></screen-help></finestreta-config>'));
    }
  });
});
