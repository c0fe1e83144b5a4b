import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Security headers on every response. The pages this server renders load scripts and styles
 * from files only, so the policy allows no inline code at all; the widgets talk to this same
 * origin. HSTS and the upgrade of insecure requests only make sense behind https.
 */
export default fp(
  async (fastify) => {
    const https = fastify.config.publicUrl?.startsWith('https://') ?? false;
    await fastify.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https,
      // Personal links carry a token in their address: it must never reach another site. Within
      // this origin the browser still sends a real Origin, which the origin check of the pages'
      // plain form posts relies on (with no-referrer it would send "null").
      referrerPolicy: { policy: 'same-origin' },
    });
  },
  { name: 'security' },
);
