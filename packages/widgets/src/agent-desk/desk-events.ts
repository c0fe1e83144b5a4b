import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { backoff } from '../shared/api.js';

/**
 * The desk's one connection to `/api/desk/events`, shared by the callback queue and the appointment
 * agenda so the server keeps a single stream per open desk. It re-dispatches the server's events
 * (`callback`, `appointment`, `document`, `incident`) as `MessageEvent`s, `status` whenever `connected` changes, and
 * `reconnected` when it is back after a drop (events may have been missed: time to refresh).
 * The browser reconnects by itself after a network drop; after a refusal this reconnects with backoff.
 */
export class DeskEventStream extends EventTarget {
  /** Whether the stream is open (or, before the first answer, assumed to open). */
  connected = true;
  private source?: EventSource;
  private reconnects = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly url: string,
    private readonly types: readonly string[] = ['callback', 'appointment', 'document', 'incident'],
  ) {
    super();
  }

  open(): void {
    this.source?.close();
    const source = (this.source = new EventSource(this.url, { withCredentials: true }));
    source.addEventListener('open', () => {
      const missed = !this.connected;
      this.reconnects = 0;
      this.setConnected(true);
      if (missed) this.dispatchEvent(new Event('reconnected'));
    });
    for (const type of this.types) source.addEventListener(type, (event) => this.dispatchEvent(new MessageEvent(type, { data: (event as MessageEvent).data })));
    source.addEventListener('error', () => {
      if (source !== this.source) return;
      this.setConnected(false);
      if (source.readyState !== EventSource.CLOSED) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.open(), backoff(this.reconnects++, 1000, 60_000));
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = undefined;
  }

  private setConnected(connected: boolean) {
    if (this.connected === connected) return;
    this.connected = connected;
    this.dispatchEvent(new Event('status'));
  }
}

export interface DeskListeners {
  /** The server's event the element follows: `callback`, `appointment` or `document`. */
  type: string;
  onEvent: (event: Event) => void;
  /** Called on subscribing, so the element starts from the stream's state, and whenever `connected` changes. */
  onStatus?: () => void;
  /** Reloads what the element shows: after `refreshSoon`, and when the stream is back after a drop (events may have been missed). */
  refresh: () => void;
}

/** A burst of events (a claim changes a callback twice) reloads once. */
const REFRESH_DEBOUNCE_MS = 300;

/**
 * One element's listeners on the desk's stream, as a controller of that element. The stream is
 * handed down as the element's `events` property and may be replaced, so the listeners move to
 * the new one after each update, and go when the element leaves the page.
 */
export class DeskSubscription implements ReactiveController {
  private stream?: DeskEventStream;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly onStatus = () => this.listeners.onStatus?.();
  private readonly onReconnected = () => this.refreshSoon();

  constructor(
    private readonly host: ReactiveControllerHost & { events?: DeskEventStream },
    private readonly listeners: DeskListeners,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow(this.host.events);
  }

  hostUpdated(): void {
    this.follow(this.host.events);
  }

  hostDisconnected(): void {
    this.follow(undefined);
    clearTimeout(this.refreshTimer);
  }

  /** Reloads shortly, once for everything asked in the meantime. */
  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.listeners.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private follow(stream: DeskEventStream | undefined): void {
    if (this.stream === stream) return;
    const { type, onEvent } = this.listeners;
    this.stream?.removeEventListener(type, onEvent);
    this.stream?.removeEventListener('status', this.onStatus);
    this.stream?.removeEventListener('reconnected', this.onReconnected);
    this.stream = stream;
    if (!stream) return;
    stream.addEventListener(type, onEvent);
    stream.addEventListener('status', this.onStatus);
    stream.addEventListener('reconnected', this.onReconnected);
    this.onStatus();
  }
}

/** Parses an event's JSON data, or undefined when it is not an object. */
export function eventData(event: Event): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(String((event as MessageEvent).data));
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
