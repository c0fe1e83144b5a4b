import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { prepareBundle, verifyBundle } from '../src/modules/bundle/index.js';
import { seedDemoReceipts } from '../src/modules/demo/seed.js';
import { buildTestApp, signIn, useTestApp } from './helpers.js';

describe('the demo seed', () => {
  const suite = useTestApp({ reminderScheduler: false });

  it('leaves completed video appointments with sealed receipts whose codes verify and whose evidence exports', async () => {
    const { app } = suite;
    const seeded = await seedDemoReceipts(app);
    assert.equal(seeded.length, 3);

    const cases = await app.db.selectFrom('cases').innerJoin('appointments', 'appointments.case_id', 'cases.id').selectAll().where('cases.reference', 'like', 'DM-%').execute();
    assert.deepEqual(cases.map((row) => row.state), ['completed', 'completed', 'completed']);
    assert.deepEqual(cases.map((row) => row.language).toSorted(), ['ca', 'en', 'es']);
    for (const row of cases) assert.ok(row.slot_end < app.now().toISOString(), 'a seeded appointment is not in the past');

    for (const { reference, entryNumber, code } of seeded) {
      const verified = await app.inject({ url: `/api/verify/${code}` });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.equal(verified.json().entryNumber, entryNumber);
      const document = await app.inject({ url: `/api/verify/${code}/document` });
      assert.equal(document.headers['content-type'], 'application/pdf');
      const found = cases.find((row) => row.reference === reference)!;
      const types = (await app.evidence.list(found.id)).map((event) => event.type);
      for (const type of ['identity.decision', 'agreement.presented', 'agreement.agreed', 'agreement.signed', 'registry.entered', 'receipt.issued', 'receipt.mailed', 'call.ended']) {
        assert.ok(types.includes(type), `${reference} has no ${type}: ${types.join(', ')}`);
      }
    }

    // The desk's agenda of the last days lists them, done, with their receipts.
    const cookie = await signIn(app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const from = new Date(app.now().getTime() - 5 * 86_400_000).toISOString().slice(0, 10);
    const agenda = await app.inject({ url: `/api/desk/appointments?from=${from}&to=${app.now().toISOString().slice(0, 10)}&state=completed`, headers: { cookie } });
    assert.equal(agenda.statusCode, 200, agenda.body);
    const listed = (agenda.json() as { appointments: Array<{ reference: string }> }).appointments.map((each) => each.reference);
    assert.deepEqual(listed.filter((reference) => reference.startsWith('DM-')).toSorted(), seeded.map((each) => each.reference).toSorted());
    for (const { reference } of seeded) {
      const id = cases.find((row) => row.reference === reference)!.id;
      const procedure = (await app.inject({ url: `/api/desk/appointments/${id}/procedure`, headers: { cookie } })).json();
      assert.equal(procedure.receipt.entryNumber, seeded.find((each) => each.reference === reference)!.entryNumber);
    }

    const file = path.join(app.config.dataDir, 'seeded.asice');
    const bundle = await prepareBundle(app, cases[0]!.id, 'system');
    await bundle.write(createWriteStream(file));
    assert.equal((await verifyBundle(file)).case.caseId, cases[0]!.id);
  });

  it('seeds once: a second start adds nothing and prints the same codes', async () => {
    const { app, database } = suite;
    const first = await seedDemoReceipts(app);
    const restarted = await buildTestApp(database, { reminderScheduler: false });
    try {
      assert.deepEqual(await seedDemoReceipts(restarted), first);
      const count = await restarted.db.selectFrom('verifiable_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 3);
    } finally {
      await restarted.close();
    }
  });
});
