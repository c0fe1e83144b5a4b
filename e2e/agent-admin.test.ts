/** An administrator invites an agent in the desk, who joins from the link; disabled, their desk asks them to sign in again. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AXE_TAGS, axeRun } from './support/axe-report.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAU = { name: 'Pau Roca', email: 'pau@demo.finestreta.cat', password: 'a passphrase of Pau' };

describe('agent management in the desk', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('invites an agent, who sets a password from the link and signs in, and disabling them signs their desk out at once', async () => {
    const errors: string[] = [];
    // axe is injected as an inline script, which the desk's CSP forbids, so its run bypasses it.
    const adminContext = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const adminPage = await adminContext.newPage();
    adminPage.on('pageerror', (e) => errors.push(e.message));
    const admin = await signInToDesk(adminPage, server.url, 'en');
    const agents = admin.getByRole('region', { name: 'Agents of the council' });
    await agents.getByRole('heading', { name: 'Laia Puig · You' }).waitFor();

    const invite = agents.getByRole('form', { name: 'Invite an agent' });
    await invite.getByLabel('Name', { exact: true }).fill(PAU.name);
    await invite.getByLabel('Email', { exact: true }).fill(PAU.email);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await invite.locator('[part~="link"]').textContent())!.trim();
    assert.match(link, new RegExp(`^${server.url}/desk\\?council=demo#invitation=[\\w-]{43}$`));
    await agents.getByRole('heading', { name: 'Pau Roca · Invited, no password yet' }).waitFor();
    const mail = await (await fetch(`${server.url}/dev/mail`)).text();
    assert.ok(mail.includes(PAU.email), 'the invitation is emailed');

    const pauContext = await browser.newContext({ locale: 'en-GB' });
    const pauPage = await pauContext.newPage();
    pauPage.on('pageerror', (e) => errors.push(e.message));
    await pauPage.goto(link);
    const pau = pauPage.locator('agent-desk');
    await pau.getByRole('heading', { name: 'Choose your password' }).waitFor();
    assert.equal(new URL(pauPage.url()).hash, '', 'the token leaves the address bar');
    await pau.getByLabel('New password').fill(PAU.password);
    await pau.getByLabel('The same password again').fill(PAU.password);
    await pau.getByRole('button', { name: 'Set password' }).click();
    await pau.getByText('Your password is set. Sign in with your email and it.').waitFor();
    await pau.getByLabel('Email address').fill(PAU.email);
    await pau.getByLabel('Password', { exact: true }).fill(PAU.password);
    await pau.getByRole('button', { name: 'Sign in' }).click();
    await pau.getByText(`Signed in as ${PAU.name}`).waitFor();
    assert.equal(await pau.getByRole('region', { name: 'Agents of the council' }).count(), 0, 'an agent manages no one');

    const row = agents.getByRole('listitem').filter({ has: adminPage.getByRole('heading', { name: /^Pau Roca/ }) });
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disable Pau Roca? Their sessions end at once').waitFor();
    await row.getByRole('button', { name: 'Disable now' }).click();
    await admin.getByRole('status').filter({ hasText: 'Pau Roca is disabled and signed out everywhere.' }).waitFor();

    await pau.getByText('Your session has ended. Sign in again.').waitFor();
    await pau.getByRole('heading', { name: 'Sign in' }).waitFor();
    await pau.getByLabel('Email address').fill(PAU.email);
    await pau.getByLabel('Password', { exact: true }).fill(PAU.password);
    await pau.getByRole('button', { name: 'Sign in' }).click();
    await pau.getByText('The email address or password is not correct').first().waitFor();

    await adminPage.reload();
    const audit = admin.getByRole('region', { name: 'Audit log' });
    await audit.getByText('Laia Puig disabled Pau Roca (pau@demo.finestreta.cat)').waitFor();
    await audit.getByText('Pau Roca (pau@demo.finestreta.cat) set their password with the invitation').waitFor();
    await audit.getByText('Laia Puig invited Pau Roca (pau@demo.finestreta.cat)').waitFor();
    await adminPage.addScriptTag({ content: axeSource });
    const run = await adminPage.evaluate(axeRun, ['html', AXE_TAGS] as [string, string[]]);
    assert.deepEqual(run.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.targets.join(', ')})`), [], 'the administrator’s desk passes axe');
    assert.deepEqual(errors, []);
    await pauContext.close();
    await adminContext.close();
  });
});
