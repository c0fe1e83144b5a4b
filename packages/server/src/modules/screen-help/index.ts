import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { offeringCallbacks } from '../callbacks/context.js';
import {
  ConsentRequest,
  CouncilParams,
  DeskParams,
  EndRequest,
  OpenRequest,
  ScreenHelpOpened,
  ScreenHelpStarted,
  ScreenHelpStatus,
} from './schemas.js';
import screenHelpPage from './page.js';
import { ScreenHelpService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    screenHelp: ScreenHelpService;
  }
}

const Done = Type.Object({});
type Council = { Params: Static<typeof CouncilParams> };
type Desk = { Params: Static<typeof DeskParams> };

/** The citizen's routes, in the citizen API's scope (plugins/citizen.ts), which resolves `request.council`. */
export async function citizenRoutes(fastify: FastifyInstance) {
  const rateLimit = fastify.rateLimits.public;
  const tags = ['councils'];

  fastify.post<Council & { Body: OpenRequest }>(
    '/api/councils/:council/screen-help/open',
    {
      schema: {
        tags,
        summary: 'Type the code the agent reads out on the phone; a wrong, expired, used or dead code gets one answer',
        params: CouncilParams,
        body: OpenRequest,
        response: { 200: ScreenHelpOpened, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit },
    },
    async (request) => fastify.screenHelp.open(offeringCallbacks(request.council!), request.body, fastify.now()),
  );

  fastify.post<Council & { Body: ConsentRequest }>(
    '/api/councils/:council/screen-help/consent',
    {
      schema: {
        tags,
        summary: 'Agree to share the screen (or the camera) with the agent: the room lets the citizen in from now',
        params: CouncilParams,
        body: ConsentRequest,
        response: { 200: Done, ...errorResponses(400, 401, 404, 409, 429) },
      },
      config: { rateLimit },
    },
    async (request) => {
      await fastify.screenHelp.consent(offeringCallbacks(request.council!), request.body.token, request.body.share, fastify.now());
      return {};
    },
  );

  fastify.post<Council & { Body: Static<typeof EndRequest> }>(
    '/api/councils/:council/screen-help/end',
    {
      schema: { tags, summary: 'Stop sharing: the session and its room end', params: CouncilParams, body: EndRequest, response: { 200: Done, ...errorResponses(400, 401, 404, 429) } },
      config: { rateLimit },
    },
    async (request) => {
      await fastify.screenHelp.endByCitizen(offeringCallbacks(request.council!), request.body.token, fastify.now());
      return {};
    },
  );
}

/** The desk's routes, in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };

  fastify.post<Desk>(
    '/callbacks/:id/screen-help',
    {
      schema: {
        ...desk,
        summary: 'Start screen help on the callback I am calling: the code to read out (shown once) and the link, emailed if the citizen gave an email',
        params: DeskParams,
        response: { 201: ScreenHelpStarted, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return fastify.screenHelp.start(request.agent!, request.params.id, fastify.now());
    },
  );

  fastify.get<Desk>(
    '/callbacks/:id/screen-help',
    {
      schema: { ...desk, summary: "The callback's newest screen-help session", params: DeskParams, response: { 200: ScreenHelpStatus, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => fastify.screenHelp.status(request.agent!, request.params.id, fastify.now()),
  );

  fastify.post<Desk>(
    '/callbacks/:id/screen-help/end',
    {
      schema: { ...desk, summary: "End the callback's screen-help session and its room", params: DeskParams, response: { 200: ScreenHelpStatus, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => fastify.screenHelp.endByAgent(request.agent!, request.params.id, fastify.now()),
  );
}

/** Screen help during a phone callback: its service, and the page the emailed link opens by default. */
export default fp(
  async (fastify) => {
    fastify.decorate('screenHelp', new ScreenHelpService(fastify));
    await fastify.register(screenHelpPage);
  },
  { name: 'screen-help', dependencies: ['database', 'councils', 'callbacks', 'calls', 'evidence', 'tokens', 'mail', 'rate-limit', 'branding'] },
);
