import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/** A built chunk's name carries its content's hash (`chunks/[name]-[hash].js`): it never changes. */
const HASHED = /[\\/]chunks[\\/][^\\/]+$/;

/** How long a council page may reuse an entry file (`finestreta.js`, `elements/*.js`) before asking again with its ETag. */
export const ENTRY_MAX_AGE_S = 300;

/**
 * The built widget bundles. Council sites load them from their own origin as module scripts,
 * which browsers fetch in CORS mode, hence the open CORS and resource policy headers; the
 * files are public code with nothing to protect. The build leaves a Brotli and a gzip sibling of
 * every script, sent as they are to a browser that accepts them. Hashed chunks are cached for
 * good; entry files, whose names stay the same across releases, for minutes, then revalidated
 * by ETag. When the widgets are not built, /widgets/* answers 404 and the rest of the server works.
 */
export default fp(
  async (fastify) => {
    await fastify.register(async (scope) => {
      // After the CORS plugin has said `Vary: Origin`: caches keep one copy per encoding too.
      scope.addHook('onSend', async (_request, reply) => {
        const vary = reply.getHeader('vary');
        reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
      });
      await scope.register(fastifyStatic, {
        root: fastify.config.widgetsDir,
        prefix: '/widgets/',
        decorateReply: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders(res, file) {
          res.setHeader('Access-Control-Allow-Origin', '*');
          res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
          res.setHeader('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : `public, max-age=${ENTRY_MAX_AGE_S}`);
        },
      });
    });
  },
  { name: 'widgets' },
);
