import type { StillKind } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import type { MessageKey } from '../../shared/i18n.js';
import { errorMessage } from './errors.js';
import { ProcedurePart, type ProcedurePartOptions } from './procedure-part.js';
import { takeStill, type Still } from './still-capture.js';

export const STILL_NAMES: Record<StillKind, MessageKey> = { front: 'myProcedureStillFront', back: 'myProcedureStillBack', face: 'myProcedureStillFace' };
const HOW: Record<StillKind, MessageKey> = { front: 'myProcedureStillHowFront', back: 'myProcedureStillHowBack', face: 'myProcedureStillHowFace' };

/** `idle` → `taking` → `preview` (retake, or send) → `sending` → `sent`; a failure says why where it happened. */
type Stage =
  | { name: 'idle' | 'taking' | 'sent'; error?: MessageKey }
  | { name: 'preview' | 'sending'; still: Still; url: string; error?: MessageKey };

export interface StillOptions extends ProcedurePartOptions {
  /** The camera track the call sends, whose device takes the still. */
  cameraTrack(): MediaStreamTrack | undefined;
}

/** The still the agent asks for: taken with the citizen's own camera, shown, retaken or sent. */
export class StillRequest extends ProcedurePart<Stage, StillOptions> {
  private kind?: StillKind;
  protected stage: Stage = { name: 'idle' };

  hostDisconnected() {
    this.reset();
  }

  /** A new request (another kind, or the same kind asked again for a retake) starts afresh. */
  reset(kind?: StillKind) {
    if ('url' in this.stage) URL.revokeObjectURL(this.stage.url);
    this.kind = kind;
    this.stage = { name: 'idle' };
  }

  private async take() {
    if (this.stage.name === 'taking' || this.stage.name === 'sending') return;
    if ('url' in this.stage) URL.revokeObjectURL(this.stage.url);
    this.set({ name: 'taking' });
    try {
      const still = await takeStill(this.options.cameraTrack());
      this.set({ name: 'preview', still, url: URL.createObjectURL(still.blob) });
      await this.focus('[part~="still-send-button"]');
    } catch (error) {
      this.options.report(error);
      this.set({ name: 'idle', error: 'myProcedureStillCameraFailed' });
      await this.focus('[part~="still-error"]');
    }
  }

  private async send(kind: StillKind) {
    const stage = this.stage;
    const api = this.options.api();
    if (stage.name !== 'preview' || !api) return;
    this.set({ ...stage, name: 'sending', error: undefined });
    try {
      const view = await api.still(kind, stage.still.blob);
      URL.revokeObjectURL(stage.url);
      this.set({ name: 'sent' });
      this.options.showView(view, 'myProcedureStillSent');
    } catch (error) {
      this.set({ ...stage, name: 'preview', error: errorMessage(this.options.report(error)) });
      await this.focus('[part~="still-error"]');
    }
  }

  render(kind: StillKind, guard: (work: Promise<unknown>) => void) {
    if (kind !== this.kind) this.reset(kind);
    const { i18n } = this.options;
    const stage = this.stage;
    const still = i18n.t(STILL_NAMES[kind]);
    const busy = stage.name === 'taking' || stage.name === 'sending';
    const error = stage.error ? html`<p part="error still-error" role="alert" tabindex="-1">${i18n.t(stage.error)}</p>` : nothing;
    return html`<div part="still" aria-busy=${busy ? 'true' : 'false'}>
      <h3 part="asked-heading" id="asked-heading" tabindex="-1">${i18n.t('myProcedureStillTitle', { still })}</h3>
      <p part="hint">${i18n.t(HOW[kind])}</p>
      ${'url' in stage
        ? html`<figure part="still-preview">
            <img part="still-image" src=${stage.url} width=${stage.still.width} height=${stage.still.height} alt=${i18n.t('myProcedureStillPreview', { still })} />
            <figcaption part="hint">${i18n.t('myProcedureStillCheck')}</figcaption>
          </figure>`
        : nothing}
      ${error}
      ${stage.name === 'sending'
        ? html`<p part="still-progress"><progress part="progress" aria-labelledby="still-sending"></progress> <span id="still-sending">${i18n.t('myProcedureStillSending')}</span></p>`
        : nothing}
      ${stage.name === 'taking' ? html`<p part="status">${i18n.t('myProcedureStillTaking')}</p>` : nothing}
      ${stage.name === 'sent' ? html`<p part="status">${i18n.t('myProcedureStillSent')}</p>` : nothing}
      <div part="actions">
        ${'url' in stage
          ? html`<button part="still-retake-button" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => guard(this.take())}>${i18n.t('myProcedureStillRetake')}</button>
              <button part="still-send-button primary-button" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => guard(this.send(kind))}>
                ${i18n.t('myProcedureStillSend')}
              </button>`
          : html`<button part="still-take-button primary-button" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => guard(this.take())}>
              ${i18n.t('myProcedureStillTake')}
            </button>`}
      </div>
    </div>`;
  }
}
