import { Type } from '@sinclair/typebox';
import { ERRORS, type ErrorCode, type HttpErrorCode } from './error-catalogue.js';

export { ERRORS, type ErrorCode, type HttpErrorCode };

/** The status of a code of the catalogue that an HTTP answer can carry. */
export const statusOf = (code: HttpErrorCode): number => ERRORS[code].status;

/** The JSON every error leaves as: the catalogue's status and, unless given a more precise one, its message. */
export const errorBody = (code: HttpErrorCode, message: string = ERRORS[code].message) => ({ statusCode: statusOf(code), code, message });

/**
 * An error whose status, code and message are safe to show to the client as they are. The code
 * is one of the catalogue's (shared/error-catalogue.ts), which gives the status and the message
 * when the place that raises it has none more precise.
 */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: HttpErrorCode;
  /** The body field at fault, so that a form can put the message next to it. */
  readonly field?: string;
  /** More for the client to act on, sent with the error (the next free slots, say). */
  readonly details?: Record<string, unknown>;

  constructor(code: HttpErrorCode, message?: string, field?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.statusCode = statusOf(code);
    this.code = code;
    if (field !== undefined) this.field = field;
    if (details !== undefined) this.details = details;
  }
}

/** A change that lost to concurrent ones more times than it retries. */
export const changedMeanwhile = () => new AppError('FIN_ERR_CHANGED_MEANWHILE');
export const councilNotFound = () => new AppError('FIN_ERR_COUNCIL_NOT_FOUND');
export const authRequired = () => new AppError('FIN_ERR_AUTH_REQUIRED');

const HTTP_CODES = (Object.keys(ERRORS) as ErrorCode[]).filter((code): code is HttpErrorCode => ERRORS[code].status !== null);

/** The catalogue as a Markdown table, for the OpenAPI document's readers. */
function catalogueTable(): string {
  const rows = (Object.keys(ERRORS) as ErrorCode[]).map((code) => `| \`${code}\` | ${ERRORS[code].status ?? 'call socket'} | ${ERRORS[code].message.replaceAll('|', '\\|')} |`);
  return ['| code | status | default message |', '| --- | --- | --- |', ...rows].join('\n');
}

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.Unsafe<HttpErrorCode>({ type: 'string', enum: HTTP_CODES, examples: ['FIN_ERR_VALIDATION'] }),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'The body field at fault', examples: ['phone'] })),
  },
  {
    $id: 'ErrorResponse',
    title: 'Error',
    additionalProperties: false,
    description: `Every error the API answers. The codes, with their status and the message sent when there is none more precise (the codes marked "call socket" come in the call's signaling answers, not as HTTP errors):\n\n${catalogueTable()}`,
    'x-fin-errors': ERRORS,
  },
);

const errorRef = Type.Ref('ErrorResponse');

/**
 * Response schemas for the error statuses a route can answer; every route can fail with a 500,
 * so it is always listed.
 */
export function errorResponses(...statuses: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries([...statuses, 500].map((status) => [status, errorRef]));
}
