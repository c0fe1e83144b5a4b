import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../shared/errors.js';
import { originAllowed } from '../shared/origins.js';

const COUNCIL_PATH = /^\/api\/councils\/([^/?#]+)/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TUS_REQUEST_HEADERS = ['Authorization', 'Tus-Resumable', 'Upload-Length', 'Upload-Metadata', 'Upload-Offset', 'X-HTTP-Method-Override', 'X-Requested-With'];
const TUS_RESPONSE_HEADERS = ['Location', 'Upload-Offset', 'Upload-Length', 'Upload-Metadata', 'Upload-Expires', 'Tus-Resumable', 'Tus-Version', 'Tus-Extension', 'Tus-Max-Size', 'Finestreta-Document'];

/**
 * Which browser origins may call which endpoints.
 *
 * The citizen API (`/api/councils/:council/...`) is embedded in councils' own sites, so each
 * council lists its origins and only those get CORS headers. CORS only hides the answer: the
 * browser still delivers a cross-origin POST, so a state-changing request from an origin that
 * is not allowed is refused outright. The desk API is same-origin only: a cross-site form must
 * not be able to sign an agent in or out.
 */
export default fp(
  async (fastify) => {
    async function allowedOrigins(request: FastifyRequest): Promise<string[] | null> {
      const match = COUNCIL_PATH.exec(request.url);
      if (!match) return null;
      // Council ids are plain [a-z0-9-], so an escaped segment cannot name one.
      const council = await fastify.councils.get(match[1]!);
      return council?.allowedOrigins ?? [];
    }

    function ownOrigin(request: FastifyRequest): string {
      return fastify.config.publicUrl
        ? new URL(fastify.config.publicUrl).origin
        : `${request.protocol}://${request.host}`;
    }

    await fastify.register(cors, {
      delegator: async (request: FastifyRequest) => {
        const origin = request.headers.origin;
        const allowList = await allowedOrigins(request);
        return {
          origin: origin !== undefined && allowList !== null && originAllowed(origin, allowList),
          methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          // The tus protocol's headers, for resumable document uploads (documents module).
          // Fin-Proof carries a solved proof of work when bookings flood (flood module).
          allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Fin-Proof', ...TUS_REQUEST_HEADERS],
          exposedHeaders: ['Retry-After', ...TUS_RESPONSE_HEADERS],
          maxAge: 600,
        };
      },
    });

    fastify.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      if (origin === undefined || SAFE_METHODS.has(request.method)) return;
      const allowed = request.url.startsWith('/api/desk/')
        ? origin === ownOrigin(request)
        : originAllowed(origin, (await allowedOrigins(request)) ?? [ownOrigin(request)]);
      if (!allowed) {
        throw new AppError('FIN_ERR_ORIGIN_FORBIDDEN', `Requests from ${origin} are not allowed`);
      }
    });
  },
  { name: 'origins' },
);
