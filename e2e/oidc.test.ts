/** An agent signs in to the desk with the council's identity provider, a real OpenID provider on loopback. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_COUNCILS_FILE } from '../packages/server/src/config.ts';
import { startProvider, type TestProvider } from '../packages/server/test/fixtures/oidc-provider.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { freePort, startServer, type RunningServer } from './support/server.ts';

describe('the agent desk with the council’s identity provider', () => {
  let provider: TestProvider;
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  before(async () => {
    const port = await freePort();
    provider = await startProvider([`http://127.0.0.1:${port}/api/desk/oidc/demo/callback`]);
    provider.accounts.set('sub-marta', { email: 'marta.soler@demo.finestreta.cat', email_verified: true, name: 'Marta Soler', groups: ['oac'] });
    provider.accounts.set('sub-visitor', { email: 'visitor@demo.finestreta.cat', email_verified: true, name: 'Visitor', groups: ['library'] });
    // The demo's councils, with Vilademo signing its agents in at the test's provider.
    dir = mkdtempSync(join(tmpdir(), 'fin-e2e-oidc-'));
    cpSync(join(DEMO_COUNCILS_FILE, '..', 'logos'), join(dir, 'logos'), { recursive: true });
    writeFileSync(join(dir, 'oidc.secret'), provider.clientSecret);
    const councils = JSON.parse(readFileSync(DEMO_COUNCILS_FILE, 'utf8')) as Record<string, unknown>[];
    councils[0]!.identityProvider = { name: 'Vilademo ID', issuer: provider.issuer, clientId: provider.clientId, clientSecretFile: 'oidc.secret', scopes: ['openid', 'email', 'profile', 'groups'], roles: { claim: 'groups', values: { oac: 'agent' } } };
    writeFileSync(join(dir, 'councils.json'), JSON.stringify(councils));
    server = await startServer({ DEMO: 'true', PORT: String(port), COUNCILS_FILE: join(dir, 'councils.json'), OIDC_ALLOW_HTTP_ISSUER: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Clicks the desk's button and signs in at the provider's own pages as `subject`. */
  async function signInAtProvider(subject: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/desk?lang=en`);
    const desk = page.locator('agent-desk');
    await desk.getByRole('link', { name: 'Sign in with Vilademo ID' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill(subject);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${server.url}/desk**`);
    return { context, page, desk, errors };
  }

  it('lands a new agent in the desk, signed in, with a session cookie like a password gives', async () => {
    const { context, desk, errors } = await signInAtProvider('sub-marta');
    await desk.getByText('Signed in as Marta Soler').waitFor();
    await desk.getByText('Ajuntament de Vilademo').first().waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'fin_session');
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(cookies.find((cookie) => cookie.name === 'fin_oidc_state'), undefined, 'the sign-in’s state is gone');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('brings back someone the council gives no role to, with the reason in the error summary', async () => {
    const { context, page, desk, errors } = await signInAtProvider('sub-visitor');
    const summary = desk.locator('[part~="error-summary"]');
    await summary.getByText('Your council account does not give you access to this desk.', { exact: false }).waitFor();
    assert.equal(await summary.evaluate((element) => element.getRootNode() instanceof ShadowRoot && (element.getRootNode() as ShadowRoot).activeElement === element), true);
    assert.match(page.url(), /error=FIN_ERR_OIDC_ROLE_MISSING/);
    assert.equal((await context.cookies()).find((cookie) => cookie.name === 'fin_session'), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('still signs the demo agent in with a password', async () => {
    const context = await browser.newContext();
    await signInToDesk(await context.newPage(), server.url, 'en');
    await context.close();
  });
});
