import { newIdempotencyKey, type ApiClient } from './api.js';
import { ApiError, ErrorCode } from './errors.js';
import { getOutbox, type Outbox, type PendingItem } from './outbox.js';

export type SubmitResult<T> = { queued: false; data: T } | { queued: true; item: PendingItem };

export interface SubmitOptions {
  /** What is being submitted (e.g. `callback`); stored with a queued item. */
  kind: string;
  signal?: AbortSignal;
  /** Defaults to the page's shared outbox. */
  outbox?: Outbox;
  /** The key of this submission; pass the same one again when the citizen retries the same submission. Defaults to a fresh one. */
  idempotencyKey?: string;
}

/** Errors after which the server may or may not have the submission: only a resend with the same key settles it. */
function lostToNetwork(error: unknown): boolean {
  return error instanceof ApiError && (error.code === ErrorCode.network || error.code === ErrorCode.timeout);
}

/**
 * POSTs now; when offline or lost to the network, stores the submission in the outbox under the
 * same Idempotency-Key (so a request that did reach the server is not run twice) and reports
 * `{queued: true}`, for the widget to tell the citizen it will be sent. Other errors are thrown.
 */
export async function submitOrQueue<T>(client: ApiClient, path: string, body: unknown, options: SubmitOptions): Promise<SubmitResult<T>> {
  const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
  const queue = async (reason: unknown): Promise<SubmitResult<T>> => {
    const outbox = options.outbox ?? getOutbox();
    try {
      return { queued: true, item: await outbox.enqueue({ url: client.url(path), body, idempotencyKey, kind: options.kind }) };
    } catch {
      // No storage (private browsing, quota): the citizen must learn it was not sent.
      throw reason;
    }
  };
  if (!navigator.onLine) return queue(new ApiError(ErrorCode.network, 'The browser is offline.', true, 0));
  try {
    return { queued: false, data: await client.post<T>(path, body, { idempotencyKey, signal: options.signal }) };
  } catch (error) {
    if (lostToNetwork(error)) return queue(error);
    throw error;
  }
}

/**
 * The Idempotency-Key of a form's submissions. The same body sent again after a server error keeps
 * its key, so the server runs it once; any other body, or a resend after an answer, gets a new one.
 */
export class SubmissionKey {
  private last?: { key: string; body: string };

  /** The key to send `body` with. */
  for(body: unknown): string {
    const serial = JSON.stringify(body);
    const key = this.last?.body === serial ? this.last.key : newIdempotencyKey();
    this.last = { key, body: serial };
    return key;
  }

  /** After the attempt: only a 5xx leaves open whether the server ran it, so only then is the key kept. */
  settle(failure?: unknown): void {
    if (!(failure instanceof ApiError && failure.status >= 500)) this.last = undefined;
  }
}
