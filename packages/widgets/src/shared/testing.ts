/**
 * A `fetch` stand-in for the widgets' tests: every call is recorded and answered by a handler, so a
 * test decides what the "server" says (or that the network is down) without a server.
 */
import { deleteDB } from 'idb';
import { getOutbox } from './outbox.js';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  /** The body as sent, when it is not JSON (a photo's bytes). */
  raw?: BodyInit | null;
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
      raw: typeof init.body === 'string' ? undefined : init.body,
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

/**
 * For a `describe` of offline tests: each test starts and ends online with an empty outbox, so
 * nothing one test queued is retried later into another test's `fetch`.
 */
export function isolateOutbox(): void {
  const reset = async () => {
    delete (navigator as { onLine?: boolean }).onLine;
    const outbox = getOutbox();
    outbox.stop();
    await deleteDB(outbox.name);
    outbox.start();
  };
  beforeEach(reset);
  afterEach(reset);
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

/** An `EventSource` stand-in the test drives: it opens at once and delivers what the test sends. */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeEventSource.CONNECTING;
  onerror: ((event: Event) => void) | null = null;

  constructor(
    readonly url: string,
    readonly init: EventSourceInit = {},
  ) {
    super();
    EVENT_SOURCES.push(this);
    queueMicrotask(() => {
      if (this.readyState === FakeEventSource.CLOSED) return;
      this.readyState = FakeEventSource.OPEN;
      this.dispatchEvent(new Event('open'));
    });
  }

  get withCredentials(): boolean {
    return Boolean(this.init.withCredentials);
  }

  /** Delivers a server-sent event of `type` carrying `data` as JSON. */
  send(type: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  /** The connection dropped: `reconnecting` as a browser does after a network error, or closed for good. */
  drop(reconnecting = true): void {
    this.readyState = reconnecting ? FakeEventSource.CONNECTING : FakeEventSource.CLOSED;
    const event = new Event('error');
    this.dispatchEvent(event);
    this.onerror?.(event);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
}

const EVENT_SOURCES: FakeEventSource[] = [];

export interface EventSourceStub {
  /** Every connection opened since the stub was installed, oldest first. */
  sources: FakeEventSource[];
  /** The newest connection. */
  readonly latest: FakeEventSource | undefined;
  restore(): void;
}

/** Replaces `window.EventSource` with `FakeEventSource` until `restore()`. */
export function stubEventSource(): EventSourceStub {
  const original = window.EventSource;
  EVENT_SOURCES.length = 0;
  window.EventSource = FakeEventSource as unknown as typeof EventSource;
  return {
    sources: EVENT_SOURCES,
    get latest() {
      return EVENT_SOURCES.at(-1);
    },
    restore: () => (window.EventSource = original),
  };
}

/**
 * The page as a link opens it: `query` in its address, with a hash. The returned function puts
 * the address back and empties the tab's storage, where the widgets keep a link's token.
 */
export function openLink(query: string): () => void {
  const before = location.href;
  history.replaceState(null, '', `${location.pathname}?${query}#main`);
  return () => {
    history.replaceState(null, '', before);
    sessionStorage.clear();
  };
}

/** Moves `Date.now()` `ms` ahead, as if the page were looked at that much later; returns the function that puts it back. */
export function clockAhead(ms: number): () => void {
  const real = Date.now;
  Date.now = () => real() + ms;
  return () => {
    Date.now = real;
  };
}

/** A file the page handed to the browser to download: its name and its bytes. */
export interface Download {
  fileName: string;
  bytes: Uint8Array;
}

/** Catches the downloads `saveFile` starts (a click on a link to a blob) instead of letting the browser save them. */
export function captureDownloads(): { downloads: Promise<Download>[]; restore(): void } {
  const { click } = HTMLAnchorElement.prototype;
  const { createObjectURL } = URL;
  const blobs = new Map<string, Blob>();
  const downloads: Promise<Download>[] = [];
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (!this.download || !blob) return click.call(this);
    const fileName = this.download;
    downloads.push(blob.arrayBuffer().then((buffer) => ({ fileName, bytes: new Uint8Array(buffer) })));
  };
  return {
    downloads,
    restore() {
      HTMLAnchorElement.prototype.click = click;
      URL.createObjectURL = createObjectURL;
    },
  };
}
