import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ScreenHelpStarted, ScreenHelpStatus } from '@finestreta/server/contract';
import type { RemoteTrack } from '../call/call-state.js';
import type { Point } from '../call/protocol.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import type { MessageKey } from '../shared/i18n.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './desk-screen-help.styles.js';
import { FinScreenHelpCloseEvent, openRoom, type CallOpener, type ScreenHelpCall } from './screen-help-call.js';
import { fractionAt, movedBy, pictureBox, pointsOf, type Box } from './screen-help-pointing.js';
import './translations/index.js';

/** What the panel shows: a code being made, none (it failed), then the session's life as the desk sees it. */
export type ScreenHelpPhase = 'starting' | 'failed' | 'waiting' | 'joined' | 'sharing' | 'stopped' | 'ended';

const PHASE_WORDS: Record<Exclude<ScreenHelpPhase, 'starting' | 'failed' | 'ended'>, MessageKey> = {
  waiting: 'deskScreenHelpWaiting',
  joined: 'deskScreenHelpJoined',
  sharing: 'deskScreenHelpSharing',
  stopped: 'deskScreenHelpStopped',
};

/** Why it ended, in words: the server's reasons, and what the desk itself saw. */
const REASON_WORDS: Readonly<Record<string, MessageKey>> = {
  agent: 'deskScreenHelpReasonAgent',
  citizen: 'deskScreenHelpReasonCitizen',
  expired: 'deskScreenHelpReasonExpired',
  tooManyTries: 'deskScreenHelpReasonTooManyTries',
  replaced: 'deskScreenHelpReasonReplaced',
  callbackClosed: 'deskScreenHelpReasonCallbackClosed',
  recordingRefused: 'deskScreenHelpReasonRecordingRefused',
  lost: 'deskScreenHelpReasonLost',
};

const NOT_CALLING = 'FIN_ERR_SCREEN_HELP_NOT_CALLING';
const ENDED = 'FIN_ERR_SCREEN_HELP_ENDED';
/** How long the agent sees where they pointed. */
const MARKER_MS = 2_500;
/** A room that ended while its session lives on (a new code's room replacing the old one) is joined again, a few times at most. */
const MAX_REJOINS = 3;

/** "123 456" for the eye; "1 2 3 4 5 6" for a screen reader, which would read a number. */
const groups = (code: string) => [code.slice(0, 3), code.slice(3)];
const spoken = (code: string) => code.split('').join(' ');

/**
 * The agent's side of screen help during a phone callback: makes a code (six digits, shown large
 * in two groups and announced, to read out over the phone) and its link, says until when it is
 * valid and whether the link was emailed, and follows the session: waiting for the citizen, the
 * citizen connected, sharing, stopped sharing, ended (and why). The agent joins the callback's
 * room at once as a receiver only, answers the recording question, and sees the citizen's screen
 * large. A click on the picture points there for the citizen, a drag sends its path; from the
 * keyboard, the arrow keys move a crosshair and Enter or Space points there.
 *
 * @summary The desk's screen help during a callback.
 * @tagname fin-desk-screen-help
 *
 * @fires fin-screen-help-close - The agent closes the panel once the screen help has ended.
 * @fires fin-error - Starting, stopping, connecting or pointing failed: `{code, message, recoverable}`.
 *
 * @csspart base - The panel.
 * @csspart heading - Its heading (takes focus when the panel opens).
 * @csspart announcer - The polite live region: the code, the citizen joining, sharing, stopping, the end, a pointing.
 * @csspart status - "Making a code…".
 * @csspart error - A failure's message (also `start-error` or `action-error`).
 * @csspart code-box - The code, its validity and the link, while the citizen has not come.
 * @csspart code-label - "Code to read out to the citizen".
 * @csspart code - The code: two groups of three digits.
 * @csspart code-group - One group of three digits.
 * @csspart valid-until - Until when the code opens the session, in the council's time.
 * @csspart link-line - The link for the citizen.
 * @csspart link - The link itself.
 * @csspart emailed - Whether the link was emailed.
 * @csspart state - The session's state in words; also `state-<phase>` (`waiting`, `joined`, `sharing`, `stopped`, `ended`).
 * @csspart consent - The recording question.
 * @csspart consent-heading - Its heading.
 * @csspart consent-text - The question.
 * @csspart consent-buttons - Its answers.
 * @csspart consent-yes - "Yes, I agree".
 * @csspart consent-no - "No".
 * @csspart recording - "Recording".
 * @csspart not-recorded - The recording was refused and the session goes on unrecorded.
 * @csspart picture-figure - The citizen's screen with its label and the pointing hint.
 * @csspart picture-label - "Screen of …": whose screen it is.
 * @csspart picture - The focusable area to point on.
 * @csspart screen-video - The citizen's screen (or their phone's camera).
 * @csspart overlay - Over the picture itself (the bars left by its shape excluded).
 * @csspart crosshair - The keyboard's pointer.
 * @csspart marker - Where the agent pointed last, for a moment.
 * @csspart marker-path - The path of the agent's last drag.
 * @csspart picture-hint - How to point, with a pointer or the keyboard.
 * @csspart actions - The panel's buttons.
 * @csspart new-code-button - Makes a new code (the earlier one stops working).
 * @csspart stop-button - Ends the screen help.
 * @csspart close-button - Closes the panel once ended.
 *
 * @cssprop --fin-color-primary - The code's colour, the buttons and the markers.
 */
export class FinDeskScreenHelp extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The callback being called: its screen help, and its room. */
  @property({ attribute: 'callback-id' }) callbackId = '';

  /** The callback's reference, for the heading. */
  @property() reference = '';

  /** The agent's name as the citizen sees it in the room. */
  @property({ attribute: 'display-name' }) displayName = '';

  /** The citizen's name, until the room tells theirs. */
  @property({ attribute: 'citizen-name' }) citizenName = '';

  /** The council's time zone, for until when the code is valid. */
  @property({ attribute: 'time-zone' }) timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  /** Makes the call into the room; stories and tests give a stand-in. */
  @property({ attribute: false }) opener: CallOpener = openRoom;

  @state() private started?: ScreenHelpStarted;
  @state() private starting = false;
  @state() private busy = false;
  @state() private startError = '';
  @state() private actionError = '';
  /** Set once the session is over, with why when known. */
  @state() private ended?: { reason?: string };
  @state() private call?: ScreenHelpCall;
  /** The citizen shared, so that no picture now means they stopped. */
  @state() private sawPicture = false;
  @state() private announcement = '';
  /** The keyboard's pointer, in fractions of the picture; shown while the picture has focus. */
  @state() private crosshair: Point = { x: 0.5, y: 0.5 };
  @state() private focused = false;
  /** Where the agent pointed last, shown for a moment. */
  @state() private marker?: Point[];
  /** The picture inside its box, in pixels from the box's top left (bars excluded). */
  @state() private box?: Box;

  private shownPhase?: ScreenHelpPhase;
  private inCallOnce = false;
  private rejoins = 0;
  private drag?: Point[];
  private markerTimer?: ReturnType<typeof setTimeout>;
  private resizeObserver?: ResizeObserver;
  private observed?: HTMLVideoElement;
  private readonly streams = new WeakMap<MediaStreamTrack, MediaStream>();

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  private path(rest = ''): string {
    return `/api/desk/callbacks/${encodeURIComponent(this.callbackId)}/screen-help${rest}`;
  }

  /** The citizen's screen, or their phone's camera pointed at it. */
  private get picture(): RemoteTrack | undefined {
    const videos = this.call?.remoteTracks.filter((track) => track.kind === 'video') ?? [];
    return videos.find((track) => track.source === 'screen') ?? videos.find((track) => track.source === 'camera');
  }

  /** Where the screen help is, as the panel shows it (also the `state-<phase>` part). */
  get phase(): ScreenHelpPhase {
    if (this.ended) return 'ended';
    if (!this.started) return this.starting ? 'starting' : 'failed';
    if (this.picture) return 'sharing';
    if (this.sawPicture) return 'stopped';
    if ([...(this.call?.peers.values() ?? [])].some((peer) => peer.role === 'citizen')) return 'joined';
    return 'waiting';
  }

  protected override firstUpdated() {
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    // After this update: starting changes what is shown.
    this.guard(this.updateComplete.then(() => this.start()));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.leaveCall();
    clearTimeout(this.markerTimer);
    this.resizeObserver?.disconnect();
  }

  /** Makes a code (again: the server ends the earlier session) and joins its room. */
  private async start() {
    if (this.starting) return;
    this.starting = true;
    this.startError = '';
    this.actionError = '';
    try {
      const started = await this.client.post<ScreenHelpStarted>(this.path());
      this.leaveCall();
      this.started = started;
      this.ended = undefined;
      this.sawPicture = false;
      this.marker = undefined;
      this.rejoins = 0;
      this.announcement = this.i18n.t('deskScreenHelpCodeAnnounced', { digits: spoken(started.code), time: this.until(started.expiresAt) });
      this.shownPhase = 'waiting';
    } catch (error) {
      const failure = this.reportError(error);
      const message = this.i18n.t(failure.code === NOT_CALLING ? 'deskScreenHelpNotCalling' : 'deskScreenHelpStartError');
      if (this.started) this.actionError = message;
      else this.startError = message;
      return;
    } finally {
      this.starting = false;
    }
    await this.joinCall();
  }

  private async joinCall() {
    this.inCallOnce = false;
    try {
      const call = await this.opener({ api: this.apiBase, room: this.callbackId, displayName: this.displayName });
      this.call = call;
      call.addEventListener('change', this.onCallChange);
      await call.join();
    } catch (error) {
      if (this.ended) return;
      this.reportError(error);
      this.actionError = this.i18n.t('deskScreenHelpConnectError');
    }
  }

  private readonly onCallChange = (event: Event) => {
    const call = this.call;
    if (!call || event.target !== call) return;
    if (call.state === 'in-call') this.inCallOnce = true;
    if (this.picture) this.sawPicture = true;
    if (call.state === 'closed') this.guard(this.callClosed(call));
    this.requestUpdate();
  };

  /** The room ended for the desk: the session ended (the server says why), the connection was lost, or the room was replaced. */
  private async callClosed(call: ScreenHelpCall) {
    call.removeEventListener('change', this.onCallChange);
    this.call = undefined;
    const reason = call.closeReason;
    if (reason === 'failed' && !this.inCallOnce) {
      this.actionError = this.i18n.t('deskScreenHelpConnectError');
      return;
    }
    if (reason !== 'screenHelpEnded') return this.finish(reason === 'recordingRefused' ? reason : reason === 'failed' ? 'lost' : undefined);
    const session = this.started?.session;
    const status = await this.client.get<ScreenHelpStatus>(this.path()).catch(() => undefined);
    // A new code meanwhile is another session, with its own room.
    if (this.started?.session !== session || this.call || this.ended) return;
    if (status && status.session === session && status.state !== 'ended' && this.rejoins++ < MAX_REJOINS) return this.joinCall();
    this.finish(status?.endedReason);
  }

  private finish(reason?: string) {
    this.leaveCall();
    this.ended = { reason };
    this.marker = undefined;
  }

  /** Lets go of the room on this side only: the session is the server's to end. */
  private leaveCall() {
    const call = this.call;
    this.call = undefined;
    call?.removeEventListener('change', this.onCallChange);
    call?.close('hungUp');
  }

  private async stop() {
    this.busy = true;
    this.actionError = '';
    try {
      const status = await this.client.post<ScreenHelpStatus>(this.path('/end'));
      this.finish(status.endedReason ?? 'agent');
    } catch (error) {
      const failure = this.reportError(error);
      if (failure.code === ENDED) this.finish();
      else this.actionError = this.i18n.t('deskScreenHelpActionError');
    } finally {
      this.busy = false;
    }
  }

  private until(iso: string): string {
    return this.i18n.time(new Date(iso), this.timeZone);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const phase = this.phase;
    if (phase === this.shownPhase || phase === 'starting' || phase === 'failed') return;
    this.shownPhase = phase;
    this.announcement = this.stateText(phase);
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    const video = this.renderRoot.querySelector<HTMLVideoElement>('[part~="screen-video"]') ?? undefined;
    if (video === this.observed) return;
    this.resizeObserver?.disconnect();
    this.observed = video;
    if (!video) return;
    this.resizeObserver ??= new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(video);
  }

  /** Where the picture is drawn inside the video's box, for the overlay. */
  private readonly measure = () => {
    const video = this.observed;
    const frame = video?.parentElement;
    if (!video || !frame) return;
    const outer = frame.getBoundingClientRect();
    const inner = pictureBox(video.getBoundingClientRect(), video.videoWidth, video.videoHeight);
    this.box = { left: inner.left - outer.left, top: inner.top - outer.top, width: inner.width, height: inner.height };
  };

  private pictureNow(): Box | undefined {
    const video = this.observed;
    return video ? pictureBox(video.getBoundingClientRect(), video.videoWidth, video.videoHeight) : undefined;
  }

  // ---- Pointing ----

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const picture = this.pictureNow();
    const point = picture && fractionAt(picture, event.clientX, event.clientY);
    if (!point) return;
    this.drag = [point];
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    const picture = this.pictureNow();
    const point = this.drag && picture && fractionAt(picture, event.clientX, event.clientY, true);
    if (point) this.drag!.push(point);
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    const path = this.drag;
    this.drag = undefined;
    if (!path) return;
    const picture = this.pictureNow();
    const last = picture && fractionAt(picture, event.clientX, event.clientY, true);
    if (last) path.push(last);
    this.guard(this.point(pointsOf(path)));
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const moved = movedBy(this.crosshair, event.key, event.shiftKey);
    if (moved) this.crosshair = moved;
    else if (event.key === 'Enter' || event.key === ' ') this.guard(this.point([this.crosshair]));
    else return;
    event.preventDefault();
  };

  private async point(points: Point[]) {
    const call = this.call;
    if (!call || !points.length) return;
    this.marker = points;
    clearTimeout(this.markerTimer);
    this.markerTimer = setTimeout(() => (this.marker = undefined), MARKER_MS);
    try {
      await call.point(points);
      this.announcement = this.i18n.t('deskScreenHelpPointed');
    } catch (error) {
      this.reportError(error);
      this.actionError = this.i18n.t('deskScreenHelpPointError');
    }
  }

  // ---- Rendering ----

  private stateText(phase: ScreenHelpPhase): string {
    if (phase === 'ended') {
      const reason = this.ended?.reason;
      const words = reason && Object.hasOwn(REASON_WORDS, reason) ? REASON_WORDS[reason] : undefined;
      return words ? this.i18n.t('deskScreenHelpEndedBecause', { reason: this.i18n.t(words) }) : this.i18n.t('deskScreenHelpEnded');
    }
    if (phase === 'sharing' && this.picture?.source === 'camera') return this.i18n.t('deskScreenHelpSharingCamera');
    return phase === 'starting' || phase === 'failed' ? '' : this.i18n.t(PHASE_WORDS[phase]);
  }

  protected renderContent() {
    const phase = this.phase;
    const started = this.started;
    return html`<section part="base" aria-labelledby="screen-help-heading">
      <h3 part="heading" id="screen-help-heading" tabindex="-1">${this.i18n.t('deskScreenHelpTitle', { reference: this.reference })}</h3>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
      ${phase === 'starting' ? html`<p part="status">${this.i18n.t('deskScreenHelpStarting')}</p>` : nothing}
      ${this.startError ? html`<p part="error start-error" role="alert">${this.startError}</p>` : nothing}
      ${started && phase === 'waiting' ? this.renderCode(started) : nothing}
      ${started ? html`<p part="state state-${phase}"><strong>${this.i18n.t('deskScreenHelpState')}:</strong> ${this.stateText(phase)}</p>` : nothing}
      ${this.renderConsent()} ${this.renderPicture()}
      ${this.actionError ? html`<p part="error action-error" role="alert">${this.actionError}</p>` : nothing}
      <div part="actions">
        ${phase === 'starting' ? nothing : html`<button part="new-code-button" type="button" ?disabled=${this.busy} @click=${() => this.guard(this.start())}>${this.i18n.t('deskScreenHelpNewCode')}</button>`}
        ${started && phase !== 'ended'
          ? html`<button part="stop-button" type="button" ?disabled=${this.busy} @click=${() => this.guard(this.stop())}>${this.i18n.t('deskScreenHelpStop')}</button>`
          : nothing}
        ${phase === 'ended' || phase === 'failed'
          ? html`<button part="close-button" type="button" @click=${() => this.emit(new FinScreenHelpCloseEvent())}>${this.i18n.t('deskScreenHelpClose')}</button>`
          : nothing}
      </div>
    </section>`;
  }

  private renderCode(started: ScreenHelpStarted) {
    const [first, second] = groups(started.code);
    return html`<div part="code-box">
      <p part="code-label" id="code-label">${this.i18n.t('deskScreenHelpCode')}</p>
      <p part="code">
        <span aria-hidden="true"><span part="code-group">${first}</span> <span part="code-group">${second}</span></span>
        <span class="visually-hidden">${spoken(started.code)}</span>
      </p>
      <p part="valid-until"><time datetime=${started.expiresAt}>${this.i18n.t('deskScreenHelpValidUntil', { time: this.until(started.expiresAt) })}</time></p>
      <p part="link-line">${this.i18n.t('deskScreenHelpLink')}: <a part="link" href=${started.link} target="_blank" rel="noopener">${started.link}</a></p>
      <p part="emailed">${this.i18n.t(started.emailed ? 'deskScreenHelpEmailed' : 'deskScreenHelpNotEmailed')}</p>
    </div>`;
  }

  private renderConsent() {
    const call = this.call;
    const consent = call?.consent;
    if (!consent || call.role !== 'agent' || this.ended) return nothing;
    if (consent.recording === 'recording') return html`<p part="recording">${this.i18n.t('deskScreenHelpRecording')}</p>`;
    if (consent.recording === 'refused') return html`<p part="not-recorded">${this.i18n.t('deskScreenHelpNotRecorded')}</p>`;
    if (consent.agent !== null) return nothing;
    const answer = (accept: boolean) => this.guard(call.answerConsent(accept).catch((error: unknown) => ((this.actionError = this.i18n.t('deskScreenHelpActionError')), this.reportError(error))));
    return html`<div part="consent" role="group" aria-labelledby="consent-heading" aria-describedby="consent-text">
      <h4 part="consent-heading" id="consent-heading">${this.i18n.t('deskScreenHelpConsentTitle')}</h4>
      <p part="consent-text" id="consent-text">${this.i18n.t('deskScreenHelpConsentText')}</p>
      <div part="consent-buttons">
        <button part="consent-yes" type="button" @click=${() => answer(true)}>${this.i18n.t('deskScreenHelpConsentYes')}</button>
        <button part="consent-no" type="button" @click=${() => answer(false)}>${this.i18n.t('deskScreenHelpConsentNo')}</button>
      </div>
    </div>`;
  }

  private renderPicture() {
    const picture = this.picture;
    if (!picture || this.ended) return nothing;
    // Set again, even to the same stream, a video starts loading anew: `live` sets it only when it changed.
    let stream = this.streams.get(picture.track);
    if (!stream) this.streams.set(picture.track, (stream = new MediaStream([picture.track])));
    // The callback names the citizen; their page, which does not know the name, sends a generic one.
    const name = this.citizenName || this.call?.peers.get(picture.peerId)?.displayName || this.i18n.t('deskScreenHelpCitizen');
    const label = this.i18n.t(picture.source === 'camera' ? 'deskScreenHelpPictureOfCamera' : 'deskScreenHelpPictureOf', { name });
    const at = (point: Point) => styleMap({ left: `${point.x * 100}%`, top: `${point.y * 100}%` });
    const marker = this.marker;
    const last = marker?.[marker.length - 1];
    return html`<figure part="picture-figure">
      <figcaption part="picture-label" id="picture-label">${label}</figcaption>
      <div
        part="picture"
        tabindex="0"
        role="application"
        aria-labelledby="picture-label"
        aria-describedby="picture-hint"
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${() => (this.drag = undefined)}
        @keydown=${this.onKeyDown}
        @focus=${() => (this.focused = true)}
        @blur=${() => (this.focused = false)}
      >
        <video part="screen-video" autoplay muted playsinline .srcObject=${live(stream)} @loadedmetadata=${this.measure} @resize=${this.measure}></video>
        <div part="overlay" style=${styleMap(this.box ? { left: `${this.box.left}px`, top: `${this.box.top}px`, width: `${this.box.width}px`, height: `${this.box.height}px` } : {})}>
          ${marker && marker.length > 1
            ? html`<svg part="marker-path" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true"><polyline points=${marker.map((point) => `${point.x},${point.y}`).join(' ')} /></svg>`
            : nothing}
          ${last ? html`<span part="marker" style=${at(last)}></span>` : nothing}
          ${this.focused ? html`<span part="crosshair" style=${at(this.crosshair)}></span>` : nothing}
        </div>
      </div>
      <p part="picture-hint" id="picture-hint">${this.i18n.t('deskScreenHelpPictureHint')}</p>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-desk-screen-help': FinDeskScreenHelp;
  }
}
