import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireRole } from '../../plugins/desk.js';
import { errorResponses } from '../../shared/errors.js';
import { hashPassword } from '../../shared/password.js';
import { endSessionStreams } from '../agents/index.js';
import type { CouncilConfig } from '../councils/schemas.js';
import { sendInvitation, invitationUrl } from './mail.js';
import { AcceptBody, AgentParams, AuditPage, AuditQuery, ChangeBody, Invited, InviteBody, StaffList, StaffMember } from './schemas.js';
import { StaffStore, type Invitation } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    staff: StaffStore;
  }
}

/** The desk's routes for a council's administrators, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const { staff } = fastify;
  const admin = { tags: ['desk'], security: [{ session: [] }] };
  // Who works at the desk, and what they may do there, is the administrators' decision.
  const onRequest = requireRole('administrator');
  /** Emails an invitation's link and gives it to the administrator, the one time it exists in clear. */
  const handOver = async (council: CouncilConfig, { member, token, expiresAt }: Invitation) => {
    const url = invitationUrl(fastify.config.linkBase, council, token);
    await sendInvitation(fastify, council, member, url);
    return { agent: member, invitation: { url, expiresAt } };
  };

  fastify.get(
    '/agents',
    { schema: { ...admin, summary: "The council's agents: role, habilitation, whether disabled, last sign-in", response: { 200: StaffList, ...errorResponses(401, 403) } }, onRequest },
    async (request) => ({ agents: await staff.list(request.agent!.councilId) }),
  );

  fastify.post<{ Body: InviteBody }>(
    '/agents',
    {
      schema: {
        ...admin,
        summary: 'Invite an agent: creates them without a password and returns a one-time link, valid 72 hours, with which they set one; it is emailed to them too',
        body: InviteBody,
        response: { 201: Invited, ...errorResponses(400, 401, 403, 409) },
      },
      onRequest,
    },
    async (request, reply) => {
      const actor = request.agent!;
      const council = await fastify.councils.ofAgent(actor);
      const { habilitation = null, ...agent } = request.body;
      const invitation = await staff.invite(council.id, actor.id, { ...agent, habilitation }, fastify.now());
      reply.code(201);
      return handOver(council, invitation);
    },
  );

  fastify.post<{ Params: AgentParams }>(
    '/agents/:agent/invitation',
    {
      schema: {
        ...admin,
        summary: 'A new one-time link for an invited agent who has not set a password yet; the ones before stop working. It is emailed too',
        params: AgentParams,
        response: { 201: Invited, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest,
    },
    async (request, reply) => {
      const actor = request.agent!;
      const council = await fastify.councils.ofAgent(actor);
      const invitation = await staff.renewInvitation(council.id, actor.id, request.params.agent, fastify.now());
      reply.code(201);
      return handOver(council, invitation);
    },
  );

  fastify.patch<{ Params: AgentParams; Body: ChangeBody }>(
    '/agents/:agent',
    {
      schema: {
        ...admin,
        summary: "Change an agent's role or habilitation, or disable them (their sessions end at once) or enable them again",
        params: AgentParams,
        body: ChangeBody,
        response: { 200: StaffMember, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest,
    },
    async (request) => {
      const actor = request.agent!;
      const { member, endedSessions } = await staff.change(actor.councilId, actor.id, request.params.agent, request.body, fastify.now());
      await endSessionStreams(fastify, endedSessions);
      return member;
    },
  );

  fastify.get<{ Querystring: AuditQuery }>(
    '/audit',
    {
      schema: { ...admin, summary: "The council's audit log of the management of its agents, newest first, a page at a time", querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses(400, 401, 403) } },
      onRequest,
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const entries = await staff.audit.page(request.agent!.councilId, limit, request.query.before);
      const last = entries.at(-1);
      return { entries, next: entries.length === limit && last && last.seq > 1 ? last.seq : null };
    },
  );
}

/** POST /api/desk/invitation: open to anyone, like the sign-in, since the invitee has no session yet; the token is the credential. */
export async function invitationRoute(fastify: FastifyInstance) {
  fastify.post<{ Body: AcceptBody }>(
    '/invitation',
    {
      schema: {
        tags: ['desk'],
        summary: "Set an invited agent's password with their invitation's token, once; then they sign in",
        body: AcceptBody,
        response: { 204: { type: 'null', description: 'Password set' }, ...errorResponses(400, 401, 429) },
      },
      // With an Idempotency-Key, a retry after a lost answer gets the first one, not "already used".
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      await fastify.staff.acceptInvitation(request.body.token, await hashPassword(request.body.password), fastify.now());
      return reply.code(204).send();
    },
  );
}

/** The management of agents by their council's administrators, and the council's audit log. */
export default fp(
  async (fastify) => {
    fastify.decorate('staff', new StaffStore(fastify.db, fastify.config.database.kind));
  },
  { name: 'staff', dependencies: ['database', 'agents'] },
);
