/**
 * A `fetch` stand-in for the widgets' tests: every call is recorded and answered by a handler, so a
 * test decides what the "server" says (or that the network is down) without a server.
 */

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  credentials?: RequestCredentials;
  signal?: AbortSignal | null;
}

export type FetchHandler = (call: RecordedCall, index: number) => Response | Promise<Response>;

export interface FetchStub {
  calls: RecordedCall[];
  /** Replaces the handler for later calls. */
  respond(handler: FetchHandler): void;
  restore(): void;
}

export function stubFetch(handler: FetchHandler): FetchStub {
  const original = window.fetch;
  const calls: RecordedCall[] = [];
  let current = handler;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
      signal: init.signal,
    };
    calls.push(call);
    return current(call, calls.length - 1);
  };
  return {
    calls,
    respond: (next) => (current = next),
    restore: () => (window.fetch = original),
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** What fetch does when the network is down. */
export function networkDown(): Promise<Response> {
  return Promise.reject(new TypeError('Failed to fetch'));
}

/** A request that never answers, but stops like a real one when its signal aborts. */
export function hang(call: RecordedCall): Promise<Response> {
  return new Promise((_, reject) => {
    call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

/** Collects what reaches the page's global error handlers, which must stay empty. */
export function watchPageErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(event.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
