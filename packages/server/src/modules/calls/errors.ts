import type { ErrorCode } from './protocol.js';

/** A request failure the client is told about as it is. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}
