import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import sharp from 'sharp';
import type { ApplicationDocument } from '../src/modules/procedure/schemas.js';
import { canonicalJson } from '../src/shared/json.js';
import { ALPHA_AGENT, BETA_AGENT, CALLS_COUNCILS_FILE, seedAppointment } from './call-fixtures.js';
import { seedAgent } from './helpers.js';

/** The booking of Carmen Española Española with her DNI, whose card the specimen MRZ below reads. */
export const CARMEN = { name: 'Carmen Española Española', idDocument: '12345678Z' };

/**
 * An appointment of `councilId` whose call is open (`in_call`, the lifecycle's `admit` move),
 * booked as `booked` says, with the citizen's token. No call runs in the process, so events carry
 * no recording position.
 */
export async function appointmentInCall(app: FastifyInstance, councilId: string, booked = CARMEN): Promise<{ id: string; token: string }> {
  const appointment = await seedAppointment(app, councilId);
  await app.db.updateTable('cases').set({ citizen_name: booked.name }).where('id', '=', appointment.id).execute();
  await app.db.updateTable('appointments').set({ id_document: booked.idDocument }).where('case_id', '=', appointment.id).execute();
  await app.appointments.lifecycle.write(appointment.id, councilId, app.now(), async () => ({
    move: 'admit',
    event: { type: 'call.admitted', actor: 'system', data: {} },
  }));
  return appointment;
}

/** ICAO 9303 check digit: weights 7-3-1, `<` = 0, A = 10 … Z = 35, modulo 10. */
export function checkDigit(text: string): string {
  let sum = 0;
  for (const [index, char] of [...text].entries()) {
    const value = char === '<' ? 0 : /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * [7, 3, 1][index % 3]!;
  }
  return String(sum % 10);
}

export interface Td1 {
  support: string;
  idNumber: string;
  birth: string;
  expiry: string;
  surnames: string;
  given: string;
}

/** The three TD1 lines of a Spanish DNI, every check digit computed as the card prints it. */
export function spanishTd1(overrides: Partial<Td1> = {}): string[] {
  const { support, idNumber, birth, expiry, surnames, given } = {
    support: 'BAA000589',
    idNumber: CARMEN.idDocument,
    birth: '800101',
    expiry: '310101',
    surnames: 'ESPANOLA<ESPANOLA',
    given: 'CARMEN',
    ...overrides,
  };
  const line1 = `IDESP${support}${checkDigit(support)}${idNumber}`.padEnd(30, '<');
  const head = `${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}ESP`.padEnd(29, '<');
  const composite = checkDigit(line1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29));
  return [line1, head + composite, `${surnames}<<${given}`.padEnd(30, '<')];
}

/** A real picture, as a camera's still would be: `format` at `width`×`height`. */
export function picture(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } });
  return (format === 'jpeg' ? image.jpeg() : image.png()).toBuffer();
}

/** Requests of the procedure's API for one case: the desk's as `cookie`, the citizen's with `token`. */
export function procedureApi(app: FastifyInstance, councilId: string, caseId: string, cookie: string, token: string) {
  const desk = (method: InjectOptions['method'], path: string, payload?: object) =>
    app.inject({ method, url: `/api/desk/appointments/${caseId}/procedure${path}`, headers: { cookie }, ...(payload && { payload }) });
  const citizen = `/api/councils/${councilId}/appointments/mine/procedure`;
  return {
    token,
    desk,
    deskView: async () => (await desk('GET', '')).json(),
    citizenView: async () => (await app.inject({ url: `${citizen}?${new URLSearchParams({ token })}` })).json(),
    citizenPost: (path: string, payload: object) => app.inject({ method: 'POST', url: `${citizen}${path}`, payload }),
    still: (kind: string, body: Buffer, contentType = 'image/jpeg', withToken = token) =>
      app.inject({
        method: 'POST',
        url: `${citizen}/stills?${new URLSearchParams({ token: withToken, kind })}`,
        headers: { 'content-type': contentType },
        payload: body,
      }),
  };
}

export type ProcedureApi = ReturnType<typeof procedureApi>;

/** The agent asks for consent and the citizen gives it, for the text their screen shows; returns that text. */
export async function giveConsent(api: ProcedureApi): Promise<{ text: string; textSha256: string }> {
  assert.equal((await api.desk('POST', '/identity/consent', {})).statusCode, 200);
  const asked = (await api.citizenView()).asked;
  const answer = await api.citizenPost('/consent', { token: api.token, accept: true, textSha256: asked.textSha256 });
  assert.equal(answer.statusCode, 200, answer.body);
  return asked;
}

/** Everything a verified identity needs but the decision: consent, three stills, the MRZ `lines`, the code heard, the checklist. */
export async function completeIdentityCheck(api: ProcedureApi, lines = spanishTd1()): Promise<void> {
  await giveConsent(api);
  for (const kind of ['front', 'back', 'face']) {
    await api.desk('POST', '/identity/stills/request', { kind });
    const taken = await api.still(kind, await picture(640, 400));
    assert.equal(taken.statusCode, 200, taken.body);
  }
  assert.equal((await api.desk('POST', '/identity/mrz', { text: lines.join('\n') })).statusCode, 200);
  await api.desk('POST', '/identity/liveness', {});
  const { code } = (await api.citizenView()).asked;
  assert.equal((await api.desk('POST', '/identity/liveness/answer', { heard: code })).json().identity.liveness.matched, true);
  const checklist = { hologram: true, laserImage: true, ghostPhoto: true, photoMatchesFace: true, documentIntact: true };
  assert.equal((await api.desk('PUT', '/identity/checklist', { checklist })).statusCode, 200);
}

/** A verified identity (booked as CARMEN), which leaves the procedure at the documents step. */
export async function verifyIdentity(api: ProcedureApi): Promise<void> {
  await completeIdentityCheck(api);
  const decided = await api.desk('POST', '/identity/decision', { verified: true });
  assert.equal(decided.statusCode, 200, decided.body);
}

// Anna and Bernat are habilitated employees; Joan, of Anna's council, is not.
export const HABILITATION = 'ALFA-HAB-2026-007';
export const JOAN = { email: 'joan@alpha.example', password: 'joan-password-12' };
export const PAU = { email: 'pau@alpha.example', password: 'pau-password-123' };

/** The calls' councils file, written in `dir`, with habilitated employees who can sign. */
export async function councilsWithHabilitations(dir: string): Promise<string> {
  const councils = JSON.parse(await readFile(CALLS_COUNCILS_FILE, 'utf8'));
  councils[0].agents = await Promise.all(
    [
      { name: 'Anna Alfa', ...ALPHA_AGENT, habilitation: HABILITATION, role: 'supervisor' as const },
      { name: 'Joan Alfa', ...JOAN },
      { name: 'Pau Alfa', ...PAU, habilitation: 'ALFA-HAB-2026-011' },
    ].map(seedAgent),
  );
  councils[1].agents = [{ ...(await seedAgent({ name: 'Bernat Beta', ...BETA_AGENT, habilitation: 'BETA-HAB-1' })), role: 'supervisor' }];
  const file = path.join(dir, 'councils-with-habilitations.json');
  await writeFile(file, JSON.stringify(councils));
  return file;
}

/** A case whose application is presented for agreement, with its citizen's token and the exact bytes presented. */
export interface Ready {
  id: string;
  token: string;
  documentId: string;
  body: string;
  sha256: string;
}

/** What the application step does when the agent presents: stores the exact bytes, goes on to the agreement and asks for it. */
export async function presentApplication(app: FastifyInstance, caseId: string, title = 'Sol·licitud genèrica'): Promise<Omit<Ready, 'id' | 'token'>> {
  const application: ApplicationDocument = {
    language: 'ca',
    title,
    council: "Ajuntament d'Alfa",
    procedure: 'Instància genèrica',
    sections: [{ heading: 'Exposo', items: [{ label: 'Fets', value: 'Visc al carrer Major, 3 — 2n 1a' }] }],
    attachments: [],
    declarations: ['Declaro que les dades són certes.'],
  };
  const body = canonicalJson(application);
  const document = { documentId: randomUUID(), body, sha256: createHash('sha256').update(body).digest('hex') };
  const found = await app.procedure.core.deskCase((await app.procedure.core.findCase(caseId))!.councilId, caseId);
  await app.procedure.core.write(found, 'system', async (record, trx) => {
    const presentedAt = app.now().toISOString();
    await trx
      .insertInto('application_documents')
      .values({ id: document.documentId, case_id: caseId, language: 'ca', content_type: 'application/json', body, sha256: document.sha256, presented_at: presentedAt, presented_by: 'system' })
      .execute();
    record.agreement = { state: 'presented', documentId: document.documentId, sha256: document.sha256, presentedAt, answeredAt: null, reason: null };
    Object.assign(record.steps, { application: 'done', agreement: 'current' });
    record.current = 'agreement';
    return { events: [{ type: 'agreement.presented', data: { documentId: document.documentId, sha256: document.sha256 } }] };
  });
  return document;
}

/** The identity decided (`verified` or not) and the documents checked, in one change of a case in its call: on to the application. */
export async function skipToApplication(app: FastifyInstance, council: string, caseId: string, verified = true): Promise<void> {
  await app.procedure.core.write(await app.procedure.core.deskCase(council, caseId), 'system', (record) => {
    record.identity.decision = { verified, reason: verified ? null : 'The photo is not of this person', at: app.now().toISOString(), agentId: 'test' };
    Object.assign(record.steps, { identity: 'done', documents: 'done', application: 'current' });
    record.current = 'application';
    return { events: [{ type: 'identity.decision', data: { verified } }] };
  });
}

/** A case in its call, identity `verified` or not, documents checked, with an application presented. */
export async function readyToAgree(app: FastifyInstance, council = 'alpha', verified = true): Promise<Ready> {
  const appointment = await seedAppointment(app, council);
  await app.db.updateTable('cases').set({ state: 'in_call' }).where('id', '=', appointment.id).execute();
  await skipToApplication(app, council, appointment.id, verified);
  return { ...appointment, ...(await presentApplication(app, appointment.id)) };
}

const CITIZEN_PROCEDURE = '/api/councils/alpha/appointments/mine/procedure';

/** A case the citizen was shown, agreed to, and Anna signed, through the API; its receipt made if it can be. */
export async function signed(app: FastifyInstance, cookie: string): Promise<Ready> {
  const target = await readyToAgree(app);
  const shown = await app.inject({ url: `${CITIZEN_PROCEDURE}/document?${new URLSearchParams({ token: target.token, id: target.documentId })}` });
  assert.equal(shown.statusCode, 200, shown.body);
  const agreed = await app.inject({ method: 'POST', url: `${CITIZEN_PROCEDURE}/agreement`, payload: { token: target.token, agree: true, sha256: target.sha256 } });
  assert.equal(agreed.statusCode, 200, agreed.body);
  const sign = await app.inject({ method: 'POST', url: `/api/desk/appointments/${target.id}/procedure/agreement/sign`, headers: { cookie }, payload: { password: ALPHA_AGENT.password } });
  assert.equal(sign.statusCode, 200, sign.body);
  await app.receipts.settled(target.id);
  return target;
}
