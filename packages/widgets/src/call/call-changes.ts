import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallChange, CallChangeEvent, CallModel } from './call-state.js';

/**
 * Follows a call's `change` events while its host is connected, and the new call when the host's
 * is replaced (a call tried again), for views that go with a call without being its view.
 */
export class CallChanges implements ReactiveController {
  private followed?: CallModel;
  private readonly listener = (event: Event) => this.onChange((event as CallChangeEvent).change);

  constructor(
    host: ReactiveControllerHost,
    private readonly call: () => CallModel | undefined,
    private readonly onChange: (change: CallChange) => void,
  ) {
    host.addController(this);
  }

  hostConnected() {
    this.follow(this.call());
  }

  hostUpdate() {
    this.follow(this.call());
  }

  hostDisconnected() {
    this.follow(undefined);
  }

  private follow(call: CallModel | undefined) {
    if (call === this.followed) return;
    this.followed?.removeEventListener('change', this.listener);
    call?.addEventListener('change', this.listener);
    this.followed = call;
  }
}
