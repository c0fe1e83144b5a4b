import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { languageFor } from '../src/modules/councils/language.js';
import type { CouncilConfig } from '../src/modules/councils/schemas.js';
import { CouncilsFileError } from '../src/modules/councils/seed.js';
import { buildTestApp, createTestDatabase, useTestApp } from './helpers.js';

describe('GET /api/councils/:council (the demo council)', () => {
  let now = new Date('2026-11-23T09:00:00Z');

  const suite = useTestApp({ now: () => now });

  async function councilAt(instant: string, lang?: string) {
    now = new Date(instant);
    const response = await suite.app.inject(`/api/councils/demo${lang ? `?lang=${lang}` : ''}`);
    assert.equal(response.statusCode, 200);
    return response.json();
  }

  it('describes the council in the shape of the contract', async () => {
    const council = await councilAt('2026-11-23T09:00:00Z');
    assert.deepEqual(Object.keys(council), [
      'id', 'name', 'timeZone', 'languages', 'defaultLanguage', 'openingHours',
      'holidays', 'status', 'procedures', 'privacyUrl', 'branding', 'survey',
    ]);
    assert.equal(council.id, 'demo');
    assert.equal(council.name, 'Ajuntament de Vilademo');
    assert.equal(council.timeZone, 'Europe/Madrid');
    assert.deepEqual(council.languages, ['ca', 'es', 'en']);
    assert.equal(council.defaultLanguage, 'ca');
    assert.deepEqual(council.openingHours[0], { weekday: 1, opens: '08:00', closes: '20:00' });
    assert.deepEqual(council.openingHours.map((hours: { weekday: number }) => hours.weekday), [1, 2, 3, 4, 5]);
    assert.deepEqual(council.branding, { primaryColor: '#9b1c31', logoUrl: 'http://localhost:80/api/councils/demo/logo' });
    assert.match(council.privacyUrl, /^https:\/\//);
    assert.equal(council.allowedOrigins, undefined, 'the allow-list is for the desk only');
  });

  it('names procedures and documents in the language asked for, Catalan by default', async () => {
    const ca = await councilAt('2026-11-23T09:00:00Z');
    assert.deepEqual(ca.procedures[0], {
      id: 'padro',
      name: 'Alta al padró municipal',
      durationMinutes: 30,
      documents: [
        { id: 'dni', name: 'DNI o NIE' },
        { id: 'habitatge', name: "Contracte de lloguer o escriptura de l'habitatge" },
      ],
    });
    const es = await councilAt('2026-11-23T09:00:00Z', 'es');
    assert.equal(es.procedures[1].name, 'Solicitud de ayudas sociales');
    const en = await councilAt('2026-11-23T09:00:00Z', 'en');
    assert.equal(en.procedures[1].documents[1].name, "Proof of the household's income");
  });

  it('lists the holidays of the next 90 days, regional and local, in that language', async () => {
    const ca = await councilAt('2026-11-23T09:00:00Z');
    const dates = ca.holidays.map((holiday: { date: string }) => holiday.date);
    assert.deepEqual(dates, ['2026-11-30', '2026-12-06', '2026-12-08', '2026-12-25', '2026-12-26', '2027-01-01', '2027-01-06']);
    assert.deepEqual(ca.holidays[0], { date: '2026-11-30', name: 'Festa Major de Sant Andreu' });
    assert.deepEqual(ca.holidays[3], { date: '2026-12-25', name: 'Nadal' });
    const en = await councilAt('2026-11-23T09:00:00Z', 'en');
    assert.deepEqual(en.holidays[0], { date: '2026-11-30', name: "Saint Andrew's Town Festival" });
    assert.deepEqual(en.holidays[3], { date: '2026-12-25', name: 'Christmas Day' });
  });

  it("names regional holidays in the council's words where date-holidays lacks the language", async () => {
    const ca = await councilAt('2026-11-23T09:00:00Z');
    assert.deepEqual(ca.holidays.slice(1, 3), [
      { date: '2026-12-06', name: 'Dia de la Constitució' },
      { date: '2026-12-08', name: 'La Immaculada' },
    ]);
    const en = await councilAt('2026-11-23T09:00:00Z', 'en');
    assert.deepEqual(en.holidays[1], { date: '2026-12-06', name: 'Constitution Day' });
  });

  describe('status', () => {
    it('is open on a Monday at 10:00 in Madrid, until 20:00', async () => {
      const { status } = await councilAt('2026-11-23T09:00:00Z');
      assert.deepEqual(status, { open: true, changesAt: '2026-11-23T19:00:00.000Z' });
    });

    it('is closed before opening time, until 08:00', async () => {
      const { status } = await councilAt('2026-11-24T06:59:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-11-24T07:00:00.000Z' });
    });

    it('changes at the very instant the office opens or closes, however often it was asked before', async () => {
      const statuses = [];
      for (const instant of ['2026-11-25T06:59:59.999Z', '2026-11-25T07:00:00Z', '2026-11-25T18:59:59.999Z', '2026-11-25T19:00:00Z']) {
        statuses.push((await councilAt(instant)).status.open, (await councilAt(instant)).status.open);
      }
      assert.deepEqual(statuses, [false, false, true, true, true, true, false, false]);
    });

    it('lists the holidays from the new day once midnight passes in Madrid', async () => {
      // The local festival, Monday 30 November, is today until 23:00 UTC and then behind us.
      const before = await councilAt('2026-11-30T22:59:59Z');
      const after = await councilAt('2026-11-30T23:00:00Z');
      assert.equal(before.holidays[0].date, '2026-11-30');
      assert.notEqual(after.holidays[0].date, '2026-11-30');
    });

    it('is closed on a Catalan public holiday (the Diada, Friday 11 September) until Monday', async () => {
      const { status } = await councilAt('2026-09-11T08:00:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-09-14T06:00:00.000Z' });
    });

    it("is closed on a local holiday (the town's festival)", async () => {
      const { status } = await councilAt('2026-11-30T10:00:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-12-01T07:00:00.000Z' });
    });

    it('is closed on Sunday, until Monday 08:00', async () => {
      const { status } = await councilAt('2026-11-22T11:00:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-11-23T07:00:00.000Z' });
    });

    it('opens at 08:00 local time after the autumn DST change (07:00 UTC instead of 06:00)', async () => {
      // Friday 23 October 2026, 21:00 CEST; clocks go back on Sunday 25th.
      const { status } = await councilAt('2026-10-23T19:00:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-10-26T07:00:00.000Z' });
    });

    it('opens at 08:00 local time after the spring DST change (06:00 UTC instead of 07:00)', async () => {
      // Friday 27 March 2026, 20:30 CET; clocks go forward on Sunday 29th.
      const { status } = await councilAt('2026-03-27T19:30:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-03-30T06:00:00.000Z' });
    });

    it('looks past the Christmas holidays for the next opening', async () => {
      // Thursday 24 December 2026, 21:00: 25th and 26th are holidays, then the weekend.
      const { status } = await councilAt('2026-12-24T20:00:00Z');
      assert.deepEqual(status, { open: false, changesAt: '2026-12-28T07:00:00.000Z' });
    });
  });

  it("allows the demo's local origins, any port, and nothing that only looks like them", async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8000']) {
      const response = await suite.app.inject({ url: '/api/councils/demo', headers: { origin } });
      assert.equal(response.headers['access-control-allow-origin'], origin);
    }
    // Not http://localhost: that is the test server's own origin, whose pages may call any council.
    for (const origin of ['http://localhost.evil.example:80', 'https://localhost:5173', 'http://127.0.0.1']) {
      const response = await suite.app.inject({ url: '/api/councils/demo', headers: { origin } });
      assert.equal(response.json().code, 'FIN_ERR_ORIGIN_FORBIDDEN', origin);
    }
  });
});

describe('the councils file', () => {
  it('stops start-up with every problem listed by its place in the file', async () => {
    const database = await createTestDatabase();
    const file = path.join(database.env.DATA_DIR!, 'councils.json');
    const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
    await writeFile(file, JSON.stringify([
      { ...demo, timeZone: 'Europe/Vilademo', defaultLanguage: 'en', languages: ['ca'] },
      { ...demo, openingHours: [{ weekday: 8, opens: '20:00', closes: '08:00' }] },
    ]));
    try {
      await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file } }), (error: unknown) => {
        assert.ok(error instanceof CouncilsFileError);
        assert.match(error.message, /\/1\/openingHours\/0\/weekday: Expected integer to be less or equal to 7/);
        return true;
      });
      await writeFile(file, JSON.stringify([
        { ...demo, timeZone: 'Europe/Vilademo', defaultLanguage: 'en', languages: ['ca'] },
        { ...demo, openingHours: [{ weekday: 1, opens: '20:00', closes: '08:00' }] },
      ]));
      await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file } }), (error: unknown) => {
        assert.ok(error instanceof CouncilsFileError);
        assert.deepEqual(error.message.split('\n').slice(1), [
          '  - /0/timeZone: unknown time zone Europe/Vilademo',
          "  - /0/defaultLanguage: en is not one of the council's languages",
          '  - /1/openingHours/0: opens must be before closes',
          '  - /1/id: duplicate id demo',
        ]);
        return true;
      });
    } finally {
      await database.drop();
    }
  });
});

describe('languageFor', () => {
  const council = { languages: ['ca', 'es'], defaultLanguage: 'ca' } as unknown as CouncilConfig;

  it('answers in the first language asked for that the council speaks', () => {
    assert.equal(languageFor(council, 'es'), 'es');
    assert.equal(languageFor(council, 'en', 'es'), 'es');
    assert.equal(languageFor(council, undefined, null, 'es'), 'es');
  });

  it("falls back to the council's default for a language it does not speak, or none", () => {
    assert.equal(languageFor(council, 'en'), 'ca');
    assert.equal(languageFor(council, 'xx<script>'), 'ca');
    assert.equal(languageFor(council), 'ca');
  });
});
