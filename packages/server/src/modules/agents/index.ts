import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, authRequired, councilNotFound, errorResponses } from '../../shared/errors.js';
import { hashPassword, verifyPassword } from '../../shared/password.js';
import { SESSIONS_CHANNEL } from '../notifications/desk-events.js';
import { CouncilParams, DeskCouncil } from '../councils/schemas.js';
import { requireRole } from '../../plugins/desk.js';
import { AgentSession, AgentSessions, LoginBody, SessionParams, Team } from './schemas.js';
import { AgentStore, type Agent } from './store.js';
import { LoginThrottle } from './throttle.js';

/** How often use of a session is written down: the idle timeout is counted in minutes. */
const TOUCH_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    agents: AgentStore;
    /**
     * 401 unless a valid session cookie names an agent. The desk's scope runs it on every desk
     * route (plugins/desk.ts); routes that admit agents or others call it themselves.
     */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    /** The signed-in agent, set by `authenticate`. */
    agent: Agent | null;
    /** The session that signed the agent in, set by `authenticate`. */
    deskSession: DeskSession | null;
  }
}

export interface DeskSession {
  /** The stored id: a hash of the cookie's token. */
  id: string;
  expiresAt: Date;
}

export const SESSION_COOKIE = 'fin_session';

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');
export const secureCookie = (fastify: FastifyInstance) => fastify.config.publicUrl?.startsWith('https://') ?? false;

async function sessionView(fastify: FastifyInstance, agent: Agent): Promise<AgentSession> {
  const council = await fastify.councils.ofAgent(agent);
  const habilitation = (await fastify.agents.signingCredentials(agent.id))?.habilitation ?? null;
  return {
    agent: { id: agent.id, role: agent.role, name: agent.name, email: agent.email, council: { id: council.id, name: council.name }, habilitation },
  };
}

/**
 * Opens a desk session for `agent` and sets its cookie on `reply`: what every way of signing in
 * ends with (a password here, the council's identity provider in modules/oidc).
 */
export async function openSession(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply, agent: Agent): Promise<void> {
  const now = fastify.now();
  const token = randomBytes(32).toString('base64url');
  const ttlSeconds = Math.round(fastify.config.sessionTtlHours * 3600);
  await fastify.agents.createSession(
    { id: sessionId(token), agentId: agent.id, expiresAt: new Date(now.getTime() + ttlSeconds * 1000), userAgent: request.headers['user-agent'], address: request.ip },
    now,
    fastify.config.sessionIdleMs,
  );
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie(fastify), maxAge: ttlSeconds });
}

/**
 * Ends the open event streams of ended sessions, in every process, now; were this lost, each
 * would still find its session gone at its next check.
 */
export async function endSessionStreams(fastify: FastifyInstance, ids: string[]): Promise<void> {
  for (const id of ids) {
    await fastify.notifications
      .publish(SESSIONS_CHANNEL, { ended: id })
      .catch((error: unknown) => fastify.log.error({ err: error }, 'could not announce the end of a session'));
  }
}

/** POST /api/desk/login: sign-in with a password, open to anyone like accepting an invitation (modules/staff; see plugins/desk.ts). */
export async function signIn(fastify: FastifyInstance) {
  const { agents } = fastify;
  // Checked when the email is unknown, so that a wrong email takes as long as a wrong password
  // and response times do not reveal which agents exist.
  const decoyHash = await hashPassword(randomBytes(16).toString('hex'));
  const throttle = new LoginThrottle(fastify.rateCounters, fastify.rateLimits.login);

  fastify.post<{ Body: LoginBody }>(
    '/login',
    {
      schema: {
        tags: ['desk'],
        summary: 'Sign an agent in; sets the session cookie',
        body: LoginBody,
        response: { 200: AgentSession, ...errorResponses(400, 401, 403, 429) },
      },
      // A repeated login just opens another session; replaying one would not set the cookie.
      // Attempts are limited by the throttle, per account and per address.
      config: { idempotency: false },
    },
    async (request, reply) => {
      const email = request.body.email.trim();
      const now = fastify.now();
      const attempt = await throttle.begin(email, request.ip, now);
      if ('retryAfterSeconds' in attempt) {
        reply.header('retry-after', attempt.retryAfterSeconds);
        throw new AppError('FIN_ERR_RATE_LIMITED', `Too many sign-in attempts, retry in ${attempt.retryAfterSeconds} seconds`);
      }
      const found = await agents.findByEmail(email);
      // A disabled agent, an invited one who has not set a password yet and one who signs in with
      // the identity provider only are answered like a wrong password, after the same work.
      const hash = found && found.disabledAt === null && found.passwordHash ? found.passwordHash : undefined;
      const valid = await verifyPassword(request.body.password, hash ?? decoyHash);
      if (!found || !hash || !valid) {
        await attempt.failed();
        throw new AppError('FIN_ERR_CREDENTIALS_INVALID');
      }
      await attempt.succeeded();
      await openSession(fastify, request, reply, found);
      return sessionView(fastify, found);
    },
  );
}

/** The signed-in agent's session and council, under /api/desk. */
export async function sessionRoutes(fastify: FastifyInstance) {
  const { agents, councils } = fastify;
  const secure = secureCookie(fastify);
  const endStreams = (id: string) => endSessionStreams(fastify, [id]);

  fastify.get(
    '/me',
    {
      schema: {
        tags: ['desk'],
        summary: 'The signed-in agent',
        response: { 200: AgentSession, ...errorResponses(401) },
      },
    },
    async (request) => sessionView(fastify, request.agent!),
  );

  fastify.post(
    '/logout',
    {
      schema: {
        tags: ['desk'],
        summary: 'End the session and clear its cookie',
        response: { 204: { type: 'null', description: 'Signed out' }, ...errorResponses(401, 403) },
      },
      config: { idempotency: false },
    },
    async (request, reply) => {
      const { id } = request.deskSession!;
      await agents.deleteSession(id);
      await endStreams(id);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
      return reply.code(204).send();
    },
  );

  fastify.get(
    '/team',
    {
      schema: {
        tags: ['desk'],
        summary: "The council's enabled agents, for a supervisor's queue filter and reassigning",
        response: { 200: Team, ...errorResponses(401, 403) },
      },
      onRequest: requireRole('supervisor', 'administrator'),
    },
    async (request) => ({ agents: (await agents.listEnabled(request.agent!.councilId)).map(({ id, name, role }) => ({ id, name, role })) }),
  );

  fastify.get(
    '/sessions',
    {
      schema: {
        tags: ['desk'],
        summary: "The signed-in agent's live sessions, the most recently used first",
        response: { 200: AgentSessions, ...errorResponses(401) },
      },
    },
    async (request) => {
      const current = request.deskSession!.id;
      const sessions = await agents.listSessions(request.agent!.id, fastify.now(), fastify.config.sessionIdleMs);
      return { sessions: sessions.map(({ id, publicId, ...session }) => ({ id: publicId, ...session, current: id === current })) };
    },
  );

  fastify.delete<{ Params: SessionParams }>(
    '/sessions/:session',
    {
      schema: {
        tags: ['desk'],
        summary: "End one of the agent's own sessions (a browser left signed in elsewhere)",
        params: SessionParams,
        response: { 204: { type: 'null', description: 'Ended' }, ...errorResponses(400, 401, 403, 404) },
      },
      config: { idempotency: false },
    },
    async (request, reply) => {
      // Another agent's session is answered as one that does not exist.
      const ended = await agents.endSession(request.agent!.id, request.params.session);
      if (!ended) throw new AppError('FIN_ERR_SESSION_NOT_FOUND');
      await endStreams(ended);
      return reply.code(204).send();
    },
  );

  fastify.get<{ Params: CouncilParams }>(
    '/councils/:council',
    {
      schema: {
        tags: ['desk'],
        summary: "The full configuration of the agent's own council",
        params: CouncilParams,
        response: { 200: DeskCouncil, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const agent = request.agent!;
      // Another council's id gets the same answer as one that does not exist.
      if (request.params.council !== agent.councilId) throw councilNotFound();
      const council = await councils.ofAgent(agent);
      return { ...council, agents: await agents.listByCouncil(council.id) };
    },
  );
}

/**
 * Agents of the Citizen Service Office: their store and `authenticate`. Their routes (sign-in,
 * session, own council) are registered in the desk's scope by app.ts.
 */
export default fp(
  async (fastify) => {
    await fastify.register(cookie);
    fastify.decorate('agents', new AgentStore(fastify.db));
    fastify.decorateRequest('agent', null);
    fastify.decorateRequest('deskSession', null);
    fastify.decorate('authenticate', async (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE];
      const id = token ? sessionId(token) : undefined;
      const now = fastify.now();
      const found = id ? await fastify.agents.findBySession(id, now, fastify.config.sessionIdleMs) : undefined;
      if (!id || !found) throw authRequired();
      // Use keeps a session alive; written at most once a minute, not on every request.
      if (now.getTime() - found.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await fastify.agents.touchSession(id, now);
      request.agent = found.agent;
      request.deskSession = { id, expiresAt: found.expiresAt };
    });
  },
  { name: 'agents', dependencies: ['database', 'councils', 'rate-limit'] },
);
