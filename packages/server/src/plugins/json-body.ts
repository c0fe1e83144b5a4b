import fp from 'fastify-plugin';
import { AppError } from '../shared/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../shared/json.js';

/**
 * JSON bodies parsed as Fastify parses them by default, but refused with a 400 when nested
 * deeper than MAX_JSON_DEPTH. The check reads the text before it is parsed, so nothing that
 * walks a body recursively afterwards (schema validation, the hash of an idempotent request)
 * can be made to overflow the stack. The body's size is bounded already by Fastify's bodyLimit.
 */
export default fp(
  async (fastify) => {
    const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
    const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
        done(new AppError('FIN_ERR_BODY_TOO_DEEP', `The JSON body may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`), undefined);
        return;
      }
      parse(request, body as string, done);
    });
  },
  { name: 'json-body' },
);
