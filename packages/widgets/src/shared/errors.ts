import type { FinErrorDetail } from './events.js';

/** Codes the widgets raise themselves; the server's codes pass through unchanged. */
export const ErrorCode = {
  network: 'FIN_ERR_NETWORK',
  timeout: 'FIN_ERR_TIMEOUT',
  internal: 'FIN_ERR_INTERNAL',
  configMissing: 'FIN_ERR_CONFIG_MISSING',
  configInvalid: 'FIN_ERR_CONFIG_INVALID',
  responseInvalid: 'FIN_ERR_RESPONSE_INVALID',
  requestFailed: 'FIN_ERR_REQUEST_FAILED',
  unexpected: 'FIN_ERR_UNEXPECTED',
  idempotencyInProgress: 'FIN_ERR_IDEMPOTENCY_IN_PROGRESS',
  outboxExpired: 'FIN_ERR_OUTBOX_EXPIRED',
  captureFailed: 'FIN_ERR_CAPTURE_FAILED',
} as const;

/** A failure worth telling the host page about, in the shape `fin-error` carries. */
export class FinError extends Error implements FinErrorDetail {
  constructor(
    readonly code: string,
    message: string,
    readonly recoverable: boolean,
  ) {
    super(message);
    this.name = 'FinError';
  }
}

/**
 * A failed request to the Finestreta server; `status` is 0 when no response arrived. `body` is the
 * 4xx error body, for what it adds beyond the code: the `field` a field error concerns, or data
 * such as the `alternatives` of a taken slot. A 5xx body is never kept.
 */
export class ApiError extends FinError {
  constructor(
    code: string,
    message: string,
    recoverable: boolean,
    readonly status: number,
    readonly body?: Readonly<Record<string, unknown>>,
  ) {
    super(code, message, recoverable);
    this.name = 'ApiError';
  }

  /** The request body's field the server blamed, if it named one. */
  get field(): string | undefined {
    return typeof this.body?.field === 'string' ? this.body.field : undefined;
  }
}

/**
 * The server's answers that mean the page embeds the widget wrongly, not that the service is down:
 * the browser can read them from any origin (plugins/origins.ts on the server).
 */
export const EmbedErrorCode = {
  councilNotFound: 'FIN_ERR_COUNCIL_NOT_FOUND',
  originForbidden: 'FIN_ERR_ORIGIN_FORBIDDEN',
} as const;

/** Where a widget is embedded: what its web team may have to fix. */
export interface Embedding {
  api: string;
  council: string;
  /** The page's origin, the one a council's `allowedOrigins` must list. */
  origin: string;
}

/** Whether a failure is one of a wrong embedding rather than of the service. */
export function isEmbeddingFailure(error: FinErrorDetail): boolean {
  return error.code === EmbedErrorCode.councilNotFound || error.code === EmbedErrorCode.originForbidden;
}

/** What the web team must fix, said with the attributes and setting they will look for. */
function embeddingHint(code: string, { api, council, origin }: Embedding): string {
  if (code === EmbedErrorCode.councilNotFound) {
    return `Finestreta: the server at api="${api}" has no council "${council}". Fix the council="…" attribute (on the widget or its <finestreta-config>), or api="…" if it is not your council's server.`;
  }
  // A file opened from disk, or a sandboxed frame: no allow-list should name "null", which any site can send.
  if (origin === 'null') {
    return `Finestreta: this page has no origin (opened as a file, or in a sandboxed frame), so council="${council}" at api="${api}" cannot allow it. Serve the page over http(s) from an origin in that council's allowedOrigins.`;
  }
  return `Finestreta: council="${council}" at api="${api}" does not allow this page's origin. Add "${origin}" to that council's allowedOrigins in the server's councils file.`;
}

/**
 * A failure caused by the embedding, with a message that names the attribute or setting the web
 * team must fix; undefined for any other failure.
 */
export function embeddingError(error: unknown, where: Embedding): FinError | undefined {
  if (!(error instanceof ApiError) || !isEmbeddingFailure(error)) return undefined;
  return new FinError(error.code, embeddingHint(error.code, where), false);
}

/** Turns anything thrown into the `{code, message, recoverable}` every widget reports. */
export function toFinError(error: unknown): FinError {
  if (error instanceof FinError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FinError(ErrorCode.unexpected, message, false);
}

/** True for an abort the caller asked for, which is not a failure to report. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
