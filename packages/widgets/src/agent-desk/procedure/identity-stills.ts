import type { IdentityStill, StillKind } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import type { I18nController, MessageKey } from '../../shared/i18n.js';
import type { StillImage } from './still-images.js';

export const STILL_KINDS: readonly StillKind[] = ['front', 'back', 'face'];

export const STILL_LABELS: Record<StillKind, MessageKey> = {
  front: 'deskIdentityStillFront',
  back: 'deskIdentityStillBack',
  face: 'deskIdentityStillFace',
};

export interface StillsOptions {
  i18n: I18nController;
  /** Every still, newest first: the newest of each kind is the one that counts. */
  stills: readonly IdentityStill[];
  requested: StillKind | null;
  /** Why the agent cannot ask for pictures yet, if they cannot. */
  blocked?: string;
  busy: boolean;
  image: (still: IdentityStill) => StillImage;
  time: (iso: string) => string;
  onRequest: (kind: StillKind) => void;
  onZoom: (still: IdentityStill, opener: HTMLElement) => void;
}

/** The front, the back and the face side by side, each with what it is, its size and time, and a button to enlarge it. */
export function renderStills(options: StillsOptions) {
  const { i18n, stills, requested, blocked, busy } = options;
  return html`${requested
      ? html`<p part="waiting">${i18n.t('deskIdentityStillWaiting', { kind: i18n.t(STILL_LABELS[requested]) })}</p>`
      : nothing}
    ${blocked ? html`<p part="hint" id="stills-blocked">${blocked}</p>` : nothing}
    <ul part="stills">
      ${STILL_KINDS.map((kind) => {
        const still = stills.find((s) => s.kind === kind);
        const label = i18n.t(STILL_LABELS[kind]);
        return html`<li part="still">
          <p part="still-kind">${label}</p>
          ${still ? renderThumbnail(options, still, label) : html`<p part="still-missing">${i18n.t('deskIdentityStillNone')}</p>`}
          <button
            part="action-button still-request"
            type="button"
            ?disabled=${Boolean(blocked) || busy}
            aria-describedby=${blocked ? 'stills-blocked' : nothing}
            @click=${() => options.onRequest(kind)}
          >
            ${i18n.t(still ? 'deskIdentityStillRetake' : 'deskIdentityStillRequest', { kind: label })}
          </button>
        </li>`;
      })}
    </ul>`;
}

function renderThumbnail({ i18n, image, time, onZoom }: StillsOptions, still: IdentityStill, label: string) {
  const shown = image(still);
  const alt = i18n.t('deskIdentityStillImage', { kind: label, time: time(still.takenAt) });
  return html`${shown.state === 'ready'
      ? html`<button part="zoom-button" type="button" @click=${(event: Event) => onZoom(still, event.currentTarget as HTMLElement)}>
          <img part="thumbnail" src=${shown.url} alt=${alt} />
          <span class="visually-hidden">${i18n.t('deskIdentityStillZoom', { kind: label })}</span>
        </button>`
      : shown.state === 'error'
        ? html`<p part="error">${i18n.t('deskIdentityStillLoadError')}</p>`
        : html`<p part="status">${i18n.t('loading')}</p>`}
    <p part="still-meta">${i18n.t('deskIdentityStillMeta', { width: String(still.width), height: String(still.height), time: time(still.takenAt) })}</p>`;
}

/** The enlarged still: the picture at its full resolution in a modal dialog, which Escape closes. */
export function renderZoom(i18n: I18nController, still: IdentityStill | undefined, image: StillImage | undefined, time: (iso: string) => string, onClose: () => void) {
  const label = still ? i18n.t(STILL_LABELS[still.kind]) : '';
  const alt = still ? i18n.t('deskIdentityStillImage', { kind: label, time: time(still.takenAt) }) : '';
  return html`<dialog part="zoom" aria-labelledby="zoom-title" @close=${onClose}>
    ${still
      ? html`<h5 part="zoom-title" id="zoom-title">
            ${label} — ${i18n.t('deskIdentityStillMeta', { width: String(still.width), height: String(still.height), time: time(still.takenAt) })}
          </h5>
          <form method="dialog"><button part="close-button" type="submit">${i18n.t('deskIdentityClose')}</button></form>
          ${image?.state === 'ready'
            ? // Focusable, so that the keyboard scrolls a picture larger than the screen.
              html`<div part="zoom-frame" tabindex="0" role="region" aria-label=${alt}>
                <img part="zoom-image" src=${image.url} width=${still.width} height=${still.height} alt=${alt} />
              </div>`
            : nothing}`
      : nothing}
  </dialog>`;
}
