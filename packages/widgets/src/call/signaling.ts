import type { Method, Notification, Requests, Response } from './protocol.js';

/** A request the server refused, with its `FIN_ERR_CALL_*` code. */
export class CallRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CallRequestError';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

export interface SignalingOptions {
  /** How long a request may go unanswered. */
  requestTimeoutMs?: number;
  onNotification(message: Notification): void;
  /** The socket closed, by either side; `reason` is the server's close reason. */
  onClose(reason: string): void;
}

/**
 * The signaling half of a call (protocol.ts over one WebSocket): requests matched to their answers
 * by id within a time limit, notifications handed on. The media half, in `CallClient`, decides
 * what to ask and what a notification means.
 */
export class SignalingChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (data: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  private constructor(
    readonly socket: WebSocket,
    private readonly options: SignalingOptions,
  ) {
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.options.onClose(event.reason));
  }

  /** Resolves once the socket is open; a socket that closes first rejects with `FIN_ERR_CALL_UNREACHABLE`. */
  static open(url: string, options: SignalingOptions): Promise<SignalingChannel> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const fail = () => reject(new CallRequestError('FIN_ERR_CALL_UNREACHABLE', 'The call could not be reached'));
      socket.addEventListener('open', () => {
        socket.removeEventListener('close', fail);
        resolve(new SignalingChannel(socket, options));
      });
      socket.addEventListener('close', fail);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  request<M extends Method>(method: M, data: Requests[M]['request']): Promise<Requests[M]['response']> {
    if (!this.isOpen) return Promise.reject(new CallRequestError('FIN_ERR_CALL_DISCONNECTED', 'Not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CallRequestError('FIN_ERR_CALL_TIMEOUT', `${method}: no answer`));
      }, this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (data: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ id, method, data }));
    });
  }

  /** Rejects every unanswered request with `error`: their answers can no longer come. */
  failPending(error: Error): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
  }

  close(code?: number): void {
    this.socket.close(code);
  }

  private receive(raw: unknown): void {
    let message: Response | Notification;
    try {
      message = JSON.parse(String(raw)) as Response | Notification;
    } catch {
      return;
    }
    if ('notification' in message) {
      this.options.onNotification(message);
      return;
    }
    if (typeof message.id !== 'number') return;
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.data);
    else entry.reject(new CallRequestError(message.error.code, message.error.message));
  }
}
