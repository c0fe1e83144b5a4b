import { html, nothing, render, svg, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { PointerShown } from '../call/call-state.js';
import type { Point } from '../call/protocol.js';
import type { MessageKey } from '../shared/i18n.js';

const ROWS = ['Top', 'Middle', 'Bottom'] as const;
const COLUMNS = ['Left', 'Centre', 'Right'] as const;

/** Which third of the picture a fraction falls in. */
const third = (fraction: number) => Math.min(2, Math.max(0, Math.floor(fraction * 3)));

/** The words for where a point is on the picture: one of nine areas, as a person would say it on the phone. */
export function whereKey(point: Point): MessageKey {
  return `screenHelpWhere${ROWS[third(point.y)]}${COLUMNS[third(point.x)]}` as MessageKey;
}

/** The pointer said in words, for the live region: a click is a place, a drag a path from one place to another. */
export function describePointer(pointer: PointerShown, agent: string, t: (key: MessageKey, params?: Record<string, string>) => string): string {
  const first = pointer.points[0];
  const last = pointer.points.at(-1);
  if (!first || !last) return '';
  if (pointer.points.length === 1) return t('screenHelpPointAt', { agent, where: t(whereKey(first)) });
  return t('screenHelpPointPath', { agent, from: t(whereKey(first)), to: t(whereKey(last)) });
}

const percent = (fraction: number) => `${(Math.min(1, Math.max(0, fraction)) * 100).toFixed(2)}%`;

/** A ring where the agent clicked, or at the end of a drag's path. */
const ring = (point: Point) => html`<span part="marker ring" style="left: ${percent(point.x)}; top: ${percent(point.y)}"></span>`;

function marker(pointer: PointerShown): TemplateResult {
  const last = pointer.points.at(-1)!;
  if (pointer.points.length === 1) return ring(last);
  // Stretched over the picture: the line keeps its width (non-scaling stroke), the ring stays round as HTML.
  const points = pointer.points.map(({ x, y }) => `${x * 100},${y * 100}`).join(' ');
  return html`<svg part="marker path" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
      ${svg`<polyline points=${points} vector-effect="non-scaling-stroke"></polyline>`}
    </svg>
    ${ring(last)}`;
}

export interface PictureOptions {
  stream: MediaStream;
  pointer?: PointerShown;
  /** What the picture is, for people who cannot see it (the live region says where the agent points). */
  label: string;
}

/**
 * A small picture of what is shared with the agent's latest pointer over it. The picture keeps
 * the shared track's shape, so fractions of it are fractions of what the agent sees.
 */
export function renderPicture({ stream, pointer, label }: PictureOptions): TemplateResult {
  const { width, height } = stream.getVideoTracks()[0]?.getSettings() ?? {};
  const ratio = width && height ? `${width} / ${height}` : '16 / 9';
  return html`<figure part="picture" role="img" aria-label=${label} style="aspect-ratio: ${ratio}">
    <video part="video" .srcObject=${stream} autoplay muted playsinline aria-hidden="true"></video>
    ${pointer ? keyed(pointer.at, marker(pointer)) : nothing}
  </figure>`;
}

interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

const pipApi = () => (window as { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;

/**
 * The always-on-top mini window (Document Picture-in-Picture) that keeps the agent's pointer in
 * sight while the citizen works in another window or program. Only Chromium browsers offer it,
 * and only from a click; elsewhere the element shows the picture in its own view.
 */
export class PointerWindow {
  private window?: Window;

  constructor(private readonly onClosed: () => void) {}

  static get supported(): boolean {
    return typeof pipApi()?.requestWindow === 'function';
  }

  get isOpen(): boolean {
    return Boolean(this.window);
  }

  /** Opens the window (from a click) with `styles`, in the element's language. */
  async open(styles: string, lang: string, title: string): Promise<void> {
    const api = pipApi();
    if (!api || this.window) return;
    const opened = await api.requestWindow({ width: 360, height: 260 });
    const style = opened.document.createElement('style');
    style.textContent = styles;
    opened.document.head.append(style);
    opened.document.title = title;
    opened.document.documentElement.lang = lang;
    // Closed by the person (or the browser): the element shows the picture itself again.
    opened.addEventListener('pagehide', () => {
      if (this.window !== opened) return;
      this.window = undefined;
      this.onClosed();
    });
    this.window = opened;
  }

  /** What the window shows, rendered again with each update of the element. */
  render(content: TemplateResult): void {
    if (this.window) render(content, this.window.document.body);
  }

  close(): void {
    const opened = this.window;
    this.window = undefined;
    opened?.close();
  }
}
