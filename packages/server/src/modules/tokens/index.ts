import fp from 'fastify-plugin';
import { TokenStore } from './store.js';

export { TokenStore } from './store.js';
export * from './token.js';

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenStore;
  }
}

/** Capability tokens for citizens' links, shared by every kind of case. */
export default fp(
  async (fastify) => {
    fastify.decorate('tokens', new TokenStore(fastify.db));
  },
  { name: 'tokens', dependencies: ['database'] },
);
