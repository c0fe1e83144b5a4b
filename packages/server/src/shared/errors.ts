import { Type } from '@sinclair/typebox';

/** An error whose status, code and message are safe to show to the client as they are. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: `FIN_ERR_${string}`,
    message: string,
    /** The body field at fault, so that a form can put the message next to it. */
    readonly field?: string,
    /** More for the client to act on, sent with the error (the next free slots, say). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A change that lost to concurrent ones more times than it retries. */
export const changedMeanwhile = () => new AppError(409, 'FIN_ERR_CHANGED_MEANWHILE', 'It changed while this request was made: read it again and retry');
export const councilNotFound = () => new AppError(404, 'FIN_ERR_COUNCIL_NOT_FOUND', 'Council not found');
export const authRequired = () => new AppError(401, 'FIN_ERR_AUTH_REQUIRED', 'Sign in to continue');

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ pattern: '^FIN_ERR_[A-Z_]+$', examples: ['FIN_ERR_VALIDATION'] }),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'The body field at fault', examples: ['phone'] })),
  },
  { $id: 'ErrorResponse', title: 'Error', additionalProperties: false },
);

const errorRef = Type.Ref('ErrorResponse');

/**
 * Response schemas for the error statuses a route can answer; every route can fail with a 500,
 * so it is always listed.
 */
export function errorResponses(...statuses: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries([...statuses, 500].map((status) => [status, errorRef]));
}
