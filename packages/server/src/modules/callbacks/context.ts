import type { FastifyInstance } from 'fastify';
import { AppError, councilNotFound } from '../../shared/errors.js';
import type { CouncilConfig } from '../councils/schemas.js';

/** The council if it offers the callback service, or 404. */
export function offeringCallbacks(council: CouncilConfig): CouncilConfig {
  if (!council.services.includes('callback')) {
    throw new AppError('FIN_ERR_SERVICE_UNAVAILABLE', 'This council does not offer phone callbacks');
  }
  return council;
}

/** A council that offers the callback service, or 404: for the cancel page, which is outside the citizen API. */
export async function callbackCouncil(fastify: FastifyInstance, id: string): Promise<CouncilConfig> {
  const council = await fastify.councils.get(id);
  if (!council) throw councilNotFound();
  return offeringCallbacks(council);
}
