import type { FastifyServerOptions, LogLevel } from 'fastify';

/**
 * Query parameters whose value opens something: a case token, a call invitation, a code. Matched
 * as a part of the name, so a new `…_token` parameter is covered before anyone thinks of the log.
 */
const SECRET_PARAMETER = /token|invite|code|key|secret|password|session|sig/i;

/** Every `name=value` of a query string inside `text`, the name as written (maybe percent-encoded). */
const QUERY_PAIR = /([?&])([^=&#\s"'<>\\]+)=([^&#\s"'<>\\]*)/g;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * `text` with the value of every secret query parameter replaced, wherever it stands: a request
 * line's URL, an error message quoting one. The name is decoded first because the server decodes
 * it too: `?to%6Ben=` is read as `token`.
 */
export function redactQuery(text: string): string {
  return text.replace(QUERY_PAIR, (pair, separator: string, name: string) =>
    SECRET_PARAMETER.test(decodedName(name)) ? `${separator}${name}=[redacted]` : pair,
  );
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Where log lines go: a stream of JSON lines. */
export type LogStream = LoggerOptions['stream'];

/**
 * The server's logger: no secret from a link and no credential from a header in any line, at any
 * level. Query strings are redacted on the finished line rather than field by field, because a URL
 * turns up in more places than the request line (an error's message, a library's warning).
 */
export function loggerOptions(level: LogLevel, stream?: LogStream): LoggerOptions {
  return {
    level,
    ...(stream && { stream }),
    hooks: { streamWrite: redactQuery },
    // Fastify logs no headers itself; whatever logs a request's or a response's headers drops these.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie', 'headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
}
