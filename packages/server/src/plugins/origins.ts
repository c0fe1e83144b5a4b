import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, councilNotFound } from '../shared/errors.js';
import { originAllowed } from '../shared/origins.js';

const COUNCIL_PATH = /^\/api\/councils\/([^/?#]+)/;
const SAFE_METHODS = new Set(['GET', 'HEAD']);
const TUS_REQUEST_HEADERS = ['Authorization', 'Tus-Resumable', 'Upload-Length', 'Upload-Metadata', 'Upload-Offset', 'X-HTTP-Method-Override', 'X-Requested-With'];
const TUS_RESPONSE_HEADERS = ['Location', 'Upload-Offset', 'Upload-Length', 'Upload-Metadata', 'Upload-Expires', 'Tus-Resumable', 'Tus-Version', 'Tus-Extension', 'Tus-Max-Size', 'Finestreta-Document'];

const originForbidden = (origin: string) => new AppError('FIN_ERR_ORIGIN_FORBIDDEN', `Requests from ${origin} are not allowed`);

/**
 * Which browser origins may call which endpoints.
 *
 * The citizen API (`/api/councils/:council/...`) is embedded in councils' own sites, so each
 * council lists its origins (`allowedOrigins`). A browser request from any other origin, to a
 * council that does not exist or does not list it, is refused before any handler runs: 404
 * FIN_ERR_COUNCIL_NOT_FOUND or 403 FIN_ERR_ORIGIN_FORBIDDEN, whatever the method (CORS alone
 * would only hide a GET's answer, and the browser still delivers a cross-origin POST).
 *
 * That refusal carries CORS headers for the requesting origin, so the widget can read its code
 * and tell the web team what to fix instead of reporting a network failure. This is safe
 * because the only answer such an origin can ever read is that error: the council's data and
 * every handler stay out of its reach, the error says nothing a request without an Origin
 * header (curl) could not learn, and the citizen API never allows credentials, so no cookie
 * rides along. The preflight passes for the same reason: what it lets through is refused.
 *
 * The desk API is same-origin only: a cross-site form must not be able to sign an agent in or out.
 */
export default fp(
  async (fastify) => {
    function ownOrigin(request: FastifyRequest): string {
      return fastify.config.publicUrl
        ? new URL(fastify.config.publicUrl).origin
        : `${request.protocol}://${request.host}`;
    }

    /** Refuses a citizen API request from an origin its council does not list (or for a council that does not exist). */
    async function checkCouncilOrigin(request: FastifyRequest, council: string, origin: string) {
      // Council ids are plain [a-z0-9-], so an escaped segment cannot name one.
      const found = await fastify.councils.get(council);
      if (!found) throw councilNotFound();
      // The server's own pages (/cita, /survey…) use the API of every council they serve.
      if (origin !== ownOrigin(request) && !originAllowed(origin, found.allowedOrigins)) throw originForbidden(origin);
    }

    const corsOptions = (origin: boolean) => ({
      origin,
      methods: 'GET, HEAD, POST, PUT, PATCH, DELETE',
      // The tus protocol's headers, for resumable document uploads (documents module).
      // Fin-Proof carries a solved proof of work when bookings flood (flood module).
      allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Fin-Proof', ...TUS_REQUEST_HEADERS].join(', '),
      exposedHeaders: ['Retry-After', ...TUS_RESPONSE_HEADERS].join(', '),
      maxAge: 600,
    });
    // Made once, lists joined: every request asks for them.
    const crossOrigin = corsOptions(true);
    const sameOrigin = corsOptions(false);
    await fastify.register(cors, {
      // Any origin gets CORS headers on the citizen API; the hook below makes sure that one not
      // allowed reads nothing but its refusal.
      delegator: async (request: FastifyRequest) =>
        request.headers.origin !== undefined && COUNCIL_PATH.test(request.url) ? crossOrigin : sameOrigin,
    });

    fastify.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      if (origin === undefined || request.method === 'OPTIONS') return;
      const council = COUNCIL_PATH.exec(request.url)?.[1];
      if (council !== undefined) return checkCouncilOrigin(request, council, origin);
      if (!SAFE_METHODS.has(request.method) && origin !== ownOrigin(request)) throw originForbidden(origin);
    });
  },
  { name: 'origins' },
);
