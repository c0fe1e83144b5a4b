import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorBody, ErrorResponse, type HttpErrorCode } from '../shared/errors.js';

// Codes for 4xx errors raised by Fastify or its plugins rather than by our own code.
const CODES_BY_STATUS: Record<number, HttpErrorCode> = {
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

// The router's refusals, answered before any route or hook runs.
const ROUTER_ERRORS: Record<string, HttpErrorCode> = {
  FST_ERR_BAD_URL: 'FIN_ERR_URL_INVALID',
  FST_ERR_MAX_PARAM_LENGTH: 'FIN_ERR_URL_TOO_LONG',
};

/**
 * A query parameter given twice arrives as an array. Routes with a query schema refuse an array
 * where their schema wants one value (Ajv's `coerceTypes: 'array'` takes only a one-element
 * array for a scalar); routes without one (pages, static files) get this schema, so that no
 * handler ever receives an array it did not ask for.
 */
const SCALAR_QUERY = { type: 'object', properties: {}, additionalProperties: { type: 'string' } };

interface Refusal {
  /** JSON pointer of the refused value. */
  path: string;
  message: string;
}

/**
 * Values that pass a JSON schema but that no handler may receive: a non-finite number, and a
 * string holding U+0000, which PostgreSQL cannot store in text ("invalid byte sequence for
 * encoding UTF8: 0x00") and which no field of this API has a use for.
 */
function refusedValue(data: unknown): Refusal | undefined {
  // Iterative, so that a deeply nested body cannot overflow the stack here.
  const pending: Array<[unknown, string]> = [[data, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) return { path, message: 'must be a finite number' };
    if (typeof value === 'string' && value.includes('\u0000')) return { path, message: 'must not contain the character U+0000' };
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) pending.push([child, `${path}/${key}`]);
    }
  }
  return undefined;
}

type AjvValidate = ReturnType<ReturnType<ReturnType<typeof AjvCompiler>>>;

/**
 * Wraps Fastify's own Ajv compiler so that the values `refusedValue` names fail validation like
 * any other invalid value. Ajv's coercion turns the strings "1e400" and "Infinity" into
 * ±Infinity where a number is expected (a query parameter, or a JSON string in a body) and then
 * skips `minimum` and `maximum`, which it checks on finite numbers only: the handler got Infinity
 * and failed. A JSON number such as 1e400 is refused by Ajv's type check already.
 */
function refusingValues(validate: AjvValidate): AjvValidate {
  const checked = ((data: unknown, context?: object) => {
    const valid = validate(data, context as never) as boolean;
    const refusal = valid ? refusedValue(data) : undefined;
    checked.errors = refusal
      ? [{ instancePath: refusal.path, schemaPath: '#', keyword: 'refused', params: {}, message: refusal.message }]
      : validate.errors;
    return valid && !refusal;
  }) as AjvValidate;
  // Fastify passes the parent object (so that Ajv can replace a coerced root) only to validators that carry a schemaEnv.
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

const buildAjvValidator = AjvCompiler();
const buildValidator: typeof buildAjvValidator = (externalSchemas, ajvOptions) => {
  const compile = buildAjvValidator(externalSchemas, ajvOptions);
  return (schema, meta) => refusingValues(compile(schema, meta) as AjvValidate);
};

function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = ROUTER_ERRORS[error.code];
  const body = errorBody(known ?? 'FIN_ERR_INTERNAL');
  if (!known) request.log.error({ err: error }, 'request failed');
  return reply.code(body.statusCode).send(body);
}

/** The response each connection is writing, to finish it before a parse error closes the connection. */
const answering = new WeakMap<Socket, ServerResponse>();

/**
 * What Node's HTTP parser refuses never reaches Fastify. The usual cause on a keep-alive
 * connection is a body sent without Content-Length (a GET with a body): the parser reads it as
 * the next request. Writing an error straight away would put it before the answer to the
 * request still in progress, which the client would take for that answer; so that answer goes
 * out first, saying the connection closes, and nothing else is written. Otherwise (headers too
 * large, a request that is not HTTP, one too slow to arrive) the error is answered in the API's
 * JSON shape, and the connection is closed because the parser cannot tell where the next request
 * would start.
 */
function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  this.log.debug({ err: error }, 'client error');
  const inProgress = answering.get(socket);
  if (inProgress && !inProgress.writableEnded) {
    if (inProgress.headersSent) inProgress.once('finish', () => socket.end());
    else inProgress.setHeader('connection', 'close');
    return;
  }
  const answer = errorBody(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'FIN_ERR_HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'FIN_ERR_REQUEST_TIMEOUT'
        : 'FIN_ERR_REQUEST_INVALID',
  );
  const body = JSON.stringify(answer);
  socket.end(
    `HTTP/1.1 ${answer.statusCode} ${STATUS_CODES[answer.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Options of the Fastify constructor that shape errors raised before any plugin runs: in the
 * router, in Node's HTTP parser, and in schema validation.
 */
export const errorServerOptions = {
  schemaController: { compilersFactory: { buildValidator } },
  frameworkErrors: frameworkErrors as FastifyServerOptions['frameworkErrors'],
  clientErrorHandler: clientErrorHandler as FastifyServerOptions['clientErrorHandler'],
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

    fastify.server.on('request', (request: IncomingMessage, response: ServerResponse) => answering.set(request.socket, response));

    fastify.addHook('onRoute', (route) => {
      if (route.schema?.querystring === undefined) route.schema = { ...route.schema, querystring: SCALAR_QUERY };
    });

    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        const field = validationField(error);
        return reply.code(400).send({ ...errorBody('FIN_ERR_VALIDATION', validationMessage(error)), ...(field && { field }) });
      }
      const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (statusCode >= 500) {
        request.log.error({ err: error }, 'request failed');
        if (error instanceof AppError) return reply.code(statusCode).send(errorBody(error.code, error.message));
        return reply.code(500).send(errorBody('FIN_ERR_INTERNAL'));
      }
      const code = error.code?.startsWith('FIN_ERR_')
        ? error.code
        : (CODES_BY_STATUS[statusCode] ?? 'FIN_ERR_REQUEST_INVALID');
      const extra = error instanceof AppError ? { ...(error.field && { field: error.field }), ...error.details } : {};
      return reply.code(statusCode).send({ statusCode, code, message: error.message, ...extra });
    });

    fastify.setNotFoundHandler((request, reply) =>
      reply.code(404).send(errorBody('FIN_ERR_NOT_FOUND', `${request.method} ${request.url.split('?')[0]} not found`)),
    );
  },
  { name: 'errors' },
);
