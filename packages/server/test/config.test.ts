import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, DEMO_COUNCILS_FILE, loadConfig } from '../src/config.js';
import { useTestApp } from './helpers.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
};

describe('configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'finestreta-config-'));
  const keyFile = path.join(dir, 'master.key');
  writeFileSync(keyFile, randomBytes(32));
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** What a deployment must set, with a master key that exists. */
  const deployed = { PUBLIC_URL: 'https://oac.vilademo.example', COUNCILS_FILE: 'councils.json', MASTER_KEY_FILE: keyFile };

  it('runs the demo on SQLite under ./data when only DEMO=true is set', () => {
    const config = loadConfig({ DEMO: 'true' });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.database, { kind: 'sqlite', file: path.resolve('data', 'finestreta.sqlite') });
    assert.equal(config.councilsFile, DEMO_COUNCILS_FILE);
    assert.equal(config.demo, true);
    assert.equal(config.sessionTtlHours, 12);
    assert.equal(config.trustProxy, false);
  });

  it('refuses to start outside demo mode without PUBLIC_URL, a councils file and a master key, naming each', () => {
    const missingKey = path.join(dir, 'absent.key');
    const problems = problemsOf({ NODE_ENV: 'production', MASTER_KEY_FILE: missingKey });
    assert.deepEqual(problems.map((problem) => problem.split(/[ =:]/)[0]), ['PUBLIC_URL', 'COUNCILS_FILE', 'MASTER_KEY_FILE']);
    assert.match(problems[0]!, /^PUBLIC_URL is required outside demo mode \(DEMO=true\)/);
    assert.equal(problems[2], `MASTER_KEY_FILE: ${missingKey} does not exist; create it once and share it with every process: openssl rand -out ${missingKey} 32 && chmod 600 ${missingKey}`);
    assert.deepEqual(problemsOf({ ...deployed, DEMO: 'false', PUBLIC_URL: '' }).map((problem) => problem.split(' ')[0]), ['PUBLIC_URL']);
  });

  it('lets an identity provider be reached over http only in demo mode', () => {
    assert.deepEqual(problemsOf({ ...deployed, OIDC_ALLOW_HTTP_ISSUER: 'true' }), [
      'OIDC_ALLOW_HTTP_ISSUER=true is refused outside demo mode (DEMO=true): an identity provider is reached over https',
    ]);
    assert.equal(loadConfig(deployed).oidc.allowHttpIssuer, false);
    assert.equal(loadConfig({ DEMO: 'true', OIDC_ALLOW_HTTP_ISSUER: 'true' }).oidc.allowHttpIssuer, true);
  });

  it('refuses a master key of the wrong size', () => {
    const short = path.join(dir, 'short.key');
    writeFileSync(short, randomBytes(16));
    assert.deepEqual(problemsOf({ ...deployed, MASTER_KEY_FILE: short }), [`MASTER_KEY_FILE: ${short} must hold 32 bytes, it holds 16`]);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and no demo unless DEMO=true', () => {
    const config = loadConfig({ ...deployed, DATABASE_URL: 'postgres://finestreta@db.internal/finestreta', PORT: '9000' });
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://finestreta@db.internal/finestreta' });
    assert.equal(config.councilsFile, path.resolve('councils.json'));
    assert.equal(config.masterKeyFile, keyFile);
    assert.equal(config.demo, false);
    assert.equal(config.port, 9000);
  });

  it('bases links on PUBLIC_URL, or in demo mode on the address the server listens on, never on a request', () => {
    assert.equal(loadConfig({ ...deployed, PUBLIC_URL: 'https://oac.vilademo.example/atencio/' }).linkBase, 'https://oac.vilademo.example/atencio');
    assert.equal(loadConfig({ DEMO: 'true', PUBLIC_URL: 'https://demo.example' }).linkBase, 'https://demo.example');
    assert.equal(loadConfig({ DEMO: 'true' }).linkBase, 'http://localhost:8080');
    assert.equal(loadConfig({ DEMO: 'true', HOST: '127.0.0.1', PORT: '9000' }).linkBase, 'http://127.0.0.1:9000');
    assert.equal(loadConfig({ DEMO: 'true', HOST: '::', PORT: '9000' }).linkBase, 'http://localhost:9000');
    assert.equal(loadConfig({ DEMO: 'true', HOST: '::1', PORT: '9000' }).linkBase, 'http://[::1]:9000');
  });

  it('names every bad variable and what it expects', () => {
    assert.throws(
      () => loadConfig({ DEMO: 'true', PORT: 'eighty', DATABASE_URL: 'mysql://db/finestreta', LOG_LEVEL: 'loud', SESSION_TTL_HOURS: '0' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, [
          'PORT="eighty": expected integer',
          'DATABASE_URL="mysql://db/finestreta": expected a postgres:// URL',
          'LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent',
          'SESSION_TTL_HOURS="0": expected number to be greater than 0',
        ]);
        assert.match(error.message, /^Invalid configuration:\n {2}- PORT="eighty"/);
        return true;
      },
    );
  });

  it('rejects a port out of range and a DEMO that is not a boolean', () => {
    assert.deepEqual(problemsOf({ PORT: '70000', DEMO: 'maybe' }).map((problem) => problem.split('=')[0]), ['PORT', 'DEMO']);
  });

  it('reads TRUST_PROXY as a hop count or the addresses and ranges of the proxies', () => {
    assert.equal(loadConfig({ DEMO: 'true', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy, '10.0.0.0/8,127.0.0.1,::1');
    assert.equal(loadConfig({ DEMO: 'true', TRUST_PROXY: 'loopback,fd00::/8' }).trustProxy, 'loopback,fd00::/8');
    assert.equal(loadConfig({ DEMO: 'true', TRUST_PROXY: 'false' }).trustProxy, false);
    const hops = loadConfig({ DEMO: 'true', TRUST_PROXY: '1' }).trustProxy;
    assert.ok(typeof hops === 'function');
    assert.equal(hops('10.0.0.1', 0), true);
    assert.equal(hops('10.0.0.2', 1), false);
  });

  it('limits each address to 300 requests a minute to the citizen API unless RATE_LIMIT_PUBLIC_PER_MINUTE says otherwise', () => {
    assert.deepEqual(loadConfig({ DEMO: 'true' }).publicRateLimit, { max: 300, timeWindow: 60_000 });
    assert.deepEqual(loadConfig({ DEMO: 'true', RATE_LIMIT_PUBLIC_PER_MINUTE: '20000' }).publicRateLimit, { max: 20_000, timeWindow: 60_000 });
    for (const value of ['0', 'lots', '-5']) {
      assert.deepEqual(problemsOf({ DEMO: 'true', RATE_LIMIT_PUBLIC_PER_MINUTE: value }).map((found) => found.split('=')[0]), ['RATE_LIMIT_PUBLIC_PER_MINUTE'], value);
    }
  });

  it('refuses TRUST_PROXY=true, which would let any client choose its address, and anything not an address', () => {
    const [problem] = problemsOf({ DEMO: 'true', TRUST_PROXY: 'true' });
    assert.match(problem!, /^TRUST_PROXY="true": expected the number of proxies in front \(e\.g\. 1\) or their addresses .* `true` would let any client pick its address with X-Forwarded-For$/);
    for (const value of ['yes', '10.0.0.0/33', '300.1.1.1', 'proxy.internal', '1,2']) {
      assert.deepEqual(problemsOf({ DEMO: 'true', TRUST_PROXY: value }).map((found) => found.split('=')[0]), ['TRUST_PROXY'], value);
    }
  });
});

describe('behind one proxy (TRUST_PROXY=1)', () => {
  const suite = useTestApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_PUBLIC_PER_MINUTE: '3' } });
  /** A request as the proxy at 10.0.0.2 forwards it: it appends the address it was reached from. */
  const through = (forwardedFor: string, client: string) =>
    suite.app.inject({ url: '/api/councils/demo', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': `${forwardedFor}, ${client}` } });

  it('limits a client by the address the proxy saw, however it rotates X-Forwarded-For', async () => {
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await through(`198.51.100.${i}`, '203.0.113.7')).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal((await through('198.51.100.9', '203.0.113.8')).statusCode, 200, 'another client has a bucket of its own');
  });
});
