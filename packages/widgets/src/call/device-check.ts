import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { FinElement } from '../shared/base-element.js';
import type { MessageKey } from '../shared/i18n.js';
import { baseStyles } from '../shared/theme.js';
import { FinDeviceCancelEvent, FinDeviceReadyEvent } from './events.js';
import { styles } from './call.styles.js';
import './translations/index.js';

/** Who checks their devices: a citizen (or a guest they invited) joining, or an agent at the desk. */
export type DeviceCheckParty = 'citizen' | 'agent';

/** What getUserMedia's failures mean to the person, by the DOMException's name; "join from a phone" is no help at a desk. */
const DEVICE_ERRORS: Record<DeviceCheckParty, Partial<Record<string, MessageKey>>> = {
  citizen: {
    NotAllowedError: 'callDeviceDenied',
    SecurityError: 'callDeviceDenied',
    NotFoundError: 'callDeviceMissing',
    OverconstrainedError: 'callDeviceMissing',
    NotReadableError: 'callDeviceBusy',
    AbortError: 'callDeviceBusy',
  },
  agent: {
    NotAllowedError: 'callDeviceDenied',
    SecurityError: 'callDeviceDenied',
    NotFoundError: 'callDeviceMissingDesk',
    OverconstrainedError: 'callDeviceMissingDesk',
    NotReadableError: 'callDeviceBusy',
    AbortError: 'callDeviceBusy',
  },
};

/** What counts as the person's gesture for the browser's autoplay rules. */
const USER_GESTURES = ['pointerdown', 'keydown'] as const;

/**
 * The check before a call, the same for the citizen and the agent: a preview of the camera, a
 * live microphone level, the choice of camera and microphone, and clear help when the browser
 * refuses them or there are none. "Continue" hands the open stream over, so the call does not ask
 * again. The agent's check (`party="agent"`) can also go back without starting the call.
 *
 * @summary Camera and microphone check before a video call.
 * @tagname fin-device-check
 *
 * @fires fin-device-ready - The person is happy with their devices: `{stream}`; the element stops owning the stream.
 * @fires fin-device-cancel - The agent went back without starting the call; the devices are closed.
 *
 * @csspart base - The outer box.
 * @csspart heading - The heading.
 * @csspart intro - What to check.
 * @csspart preview - The camera's preview.
 * @csspart meter - The microphone level.
 * @csspart field - A device choice with its label.
 * @csspart label - A choice's label.
 * @csspart select - A choice's list; it stays while another device starts, so the choice keeps its focus.
 * @csspart status - "Starting your camera…".
 * @csspart device-error - Why the devices cannot be used, and what to do.
 * @csspart retry-button - Asks for the devices again.
 * @csspart actions - The check's buttons.
 * @csspart continue-button - Goes on to the call.
 * @csspart cancel-button - For the agent: back without starting the call.
 */
export class FinDeviceCheck extends FinElement {
  static override styles = [baseStyles, styles];

  protected static override requiresCouncil = false;

  /** Who checks: `citizen` (also an invited guest) or `agent`, whose help suits a desk and who can go back. */
  @property({ reflect: true }) party: DeviceCheckParty = 'citizen';

  @state() private stream?: MediaStream;
  @state() private problem?: MessageKey;
  @state() private starting = false;
  @state() private level = 0;
  @state() private cameras: MediaDeviceInfo[] = [];
  @state() private microphones: MediaDeviceInfo[] = [];
  @state() private cameraId = '';
  @state() private microphoneId = '';

  private audio?: AudioContext;
  private frame = 0;
  private handedOver = false;
  private readonly resumeAudio = () => void this.audio?.resume().catch(() => undefined);

  override connectedCallback() {
    super.connectedCallback();
    this.guard(this.start());
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopMeter();
    if (!this.handedOver) for (const track of this.stream?.getTracks() ?? []) track.stop();
  }

  /** Opens the chosen (or default) devices, replacing any open ones. */
  private async start() {
    this.starting = true;
    this.problem = undefined;
    this.stopMeter();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: this.microphoneId ? { deviceId: { exact: this.microphoneId } } : true,
        video: { ...(this.cameraId ? { deviceId: { exact: this.cameraId } } : {}), width: { ideal: 640 }, height: { ideal: 360 } },
      });
      if (!this.isConnected) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      // The device actually opened, which may differ from the choice; a track that does not say keeps the choice.
      this.cameraId = stream.getVideoTracks()[0]?.getSettings().deviceId || this.cameraId;
      this.microphoneId = stream.getAudioTracks()[0]?.getSettings().deviceId || this.microphoneId;
      // Device names are given only once permission was granted.
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.cameras = devices.filter((device) => device.kind === 'videoinput');
      this.microphones = devices.filter((device) => device.kind === 'audioinput');
      this.startMeter(stream);
    } catch (error) {
      const name = error instanceof DOMException || error instanceof Error ? error.name : '';
      this.problem = DEVICE_ERRORS[this.party][name] ?? 'callDeviceFailed';
    } finally {
      this.starting = false;
    }
  }

  private startMeter(stream: MediaStream) {
    if (!stream.getAudioTracks().length) return;
    const audio = new AudioContext();
    this.audio = audio;
    // Before any click or key on the page, browsers start audio suspended: the level moves from the first one on.
    if (audio.state === 'suspended') for (const type of USER_GESTURES) window.addEventListener(type, this.resumeAudio, { once: true });
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const read = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
      // Quantised, so the element re-renders only when the bar would visibly move.
      const level = Math.min(10, Math.round((peak / 128) * 20));
      if (level !== this.level) this.level = level;
      this.frame = requestAnimationFrame(read);
    };
    read();
  }

  private stopMeter() {
    cancelAnimationFrame(this.frame);
    for (const type of USER_GESTURES) window.removeEventListener(type, this.resumeAudio);
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    this.level = 0;
  }

  private choose(kind: 'camera' | 'microphone', id: string) {
    if (kind === 'camera') this.cameraId = id;
    else this.microphoneId = id;
    this.guard(this.start());
  }

  private continue() {
    const stream = this.stream;
    if (!stream) return;
    this.handedOver = true;
    this.stopMeter();
    this.emit(new FinDeviceReadyEvent(stream));
  }

  /** The button goes away while the devices start: focus waits on the heading, not lost to the page. */
  private retry() {
    this.renderRoot.querySelector<HTMLElement>('#device-check-heading')?.focus();
    this.guard(this.start());
  }

  private cancel() {
    this.stopMeter();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.emit(new FinDeviceCancelEvent());
  }

  private renderChoice(kind: 'camera' | 'microphone', devices: MediaDeviceInfo[], selected: string) {
    if (devices.length < 2) return nothing;
    const id = `${kind}-select`;
    return html`<p part="field">
      <label part="label" for=${id}>${this.i18n.t(kind === 'camera' ? 'callCamera' : 'callMicrophone')}</label>
      <select part="select" id=${id} @change=${(event: Event) => this.choose(kind, (event.target as HTMLSelectElement).value)}>
        ${devices.map(
          (device, index) =>
            html`<option value=${device.deviceId} ?selected=${live(device.deviceId === selected)}>
              ${device.label || `${this.i18n.t(kind === 'camera' ? 'callCamera' : 'callMicrophone')} ${index + 1}`}
            </option>`,
        )}
      </select>
    </p>`;
  }

  protected renderContent() {
    return html`<section part="base device-check" aria-labelledby="device-check-heading">
      <h3 part="heading" id="device-check-heading" tabindex="-1">${this.i18n.t('callDeviceCheckTitle')}</h3>
      <p part="intro">${this.i18n.t('callDeviceCheckIntro')}</p>
      <p part="status" role="status">${this.starting ? this.i18n.t('callDeviceStarting') : ''}</p>
      ${this.problem ? html`<p part="device-error" role="alert">${this.i18n.t(this.problem)}</p>` : nothing}
      ${this.stream
        ? html`<video part="preview" aria-label=${this.i18n.t('callPreviewLabel')} .srcObject=${this.stream} autoplay playsinline muted></video>
            <p part="field">
              <label part="label" for="meter">${this.i18n.t('callMicLevel')}</label>
              <meter part="meter" id="meter" min="0" max="10" low="2" high="8" optimum="5" .value=${this.level}></meter>
            </p>`
        : nothing}
      ${this.renderChoice('camera', this.cameras, this.cameraId)} ${this.renderChoice('microphone', this.microphones, this.microphoneId)}
      <div part="actions">
        ${this.problem
          ? html`<button part="retry-button" type="button" @click=${() => this.retry()}>${this.i18n.t('callDeviceRetry')}</button>`
          : nothing}
        ${this.stream
          ? html`<button part="continue-button" type="button" @click=${() => this.continue()}>${this.i18n.t('callDeviceContinue')}</button>`
          : nothing}
        ${this.party === 'agent'
          ? html`<button part="cancel-button" type="button" @click=${() => this.cancel()}>${this.i18n.t('callDeviceBack')}</button>`
          : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-device-check': FinDeviceCheck;
  }
}
