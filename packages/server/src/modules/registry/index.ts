import fp from 'fastify-plugin';
import { CountingRegistry, type Registry } from './registry.js';
import { RegistryService } from './service.js';
import { verifyRoutes } from './verify.js';

declare module 'fastify' {
  interface FastifyInstance {
    registry: RegistryService;
  }
}

export interface RegistryOptions {
  /** The council's official registry; the built-in one numbers entries itself. */
  adapter?: Registry;
}

/** Registry entries for signed applications, their documents' verification codes, and `/verify`. */
export default fp<RegistryOptions>(
  async (fastify, options) => {
    fastify.decorate('registry', new RegistryService(fastify, options.adapter ?? new CountingRegistry()));
    await fastify.register(verifyRoutes);
  },
  { name: 'registry', dependencies: ['database', 'rate-limit', 'councils', 'evidence', 'procedure'] },
);
