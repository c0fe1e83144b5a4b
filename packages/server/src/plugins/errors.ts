import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorResponse } from '../shared/errors.js';

// Codes for 4xx errors raised by Fastify or its plugins rather than by our own code.
const CODES_BY_STATUS: Record<number, string> = {
  400: 'FIN_ERR_VALIDATION',
  401: 'FIN_ERR_AUTH_REQUIRED',
  403: 'FIN_ERR_FORBIDDEN',
  404: 'FIN_ERR_NOT_FOUND',
  405: 'FIN_ERR_METHOD_NOT_ALLOWED',
  406: 'FIN_ERR_NOT_ACCEPTABLE',
  413: 'FIN_ERR_PAYLOAD_TOO_LARGE',
  415: 'FIN_ERR_MEDIA_TYPE_UNSUPPORTED',
  429: 'FIN_ERR_RATE_LIMITED',
};

/**
 * Names the field and what is wrong with it: "body.email is required", "querystring.lang must
 * be one of ca, es, en". A choice between literals fails once per literal; those are folded
 * into one list.
 */
function validationMessage(error: FastifyError): string {
  const errors = error.validation!;
  const first = errors[0];
  const segments = [error.validationContext, ...(first?.instancePath.split('/').slice(1) ?? [])];
  if (first?.keyword === 'required') return `${[...segments, first.params.missingProperty].join('.')} is required`;
  const allowed = errors
    .filter((other) => other.instancePath === first?.instancePath && other.keyword === 'const')
    .map((other) => other.params.allowedValue);
  const problem = allowed.length > 0 ? `must be one of ${allowed.join(', ')}` : (first?.message ?? 'is invalid');
  return `${segments.join('.')} ${problem}`;
}

/** The top-level body field a schema error is about, for forms to show it in place. */
function validationField(error: FastifyError): string | undefined {
  const first = error.validation![0];
  if (error.validationContext !== 'body' || !first) return undefined;
  const field = first.instancePath.split('/')[1] ?? (first.keyword === 'required' ? first.params.missingProperty : undefined);
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/**
 * Every error leaves as `{statusCode, code, message}`. Client errors keep their message, which
 * tells the caller what to fix; server errors are logged and answered with a generic message,
 * because their details (SQL, paths, stack) are for operators, not for the public — unless the
 * code raised an `AppError`, whose code and message are written for the client.
 */
export default fp(
  async (fastify) => {
    fastify.addSchema(ErrorResponse);

    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        const field = validationField(error);
        return reply
          .code(400)
          .send({ statusCode: 400, code: 'FIN_ERR_VALIDATION', message: validationMessage(error), ...(field && { field }) });
      }
      const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (statusCode >= 500) {
        request.log.error({ err: error }, 'request failed');
        if (error instanceof AppError) return reply.code(statusCode).send({ statusCode, code: error.code, message: error.message });
        return reply.code(500).send({ statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'Internal server error' });
      }
      const code = error.code?.startsWith('FIN_ERR_')
        ? error.code
        : (CODES_BY_STATUS[statusCode] ?? 'FIN_ERR_REQUEST_INVALID');
      const extra = error instanceof AppError ? { ...(error.field && { field: error.field }), ...error.details } : {};
      return reply.code(statusCode).send({ statusCode, code, message: error.message, ...extra });
    });

    fastify.setNotFoundHandler((request, reply) =>
      reply.code(404).send({
        statusCode: 404,
        code: 'FIN_ERR_NOT_FOUND',
        message: `${request.method} ${request.url.split('?')[0]} not found`,
      }),
    );
  },
  { name: 'errors' },
);
