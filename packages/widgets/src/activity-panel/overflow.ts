import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells which of an element's scroll boxes are narrower than their content right now, so that
 * the element can say they scroll: a table cut at the screen's edge otherwise looks complete.
 * It watches each box and its content, since either changes the answer (a phone turned sideways,
 * another month's figures). Boxes are told apart by their ids.
 */
export class OverflowController implements ReactiveController {
  private readonly observer = new ResizeObserver(() => this.measure());
  private readonly watched = new Set<Element>();
  private overflowing = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly selector: string,
  ) {
    host.addController(this);
  }

  /** Whether the box with this id scrolls sideways. */
  overflows(id: string): boolean {
    return this.overflowing.has(id);
  }

  hostConnected() {
    this.watch();
  }

  hostUpdated() {
    this.watch();
  }

  hostDisconnected() {
    this.observer.disconnect();
    this.watched.clear();
  }

  private boxes(): HTMLElement[] {
    return [...(this.host.shadowRoot?.querySelectorAll<HTMLElement>(this.selector) ?? [])];
  }

  private watch() {
    for (const element of this.watched) {
      if (!element.isConnected) {
        this.observer.unobserve(element);
        this.watched.delete(element);
      }
    }
    for (const box of this.boxes()) {
      for (const element of [box, box.firstElementChild]) {
        if (element && !this.watched.has(element)) {
          this.watched.add(element);
          this.observer.observe(element);
        }
      }
    }
  }

  private measure() {
    const now = new Set(this.boxes().filter((box) => box.scrollWidth > box.clientWidth).map((box) => box.id));
    if (now.size !== this.overflowing.size || [...now].some((id) => !this.overflowing.has(id))) {
      this.overflowing = now;
      this.host.requestUpdate();
    }
  }
}
