import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { councilsJsonSchema } from '../modules/councils/json-schema.js';
import { VERSION } from '../version.js';

/** A schema as a component of the OpenAPI 3.1 document, whose dialect it takes. */
function withoutDialect({ $schema: _dialect, ...schema }: Record<string, unknown>) {
  return schema;
}

/**
 * The OpenAPI document, built from the routes' own schemas, at /api/openapi.json, and the docs
 * page at /api/docs. Registered before the routes so that it sees every one of them.
 */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Finestreta API',
          description: 'Remote citizen service for city councils: the API behind the embeddable widgets and the agent desk.',
          version: VERSION,
        },
        tags: [
          { name: 'councils', description: 'Public council profiles, for the citizen widgets (CORS per council)' },
          { name: 'desk', description: 'The agent desk (same origin, session cookie)' },
          { name: 'system', description: 'Operations' },
          { name: 'verify', description: "Anyone holding a document's verification code (CSV): what it is, and the original" },
        ],
        components: {
          securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fin_session' }, metricsToken: { type: 'http', scheme: 'bearer' } },
          // Not an API shape but the server's configuration, published where integrators look.
          schemas: { CouncilsFile: withoutDialect(councilsJsonSchema()) },
        },
      },
      // Shared schemas appear under their own $id (ErrorResponse) instead of def-0, def-1…
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
    });
    await fastify.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { validatorUrl: null },
      // Swagger UI writes style attributes into its markup. The docs page shows nothing but our
      // own schemas, so inline styles are allowed there and nowhere else.
      transformStaticCSP: (header) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
    });
    fastify.get('/api/openapi.json', { schema: { hide: true } }, () => fastify.swagger());
  },
  { name: 'openapi' },
);
