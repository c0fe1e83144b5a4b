import fp from 'fastify-plugin';
import { issueReceipt } from './issue.js';

export { receiptRoutes } from './routes.js';

/** Makes the receipt of every case as soon as it is signed. */
export default fp(
  async (fastify) => {
    fastify.procedure.onSigned((found) => issueReceipt(fastify, found));
  },
  { name: 'receipt', dependencies: ['procedure', 'registry', 'seal'] },
);
