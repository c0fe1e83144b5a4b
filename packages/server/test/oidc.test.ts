import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CouncilsFileError } from '../src/modules/councils/seed.js';
import { startProvider, type TestProvider } from './fixtures/oidc-provider.js';
import { buildTestApp, createTestDatabase, sessionCookie, TWO_COUNCILS_FILE, useTestApp, type TestDatabase } from './helpers.js';

/** Where the provider sends the browser back: the server's link base (the tests' PUBLIC_URL) as URLs write it. */
const CALLBACK = 'http://localhost/api/desk/oidc/alpha/callback';

/** The two councils' file, with alpha signing its agents in at `issuer`, its client secret in a file beside it. */
function writeCouncils(dataDir: string, provider: TestProvider, issuer = provider.issuer): string {
  const councils = JSON.parse(readFileSync(TWO_COUNCILS_FILE, 'utf8')) as Record<string, unknown>[];
  writeFileSync(path.join(dataDir, 'alpha-oidc.secret'), `${provider.clientSecret}\n`);
  councils[0]!.identityProvider = {
    name: 'Alfa ID',
    issuer,
    clientId: provider.clientId,
    clientSecretFile: 'alpha-oidc.secret',
    scopes: ['openid', 'email', 'profile', 'groups'],
    roles: { claim: 'groups', values: { 'oac-staff': 'agent', 'oac-heads': 'supervisor' } },
    emailDomains: ['alpha.example'],
  };
  const file = path.join(dataDir, 'councils-oidc.json');
  writeFileSync(file, JSON.stringify(councils));
  return file;
}

describe('sign-in with the council’s identity provider', () => {
  let provider: TestProvider;
  before(async () => {
    provider = await startProvider([CALLBACK]);
  });
  after(() => provider.close());
  const suite = useTestApp(async (database) => ({ env: { COUNCILS_FILE: writeCouncils(database.env.DATA_DIR!, provider), OIDC_ALLOW_HTTP_ISSUER: 'true' } }));

  /** Starts a sign-in as a browser would: where it is sent, and the cookie it holds meanwhile. */
  async function start(app: FastifyInstance) {
    const response = await app.inject({ method: 'GET', url: '/api/desk/oidc/alpha/start' });
    assert.equal(response.statusCode, 302);
    return { location: response.headers.location as string, cookie: sessionCookie(response.headers['set-cookie']), setCookie: String(response.headers['set-cookie']) };
  }

  /** The provider's answer, as the browser brings it back with `cookie`. */
  const callback = (app: FastifyInstance, back: URL, cookie: string) => app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie } });

  /** A whole sign-in as `subject`: the desk's answer. */
  async function signInAs(app: FastifyInstance, subject: string) {
    const { location, cookie } = await start(app);
    return callback(app, await provider.signIn(location, subject), cookie);
  }

  /** Who the session that `response` opened belongs to. */
  async function signedIn(app: FastifyInstance, response: Awaited<ReturnType<typeof signInAs>>) {
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/desk?council=alpha');
    const session = [response.headers['set-cookie'] ?? []].flat().filter((cookie) => cookie.startsWith('fin_session='));
    const me = await app.inject({ method: 'GET', url: '/api/desk/me', headers: { cookie: sessionCookie(session) } });
    assert.equal(me.statusCode, 200);
    return me.json().agent as { id: string; email: string; name: string; role: string; council: { id: string } };
  }

  /** That `response` sent the browser back to the desk's sign-in with `code`, and signed no one in. */
  function refused(response: Awaited<ReturnType<typeof signInAs>>, code: string) {
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/desk?council=alpha&error=${code}`);
    assert.ok(![response.headers['set-cookie'] ?? []].flat().some((cookie) => cookie.startsWith('fin_session=')), 'no session cookie');
  }

  it('sends the browser to the provider with PKCE S256, a state and a nonce, keeping the verifier to itself', async () => {
    const { location, setCookie } = await start(suite.app);
    const url = new URL(location);
    assert.equal(url.origin, provider.issuer);
    assert.equal(url.searchParams.get('client_id'), provider.clientId);
    assert.equal(url.searchParams.get('redirect_uri'), CALLBACK);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge')!, /^[\w-]{43}$/);
    assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce'));
    assert.equal(url.searchParams.get('scope'), 'openid email profile groups');
    assert.deepEqual([...url.searchParams.keys()].filter((key) => /verifier/.test(key)), []);
    assert.match(setCookie, /^fin_oidc_state=[^;]+; Max-Age=600; Path=\/api\/desk\/oidc\/; HttpOnly; SameSite=Lax$/);
  });

  it('creates the agent at the first sign-in, with the role their group gives, and opens a desk session', async () => {
    provider.accounts.set('sub-marta', { email: 'Marta@alpha.example', email_verified: true, name: 'Marta Soler', groups: ['oac-staff', 'library'] });
    const agent = await signedIn(suite.app, await signInAs(suite.app, 'sub-marta'));
    assert.deepEqual({ ...agent, id: undefined }, { id: undefined, email: 'marta@alpha.example', name: 'Marta Soler', role: 'agent', council: { id: 'alpha', name: "Ajuntament d'Alfa" }, habilitation: null });

    // She has no password: signing in with one fails as a wrong one does.
    const login = await suite.app.inject({ method: 'POST', url: '/api/desk/login', payload: { email: 'marta@alpha.example', password: 'anything' } });
    assert.equal(login.statusCode, 401);
    assert.equal(login.json().code, 'FIN_ERR_CREDENTIALS_INVALID');
  });

  it('finds them again by their subject, whatever their email became, and gives them the role their groups give now', async () => {
    const first = await signedIn(suite.app, await signInAs(suite.app, 'sub-marta'));
    provider.accounts.set('sub-marta', { email: 'marta.soler@alpha.example', email_verified: true, name: 'Marta Soler', groups: ['oac-staff', 'oac-heads'] });
    const again = await signedIn(suite.app, await signInAs(suite.app, 'sub-marta'));
    assert.equal(again.id, first.id);
    assert.equal(again.role, 'supervisor');
    provider.accounts.set('sub-marta', { email: 'marta.soler@alpha.example', email_verified: true, groups: ['oac-staff'] });
    assert.equal((await signedIn(suite.app, await signInAs(suite.app, 'sub-marta'))).role, 'agent');
  });

  it('takes over the council’s agent with that verified email the first time, who keeps their password', async () => {
    provider.accounts.set('sub-anna', { email: 'anna@alpha.example', email_verified: true, groups: ['oac-heads'] });
    const seeded = await suite.app.agents.findByEmail('anna@alpha.example');
    const agent = await signedIn(suite.app, await signInAs(suite.app, 'sub-anna'));
    assert.equal(agent.id, seeded!.id);
    assert.equal(agent.role, 'supervisor');
    assert.equal((await suite.app.agents.findByEmail('anna@alpha.example'))!.passwordHash, seeded!.passwordHash);
  });

  it('refuses someone whose groups the council maps to no role, and creates no one', async () => {
    provider.accounts.set('sub-visitor', { email: 'visitor@alpha.example', email_verified: true, name: 'Visitor', groups: ['library'] });
    refused(await signInAs(suite.app, 'sub-visitor'), 'FIN_ERR_OIDC_ROLE_MISSING');
    const exists = await suite.app.agents.findByEmail('visitor@alpha.example');
    assert.equal(exists, undefined);
  });

  it('refuses an email outside the council’s domains, or one the provider did not verify', async () => {
    provider.accounts.set('sub-outsider', { email: 'outsider@elsewhere.example', email_verified: true, groups: ['oac-staff'] });
    refused(await signInAs(suite.app, 'sub-outsider'), 'FIN_ERR_OIDC_EMAIL_REFUSED');
    provider.accounts.set('sub-unverified', { email: 'unverified@alpha.example', email_verified: false, groups: ['oac-staff'] });
    refused(await signInAs(suite.app, 'sub-unverified'), 'FIN_ERR_OIDC_EMAIL_REFUSED');
    assert.equal(await suite.app.agents.findByEmail('unverified@alpha.example'), undefined);
  });

  it('refuses an ID token issued for another client', async () => {
    provider.accounts.set('sub-marta', { email: 'marta.soler@alpha.example', email_verified: true, groups: ['oac-staff'] });
    // Tokens re-signed unchanged are taken: what is refused below is the claim changed.
    provider.tamper((claims) => claims);
    await signedIn(suite.app, await signInAs(suite.app, 'sub-marta'));
    provider.tamper((claims) => ({ ...claims, aud: 'another-service' }));
    try {
      refused(await signInAs(suite.app, 'sub-marta'), 'FIN_ERR_OIDC_FAILED');
    } finally {
      provider.tamper(undefined);
    }
  });

  it('refuses an ID token that has expired', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    provider.tamper((claims) => ({ ...claims, iat: hourAgo - 600, exp: hourAgo }));
    try {
      refused(await signInAs(suite.app, 'sub-marta'), 'FIN_ERR_OIDC_FAILED');
    } finally {
      provider.tamper(undefined);
    }
  });

  it('refuses an answer brought back a second time, cookie and all', async () => {
    const { location, cookie } = await start(suite.app);
    const back = await provider.signIn(location, 'sub-marta');
    await signedIn(suite.app, await callback(suite.app, back, cookie));
    refused(await callback(suite.app, back, cookie), 'FIN_ERR_OIDC_FAILED');
  });

  it('refuses an answer brought to another browser than the one that asked for it', async () => {
    const victim = await start(suite.app);
    const attacker = await start(suite.app);
    const back = await provider.signIn(attacker.location, 'sub-marta');
    refused(await callback(suite.app, back, victim.cookie), 'FIN_ERR_OIDC_FAILED');
    refused(await callback(suite.app, back, ''), 'FIN_ERR_OIDC_FAILED');
  });

  it('tells the desk page which provider to offer and which failure to show', async () => {
    const page = await suite.app.inject({ method: 'GET', url: '/desk?council=alpha&error=FIN_ERR_OIDC_ROLE_MISSING' });
    assert.match(page.body, /<agent-desk council="alpha" identity-provider="Alfa ID" sign-in-error="FIN_ERR_OIDC_ROLE_MISSING"><\/agent-desk>/);
    const other = await suite.app.inject({ method: 'GET', url: '/desk?council=beta&error=<script>' });
    assert.match(other.body, /<agent-desk><\/agent-desk>/);
  });

  it('answers 404 for a council without an identity provider', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/api/desk/oidc/beta/start' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'FIN_ERR_OIDC_NOT_CONFIGURED');
  });
});

describe('a council’s identity provider misconfigured or out of reach', () => {
  let provider: TestProvider;
  let database: TestDatabase;
  before(async () => {
    provider = await startProvider([CALLBACK]);
    database = await createTestDatabase();
  });
  after(async () => {
    await provider.close();
    await database.drop();
  });

  it('stops start-up unless the test setting allows it', async () => {
    const file = writeCouncils(database.env.DATA_DIR!, provider);
    await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file } }), (error: Error) => {
      assert.ok(error instanceof CouncilsFileError);
      assert.match(error.message, /\/0\/identityProvider\/issuer: http:\/\/127\.0\.0\.1:\d+ is not https/);
      return true;
    });
  });

  it('stops start-up when the client secret’s file cannot be read, naming where the file says so', async () => {
    const file = writeCouncils(database.env.DATA_DIR!, provider);
    rmSync(path.join(database.env.DATA_DIR!, 'alpha-oidc.secret'));
    await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file, OIDC_ALLOW_HTTP_ISSUER: 'true' } }), (error: Error) => {
      assert.ok(error instanceof CouncilsFileError);
      assert.match(error.message, /\/0\/identityProvider\/clientSecretFile: ENOENT/);
      return true;
    });
  });

  it('sends the browser back to the desk’s sign-in while the provider cannot be reached', async () => {
    const file = writeCouncils(database.env.DATA_DIR!, provider, 'http://127.0.0.1:1');
    const app = await buildTestApp(database, { env: { COUNCILS_FILE: file, OIDC_ALLOW_HTTP_ISSUER: 'true' } });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/desk/oidc/alpha/start' });
      assert.equal(response.statusCode, 302);
      assert.equal(response.headers.location, '/desk?council=alpha&error=FIN_ERR_OIDC_UNAVAILABLE');
    } finally {
      await app.close();
    }
  });
});
