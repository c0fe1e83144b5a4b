import fp from 'fastify-plugin';
import { SlotEngine } from './engine.js';

declare module 'fastify' {
  interface FastifyInstance {
    slots: SlotEngine;
  }
}

/** The slots engine shared by callbacks and appointments. */
export default fp(
  async (fastify) => {
    fastify.decorate('slots', new SlotEngine(fastify.db));
  },
  { name: 'slots', dependencies: ['database'] },
);
