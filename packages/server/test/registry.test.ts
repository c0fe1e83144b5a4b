import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../src/shared/errors.js';
import { CountingRegistry, type Registry, type RegistryRequest } from '../src/modules/registry/registry.js';
import { callsTestEnv, seedAppointment } from './call-fixtures.js';
import { buildTestApp, useTestApp, type TestDatabase } from './helpers.js';
import { procedureCase, signedCase } from './registry-fixtures.js';

const numbers = (count: number, year = 2026) => Array.from({ length: count }, (_, i) => `${year}/${String(i + 1).padStart(6, '0')}`);

async function register(app: FastifyInstance, caseId: string) {
  return app.registry.register(await procedureCase(app, caseId));
}

async function entryEvents(app: FastifyInstance, caseId: string) {
  return (await app.evidence.list(caseId)).filter((event) => event.type === 'registry.entered');
}

describe('the registry', () => {
  let now = new Date('2026-06-15T10:00:00Z');
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), now: () => now }));

  describe('when the application is not signed', () => {
    it('refuses to register it and takes no number', async () => {
      const { app } = suite;
      const unsigned = await seedAppointment(app, 'beta');
      await assert.rejects(register(app, unsigned.id), (error: AppError) => error.code === 'FIN_ERR_AGREEMENT_NOT_SIGNED' && error.statusCode === 409);
      assert.equal(await app.db.selectFrom('registry_counters').selectAll().where('council_id', '=', 'beta').executeTakeFirst(), undefined);
      assert.deepEqual(await entryEvents(app, unsigned.id), []);
    });
  });

  describe('when a signed application is registered', () => {
    it('numbers it in its council and year and logs the entry with the agreed document’s hash', async () => {
      const { app } = suite;
      now = new Date('2026-06-15T10:00:00Z');
      const signed = await signedCase(app, 'beta');
      const entry = await register(app, signed.id);
      assert.deepEqual(entry, {
        caseId: signed.id,
        councilId: 'beta',
        number: '2026/000001',
        at: '2026-06-15T10:00:00.000Z',
        documentId: entry.documentId,
        documentSha256: signed.documentSha256,
      });
      const [event, ...more] = await entryEvents(app, signed.id);
      assert.deepEqual(more, []);
      assert.equal(event!.actor, 'system');
      assert.deepEqual(event!.data, {
        registry: 'builtin',
        number: '2026/000001',
        councilId: 'beta',
        at: '2026-06-15T10:00:00.000Z',
        documentId: entry.documentId,
        sha256: signed.documentSha256,
        recording: null,
      });
      assert.equal((await app.evidence.verify(signed.id)).valid, true);
    });

    it('gives the same entry when asked again, as a retry after a failure does, and logs it once', async () => {
      const { app } = suite;
      const signed = await signedCase(app, 'beta');
      const first = await register(app, signed.id);
      now = new Date(now.getTime() + 60_000);
      const again = await register(app, signed.id);
      assert.deepEqual(again, first);
      assert.equal((await entryEvents(app, signed.id)).length, 1);
    });

    it('registers one case asked 20 times at once only once', async () => {
      const { app } = suite;
      const signed = await signedCase(app, 'beta');
      const entries = await Promise.all(Array.from({ length: 20 }, () => register(app, signed.id)));
      assert.equal(new Set(entries.map((entry) => entry.number)).size, 1);
      assert.equal((await entryEvents(app, signed.id)).length, 1);
    });
  });

  describe('under concurrency', () => {
    it('numbers 50 registrations at once in each of two councils 1 to 50, no gap and no duplicate', async () => {
      const { app } = suite;
      now = new Date('2028-03-01T09:00:00Z');
      const cases = await Promise.all(Array.from({ length: 100 }, (_, i) => signedCase(app, i % 2 ? 'alpha' : 'beta')));
      const entries = await Promise.all(cases.map((signed) => register(app, signed.id)));
      for (const council of ['alpha', 'beta']) {
        const mine = entries.filter((entry) => entry.councilId === council).map((entry) => entry.number);
        assert.deepEqual(mine.toSorted(), numbers(50, 2028), council);
      }
    });
  });

  describe('at the turn of the year', () => {
    it('starts again from 1 when the new year begins in the council’s time zone, not in UTC', async () => {
      const { app } = suite;
      const at = async (iso: string) => {
        now = new Date(iso);
        return (await register(app, (await signedCase(app, 'alpha')).id)).number;
      };
      // Madrid is UTC+1 in winter: 23:30 UTC on 31 December is already 00:30 on 1 January there.
      assert.equal(await at('2029-12-31T22:59:59Z'), '2029/000001');
      assert.equal(await at('2029-12-31T23:30:00Z'), '2030/000001');
      assert.equal(await at('2030-01-01T08:00:00Z'), '2030/000002');
    });
  });
});

describe('the registry when a registration fails', () => {
  let failNext = false;
  const counting = new CountingRegistry();
  const flaky: Registry = {
    name: 'builtin',
    async register(trx, request) {
      const answer = await counting.register(trx, request);
      if (failNext) {
        failNext = false;
        throw new Error('the registry went away after numbering');
      }
      return answer;
    },
  };
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), registry: flaky, now: () => new Date('2026-06-15T10:00:00Z') }));

  it('takes its number back, so the next registration has it and none is skipped', async () => {
    const { app } = suite;
    const first = await signedCase(app, 'alpha');
    failNext = true;
    await assert.rejects(register(app, first.id), /went away/);
    assert.deepEqual(await entryEvents(app, first.id), []);
    const second = await signedCase(app, 'alpha');
    assert.equal((await register(app, second.id)).number, '2026/000001');
    assert.equal((await register(app, first.id)).number, '2026/000002');
  });
});

describe('a council’s own registry', () => {
  const asked: RegistryRequest[] = [];
  const official: Registry = {
    name: 'sede-alfa',
    async register(_trx, request) {
      asked.push(request);
      return { number: `E-${asked.length}`, at: new Date('2026-06-15T10:00:03Z') };
    },
  };
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), registry: official, now: () => new Date('2026-06-15T10:00:00Z') }));

  it('is given the council, the case, the applicant and the agreed document, and its number and time are kept', async () => {
    const { app } = suite;
    const signed = await signedCase(app, 'alpha');
    const entry = await register(app, signed.id);
    assert.equal(entry.number, 'E-1');
    assert.equal(entry.at, '2026-06-15T10:00:03.000Z');
    const [request] = asked;
    assert.equal(request!.key, signed.id);
    assert.deepEqual(request!.council, { id: 'alpha', name: "Ajuntament d'Alfa", timeZone: 'Europe/Madrid' });
    assert.match(request!.case.reference, /^VC-/);
    assert.deepEqual(request!.procedure, { id: 'padro', name: { ca: 'Alta al padró', es: 'Alta en el padrón', en: 'Registering on the roll' } });
    assert.equal(request!.applicant.name, 'Marta Soler');
    assert.deepEqual(request!.document, { id: entry.documentId, sha256: signed.documentSha256, contentType: 'application/json', language: 'ca' });
    assert.deepEqual(request!.signature, { agentName: 'Anna Alfa', habilitation: 'ALFA-HAB-2026-007', signedAt: '2026-06-15T10:00:00.000Z' });
    assert.equal((await entryEvents(app, signed.id))[0]!.data.registry, 'sede-alfa');
  });
});

describe('the registry on PostgreSQL with several app instances', { skip: (process.env.FIN_TEST_DB ?? 'sqlite') !== 'postgres' && 'PostgreSQL only' }, () => {
  const now = () => new Date('2026-06-15T10:00:00Z');
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), now }));

  it('numbers 60 registrations made through three instances at once 1 to 60, no gap and no duplicate', async () => {
    const { app, database } = suite;
    const others = await Promise.all([1, 2].map(() => buildTestApp(database as TestDatabase, { env: callsTestEnv(database), now })));
    try {
      const instances = [app, ...others];
      const cases = await Promise.all(Array.from({ length: 60 }, () => signedCase(app, 'alpha')));
      const entries = await Promise.all(cases.map((signed, i) => register(instances[i % 3]!, signed.id)));
      assert.deepEqual(entries.map((entry) => entry.number).toSorted(), numbers(60));
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });
});
