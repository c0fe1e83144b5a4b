import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { AppError } from '../shared/errors.js';

export interface RateLimit {
  max: number;
  /** Milliseconds. */
  timeWindow: number;
}

export interface RateLimits {
  /** Endpoints anyone on the internet can call (the citizen API). */
  public: RateLimit;
  /** Password attempts, kept low to slow down guessing. */
  login: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  public: { max: 300, timeWindow: 60_000 },
  login: { max: 10, timeWindow: 15 * 60_000 },
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Route `config.rateLimit` values, so each module picks the limit that fits its routes. */
    rateLimits: RateLimits;
  }
}

/**
 * Per-client-address limits, opt-in per route. Counters live in memory, so with several
 * processes each enforces its own share.
 */
export default fp<{ limits: RateLimits }>(
  async (fastify, { limits }) => {
    fastify.decorate('rateLimits', limits);
    await fastify.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'FIN_ERR_RATE_LIMITED', `Too many requests, retry in ${context.after}`),
    });
  },
  { name: 'rate-limit' },
);
