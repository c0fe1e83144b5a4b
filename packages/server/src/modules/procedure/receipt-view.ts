import type { FastifyInstance } from 'fastify';
import type { DeskReceipt } from './schemas.js';

/**
 * The case's receipt once made, as the desk sees it: the registry entry, and the verification
 * code and address as printed on it, from its `receipt.issued` event (only the code's hash is
 * stored anywhere else). The citizen's view shows a part of it.
 */
export async function receiptView(fastify: FastifyInstance, caseId: string): Promise<DeskReceipt | null> {
  const document = await fastify.registry.documentOf(caseId);
  if (!document?.file || !document.sha256) return null;
  const issued = (await fastify.evidence.list(caseId)).findLast((event) => event.type === 'receipt.issued' && event.data.sha256 === document.sha256);
  const verifyUrl = String(issued?.data.verifyUrl ?? '');
  return {
    entryNumber: document.entry_number,
    registeredAt: document.registered_at,
    code: decodeURIComponent(verifyUrl.slice(verifyUrl.lastIndexOf('/') + 1)),
    verifyUrl,
    sha256: document.sha256,
  };
}
