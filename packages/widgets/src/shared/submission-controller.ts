import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api.js';
import { ApiError, ErrorCode, type FinError } from './errors.js';
import { FinQueuedEvent, FinSubmitEvent } from './events.js';
import { focusPart } from './form-controller.js';
import { getOutbox, type OutboxEvent, type PendingItem } from './outbox.js';
import { SubmissionKey, submitOrQueue } from './submit.js';

/** Where a form's submission goes; undefined until the element knows its council (and whatever else it needs). */
export interface SubmissionTarget {
  client: ApiClient;
  path: string;
}

export interface SubmissionOptions<B, R> {
  /** What is submitted (e.g. `callback`): stored with a queued item and carried by `fin-queued`. */
  kind: string;
  target: () => SubmissionTarget | undefined;
  /** Which of the queued submissions to this target are this form's, besides the kind (e.g. the survey's token). */
  owns?: (body: B) => boolean;
  /** Fills the form with a submission saved on the device by this or an earlier visit. */
  restore: (body: B) => void;
  /** What `fin-submit` carries once the server accepted `body`, now or from the outbox; by default the server's answer. */
  submitted?: (result: R, body: B) => unknown;
  /** The submission failed, now, from the outbox, or by waiting too long on the device; the form shows it filled in again. */
  onFailure: (failure: FinError) => void | Promise<void>;
  /** Tells the host page (`fin-error`) and returns the failure in its shape. */
  reportError: (error: unknown) => FinError;
}

/**
 * `form`: filling in (or after a failure); `queued`: saved on the device, waiting for the connection;
 * `done`: accepted. `pending` says a request is on its way. Queued and done, the host fires
 * `fin-queued` and `fin-submit` and its heading takes focus.
 */
export type SubmissionStatus = 'form' | 'queued' | 'done';

/**
 * A form's submission as a small machine, in the manner of `@lit/task`: it sends with an
 * Idempotency-Key (kept when the same body is sent again after a server error), queues in the
 * outbox when offline, and follows a queued submission until the outbox sends it or drops it —
 * after a reload too: what this form left waiting is restored, its values and its queued state.
 */
export class SubmissionController<B, R> implements ReactiveController {
  status: SubmissionStatus = 'form';
  /** A request is on its way; a second submit is ignored meanwhile. */
  pending = false;
  /** What was sent (or is waiting to be), and what the server answered. */
  body?: B;
  result?: R;
  private queuedKey?: string;
  private readonly key = new SubmissionKey();
  /** Whether the outbox was asked for a submission a previous page left waiting. */
  private restored = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: SubmissionOptions<B, R>,
  ) {
    host.addController(this);
  }

  hostConnected() {
    getOutbox().addEventListener('sent', this.onSent);
    getOutbox().addEventListener('failed', this.onFailed);
  }

  hostDisconnected() {
    getOutbox().removeEventListener('sent', this.onSent);
    getOutbox().removeEventListener('failed', this.onFailed);
    this.restored = false;
  }

  hostUpdate() {
    if (this.restored || !this.options.target()) return;
    this.restored = true;
    this.restorePending().catch((error: unknown) => this.options.reportError(error));
  }

  /** Sends `body`; resolves once it was accepted, queued or refused. */
  async submit(body: B): Promise<void> {
    const target = this.options.target();
    if (this.pending || !target) return;
    const idempotencyKey = this.key.for(body);
    this.set({ pending: true, body });
    try {
      const sent = await submitOrQueue<R>(target.client, target.path, body, { kind: this.options.kind, idempotencyKey });
      this.key.settle();
      this.set({ pending: false });
      if (sent.queued) {
        this.set({ status: 'queued' });
        this.queuedKey = idempotencyKey;
        this.host.dispatchEvent(new FinQueuedEvent(this.options.kind, idempotencyKey));
        await focusPart(this.host, '[part~="heading"]');
      } else {
        await this.done(sent.data, body);
      }
    } catch (error) {
      const failure = this.options.reportError(error);
      this.key.settle(failure);
      this.set({ pending: false });
      await this.options.onFailure(failure);
    }
  }

  /** Back to an empty start: another survey, another booking. */
  reset() {
    this.set({ status: 'form', body: undefined, result: undefined });
    this.queuedKey = undefined;
    this.restored = false;
  }

  private set(changes: Partial<Pick<this, 'status' | 'pending' | 'body' | 'result'>>) {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  private async done(result: R, body: B) {
    this.queuedKey = undefined;
    this.set({ status: 'done', result, body });
    this.host.dispatchEvent(new FinSubmitEvent(this.options.kind, this.options.submitted ? this.options.submitted(result, body) : result));
    await focusPart(this.host, '[part~="heading"]');
  }

  private isMine(item: PendingItem, url: string): boolean {
    return item.kind === this.options.kind && item.url === url && (this.options.owns?.(item.body as B) ?? true);
  }

  /**
   * A submission saved on this device by an earlier visit is still on its way: show it queued, with
   * its values, and follow it. One that waited too long was dropped unsent: say so, filled in again.
   */
  private async restorePending() {
    const target = this.options.target()!;
    const url = target.client.url(target.path);
    const outbox = getOutbox();
    const last = (await outbox.pending()).filter((item) => this.isMine(item, url)).at(-1);
    const expired = last ? undefined : (await outbox.takeExpired((item) => this.isMine(item, url))).at(-1);
    if (this.status !== 'form' || this.pending) return;
    if (last) {
      this.options.restore(last.body as B);
      this.queuedKey = last.idempotencyKey;
      this.set({ status: 'queued', body: last.body as B });
    } else if (expired) {
      this.options.restore(expired.body as B);
      await this.options.onFailure(new ApiError(ErrorCode.outboxExpired, 'The submission was not sent within 24 hours.', false, 0));
    }
  }

  private readonly onSent = (event: Event) => {
    const { item, result } = event as OutboxEvent;
    if (this.status !== 'queued' || item.idempotencyKey !== this.queuedKey) return;
    this.done(result as R, item.body as B).catch((error: unknown) => this.options.reportError(error));
  };

  private readonly onFailed = (event: Event) => {
    const { item, error } = event as OutboxEvent;
    if (this.status !== 'queued' || item.idempotencyKey !== this.queuedKey || !error) return;
    this.options.restore(item.body as B);
    this.queuedKey = undefined;
    this.set({ status: 'form' });
    Promise.resolve(this.options.onFailure(new ApiError(error.code, error.message, false, error.status))).catch((failure: unknown) => this.options.reportError(failure));
  };
}
