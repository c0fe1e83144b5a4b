import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells the widgets that a proof of work is being solved (`solving`) and when it is done
 * (`solved`), so that a form in the middle of sending can say it may take a few seconds.
 */
export const proofOfWork = new EventTarget();

/** Whether a proof of work is being solved, for the host's polite status while it sends. */
export class ProofOfWorkController implements ReactiveController {
  solving = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  private readonly onSolving = () => this.set(true);
  private readonly onSolved = () => this.set(false);

  private set(solving: boolean) {
    this.solving = solving;
    this.host.requestUpdate();
  }

  hostConnected() {
    proofOfWork.addEventListener('solving', this.onSolving);
    proofOfWork.addEventListener('solved', this.onSolved);
  }

  hostDisconnected() {
    proofOfWork.removeEventListener('solving', this.onSolving);
    proofOfWork.removeEventListener('solved', this.onSolved);
  }
}
