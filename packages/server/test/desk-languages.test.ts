import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { acceptedLanguages, localize } from '../src/modules/councils/language.js';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { book } from './appointment-fixtures.js';
import { seedAgent, signIn, useTestApp } from './helpers.js';

interface Named {
  id: string;
  name: string;
}

/**
 * The demo council, in three languages, and `antic`, whose councils file names its procedures and
 * documents with one plain string each, as files did before names came per language.
 */
async function councilsFile(dir: string): Promise<string> {
  const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
  const antic = {
    ...structuredClone(demo),
    id: 'antic',
    name: 'Ajuntament d’Antic',
    procedures: demo.procedures.map((procedure: { name: Record<string, string>; documents: Array<{ id: string; name: Record<string, string> }> }) => ({
      ...procedure,
      name: procedure.name.ca,
      documents: procedure.documents.map((document) => ({ ...document, name: document.name.ca })),
    })),
    agents: [await seedAgent({ email: 'agent@antic.example', name: 'Marta Antic', password: 'antic-password-1' })],
  };
  const file = path.join(dir, 'desk-languages-councils.json');
  await writeFile(file, JSON.stringify([demo, antic]));
  return file;
}

describe('names on the desk in the language of the agent', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  const now = new Date('2026-11-23T07:00:00Z');
  const suite = useTestApp(async (database) => ({ now: () => now, reminderScheduler: false, env: { COUNCILS_FILE: await councilsFile(database.env.DATA_DIR!) } }));
  let demo: string;
  let antic: string;
  let demoCase: string;
  let anticCase: string;

  before(async () => {
    demo = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    antic = await signIn(suite.app, 'agent@antic.example', 'antic-password-1');
    const caseOf = async (reference: string) => (await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    demoCase = await caseOf((await book(suite.app, { slot: '2026-11-24T11:00:00.000Z', phone: '633100001', language: 'ca' })).json().reference);
    anticCase = await caseOf((await book(suite.app, { slot: '2026-11-24T11:00:00.000Z', phone: '633100002', language: 'ca' }, 'antic')).json().reference);
  });

  const get = (url: string, cookie: string) => suite.app.inject({ url, headers: { cookie } });
  const agendaProcedure = async (query: string, cookie = demo) => {
    const response = await get(`/api/desk/appointments?day=2026-11-24${query}`, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().appointments[0].procedure as Named & { documents: Named[] };
  };

  it('names the procedure and its documents in the agenda in the language the desk asks for', async () => {
    assert.deepEqual(await agendaProcedure('&lang=es'), {
      id: 'padro',
      name: 'Alta en el padrón municipal',
      documents: [
        { id: 'dni', name: 'DNI o NIE' },
        { id: 'habitatge', name: 'Contrato de alquiler o escritura de la vivienda' },
      ],
    });
    assert.equal((await agendaProcedure('&lang=en')).name, 'Registering on the municipal roll');
    assert.equal((await agendaProcedure('')).name, 'Alta al padró municipal', "the council's default language without one");
  });

  it('names them in the appointment, its expected documents and the callback topics too', async () => {
    const details = (await get(`/api/desk/appointments/${demoCase}?lang=en`, demo)).json();
    assert.equal(details.procedure.name, 'Registering on the municipal roll');
    const documents = (await get(`/api/desk/cases/${demoCase}/documents?lang=en`, demo)).json();
    assert.deepEqual(
      documents.expected.map((expected: Named) => expected.name),
      ['DNI or NIE (identity document)', 'Rental contract or title deed of the home'],
    );
    const callback = await suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      headers: { 'idempotency-key': 'desk-languages-1' },
      payload: { topic: 'padro', slot: '2026-11-23T09:00:00.000Z', name: 'Pere Vila', phone: '633100003', description: 'Padró', consent: true, language: 'ca', website: '' },
    });
    assert.equal(callback.statusCode, 201, callback.body);
    const queue = (await get('/api/desk/callbacks?lang=es', demo)).json().callbacks;
    assert.deepEqual(queue.map((each: { topic: Named }) => each.topic), [{ id: 'padro', name: 'Alta en el padrón municipal' }]);
  });

  it("opens the desk page in the browser's language unless its address asks for another", async () => {
    const lang = async (url: string, header?: string) =>
      /<html lang="(\w+)">/.exec((await suite.app.inject({ url, headers: header ? { 'accept-language': header } : {} })).body)?.[1];
    assert.equal(await lang('/desk', 'es-ES,es;q=0.9,en;q=0.8'), 'es');
    assert.equal(await lang('/desk', 'fr-FR,fr;q=0.9,en;q=0.5'), 'en');
    assert.equal(await lang('/desk?lang=ca', 'en'), 'ca');
    assert.equal(await lang('/desk', 'de'), 'ca');
    assert.equal(await lang('/desk'), 'ca');
    const body = async (url: string) => (await suite.app.inject({ url, headers: { 'accept-language': 'en' } })).body;
    assert.match(await body('/desk?lang=es'), /<agent-desk lang="es"><\/agent-desk>/, 'the address fixes the desk too');
    assert.match(await body('/desk'), /<agent-desk><\/agent-desk>/, 'otherwise the desk follows the agent');
  });

  it('refuses a language that is not one of the three', async () => {
    const response = await get('/api/desk/appointments?lang=fr', demo);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'FIN_ERR_VALIDATION');
  });

  it('keeps a councils file with one name per procedure and document valid, that name in every language', async () => {
    for (const lang of ['ca', 'es', 'en']) {
      const procedure = await agendaProcedure(`&lang=${lang}`, antic);
      assert.equal(procedure.name, 'Alta al padró municipal');
      assert.deepEqual(procedure.documents.map((document) => document.name), ['DNI o NIE', "Contracte de lloguer o escriptura de l'habitatge"]);
    }
    const citizens = (await suite.app.inject('/api/councils/antic?lang=en')).json();
    assert.equal(citizens.procedures[0].name, 'Alta al padró municipal');
    assert.equal((await get(`/api/desk/cases/${anticCase}/documents?lang=es`, antic)).json().expected[0].name, 'DNI o NIE');
  });
});

describe('localize', () => {
  it('picks the language asked for, then the fallback, then any; a plain string in every language', () => {
    assert.equal(localize({ ca: 'Padró', es: 'Padrón' }, 'es', 'ca'), 'Padrón');
    assert.equal(localize({ ca: 'Padró', es: 'Padrón' }, 'en', 'ca'), 'Padró');
    assert.equal(localize({ es: 'Padrón' }, 'en', 'ca'), 'Padrón');
    assert.equal(localize('Padró', 'en', 'ca'), 'Padró');
  });
});

describe('acceptedLanguages', () => {
  it('orders an Accept-Language header by weight, as primary subtags, leaving out refused ones', () => {
    assert.deepEqual(acceptedLanguages('en;q=0.5, es-ES, ca;q=0.8, fr;q=0'), ['es', 'ca', 'en']);
    assert.deepEqual(acceptedLanguages('*'), ['*']);
    assert.deepEqual(acceptedLanguages(undefined), []);
    assert.deepEqual(acceptedLanguages(';q=1,,'), []);
  });
});
