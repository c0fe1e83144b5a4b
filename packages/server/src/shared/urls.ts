import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where citizens reach this server: the configured public URL, or the origin the request came to. */
export function baseUrl(fastify: FastifyInstance, request: FastifyRequest): string {
  return (fastify.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}
