import { html, nothing, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { neededFirst, stillNeeded } from '../shared/expected-documents.js';
import type { MessageKey } from '../shared/i18n.js';
import type { ExpectedStatus, MyDocuments } from './types.js';
import type { DocUploadView } from './view.js';

type PickerHost = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/** How "which document is it?" names a document that already arrived, so the citizen does not send it twice by mistake. */
const ARRIVED: Partial<Record<ExpectedStatus, MessageKey>> = { received: 'docUploadForReceived', accepted: 'docUploadForAccepted' };

/**
 * The section to send files: which expected document they are for (those still needed proposed
 * first), the file picker, a drop zone where files can be dragged (a mouse or trackpad) and, on a
 * phone or tablet, the rear camera. It hands the files chosen to `add`.
 */
export class FilePicker {
  /** The expected document chosen for the next files; undefined until the citizen chooses, '' for "another document". */
  private target?: string;
  /** The expected document the office asked for through `request()`. */
  private requested?: string;
  private dragging = false;

  constructor(
    private readonly host: PickerHost,
    private readonly add: (files: File[]) => Promise<void>,
    private readonly guard: (work: Promise<unknown>) => void,
  ) {}

  private set(changes: { target?: string; requested?: string; dragging?: boolean }) {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  /** The expected document new files are for: the citizen's choice, else the first still needed. */
  private currentTarget(data: MyDocuments): string {
    if (this.target !== undefined && (this.target === '' || data.expected.some((e) => e.id === this.target))) return this.target;
    return data.expected.find((e) => stillNeeded(e.status))?.id ?? '';
  }

  /** The expected document the files being added are for (null for "another document"); the office's request is then met. */
  take(data: MyDocuments): string | null {
    const expected = this.currentTarget(data) || null;
    this.set({ requested: undefined });
    return expected;
  }

  /**
   * Opens the camera (on a phone or tablet) or the file picker for `expectedId`. Browsers open
   * pickers only right after a click or a key press; otherwise the request is shown with its
   * buttons and takes focus, one tap away.
   */
  async request(expectedId: string): Promise<void> {
    this.set({ target: expectedId, requested: expectedId });
    await this.host.updateComplete;
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(this.hasCamera() ? '#camera' : '#file');
    try {
      if (!input) throw new Error('not shown yet');
      input.showPicker();
    } catch {
      this.host.renderRoot.querySelector<HTMLElement>('[part~="request"]')?.focus();
    }
  }

  /** Opens the file picker for the expected document `expectedId`, from its button in the list. */
  async addFor(expectedId: string): Promise<void> {
    this.set({ target: expectedId });
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLInputElement>('#file')?.click();
  }

  /** Where focus goes when the button pressed went with its row. */
  focus(): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('#file')?.focus());
  }

  /** Phones and tablets get "Take a photo"; the capture attribute means nothing to a desktop browser. */
  private hasCamera(): boolean {
    return window.matchMedia?.('(pointer: coarse)').matches ?? false;
  }

  /** Files are dragged with a mouse or a trackpad, from another window: phones and tablets have neither. */
  private canDrop(): boolean {
    return (window.matchMedia?.('(pointer: fine)').matches && window.matchMedia('(hover: hover)').matches) ?? false;
  }

  private onPicked(event: Event) {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same file again (after a refusal, say) fires `change` again.
    input.value = '';
    this.guard(this.add(files));
  }

  private onDragOver(event: DragEvent) {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.set({ dragging: true });
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.set({ dragging: false });
    this.guard(this.add([...(event.dataTransfer?.files ?? [])]));
  }

  render(view: DocUploadView, data: MyDocuments) {
    const { i18n } = view;
    const target = this.currentTarget(data);
    const accept = data.limits.types.join(',');
    const camera = this.hasCamera();
    const requested = this.requested ? data.expected.find((e) => e.id === this.requested) : undefined;
    const picked = (event: Event) => this.onPicked(event);
    const pickers = html`<div part="pickers">
        <input class="file-input" id="file" type="file" multiple accept=${accept} @change=${picked} />
        <label part="choose-button" for="file">${i18n.t('docUploadChoose')}</label>
        ${camera
          ? html`<input class="file-input" id="camera" type="file" accept="image/*" capture="environment" @change=${picked} />
              <label part="camera-button" for="camera">${i18n.t('docUploadTakePhoto')}</label>`
          : nothing}
      </div>
      <p part="hint">${i18n.t('docUploadPhotoHint')}</p>`;
    return html`<div part="send" role="group" aria-labelledby="doc-upload-send">
      ${view.heading(1, 'subheading', 'doc-upload-send', i18n.t('docUploadSendTitle'))}
      ${requested ? html`<p part="request" tabindex="-1">${i18n.t('docUploadRequested', { name: requested.name })}</p>` : nothing}
      ${data.expected.length
        ? html`<p part="field">
            <label part="label" for="expected">${i18n.t('docUploadFor')}</label>
            <select part="select" id="expected" @change=${(event: Event) => this.set({ target: (event.target as HTMLSelectElement).value })}>
              ${repeat(
                neededFirst(data.expected),
                (e) => e.id,
                (e) => {
                  const arrived = ARRIVED[e.status];
                  // Keyed and set as a property: a document arriving reorders the list without changing the citizen's choice.
                  return html`<option value=${e.id} .selected=${e.id === target}>${arrived ? i18n.t(arrived, { name: e.name }) : e.name}</option>`;
                },
              )}
              <option value="" .selected=${target === ''}>${i18n.t('docUploadForOther')}</option>
            </select>
          </p>`
        : nothing}
      ${this.canDrop()
        ? html`<div
            part="drop-zone${this.dragging ? ' dragging' : ''}"
            @dragover=${(event: DragEvent) => this.onDragOver(event)}
            @dragleave=${() => this.set({ dragging: false })}
            @drop=${(event: DragEvent) => this.onDrop(event)}
          >
            <p part="drop-text">${i18n.t(this.dragging ? 'docUploadDropNow' : 'docUploadDrop')}</p>
            ${pickers}
          </div>`
        : html`<div part="pick-zone">${camera ? html`<p part="pick-text">${i18n.t('docUploadPickOrPhoto')}</p>` : nothing} ${pickers}</div>`}
    </div>`;
  }
}
