import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { hashPassword } from '../src/shared/password.js';
import { outbox } from './appointment-fixtures.js';
import { buildTestApp, signIn, TWO_COUNCILS_FILE, useTestApp } from './helpers.js';

const ANNA = { email: 'anna@alpha.example', password: 'alpha-password-1' };
const BERNAT = { email: 'bernat@beta.example', password: 'beta-password-12' };
const ALBA = { email: 'alba@alpha.example', password: 'alpha-admin-pass-1' };
const ENV = { COUNCILS_FILE: TWO_COUNCILS_FILE };

interface Member {
  id: string;
  name: string;
  email: string;
  role: string;
  habilitation: string | null;
  disabledAt: string | null;
  lastSignInAt: string | null;
  invited: boolean;
}

describe('agent management by administrators', () => {
  let now = new Date('2026-12-07T08:00:00Z');
  const suite = useTestApp({ env: ENV, now: () => now });
  let admin: string;

  before(async () => {
    await suite.app.agents.create({ councilId: 'alpha', email: ALBA.email, name: 'Alba Alfa', passwordHash: await hashPassword(ALBA.password), role: 'administrator', now });
    admin = await signIn(suite.app, ALBA.email, ALBA.password);
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) => suite.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
  const list = async () => (await call('GET', '/api/desk/agents', admin)).json().agents as Member[];
  const byEmail = async (email: string) => (await list()).find((member) => member.email === email)!;
  const audit = async (query = '') => (await call('GET', `/api/desk/audit${query}`, admin)).json() as { entries: Array<{ seq: number; action: string; actor: { name: string } | null; target: { email: string } | null; details: Record<string, unknown> }>; next: number | null };
  const login = (credentials: { email: string; password: string }) => suite.app.inject({ method: 'POST', url: '/api/desk/login', payload: credentials });
  const accept = (token: string, password: string, key?: string) =>
    suite.app.inject({ method: 'POST', url: '/api/desk/invitation', payload: { token, password }, ...(key && { headers: { 'idempotency-key': key } }) });
  const tokenOf = (url: string) => new URL(url).hash.replace('#invitation=', '');

  it('refuses an agent and a supervisor, 403 FIN_ERR_ROLE_FORBIDDEN', async () => {
    for (const who of [ANNA, BERNAT]) {
      const cookie = await signIn(suite.app, who.email, who.password);
      for (const [method, url] of [['GET', '/api/desk/agents'], ['POST', '/api/desk/agents'], ['GET', '/api/desk/audit']] as const) {
        const response = await call(method, url, cookie, method === 'POST' ? { name: 'X', email: 'x@alpha.example', role: 'administrator' } : undefined);
        assert.equal(response.statusCode, 403, `${who.email} ${method} ${url}`);
        assert.equal(response.json().code, 'FIN_ERR_ROLE_FORBIDDEN');
      }
    }
    assert.equal((await suite.app.agents.findByEmail('x@alpha.example')), undefined);
  });

  it("lists the council's own agents with their role, habilitation and last sign-in, none of another council", async () => {
    const agents = await list();
    assert.deepEqual(agents.map((member) => [member.name, member.role, member.disabledAt, member.invited]), [['Alba Alfa', 'administrator', null, false], ['Anna Alfa', 'agent', null, false]]);
    assert.equal((await byEmail(ANNA.email)).lastSignInAt, now.toISOString());
    assert.doesNotMatch(JSON.stringify(agents), /bernat|passwordHash|password_hash|scrypt/i);
  });

  it('invites an agent, who sets a password once with the emailed link and signs in; the link then no longer works', async () => {
    const response = await call('POST', '/api/desk/agents', admin, { name: 'Pau Alfa', email: 'Pau@Alpha.example', role: 'agent', habilitation: 'ALPHA-HAB-7' });
    assert.equal(response.statusCode, 201, response.body);
    const { agent, invitation } = response.json() as { agent: Member; invitation: { url: string; expiresAt: string } };
    assert.deepEqual([agent.email, agent.invited, agent.habilitation, agent.lastSignInAt], ['pau@alpha.example', true, 'ALPHA-HAB-7', null]);
    assert.equal(invitation.expiresAt, new Date(now.getTime() + 72 * 3_600_000).toISOString());
    assert.match(invitation.url, /^http:\/\/localhost(:80)?\/desk\?council=alpha#invitation=[\w-]{43}$/);
    const token = tokenOf(invitation.url);
    const stored = await suite.app.db.selectFrom('agent_invitations').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes(token), 'the token is stored only hashed');

    const mail = (await outbox(suite.database)).find((entry) => entry.to === 'pau@alpha.example')!;
    assert.ok(mail.text.includes(invitation.url), mail.text);

    // Before accepting, the invitee cannot sign in with any password, not even an empty one's hash.
    assert.equal((await login({ email: 'pau@alpha.example', password: 'anything at all' })).json().code, 'FIN_ERR_CREDENTIALS_INVALID');
    assert.equal((await accept(token, 'too short')).statusCode, 400);
    assert.equal((await accept(token, 'pau-chose-this-1', 'accept-1')).statusCode, 204);
    // The desk's retry after a lost answer gets the first answer, not "already used".
    assert.equal((await accept(token, 'pau-chose-this-1', 'accept-1')).statusCode, 204);
    const again = await accept(token, 'someone-else-now');
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'FIN_ERR_TOKEN_INVALID');
    assert.equal((await login({ email: 'pau@alpha.example', password: 'someone-else-now' })).statusCode, 401);
    assert.equal((await login({ email: 'pau@alpha.example', password: 'pau-chose-this-1' })).statusCode, 200);
    assert.deepEqual([(await byEmail('pau@alpha.example')).invited, (await byEmail('pau@alpha.example')).lastSignInAt], [false, now.toISOString()]);

    const entries = (await audit()).entries.slice(0, 2);
    assert.deepEqual(entries.map((entry) => [entry.action, entry.actor?.name, entry.target?.email]), [['agent.invitationAccepted', 'Pau Alfa', 'pau@alpha.example'], ['agent.invited', 'Alba Alfa', 'pau@alpha.example']]);
    assert.equal(entries[1]!.details.role, 'agent');
    assert.ok(!JSON.stringify(await audit()).includes(token));
  });

  it('refuses an email any agent has, and an invitation used after 72 hours', async () => {
    const taken = await call('POST', '/api/desk/agents', admin, { name: 'Bernat Bis', email: BERNAT.email, role: 'agent' });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'FIN_ERR_AGENT_EXISTS');
    const { invitation } = (await call('POST', '/api/desk/agents', admin, { name: 'Queralt Alfa', email: 'queralt@alpha.example', role: 'supervisor' })).json();
    now = new Date(now.getTime() + 72 * 3_600_000 + 1000);
    admin = await signIn(suite.app, ALBA.email, ALBA.password);
    const late = await accept(tokenOf(invitation.url), 'queralt-password-1');
    assert.equal(late.statusCode, 401);
    assert.equal(late.json().code, 'FIN_ERR_TOKEN_INVALID');
    assert.equal((await login({ email: 'queralt@alpha.example', password: 'queralt-password-1' })).statusCode, 401);

    // A new link for her: the expired one still fails, the new one works once.
    const queralt = await byEmail('queralt@alpha.example');
    const renewed = await call('POST', `/api/desk/agents/${queralt.id}/invitation`, admin);
    assert.equal(renewed.statusCode, 201, renewed.body);
    const fresh = tokenOf(renewed.json().invitation.url);
    assert.notEqual(fresh, tokenOf(invitation.url));
    assert.equal((await accept(tokenOf(invitation.url), 'queralt-password-1')).statusCode, 401);
    assert.equal((await accept(fresh, 'queralt-password-1')).statusCode, 204);
    assert.equal((await login({ email: 'queralt@alpha.example', password: 'queralt-password-1' })).statusCode, 200);
    const again = await call('POST', `/api/desk/agents/${queralt.id}/invitation`, admin);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'FIN_ERR_AGENT_NOT_INVITED');
    assert.deepEqual((await audit()).entries.slice(0, 2).map((entry) => entry.action), ['agent.invitationAccepted', 'agent.invitationRenewed']);
  });

  it("sets an agent's role and habilitation, each change logged once", async () => {
    const anna = await byEmail(ANNA.email);
    const changed = await call('PATCH', `/api/desk/agents/${anna.id}`, admin, { role: 'supervisor', habilitation: 'ALPHA-HAB-2' });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual([changed.json().role, changed.json().habilitation], ['supervisor', 'ALPHA-HAB-2']);
    // The same values again change nothing and log nothing.
    const before = (await audit()).entries[0]!.seq;
    assert.equal((await call('PATCH', `/api/desk/agents/${anna.id}`, admin, { role: 'supervisor' })).statusCode, 200);
    const entries = (await audit()).entries;
    assert.equal(entries[0]!.seq, before);
    assert.deepEqual(entries.slice(0, 2).map((entry) => [entry.action, entry.details]), [
      ['agent.habilitationChanged', { from: null, to: 'ALPHA-HAB-2' }],
      ['agent.roleChanged', { from: 'agent', to: 'supervisor' }],
    ]);
    const me = (await call('GET', '/api/desk/me', await signIn(suite.app, ANNA.email, ANNA.password))).json().agent;
    assert.deepEqual([me.role, me.habilitation], ['supervisor', 'ALPHA-HAB-2']);
    assert.equal((await call('PATCH', `/api/desk/agents/${anna.id}`, admin, {})).statusCode, 400);
  });

  it('disables an agent: their session and event stream end at once, and they cannot sign in until enabled again', async () => {
    const anna = await byEmail(ANNA.email);
    const cookie = await signIn(suite.app, ANNA.email, ANNA.password);
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = suite.app.server.address() as AddressInfo;
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const streamEnded = new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/desk/events', headers: { cookie } }, (response) => {
          assert.equal(response.statusCode, 200);
          response.on('data', (chunk: Buffer) => chunk.toString().includes(': connected') && connected());
          response.on('end', resolve);
        })
        .on('error', reject);
    });
    await isConnected;

    const disabled = await call('PATCH', `/api/desk/agents/${anna.id}`, admin, { disabled: true });
    assert.equal(disabled.statusCode, 200);
    assert.equal(disabled.json().disabledAt, now.toISOString());
    await streamEnded;
    assert.equal((await call('GET', '/api/desk/me', cookie)).statusCode, 401);
    const refused = await login(ANNA);
    const wrong = await login({ ...ANNA, password: 'not-her-password' });
    assert.deepEqual([refused.statusCode, refused.json()], [wrong.statusCode, wrong.json()]);

    assert.equal((await call('PATCH', `/api/desk/agents/${anna.id}`, admin, { disabled: false })).statusCode, 200);
    assert.equal((await login(ANNA)).statusCode, 200);
    assert.deepEqual((await audit()).entries.slice(0, 2).map((entry) => entry.action), ['agent.enabled', 'agent.disabled']);
  });

  it('keeps the council with an enabled administrator: the last one cannot disable or demote themselves', async () => {
    const alba = await byEmail(ALBA.email);
    for (const change of [{ disabled: true }, { role: 'supervisor' }]) {
      const refused = await call('PATCH', `/api/desk/agents/${alba.id}`, admin, change);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'FIN_ERR_LAST_ADMINISTRATOR');
    }
    assert.equal((await byEmail(ALBA.email)).role, 'administrator');
    const pau = await byEmail('pau@alpha.example');
    assert.equal((await call('PATCH', `/api/desk/agents/${pau.id}`, admin, { role: 'administrator' })).statusCode, 200);
    assert.equal((await call('PATCH', `/api/desk/agents/${alba.id}`, admin, { role: 'supervisor' })).statusCode, 200);
    assert.equal((await call('GET', '/api/desk/agents', admin)).statusCode, 403, 'the demotion holds at once');
    const pauCookie = await signIn(suite.app, 'pau@alpha.example', 'pau-chose-this-1');
    assert.equal((await call('PATCH', `/api/desk/agents/${alba.id}`, pauCookie, { role: 'administrator' })).statusCode, 200);

    // Two administrators demoting each other at once: one wins, the other is refused, as the
    // last administrator (409), or as no longer one when the winner's change landed before its
    // own request was authorised (403).
    const [byAlba, byPau] = await Promise.all([
      call('PATCH', `/api/desk/agents/${pau.id}`, admin, { role: 'agent' }),
      call('PATCH', `/api/desk/agents/${alba.id}`, pauCookie, { role: 'agent' }),
    ]);
    const [won, refused] = [byAlba.statusCode, byPau.statusCode].sort();
    assert.equal(won, 200);
    assert.ok(refused === 409 || refused === 403, `the other is refused, not ${refused}`);
    assert.equal((await suite.app.staff.list('alpha')).filter((member) => member.role === 'administrator').length, 1);
    if (byPau.statusCode === 200) assert.equal((await call('PATCH', `/api/desk/agents/${alba.id}`, pauCookie, { role: 'administrator' })).statusCode, 200);
    else assert.equal((await call('PATCH', `/api/desk/agents/${pau.id}`, admin, { role: 'administrator' })).statusCode, 200);
  });

  it("answers another council's agent like a missing one, and changes nothing of theirs", async () => {
    const bernat = (await suite.app.agents.findByEmail(BERNAT.email))!;
    const renew = await call('POST', `/api/desk/agents/${bernat.id}/invitation`, admin);
    assert.deepEqual([renew.statusCode, renew.json().code], [404, 'FIN_ERR_AGENT_NOT_FOUND']);
    const foreign = await call('PATCH', `/api/desk/agents/${bernat.id}`, admin, { disabled: true });
    const missing = await call('PATCH', '/api/desk/agents/00000000-0000-4000-8000-000000000000', admin, { disabled: true });
    assert.deepEqual([foreign.statusCode, foreign.json()], [404, missing.json()]);
    assert.equal(foreign.json().code, 'FIN_ERR_AGENT_NOT_FOUND');
    assert.equal((await login(BERNAT)).statusCode, 200);
  });

  it('keeps an audit log per council, newest first, in pages, chained by hashes', async () => {
    const whole = (await audit('?limit=100')).entries;
    assert.ok(whole.length >= 10, `${whole.length} entries`);
    assert.deepEqual(whole.map((entry) => entry.seq), whole.map((_, i) => whole.length - i));
    const first = await audit('?limit=4');
    assert.equal(first.entries.length, 4);
    const second = await audit(`?limit=4&before=${first.next}`);
    assert.deepEqual([...first.entries, ...second.entries].map((entry) => entry.seq), whole.slice(0, 8).map((entry) => entry.seq));
    assert.equal(await suite.app.staff.audit.verify('alpha'), true);
    assert.ok(whole.every((entry) => entry.target?.email !== BERNAT.email));

    // Editing an entry in the database breaks the chain.
    await suite.app.db.updateTable('audit_log').set({ details: '{"from":"agent","to":"administrator"}' }).where('council_id', '=', 'alpha').where('action', '=', 'agent.roleChanged').execute();
    assert.equal(await suite.app.staff.audit.verify('alpha'), false);
  });

  it('keeps what administrators did when the server starts again with the councils file', async () => {
    const anna = await byEmail(ANNA.email);
    assert.equal((await call('PATCH', `/api/desk/agents/${anna.id}`, admin, { disabled: true })).statusCode, 200);
    const restarted = await buildTestApp(suite.database, { env: ENV, now: () => now });
    try {
      const seeded = await restarted.staff.list('alpha');
      const after = seeded.find((member) => member.email === ANNA.email)!;
      assert.deepEqual([after.role, after.habilitation, after.disabledAt !== null], ['supervisor', 'ALPHA-HAB-2', true]);
    } finally {
      await restarted.close();
    }
  });
});
