import type { LitElement, ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient } from './api.js';
import { isAbort, toFinError, type FinError } from './errors.js';
import { applyCouncilColor } from './theme.js';
import type { Council } from './types.js';

export type TaskStatus = 'initial' | 'pending' | 'complete' | 'error';

export interface TaskOptions<A extends readonly unknown[], T> {
  /** The work; it must stop when `signal` aborts. */
  task: (args: A, signal: AbortSignal) => Promise<T>;
  /** What the work depends on, read before each render; `undefined` means "cannot run yet". */
  args: () => A | undefined;
  /** Told about each failure of the latest run (not about aborted runs). */
  onError?: (error: FinError) => void;
}

/**
 * Async state as a small machine (initial → pending → complete | error), in the manner of @lit/task:
 * the work reruns when its arguments change, and the previous run is aborted so a slow old answer
 * can never overwrite a newer one.
 */
export class FetchTask<A extends readonly unknown[], T> implements ReactiveController {
  status: TaskStatus = 'initial';
  value?: T;
  error?: FinError;
  private controller?: AbortController;
  private lastArgs?: A;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: TaskOptions<A, T>,
  ) {
    host.addController(this);
  }

  hostUpdate() {
    const args = this.options.args();
    if (args && !(this.lastArgs && sameArgs(args, this.lastArgs))) void this.run(args);
  }

  hostDisconnected() {
    // Nobody will see the answer; the next connection starts afresh.
    this.controller?.abort();
    this.controller = undefined;
    this.lastArgs = undefined;
    this.status = 'initial';
  }

  /** Runs again with the same arguments, e.g. from a retry button. */
  retry(): Promise<void> {
    return this.lastArgs ? this.run(this.lastArgs) : Promise.resolve();
  }

  private async run(args: A): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.lastArgs = args;
    this.status = 'pending';
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const value = await this.options.task(args, controller.signal);
      if (controller !== this.controller) return;
      this.value = value;
      this.status = 'complete';
    } catch (error) {
      if (controller !== this.controller || isAbort(error)) return;
      this.error = toFinError(error);
      this.status = 'error';
      this.options.onError?.(this.error);
    }
    this.host.requestUpdate();
  }
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

export interface OfferOptions<T, D> {
  /** The server, council and language to load from; no council yet means "cannot run yet". */
  where: () => readonly [api: string, council: string | undefined, lang: string];
  /** What the form offers, under the council's path (e.g. `/callbacks/slots`). */
  path: string;
  /** The host's own shape of what was loaded. */
  shape: (offer: T, council: Council) => D;
  onError?: (error: FinError) => void;
}

/**
 * A citizen form's first load: what it offers and the council's details (name, privacy notice,
 * clock, colour), in parallel.
 */
export function offerTask<T, D>(host: LitElement, options: OfferOptions<T, D>) {
  return new FetchTask(host, {
    args: () => {
      const [api, council, lang] = options.where();
      return council ? ([api, council, lang] as const) : undefined;
    },
    task: async ([api, council, lang], signal) => {
      const client = new ApiClient(api, council);
      const [offer, details] = await Promise.all([
        client.get<T>(client.councilPath(options.path), { query: { lang }, signal }),
        client.get<Council>(client.councilPath(), { query: { lang }, signal }),
      ]);
      applyCouncilColor(host, details);
      return options.shape(offer, details);
    },
    onError: options.onError,
  });
}
