import { ApiError, ErrorCode, isAbort } from './errors.js';

/** Options of one request. */
export interface RequestOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | undefined>;
  /** Cancels the request (and any retry still waiting); the call then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Milliseconds one attempt may take; defaults to the client's. */
  timeout?: number;
  /** Reuse a key to make a resend harmless; a POST without one gets a fresh key. */
  idempotencyKey?: string;
  /** `bytes` for an answer whose exact bytes matter (a document hashed as received); JSON otherwise. */
  accept?: 'json' | 'bytes';
}

export interface ApiClientOptions {
  /** Milliseconds one attempt may take. */
  timeout?: number;
  /** Extra attempts after the first for requests safe to repeat. */
  retries?: number;
  /** Delay before the first retry; each next one doubles, with jitter. */
  retryDelay?: number;
  /** `include` only for the desk, which runs on the server's own origin with its session cookie. */
  credentials?: RequestCredentials;
}

/**
 * One HTTP exchange as the outbox and the client both need it: JSON in, JSON out, errors mapped. A
 * `Blob` body goes as it is, with its own type (a photo); `accept: 'bytes'` answers an ArrayBuffer.
 */
export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  accept?: RequestOptions['accept'];
  idempotencyKey?: string;
  signal?: AbortSignal;
  timeout: number;
  credentials?: RequestCredentials;
  /** The solved challenge of a booking sent during a flood (proof-of-work.ts). */
  proof?: string;
}

const GENERIC_5XX = 'The service is temporarily unavailable.';
/** Challenges answered for one request before giving up (a new one follows an expired or spent one). */
const MAX_CHALLENGES = 3;

/** 4xx answers that say "later", not "never": the outbox keeps such items and the UI offers a retry. */
function isRecoverable(status: number, code: string): boolean {
  return status >= 500 || status === 408 || status === 429 || code === ErrorCode.idempotencyInProgress;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as { code?: unknown; message?: unknown } | undefined;
  const status = response.status;
  const code = typeof body?.code === 'string' ? body.code : status >= 500 ? ErrorCode.internal : ErrorCode.requestFailed;
  // A 5xx message may carry internals; the server hides them too, this is the second line of defence.
  const message = status >= 500 ? GENERIC_5XX : typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
  const detail = status < 500 && body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  return new ApiError(code, message, isRecoverable(status, code), status, detail);
}

/** Aborts with `timeout` after `ms`, or with the caller's reason when `outer` aborts. */
function attemptSignal(ms: number, outer?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), ms);
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

export async function sendJson<T>(url: string, options: SendOptions): Promise<T> {
  options.signal?.throwIfAborted();
  const raw = options.body instanceof Blob;
  const headers: Record<string, string> = { Accept: options.accept === 'bytes' ? '*/*' : 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = raw ? (options.body as Blob).type : 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.proof) headers[PROOF_HEADER] = options.proof;
  const { signal, dispose } = attemptSignal(options.timeout, options.signal);
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : raw ? (options.body as Blob) : JSON.stringify(options.body),
      credentials: options.credentials ?? 'omit',
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new DOMException('The request was cancelled.', 'AbortError');
    if (signal.aborted) throw new ApiError(ErrorCode.timeout, `No answer within ${options.timeout} ms.`, true, 0);
    if (isAbort(error)) throw error;
    throw new ApiError(ErrorCode.network, 'The server could not be reached.', true, 0);
  } finally {
    dispose();
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  if (options.accept === 'bytes') return (await response.arrayBuffer()) as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(ErrorCode.responseInvalid, 'The server sent a response that is not JSON.', false, response.status);
  }
}

/** The header of a request sent again with the solution of the server's challenge. */
const PROOF_HEADER = 'Fin-Proof';

/** The server's answer when bookings run far above normal: a challenge to solve before sending again (proof-of-work.ts). */
const isChallenge = (error: unknown) => error instanceof ApiError && error.status === 428;

/**
 * `sendJson`, answering the proof of work a flooded server asks for: solved here, so neither a
 * form nor the outbox resending a queued request sees it.
 */
export async function sendAnsweringChallenges<T>(url: string, options: SendOptions): Promise<T> {
  for (let challenges = 0; ; challenges++) {
    try {
      return await sendJson<T>(url, options);
    } catch (error) {
      // The solver is fetched with the first challenge: elements that never send, or a server that is not flooded, never need it.
      const proof = challenges < MAX_CHALLENGES && isChallenge(error) ? await (await import('./proof-of-work.js')).answerChallenge(error, options.signal) : undefined;
      if (!proof) throw error;
      options = { ...options, proof };
    }
  }
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('The request was cancelled.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with "equal jitter": never sooner than half the step, so retries still spread out. */
export function backoff(attempt: number, base: number, max = 30_000): number {
  const step = Math.min(max, base * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/**
 * A random (v4) UUID for an Idempotency-Key. `crypto.randomUUID` exists only in secure contexts,
 * and some council sites are still served over plain HTTP; `getRandomValues` works everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Talks JSON to one Finestreta server on behalf of one council. */
export class ApiClient {
  readonly base: string;
  private readonly timeout: number;
  private readonly retries: number;
  private readonly retryDelay: number;
  private readonly credentials: RequestCredentials;

  constructor(
    base: string,
    readonly council?: string,
    options: ApiClientOptions = {},
  ) {
    this.base = base.replace(/\/+$/, '');
    this.timeout = options.timeout ?? 10_000;
    this.retries = options.retries ?? 2;
    this.retryDelay = options.retryDelay ?? 400;
    this.credentials = options.credentials ?? 'omit';
  }

  /** Absolute URL of `path` (which starts with `/`) with the query's defined values. */
  url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(this.base + path, globalThis.location?.href);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    return url.href;
  }

  /** `/api/councils/{council}` followed by `rest`: where the council's public endpoints live. */
  councilPath(rest = ''): string {
    return `/api/councils/${encodeURIComponent(this.council ?? '')}${rest}`;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  /** The answer's bytes exactly as received. */
  bytes(path: string, options: RequestOptions = {}): Promise<ArrayBuffer> {
    return this.request<ArrayBuffer>('GET', path, undefined, { ...options, accept: 'bytes' });
  }

  /** Not retried: a DELETE whose answer was lost would, repeated, find nothing left and fail. */
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** Not retried: the desk's changes by PATCH carry no Idempotency-Key. */
  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }

  /** Not retried, like PATCH: the desk's PUTs carry no Idempotency-Key. */
  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }

  /** Every POST carries an Idempotency-Key, so retrying it (here or from the outbox) is harmless. */
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    return this.request<T>('POST', path, body, { ...options, idempotencyKey });
  }

  private async request<T>(method: SendOptions['method'], path: string, body: unknown, options: RequestOptions): Promise<T> {
    const url = this.url(path, options.query);
    const repeatable = method === 'GET' || Boolean(options.idempotencyKey);
    for (let attempt = 0; ; ) {
      try {
        return await sendAnsweringChallenges<T>(url, {
          method,
          body,
          idempotencyKey: options.idempotencyKey,
          signal: options.signal,
          timeout: options.timeout ?? this.timeout,
          credentials: this.credentials,
          accept: options.accept,
        });
      } catch (error) {
        const retry = repeatable && attempt < this.retries && error instanceof ApiError && (error.status === 0 || error.status >= 500);
        if (!retry) throw error;
        await sleep(backoff(attempt++, this.retryDelay), options.signal);
      }
    }
  }
}
