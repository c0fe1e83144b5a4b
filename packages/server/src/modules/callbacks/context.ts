import type { FastifyInstance } from 'fastify';
import { AppError, councilNotFound } from '../../shared/errors.js';
import type { CouncilConfig } from '../councils/schemas.js';

/** A council that offers the callback service, or 404. */
export async function callbackCouncil(fastify: FastifyInstance, id: string): Promise<CouncilConfig> {
  const council = await fastify.councils.get(id);
  if (!council) throw councilNotFound();
  if (!council.services.includes('callback')) {
    throw new AppError(404, 'FIN_ERR_SERVICE_UNAVAILABLE', 'This council does not offer phone callbacks');
  }
  return council;
}
