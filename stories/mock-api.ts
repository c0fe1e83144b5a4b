/**
 * Stories show each state of an element without a server: while a story renders, `fetch` answers
 * from a table of canned responses (or never, to show loading). The real server is exercised by
 * the end-to-end tests, not here.
 */
export interface MockRoute {
  /** Matched against the request's method and path, e.g. `GET /api/councils/demo`. */
  match: RegExp;
  status?: number;
  body?: unknown;
  /** Never answer: the element stays in its loading state. */
  pending?: boolean;
  /** Fail like a dropped connection. */
  networkError?: boolean;
  /** Answer with these bytes (a picture) instead of JSON. */
  bytes?: Blob;
}

const realFetch = globalThis.fetch.bind(globalThis);

export function mockApi(routes: MockRoute[]): void {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const route = routes.find((r) => r.match.test(`${request.method} ${url.pathname}`));
    if (!route) return realFetch(input, init);
    if (route.pending) return new Promise<Response>(() => {});
    if (route.networkError) throw new TypeError('Failed to fetch');
    if (route.bytes) return new Response(route.bytes, { status: route.status ?? 200, headers: { 'content-type': route.bytes.type } });
    // A 204 has no body, and Response refuses one.
    return new Response(route.status === 204 ? null : JSON.stringify(route.body ?? {}), {
      status: route.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** An event stream that connects and stays quiet, for views that listen for live updates. */
class QuietEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 1;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly withCredentials: boolean;
  constructor(
    readonly url: string,
    init?: EventSourceInit,
  ) {
    super();
    this.withCredentials = Boolean(init?.withCredentials);
    setTimeout(() => {
      const open = new Event('open');
      this.onopen?.(open);
      this.dispatchEvent(open);
    });
  }
  close() {
    this.readyState = 2;
  }
}

export function mockEventSource(): void {
  globalThis.EventSource = QuietEventSource as unknown as typeof EventSource;
}
