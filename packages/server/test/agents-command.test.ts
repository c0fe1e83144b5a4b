import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyPassword } from '../src/shared/password.js';
import { signIn, useTestApp } from './helpers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const DEMO_AGENT = { email: 'agent@demo.finestreta.cat', password: 'finestreta-demo' };

/** `npm run agents -- …` with `input` piped in, as a script or an operator's shell would. */
function agentsCommand(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/agents.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString()));
  child.stderr.on('data', (data: Buffer) => (err += data.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, out, err })));
}

describe('npm run agents', () => {
  describe('hash-password', () => {
    it('prints a scrypt hash of the password it reads, for the councils file', async () => {
      const { code, out } = await agentsCommand(['hash-password'], 'a long passphrase\n');
      assert.equal(code, 0);
      const hash = out.trim();
      assert.match(hash, /^scrypt\$/);
      assert.ok(await verifyPassword('a long passphrase', hash));
      assert.equal(await verifyPassword('a long passphrase!', hash), false);
    });

    it('refuses a short password', async () => {
      const { code, out, err } = await agentsCommand(['hash-password'], 'short\n');
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.match(err, /at least 12 characters/);
    });
  });

  describe('set-password', () => {
    const suite = useTestApp();
    const env = () => ({ ...suite.database.env, DEMO: 'true', MASTER_KEY_FILE: path.join(suite.database.env.DATA_DIR!, 'master.key'), LOG_LEVEL: 'error' });

    it('sets an agent’s password in the database and ends their sessions at once', async () => {
      const { app } = suite;
      const cookie = await signIn(app, DEMO_AGENT.email, DEMO_AGENT.password);
      assert.equal((await app.inject({ url: '/api/desk/me', headers: { cookie } })).statusCode, 200);

      const { code, out, err } = await agentsCommand(['set-password', 'Agent@Demo.Finestreta.cat'], 'a brand new passphrase\n', env());
      assert.equal(code, 0, err);
      assert.match(out, /Password of agent@demo\.finestreta\.cat set; 1 session ended\./);

      assert.equal((await app.inject({ url: '/api/desk/me', headers: { cookie } })).statusCode, 401, 'the old session is over');
      const login = (password: string) => app.inject({ method: 'POST', url: '/api/desk/login', payload: { email: DEMO_AGENT.email, password } });
      assert.equal((await login(DEMO_AGENT.password)).statusCode, 401);
      assert.equal((await login('a brand new passphrase')).statusCode, 200);
      const [logged] = await app.staff.audit.page('demo', 1);
      assert.deepEqual([logged?.action, logged?.actor, logged?.target?.email, logged?.details], ['agent.passwordSet', null, DEMO_AGENT.email, { by: 'command' }]);
    });

    it('verify-audit says whether the council’s audit log is whole', async () => {
      const { app } = suite;
      const whole = await agentsCommand(['verify-audit', 'demo'], '', env());
      assert.equal(whole.code, 0, whole.err);
      assert.match(whole.out, /The audit log of demo is whole\./);
      await app.db.updateTable('audit_log').set({ details: '{"by":"someone else"}' }).where('council_id', '=', 'demo').execute();
      const broken = await agentsCommand(['verify-audit', 'demo'], '', env());
      assert.equal(broken.code, 1);
      assert.match(broken.err, /The audit log of demo is broken/);
      assert.match((await agentsCommand(['verify-audit', 'nowhere'], '', env())).err, /No council nowhere\./);
    });

    it('names an agent it does not know, and changes nothing', async () => {
      const { code, err } = await agentsCommand(['set-password', 'nobody@demo.example'], 'a brand new passphrase\n', env());
      assert.equal(code, 1);
      assert.match(err, /No agent nobody@demo\.example/);
    });
  });

  it('says how to use it when asked wrongly', async () => {
    const { code, err } = await agentsCommand(['set-password'], '');
    assert.equal(code, 64);
    assert.match(err, /usage: npm run agents -- set-password <email>/);
  });
});
