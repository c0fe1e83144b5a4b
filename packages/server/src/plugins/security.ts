import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Security headers on every response. The pages this server renders load scripts and styles
 * from files only, so the policy allows no inline code at all; the widgets talk to this same
 * origin. HSTS and the upgrade of insecure requests only make sense behind https.
 *
 * Helmet is used directly, built once: @fastify/helmet builds it again for every request (it
 * parses the policy each time), which cost about a tenth of the CPU of a small answer under load.
 */
export default fp(
  async (fastify) => {
    const https = fastify.config.publicUrl?.startsWith('https://') ?? false;
    const headers = helmet({
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
    fastify.addHook('onRequest', (request, reply, done) => headers(request.raw, reply.raw, () => done()));
  },
  { name: 'security' },
);
