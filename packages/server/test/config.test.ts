import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, DEMO_COUNCILS_FILE, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs the demo on SQLite under ./data when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.database, { kind: 'sqlite', file: path.resolve('data', 'finestreta.sqlite') });
    assert.equal(config.councilsFile, DEMO_COUNCILS_FILE);
    assert.equal(config.demo, true);
    assert.equal(config.sessionTtlHours, 12);
    assert.equal(config.trustProxy, false);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and no demo with a councils file of its own', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://finestreta@db.internal/finestreta',
      COUNCILS_FILE: 'councils.json',
      PORT: '9000',
    });
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://finestreta@db.internal/finestreta' });
    assert.equal(config.councilsFile, path.resolve('councils.json'));
    assert.equal(config.demo, false);
    assert.equal(config.port, 9000);
  });

  it('names every bad variable and what it expects', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db/finestreta', LOG_LEVEL: 'loud', SESSION_TTL_HOURS: '0' }),
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
    assert.throws(() => loadConfig({ PORT: '70000', DEMO: 'maybe' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((problem) => problem.split('=')[0]), ['PORT', 'DEMO']);
      return true;
    });
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list of addresses', () => {
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy, '10.0.0.0/8,127.0.0.1');
    const hops = loadConfig({ TRUST_PROXY: '1' }).trustProxy;
    assert.ok(typeof hops === 'function');
    assert.equal(hops('10.0.0.1', 0), true);
    assert.equal(hops('10.0.0.2', 1), false);
  });
});
