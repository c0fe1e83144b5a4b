import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { GENERIC_FORM_ID } from '../councils/form-schema.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { readCouncilsFile } from '../councils/seed.js';
import { AgreementSignature } from '../procedure/agreement/sign.js';
import { presentApplication } from '../procedure/application/present.js';
import { saveApplication } from '../procedure/application/save.js';
import { goTo, type ProcedureCase } from '../procedure/core.js';
import { CLAIM_MS } from '../receipt/job.js';
import { issueReceipt } from '../receipt/issue.js';
import { mailReceipt } from '../receipt/mail.js';
import { createTestAppointment, SEEDED_PREFIX } from './try-now.js';

/** A receipt the seed made, with the verification code printed on it, for a person trying `/verify`. */
export interface SeededReceipt {
  reference: string;
  entryNumber: string;
  code: string;
}

const DEMO_COUNCIL = 'demo';
/**
 * The demo agent's password, shared in the README and printed at start; the demo's councils file
 * holds only its hash, as every councils file must.
 */
export const DEMO_AGENT_PASSWORD = 'finestreta-demo';
const DAY_MS = 86_400_000;

/** What each seeded citizen applied for, in their language: one case per language. */
const STATEMENTS: Record<Language, { facts: string; request: string }> = {
  ca: { facts: 'Visc al carrer Major, 12, de Vilademo des de l’1 de setembre de 2026.', request: 'Que em doneu d’alta al padró municipal d’habitants.' },
  es: { facts: 'Vivo en la calle Mayor, 12, de Vilademo desde el 1 de septiembre de 2026.', request: 'Que me den de alta en el padrón municipal de habitantes.' },
  en: { facts: 'I have lived at 12 Carrer Major, Vilademo, since 1 September 2026.', request: 'To be registered on the municipal roll of inhabitants.' },
};

/** Why the seed's identity decision holds without a document on camera. */
const IDENTITY_REASON = 'Demonstration case seeded at start: no document was shown and nothing was recorded.';

/** Where the demo keeps its seeded codes: they are printed at every start, and the server keeps only their hashes. */
const codesFile = (fastify: FastifyInstance) => path.join(fastify.config.dataDir, 'demo', 'receipt-codes.json');

/**
 * Leaves completed video appointments of the demo council, one in each of its languages, on the
 * days before the first start, with the whole procedure done through the procedure's own
 * services (identity verified, the generic application saved and presented, agreed by the
 * citizen through the citizen API, signed by the demo agent) and their receipts made, sealed,
 * registered and emailed, so that the desk, `/verify` and `evidence export` have something to
 * show on a fresh start. Nothing was recorded, and the evidence says so. Seeds once: a database
 * holding the seed's appointments gets nothing more, and the codes made the first time back.
 */
export async function seedDemoReceipts(fastify: FastifyInstance): Promise<SeededReceipt[]> {
  const council = await fastify.councils.get(DEMO_COUNCIL);
  const demoAgent = council && (await readCouncilsFile(fastify.config.councilsFile)).find((each) => each.id === council.id)?.agents?.find((each) => each.habilitation);
  if (!council || !demoAgent) return [];
  const seeded = await fastify.db.selectFrom('cases').select('id').where('council_id', '=', council.id).where('reference', 'like', `${SEEDED_PREFIX}-%`).executeTakeFirst();
  if (seeded) return readFile(codesFile(fastify), 'utf8').then((text) => JSON.parse(text) as SeededReceipt[], () => []);

  const agent = (await fastify.agents.findByEmail(demoAgent.email))!;
  const now = fastify.now();
  const made: SeededReceipt[] = [];
  for (const [i, language] of council.languages.entries()) {
    // Whole hours on the days before, so the desk lists them as done.
    const start = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - (i + 1) * DAY_MS);
    const appointment = await createTestAppointment(fastify, council, agent, language, now, async () => {}, { start });
    const token = new URL(appointment.appointmentUrl).searchParams.get('token')!;
    const actor = `agent:${agent.id}` as const;
    await fastify.appointments.lifecycle.write(appointment.id, council.id, now, async () => ({ move: 'admit', event: { type: 'call.admitted', actor, data: { role: 'citizen', demo: true } } }));
    const found = (await fastify.procedure.core.findCase(appointment.id))!;

    await fastify.procedure.core.write(found, actor, (record) => {
      record.identity.decision = { verified: true, reason: IDENTITY_REASON, at: fastify.now().toISOString(), agentId: agent.id };
      record.steps.identity = 'done';
      const decided = { type: 'identity.decision' as const, data: { verified: true, reason: IDENTITY_REASON, agentId: agent.id, habilitation: demoAgent.habilitation, demo: true } };
      return { events: [decided, ...goTo(record, 'documents'), ...goTo(record, 'application')] };
    });
    const { version } = (await fastify.procedure.core.read(found.id)).application;
    await saveApplication(fastify, council, agent, found, { formId: GENERIC_FORM_ID, data: genericApplication(council, found, language), attachments: [], version }, language);
    await presentApplication(fastify, council, agent, found, language);
    await agreeAsCitizen(fastify, council, found, token);
    await new AgreementSignature(fastify).sign(agent, found, DEMO_AGENT_PASSWORD, '127.0.0.1');

    const { document, code } = await issueReceipt(fastify, found, new Date(fastify.now().getTime() - CLAIM_MS));
    await mailReceipt(fastify, found, document);
    await fastify.appointments.lifecycle.write(appointment.id, council.id, fastify.now(), async () => ({
      move: 'complete',
      event: { type: 'call.ended', actor, data: { reason: 'agentHungUp', recorded: false, demo: true } },
    }));
    made.push({ reference: appointment.reference, entryNumber: document.entry_number, code: code! });
  }
  await mkdir(path.dirname(codesFile(fastify)), { recursive: true, mode: 0o700 });
  await writeFile(codesFile(fastify), JSON.stringify(made), { mode: 0o600 });
  return made;
}

/** The generic application (instància genèrica) the demo citizen makes, in `language`. */
function genericApplication(council: CouncilConfig, found: ProcedureCase, language: Language): Record<string, unknown> {
  return {
    applicant: { name: found.citizenName, idNumber: found.idDocument, email: found.citizenEmail },
    notification: { channel: 'electronic', address: found.citizenEmail },
    statement: STATEMENTS[language],
    addressee: { body: council.name, ...(council.dir3Code && { code: council.dir3Code }) },
    declarations: { truthful: true, consultation: 'allow', privacy: true },
  };
}

/** The citizen reads the presented application and agrees to its bytes, through the citizen API as their page does. */
async function agreeAsCitizen(fastify: FastifyInstance, council: CouncilConfig, found: ProcedureCase, token: string): Promise<void> {
  const { documentId } = (await fastify.procedure.core.read(found.id)).agreement;
  const mine = `/api/councils/${council.id}/appointments/mine/procedure`;
  const shown = await fastify.inject({ url: `${mine}/document?${new URLSearchParams({ token, id: documentId! })}` });
  if (shown.statusCode !== 200) throw new Error(`The seeded application could not be shown: ${shown.body}`);
  const sha256 = createHash('sha256').update(shown.rawPayload).digest('hex');
  const agreed = await fastify.inject({ method: 'POST', url: `${mine}/agreement`, payload: { token, agree: true, sha256 } });
  if (agreed.statusCode !== 200) throw new Error(`The seeded application could not be agreed to: ${agreed.body}`);
}
