import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A still's picture: loading, shown from an object URL, or not loadable. */
export type StillImage = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'error' };

/**
 * The stills' pictures, fetched with the agent's session cookie (an `<img src>` to the API would
 * not send it across origins, and a still must not stay in the browser's cache) and shown from
 * object URLs, which are revoked when the host leaves the page.
 */
export class StillImages implements ReactiveController {
  private readonly images = new Map<string, StillImage>();
  private controller = new AbortController();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The picture of a still, fetched from `url` the first time it is asked for. */
  get(id: string, url: string): StillImage {
    let image = this.images.get(id);
    if (!image) {
      image = { state: 'loading' };
      this.images.set(id, image);
      void this.load(id, url, this.controller.signal);
    }
    return image;
  }

  private async load(id: string, url: string, signal: AbortSignal) {
    let image: StillImage;
    try {
      const response = await fetch(url, { credentials: 'include', cache: 'no-store', signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      image = { state: 'ready', url: URL.createObjectURL(await response.blob()) };
    } catch {
      image = { state: 'error' };
    }
    if (signal.aborted) {
      if (image.state === 'ready') URL.revokeObjectURL(image.url);
      return;
    }
    this.images.set(id, image);
    this.host.requestUpdate();
  }

  hostDisconnected() {
    this.controller.abort();
    this.controller = new AbortController();
    for (const image of this.images.values()) if (image.state === 'ready') URL.revokeObjectURL(image.url);
    this.images.clear();
  }
}
