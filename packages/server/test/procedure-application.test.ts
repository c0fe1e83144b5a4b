import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CouncilsFileError, readCouncilsFile } from '../src/modules/councils/seed.js';
import { renderDocument } from '../src/modules/procedure/application/document.js';
import { findForm } from '../src/modules/procedure/application/forms.js';
import { emptyApplication } from '../src/modules/procedure/application/record.js';
import type { ApplicationDocument, CitizenProcedure, DeskProcedure } from '../src/modules/procedure/schemas.js';
import { canonicalJson } from '../src/shared/json.js';
import { callsTestEnv, seedAppointment } from './call-fixtures.js';
import { seedAgent, signIn, useTestApp } from './helpers.js';

const DEMO_FILE = fileURLToPath(new URL('../councils/demo.json', import.meta.url));
const DEMO_AGENT = ['agent@demo.finestreta.cat', 'finestreta-demo'] as const;
const OTHER_AGENT = ['oriol@altre.example', 'altre-password-1'] as const;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The demo council, and another one whose agent must not reach the demo's cases. */
async function councilsFile(dir: string): Promise<string> {
  const [demo] = JSON.parse(await readFile(DEMO_FILE, 'utf8')) as Array<Record<string, unknown>>;
  const other = { ...demo, id: 'altre', name: "Ajuntament d'Altre", agents: [await seedAgent({ email: OTHER_AGENT[0], name: 'Oriol Vila', password: OTHER_AGENT[1] })] };
  const file = path.join(dir, 'councils.json');
  await writeFile(file, JSON.stringify([demo, other]));
  return file;
}

/** A schema node as the tests below edit it. */
interface SchemaNode {
  properties: Record<string, SchemaNode>;
  required: string[];
  pattern?: string;
  oneOf?: unknown[];
}
type FormConfig = { schema: SchemaNode; fields: Array<Record<string, unknown>> };

/** A councils file whose `padro` form is changed by `edit`, written where the test can load it. */
async function withForm(dir: string, edit: (form: FormConfig) => void): Promise<string> {
  const councils = JSON.parse(await readFile(DEMO_FILE, 'utf8')) as Array<{ procedures: Array<{ application: FormConfig }> }>;
  edit(councils[0]!.procedures[0]!.application);
  const file = path.join(dir, `bad-${randomUUID()}.json`);
  await writeFile(file, JSON.stringify(councils));
  return file;
}

/** An appointment of the demo council in its call, booked in Spanish with a DNI, whose citizen has sent two documents. */
async function caseInCall(app: FastifyInstance) {
  const { id, token } = await seedAppointment(app, 'demo');
  await app.db.updateTable('cases').set({ state: 'in_call', language: 'es' }).where('id', '=', id).execute();
  await app.db.updateTable('appointments').set({ id_document: '12345678Z' }).where('case_id', '=', id).execute();
  const documents = [
    { name: 'contracte.pdf', expected: 'habitatge', state: 'accepted' as const },
    { name: 'vell.pdf', expected: null, state: 'rejected' as const },
  ].map(({ name, expected, state }) => ({
    id: randomUUID(),
    case_id: id,
    file_name: name,
    expected,
    content_type: 'application/pdf',
    bytes: 1000,
    sha256: sha256(name),
    file: `documents/${name}`,
    scan: 'clean' as const,
    state,
    rejection_reason: null,
    uploaded_at: app.now().toISOString(),
    reviewed_at: null,
    reviewed_by: null,
    upload_id: null,
    upload_size: null,
  }));
  await app.db.insertInto('documents').values(documents).execute();
  return { id, token, accepted: documents[0]!, rejected: documents[1]! };
}

/** What the identity and documents steps leave once done (their own routes are another module's). */
async function identityDone(app: FastifyInstance, caseId: string, verified: boolean) {
  const found = (await app.procedure.core.findCase(caseId))!;
  await app.procedure.core.write(found, 'agent:test', (record) => {
    record.identity.decision = { verified, reason: verified ? null : 'no match', at: app.now().toISOString(), agentId: 'test' };
    record.steps.identity = verified ? 'done' : 'failed';
    record.steps.documents = 'done';
    record.steps.application = 'current';
    record.current = 'application';
    return { events: [{ type: 'identity.decision' as const, data: { verified } }] };
  });
}

const COMPLETE_PADRO = {
  applicant: { name: 'Marta Soler', idNumber: '12345678Z', birthDate: '1990-03-14', email: 'marta@example.org' },
  home: { address: 'Carrer Major 1, 2n', postalCode: '08999', movedOn: '2026-11-02', people: 2 },
  notification: { channel: 'electronic', address: 'marta@example.org' },
  declarations: { truthful: true, privacy: true },
};

describe('the application filled in during the call', () => {
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), COUNCILS_FILE: await councilsFile(database.env.DATA_DIR!) } }));
  let cookie: string;

  const put = (caseId: string, payload: Record<string, unknown>, query = '') =>
    suite.app.inject({ method: 'PUT', url: `/api/desk/appointments/${caseId}/procedure/application${query}`, headers: { cookie }, payload });
  const present = (caseId: string, as = cookie) =>
    suite.app.inject({ method: 'POST', url: `/api/desk/appointments/${caseId}/procedure/agreement/present?lang=en`, headers: { cookie: as }, payload: {} });
  const deskView = async (caseId: string, lang = 'en') =>
    (await suite.app.inject({ method: 'GET', url: `/api/desk/appointments/${caseId}/procedure?lang=${lang}`, headers: { cookie } })).json<DeskProcedure>();
  const events = (caseId: string) =>
    suite.app.db.selectFrom('evidence_events').select(['type', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();

  it('signs the agent in', async () => {
    cookie = await signIn(suite.app, ...DEMO_AGENT);
  });

  it("gives the desk the council's forms with their schemas whole", async () => {
    const response = await suite.app.inject({ url: '/api/desk/councils/demo', headers: { cookie } });
    assert.equal(response.statusCode, 200);
    const [demo] = JSON.parse(await readFile(DEMO_FILE, 'utf8')) as Array<{ procedures: Array<{ application: unknown }> }>;
    assert.deepEqual(response.json().procedures[0].application, demo!.procedures[0]!.application);
  });

  describe('before the agent saves anything', () => {
    it("offers the generic application first and starts from the procedure's own form, prefilled from the case", async () => {
      const { id } = await caseInCall(suite.app);
      const { application } = await deskView(id, 'ca');
      assert.deepEqual(application.forms, [
        { id: 'generic', title: 'Instància genèrica' },
        { id: 'padro', title: "Sol·licitud d'alta al padró municipal" },
        { id: 'ajuts', title: "Sol·licitud d'ajut social" },
      ]);
      assert.equal(application.form?.id, 'padro');
      assert.equal(application.form?.fields.find((field) => field.pointer === '/home/postalCode')?.label, 'Codi postal');
      assert.deepEqual(application.data, { applicant: { name: 'Marta Soler', idNumber: '12345678Z', email: 'marta@example.org', phone: '+34612345678' } });
      assert.equal(application.version, 0);
      assert.ok(application.errors.some((error) => error.pointer === '/home/address' && error.message === 'Cal omplir aquest camp'));
    });
  });

  describe('when the agent chooses the generic application', () => {
    it('prefills the applicant and the council as the body addressed, and lists what is left to fill in', async () => {
      const { id } = await caseInCall(suite.app);
      const response = await put(id, { formId: 'generic', data: {}, attachments: [], version: 0 }, '?lang=en');
      assert.equal(response.statusCode, 200, response.body);
      const { application } = response.json<DeskProcedure>();
      assert.equal(application.form?.title, 'General application');
      assert.equal(application.version, 1);
      assert.deepEqual(application.data, {
        applicant: { name: 'Marta Soler', idNumber: '12345678Z', email: 'marta@example.org', phone: '+34612345678' },
        addressee: { body: 'Ajuntament de Vilademo', code: 'L01089999' },
      });
      const missing = application.errors.map((error) => error.pointer);
      for (const pointer of ['/notification/channel', '/notification/address', '/statement/facts', '/statement/request', '/declarations/truthful']) assert.ok(missing.includes(pointer), pointer);
      const consultation = application.form?.fields.find((field) => field.pointer === '/declarations/consultation');
      assert.deepEqual(consultation?.options?.map((option) => option.value), ['allow', 'object']);

      const saved = (await events(id)).filter((event) => event.type === 'application.saved');
      assert.equal(saved.length, 1);
      const data = JSON.parse(saved[0]!.data) as { formId: string; dataSha256: string };
      assert.equal(data.formId, 'generic');
      assert.equal(data.dataSha256, sha256(canonicalJson(application.data)));
      assert.ok(!saved[0]!.data.includes('Marta'), 'the event holds the hash, not the data');
    });
  });

  describe('when a value is not valid', () => {
    it("refuses it with the field's pointer and keeps the draft as it was", async () => {
      const { id } = await caseInCall(suite.app);
      const data = { ...COMPLETE_PADRO, applicant: { ...COMPLETE_PADRO.applicant, email: 'not an email' }, home: { ...COMPLETE_PADRO.home, postalCode: 'ABC' } };
      const response = await put(id, { formId: 'padro', data, attachments: [], version: 0 }, '?lang=es');
      assert.equal(response.statusCode, 400);
      const body = response.json<{ code: string; details: { errors: Array<{ pointer: string; message: string }> } }>();
      assert.equal(body.code, 'FIN_ERR_APPLICATION_INVALID');
      assert.deepEqual(body.details.errors, [
        { pointer: '/applicant/email', message: 'No es un correo electrónico válido' },
        { pointer: '/home/postalCode', message: 'El valor no tiene el formato esperado' },
      ]);
      assert.equal((await deskView(id)).application.version, 0);
    });

    it('refuses a value outside the options and a field the form does not have', async () => {
      const { id } = await caseInCall(suite.app);
      const data = { ...COMPLETE_PADRO, notification: { channel: 'pigeon', address: 'x' }, extra: 1 };
      const response = await put(id, { formId: 'padro', data, attachments: [], version: 0 });
      assert.equal(response.statusCode, 400);
      const pointers = response.json<{ details: { errors: Array<{ pointer: string }> } }>().details.errors.map((error) => error.pointer);
      assert.deepEqual(pointers.sort(), ['/extra', '/notification/channel']);
    });
  });

  describe('when the agent saves a draft', () => {
    it('keeps it, goes up a version, and takes emptied fields as left to fill in', async () => {
      const { id } = await caseInCall(suite.app);
      const draft = { applicant: { name: 'Marta Soler', idNumber: '12345678Z', email: '' }, home: { address: 'Carrer Major 1' } };
      const first = await put(id, { formId: 'padro', data: draft, attachments: [], version: 0 });
      assert.equal(first.statusCode, 200, first.body);
      const { application } = first.json<DeskProcedure>();
      assert.equal(application.version, 1);
      assert.deepEqual(application.data, { applicant: { name: 'Marta Soler', idNumber: '12345678Z' }, home: { address: 'Carrer Major 1' } });
      assert.ok(application.errors.some((error) => error.pointer === '/home/postalCode'));

      const again = await put(id, { formId: 'padro', data: application.data, attachments: [], version: 1 });
      assert.equal(again.json<DeskProcedure>().application.version, 1, 'the same data again is no change');
      assert.equal((await events(id)).filter((event) => event.type === 'application.saved').length, 1);
    });

    it('refuses a save made on a version that is no longer the current one', async () => {
      const { id } = await caseInCall(suite.app);
      assert.equal((await put(id, { formId: 'padro', data: {}, attachments: [], version: 0 })).statusCode, 200);
      const stale = await put(id, { formId: 'padro', data: { home: { address: 'Other' } }, attachments: [], version: 0 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'FIN_ERR_CHANGED_MEANWHILE');
    });

    it('refuses a form the council does not have', async () => {
      const { id } = await caseInCall(suite.app);
      const response = await put(id, { formId: 'no-such-form', data: {}, attachments: [], version: 0 });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, 'FIN_ERR_FORM_UNKNOWN');
    });

    it("refuses as attachments another case's documents and rejected ones", async () => {
      const { id, rejected } = await caseInCall(suite.app);
      const other = await caseInCall(suite.app);
      for (const attachment of [other.accepted.id, rejected.id]) {
        const response = await put(id, { formId: 'padro', data: {}, attachments: [attachment], version: 0 });
        assert.equal(response.statusCode, 400);
        assert.deepEqual([response.json().code, response.json().field], ['FIN_ERR_VALIDATION', 'attachments']);
      }
    });

    it('refuses data larger than an application needs', async () => {
      const { id } = await caseInCall(suite.app);
      const data = { home: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(2000)])) };
      const response = await put(id, { formId: 'padro', data, attachments: [], version: 0 });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().code, 'FIN_ERR_PAYLOAD_TOO_LARGE');
    });

    it('is refused while the appointment is not in its call', async () => {
      const { id } = await caseInCall(suite.app);
      await suite.app.db.updateTable('cases').set({ state: 'booked' }).where('id', '=', id).execute();
      const response = await put(id, { formId: 'padro', data: {}, attachments: [], version: 0 });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().code, 'FIN_ERR_PROCEDURE_NOT_OPEN');
    });
  });

  describe('what the citizen sees', () => {
    it('is the live draft as a readable document in their language, not the form', async () => {
      const { id, token, accepted } = await caseInCall(suite.app);
      const before = await suite.app.inject({ method: 'GET', url: `/api/councils/demo/appointments/mine/procedure?token=${token}` });
      assert.equal(before.json<CitizenProcedure>().application, null);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [accepted.id], version: 0 });
      const view = await suite.app.inject({ method: 'GET', url: `/api/councils/demo/appointments/mine/procedure?token=${token}` });
      const document = view.json<CitizenProcedure>().application!;
      assert.equal(document.language, 'es');
      assert.equal(document.title, 'Solicitud de alta en el padrón municipal');
      assert.equal(document.procedure, 'Alta en el padrón municipal');
      const home = document.sections.find((section) => section.heading === 'Vivienda')!;
      assert.deepEqual(home.items.slice(2), [
        { label: 'Fecha desde la que vive en ella', value: '2 de noviembre de 2026' },
        { label: 'Personas que viven en ella', value: '2' },
      ]);
      const notification = document.sections.find((section) => section.heading === 'Notificaciones')!;
      assert.equal(notification.items[0]!.value, 'Electrónico, en la sede electrónica');
      assert.equal(document.declarations.length, 2);
      assert.ok(document.declarations[0]!.startsWith('Declaro que los datos'));
      assert.deepEqual(document.attachments, [{ name: 'Contrato de alquiler o escritura de la vivienda (contracte.pdf)', sha256: accepted.sha256 }]);
    });
  });

  describe('presenting the application for agreement', () => {
    it('is refused while the identity is not verified', async () => {
      const { id } = await caseInCall(suite.app);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [], version: 0 });
      await identityDone(suite.app, id, false);
      const response = await present(id);
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().code, 'FIN_ERR_IDENTITY_NOT_VERIFIED');
      assert.equal((await deskView(id)).agreement.state, 'none');
    });

    it('is refused with what is left to fill in while the application is not complete', async () => {
      const { id } = await caseInCall(suite.app);
      await identityDone(suite.app, id, true);
      await put(id, { formId: 'padro', data: { ...COMPLETE_PADRO, declarations: { truthful: false } }, attachments: [], version: 0 });
      const response = await present(id);
      assert.equal(response.statusCode, 400);
      const body = response.json<{ code: string; details: { errors: Array<{ pointer: string; message: string }> } }>();
      assert.equal(body.code, 'FIN_ERR_APPLICATION_INVALID');
      assert.deepEqual(body.details.errors.map((error) => error.pointer).sort(), ['/declarations/privacy', '/declarations/truthful']);
      assert.equal(body.details.errors[0]!.message, 'This field is required');
    });

    it("stores the exact bytes shown, in the citizen's language, whose SHA-256 is the one logged and asked about", async () => {
      const { id, token, accepted } = await caseInCall(suite.app);
      await identityDone(suite.app, id, true);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [accepted.id], version: 0 });
      const response = await present(id);
      assert.equal(response.statusCode, 200, response.body);
      const view = response.json<DeskProcedure>();
      assert.equal(view.current, 'agreement');
      assert.equal(view.steps.find((step) => step.id === 'application')?.state, 'done');
      assert.equal(view.agreement.state, 'presented');

      const stored = await suite.app.db.selectFrom('application_documents').selectAll().where('id', '=', view.agreement.documentId!).executeTakeFirstOrThrow();
      assert.equal(stored.case_id, id);
      assert.equal(stored.language, 'es');
      assert.equal(sha256(stored.body), stored.sha256);
      assert.equal(stored.sha256, view.agreement.sha256);
      const document = JSON.parse(stored.body) as ApplicationDocument;
      assert.equal(canonicalJson(document), stored.body);
      assert.equal(document.title, 'Solicitud de alta en el padrón municipal');
      assert.deepEqual(document.attachments, [{ name: 'Contrato de alquiler o escritura de la vivienda (contracte.pdf)', sha256: accepted.sha256 }]);

      const presented = (await events(id)).find((event) => event.type === 'agreement.presented')!;
      assert.deepEqual(
        { ...JSON.parse(presented.data), recording: undefined },
        { documentId: stored.id, sha256: stored.sha256, bytes: Buffer.byteLength(stored.body), language: 'es', formId: 'padro', version: 1, recording: undefined },
      );
      const citizen = (await suite.app.inject({ method: 'GET', url: `/api/councils/demo/appointments/mine/procedure?token=${token}` })).json<CitizenProcedure>();
      assert.deepEqual(citizen.asked, { kind: 'agreement', documentId: stored.id });
    });

    it('is refused once an attached document was rejected', async () => {
      const { id, accepted } = await caseInCall(suite.app);
      await identityDone(suite.app, id, true);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [accepted.id], version: 0 });
      await suite.app.db.updateTable('documents').set({ state: 'rejected' }).where('id', '=', accepted.id).execute();
      const response = await present(id);
      assert.equal(response.statusCode, 400);
      assert.deepEqual([response.json().code, response.json().field], ['FIN_ERR_VALIDATION', 'attachments']);
      assert.equal((await deskView(id)).agreement.state, 'none');
    });

    it('presents the same document once however often it is asked, and leaves an agreement given standing', async () => {
      const { id } = await caseInCall(suite.app);
      await identityDone(suite.app, id, true);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [], version: 0 });
      const first = (await present(id)).json<DeskProcedure>().agreement;
      const again = await present(id);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<DeskProcedure>().agreement.documentId, first.documentId);

      const found = (await suite.app.procedure.core.findCase(id))!;
      await suite.app.procedure.core.write(found, 'citizen', (record) => {
        record.agreement = { ...record.agreement, state: 'agreed', answeredAt: suite.app.now().toISOString() };
        return { events: [{ type: 'agreement.agreed', data: { sha256: first.sha256 } }] };
      });
      const afterAgreement = (await present(id)).json<DeskProcedure>().agreement;
      assert.deepEqual([afterAgreement.state, afterAgreement.documentId], ['agreed', first.documentId]);
      assert.equal((await events(id)).filter((event) => event.type === 'agreement.presented').length, 1);
    });

    it('is voided by a change of the application, and presenting again replaces it', async () => {
      const { id, token } = await caseInCall(suite.app);
      await identityDone(suite.app, id, true);
      await put(id, { formId: 'padro', data: COMPLETE_PADRO, attachments: [], version: 0 });
      const first = (await present(id)).json<DeskProcedure>().agreement;

      const changed = await put(id, { formId: 'padro', data: { ...COMPLETE_PADRO, home: { ...COMPLETE_PADRO.home, people: 3 } }, attachments: [], version: 1 });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json<DeskProcedure>().agreement.state, 'void');
      const citizen = (await suite.app.inject({ method: 'GET', url: `/api/councils/demo/appointments/mine/procedure?token=${token}` })).json<CitizenProcedure>();
      assert.equal(citizen.asked, null);
      assert.equal(citizen.agreement.state, 'void');

      const second = (await present(id)).json<DeskProcedure>().agreement;
      assert.equal(second.state, 'presented');
      assert.notEqual(second.documentId, first.documentId);
      assert.notEqual(second.sha256, first.sha256);
      const types = (await events(id)).map((event) => event.type);
      assert.deepEqual(types.slice(types.indexOf('agreement.presented')), ['agreement.presented', 'application.saved', 'agreement.voided', 'agreement.presented']);
      const voided = (await events(id)).find((event) => event.type === 'agreement.voided')!;
      assert.equal(JSON.parse(voided.data).sha256, first.sha256);
    });
  });

  describe("another council's agent", () => {
    it('finds neither the application nor its presentation', async () => {
      const { id } = await caseInCall(suite.app);
      const other = await signIn(suite.app, ...OTHER_AGENT);
      const saved = await suite.app.inject({
        method: 'PUT',
        url: `/api/desk/appointments/${id}/procedure/application`,
        headers: { cookie: other },
        payload: { formId: 'generic', data: {}, attachments: [], version: 0 },
      });
      assert.equal(saved.statusCode, 404);
      assert.equal(saved.json().code, 'FIN_ERR_APPOINTMENT_NOT_FOUND');
      assert.equal((await present(id, other)).statusCode, 404);
      assert.equal((await deskView(id)).application.version, 0);
    });
  });
});

describe("the councils file's application forms", () => {
  const suite = useTestApp();
  const refusal = async (edit: Parameters<typeof withForm>[1]) => {
    const file = await withForm(suite.database.env.DATA_DIR!, edit);
    const error = await readCouncilsFile(file).then(
      () => assert.fail('the file was accepted'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof CouncilsFileError);
    return error.message;
  };

  it("loads the demo council's forms", async () => {
    const [demo] = await readCouncilsFile(DEMO_FILE);
    assert.deepEqual(
      demo!.procedures.map((procedure) => procedure.application?.fields.length),
      [18, 18],
    );
  });

  it('refuses a schema with a keyword forms do not support', async () => {
    const message = await refusal((form) => (form.schema.properties.home!.properties.postalCode!.oneOf = [{ type: 'string' }]));
    assert.match(message, /\/0\/procedures\/0\/application\/schema/);
  });

  it('refuses a pattern that is not a regular expression', async () => {
    const message = await refusal((form) => (form.schema.properties.home!.properties.postalCode!.pattern = '[0-9'));
    assert.match(message, /\/0\/procedures\/0\/application\/schema\/properties\/home\/properties\/postalCode\/pattern: not a regular expression/);
  });

  it('refuses a required property the schema does not describe, and a field not in the schema', async () => {
    const message = await refusal((form) => {
      form.schema.properties.home!.required.push('floor');
      form.fields.push({ pointer: '/home/floor', label: { en: 'Floor' } });
    });
    assert.match(message, /properties\/home\/required: "floor" is not one of its properties/);
    assert.match(message, /application\/fields\/18\/pointer: \/home\/floor is not in the schema/);
  });
});

describe('the generic application as a document', () => {
  it('words every answer in the reader\'s language, in the form\'s order, and leaves out what was not filled in', async () => {
    const [council] = await readCouncilsFile(DEMO_FILE);
    const found = { id: 'c', councilId: 'demo', state: 'in_call', language: 'en', procedure: 'ajuts', citizenName: 'Marta Soler', citizenPhone: '+34612345678', citizenEmail: null, idDocument: null };
    const data = {
      applicant: { name: 'Marta Soler', idNumber: '12345678Z' },
      notification: { channel: 'postal', address: 'Carrer Major 1, Vilademo' },
      statement: { facts: 'I moved in October.', request: 'A certificate.' },
      addressee: { body: 'Ajuntament de Vilademo', code: 'L01089999' },
      declarations: { truthful: true, consultation: 'object', privacy: true },
    };
    const document = renderDocument(council!, found, findForm(council!, 'generic')!, { ...emptyApplication(), formId: 'generic', data }, 'en');
    assert.equal(document.title, 'General application');
    assert.equal(document.procedure, 'Social aid application');
    assert.deepEqual(
      document.sections.map((section) => section.heading),
      ['Applicant', 'Notifications', 'Statement and request', 'Addressed to'],
    );
    assert.deepEqual(document.sections[1]!.items, [
      { label: 'Preferred channel', value: 'On paper, by post' },
      { label: 'Address for notifications', value: 'Carrer Major 1, Vilademo' },
    ]);
    assert.deepEqual(document.declarations, [
      'I declare that the details of this application and the documents attached to it are true.',
      'I object to the council consulting my data and will provide the documents myself.',
      "I have been told how my personal data are processed, as the council's privacy notice explains.",
    ]);
  });
});
