import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorResponses } from '../../shared/errors.js';
import { TokenQuery } from '../appointments/schemas.js';
import { CouncilParams, type CouncilConfig, type Language } from '../councils/schemas.js';
import type { Agent } from '../agents/store.js';
import { agreementRoutes } from './agreement/routes.js';
import { agreementView } from './agreement/view.js';
import { applicationRoutes } from './application/routes.js';
import { applicationDocument, deskApplication } from './application/view.js';
import { goTo, ProcedureCore, type ProcedureCase } from './core.js';
import { consentText } from './identity/consent.js';
import { identityRoutes } from './identity/routes.js';
import { StillStore } from './identity/stills.js';
import { deskIdentity, identityAsked } from './identity/view.js';
import { receiptView } from './receipt-view.js';
import { CitizenProcedure, DeskProcedure, StepId } from './schemas.js';
import { languageFor } from '../councils/language.js';

declare module 'fastify' {
  interface FastifyInstance {
    procedure: ProcedureService;
  }
}

export const AppointmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type AppointmentParams = Static<typeof AppointmentParams>;
const StepBody = Type.Object({ step: StepId }, { additionalProperties: false });

/** What runs once a case's application is signed (its receipt being made), registered by the module that owns it. */
export type SignedListener = (found: ProcedureCase) => Promise<unknown>;

/** The procedure's reads for each side, and the core that changes it. */
export class ProcedureService {
  readonly core: ProcedureCore;
  private readonly signedListeners: SignedListener[] = [];

  constructor(private readonly fastify: FastifyInstance) {
    this.core = new ProcedureCore(fastify);
  }

  /** Runs `listener` after each signature, once its transaction is committed. */
  onSigned(listener: SignedListener): void {
    this.signedListeners.push(listener);
  }

  /**
   * Tells the listeners a case was signed. The signature stands whatever they do: a failure is
   * logged, and what failed is for its owner to retry (the receipt's job retries its own).
   */
  async signed(found: ProcedureCase): Promise<void> {
    for (const listener of this.signedListeners) {
      await listener(found).catch((error: unknown) => this.fastify.log.error({ err: error, caseId: found.id }, 'What follows a signature failed'));
    }
  }

  async council(found: ProcedureCase): Promise<CouncilConfig> {
    const council = await this.fastify.councils.get(found.councilId);
    if (!council) throw new AppError('FIN_ERR_COUNCIL_NOT_FOUND');
    return council;
  }

  /**
   * The appointment a citizen's personal (or calendar) link opens, in the council of the path.
   * `personal` refuses a calendar's link: it travels to third-party calendar services, so it opens
   * the call and nothing the citizen keeps after it (the receipt, with their data and its code).
   */
  async citizenCase(council: CouncilConfig, token: string, { personal = false } = {}): Promise<ProcedureCase> {
    const grant = await this.fastify.tokens.grant(token, ['appointment', 'appointment-view'], this.fastify.now());
    const found = grant && (await this.core.findCase(grant.caseId));
    if (!found || found.councilId !== council.id) throw new AppError('FIN_ERR_TOKEN_INVALID');
    if (personal && grant.purpose !== 'appointment') throw new AppError('FIN_ERR_TOKEN_FORBIDDEN', "A calendar's link does not open the receipt; use the personal link from the email");
    return found;
  }

  async deskView(_agent: Agent, found: ProcedureCase, lang?: string): Promise<DeskProcedure> {
    const record = await this.core.read(found.id);
    const council = await this.council(found);
    const stills = await new StillStore(this.fastify).list(found.id);
    const recording = await this.fastify.calls.position(found.id);
    return {
      caseId: found.id,
      revision: record.revision,
      current: record.current,
      steps: Object.entries(record.steps).map(([id, state]) => ({ id: id as StepId, state })),
      identity: deskIdentity(found, record, stills),
      application: deskApplication(council, found, record, languageFor(council, lang)),
      agreement: agreementView(record),
      recording: { required: council.recording?.required ?? false, running: recording !== null },
      receipt: await receiptView(this.fastify, found.id),
    };
  }

  async citizenView(council: CouncilConfig, found: ProcedureCase, lang?: string): Promise<CitizenProcedure> {
    const record = await this.core.read(found.id);
    const language = languageFor(council, lang ?? found.language);
    const agreement = agreementView(record);
    const receipt = await receiptView(this.fastify, found.id);
    return {
      revision: record.revision,
      current: record.current,
      steps: Object.entries(record.steps).map(([id, state]) => ({ id: id as StepId, state })),
      asked:
        record.current === 'agreement' && agreement.state === 'presented' && agreement.documentId
          ? { kind: 'agreement', documentId: agreement.documentId }
          : identityAsked(record, consentText(language)),
      application: applicationDocument(council, found, record, language),
      agreement: { state: agreement.state, documentId: agreement.documentId },
      receipt: receipt && { entryNumber: receipt.entryNumber },
    };
  }
}

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/appointments/mine/procedure',
    {
      schema: {
        tags: ['councils'],
        summary: 'The procedure done in the call: where it is and what is asked of the citizen now',
        params: CouncilParams,
        querystring: TokenQuery,
        response: { 200: CitizenProcedure, ...errorResponses(400, 401, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request) => {
      const found = await fastify.procedure.citizenCase(request.council!, request.query.token);
      return fastify.procedure.citizenView(request.council!, found, request.query.lang);
    },
  );
  await fastify.register(identityRoutes.citizen);
  await fastify.register(applicationRoutes.citizen);
  await fastify.register(agreementRoutes.citizen);
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };

  fastify.get<{ Params: AppointmentParams; Querystring: { lang?: Language } }>(
    '/appointments/:id/procedure',
    {
      schema: {
        ...desk,
        summary: 'The procedure done in the call, as the agent works it',
        params: AppointmentParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('ca'), Type.Literal('es'), Type.Literal('en')])) }),
        response: { 200: DeskProcedure, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const found = await fastify.procedure.core.deskCase(request.agent!.councilId, request.params.id);
      return fastify.procedure.deskView(request.agent!, found, request.query.lang);
    },
  );

  fastify.post<{ Params: AppointmentParams; Body: Static<typeof StepBody> }>(
    '/appointments/:id/procedure/step',
    {
      schema: {
        ...desk,
        summary: 'Go on to a step once those before it are done, or back to redo one (which voids an agreement)',
        params: AppointmentParams,
        body: StepBody,
        response: { 200: DeskProcedure, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const agent = request.agent!;
      const found = await fastify.procedure.core.deskCase(agent.councilId, request.params.id);
      await fastify.procedure.core.write(found, `agent:${agent.id}`, (record) => ({ events: goTo(record, request.body.step) }));
      return fastify.procedure.deskView(agent, found);
    },
  );
  await fastify.register(identityRoutes.desk);
  await fastify.register(applicationRoutes.desk);
  await fastify.register(agreementRoutes.desk);
}

/** The procedure done inside a video call: identity, documents, application, agreement. */
export default fp(
  async (fastify) => {
    fastify.decorate('procedure', new ProcedureService(fastify));
  },
  { name: 'procedure', dependencies: ['database', 'councils', 'agents', 'tokens', 'evidence', 'calls'] },
);
