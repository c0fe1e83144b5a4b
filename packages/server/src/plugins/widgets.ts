import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/**
 * The built widget bundles. Council sites load them from their own origin as module scripts,
 * which browsers fetch in CORS mode, hence the open CORS and resource policy headers; the
 * files are public code with nothing to protect. When the widgets are not built, /widgets/*
 * answers 404 and the rest of the server works.
 */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyStatic, {
      root: fastify.config.widgetsDir,
      prefix: '/widgets/',
      decorateReply: false,
      setHeaders(res) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      },
    });
  },
  { name: 'widgets' },
);
