import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../shared/roles.js';
import { AppError } from '../shared/errors.js';

/**
 * A route's onRequest hook that lets only agents of these roles through (403
 * FIN_ERR_ROLE_FORBIDDEN). It runs after the scope's hook has found who they are and before the
 * request is parsed or validated, so the answer does not depend on what was sent.
 */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest) => {
    if (!roles.includes(request.agent!.role)) throw new AppError('FIN_ERR_ROLE_FORBIDDEN');
  };
}

/** Where the desk's API lives; every route under it is registered through `desk` below. */
export const DESK_PREFIX = '/api/desk';

export interface DeskOptions {
  /** The routes anyone may call: signing in, and setting a password with an invitation. */
  open: FastifyPluginAsync[];
  /** Every other route of the desk: a signed-in agent only. */
  routes: FastifyPluginAsync[];
}

/**
 * The desk's API, registered with the prefix `DESK_PREFIX`. Authentication is one onRequest hook
 * on the whole scope rather than route by route: a route added here later is closed without
 * opting in, and the hook runs before the body is parsed and validated, so an anonymous caller
 * learns nothing from validation errors about what a route expects. The open routes are
 * registered beside the guarded scope, not in it: the one visible exception.
 */
export default async function desk(fastify: FastifyInstance, { open, routes }: DeskOptions) {
  for (const plugin of open) await fastify.register(plugin);
  await fastify.register(async (guarded) => {
    guarded.addHook('onRequest', guarded.authenticate);
    for (const plugin of routes) await guarded.register(plugin);
  });
}

/**
 * Refuses to start when a route under `DESK_PREFIX` is registered outside the desk's scope, where
 * nothing would authenticate it. Registered before every module, so that it sees their routes.
 */
export const deskBoundary = fp(
  async (fastify) => {
    fastify.addHook('onRoute', (route) => {
      if (route.url.startsWith(DESK_PREFIX) && !route.prefix.startsWith(DESK_PREFIX)) {
        throw new Error(`${route.method} ${route.url} is a desk route outside the desk's scope: register it in app.ts's desk routes`);
      }
    });
  },
  { name: 'desk-boundary' },
);
