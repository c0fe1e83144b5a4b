import type { FastifyInstance } from 'fastify';
import type { DeskReceipt } from './schemas.js';

/** The case's receipt once made, as the desk sees it: the registry entry and the sealed file's hash. The citizen's view shows a part of it. */
export async function receiptView(fastify: FastifyInstance, caseId: string): Promise<DeskReceipt | null> {
  const document = await fastify.registry.documentOf(caseId);
  if (!document?.file || !document.sha256) return null;
  return { entryNumber: document.entry_number, registeredAt: document.registered_at, sha256: document.sha256 };
}
