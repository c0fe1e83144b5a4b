import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { FinElement } from '../shared/base-element.js';
import type { ExpectedStatus } from '../doc-upload/types.js';
import { neededFirst } from '../shared/expected-documents.js';
import type { MessageKey } from '../shared/i18n.js';
import { baseStyles } from '../shared/theme.js';
import type { CallChangeEvent, CallModel, CallQuality, CallState, RemoteTrack } from './call-state.js';
import { styles } from './call.styles.js';
import { FinCallEndEvent, FinDocumentRequestEvent } from './events.js';
import type { RecordingState, RequestedDocument, Role } from './protocol.js';
import './translations/index.js';

/** What each participant is in the call, in words. */
const ROLE_NAMES: Record<Role, MessageKey> = { citizen: 'callRoleCitizen', agent: 'callRoleAgent', interpreter: 'callInviteInterpreter', supervisor: 'callInviteSupervisor' };
const QUALITY_TEXTS: Record<CallQuality, MessageKey> = { good: 'callQualityGood', fair: 'callQualityFair', poor: 'callQualityPoor' };

/** How the agent's choice names a document that already arrived: asking for it again is rarely meant. */
const ARRIVED: Partial<Record<ExpectedStatus, MessageKey>> = { received: 'callAskDocumentReceived', accepted: 'callAskDocumentAccepted' };

/**
 * Whether this browser can share a screen: it has `getDisplayMedia` (Safari on iOS does not) and is
 * not on a touch-only device (Chrome for Android long defined `getDisplayMedia` only to refuse every call).
 */
function canShareScreen(): boolean {
  const touchOnly = Boolean(window.matchMedia?.('(any-pointer: coarse)').matches && !window.matchMedia('(any-pointer: fine)').matches);
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function' && !touchOnly;
}

/** A document the agent can ask for, with whether it arrived when the desk knows it. */
export interface AskableDocument extends RequestedDocument {
  status?: ExpectedStatus;
}

/**
 * A video call as one person sees it, rendered from a `CallModel` (the real `CallClient`, or a
 * stand-in in stories and tests): the waiting room, the other person large (their shared screen
 * when they share one) and oneself small, the controls, a connection hint in words, the recording
 * question and indicator and, for the agent, who waits and an invitation link for a third
 * participant. It only renders the call's state and calls its methods; what changes is also said
 * in a polite live region (let in, reconnecting, recording started, a poor connection). Who waits
 * is listed above the video, so "Admit" shows without scrolling on a desk laptop; screen
 * sharing is offered only where the browser can share a screen (phones' browsers cannot).
 *
 * @summary The video call's screen, for the citizen and the agent.
 * @tagname fin-call-view
 *
 * @fires fin-call-end - The call is over for this person: `{reason}`.
 * @fires fin-document-request - For the citizen: the agent asks for a document, `{document: {id, name}}`. A page that offers to send it calls `preventDefault()` and says so itself; otherwise the view says it aloud.
 * @fires fin-error - An action in the call failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The waiting room's or the end's heading.
 * @csspart status - The polite live region.
 * @csspart waiting-text - "The agent will let you in shortly".
 * @csspart stage - The video area.
 * @csspart remote-video - The other person's video (or screen).
 * @csspart remote-tile - Another participant's video.
 * @csspart self-view - One's own camera, small.
 * @csspart self-off - In its place while one's camera is off.
 * @csspart stage-note - Text over the stage ("Camera off", "Nobody else is in the call yet").
 * @csspart indicators - The connection hint and the recording state.
 * @csspart quality - The connection hint, in words; also `quality-good`, `quality-fair` or `quality-poor`.
 * @csspart reconnecting - "The connection was lost. Reconnecting…".
 * @csspart muted - "Your microphone is off".
 * @csspart sharing - "You are sharing your screen".
 * @csspart recording - "Recording".
 * @csspart consent-refused - Someone said no to the recording and the call goes on unrecorded.
 * @csspart controls - The call's buttons.
 * @csspart mute-button - Mutes or unmutes the microphone (`aria-pressed`).
 * @csspart camera-button - Turns the camera off or on (`aria-pressed`).
 * @csspart share-button - Shares the screen or stops (`aria-pressed`).
 * @csspart hang-up-button - Leaves the call.
 * @csspart consent - The recording question.
 * @csspart consent-buttons - Its answers.
 * @csspart consent-yes - "Yes, I agree".
 * @csspart consent-no - "No".
 * @csspart consent-text - The question.
 * @csspart waiting-list - For the agent: who waits.
 * @csspart waiting-person - One person waiting.
 * @csspart admit-button - Lets them in.
 * @csspart document-request - For the citizen: which document the agent asks for.
 * @csspart ask-document - For the agent: asking the citizen for one of the documents the procedure expects.
 * @csspart ask-document-form - Its choice and button.
 * @csspart ask-document-button - Its button.
 * @csspart label - The label of a choice (a document to ask for, who to invite).
 * @csspart select - The choice itself.
 * @csspart participants - Who else is in the call, and as what (the citizen, the agent, an interpreter, a supervisor).
 * @csspart participant-list - Its list.
 * @csspart participant - One of them.
 * @csspart invite - For the agent: the invitation of a third participant.
 * @csspart invite-form - Its role choice and button.
 * @csspart invite-link - The link to send.
 * @csspart copy-button - Copies it.
 * @csspart call-error - An action that failed.
 * @csspart ended - What shows once the call is over.
 * @csspart ended-text - Why, or thanks.
 */
export class FinCallView extends FinElement {
  static override styles = [baseStyles, styles];

  protected static override requiresCouncil = false;

  /** The call to show. */
  @property({ attribute: false }) client?: CallModel;
  /** For the agent: the documents the appointment's procedure expects, which they can ask the citizen for; those not arrived yet are proposed first. */
  @property({ attribute: false }) documents: readonly AskableDocument[] = [];

  @state() private revision = 0;
  @state() private announcement = '';
  @state() private actionError = false;
  @state() private inviteRole: 'interpreter' | 'supervisor' = 'interpreter';
  @state() private inviteUrl = '';
  @state() private copied = false;
  /** The document the agent chose to ask for; until then, the first one still missing. */
  @state() private askChoice?: string;

  private readonly streams = new WeakMap<MediaStreamTrack, MediaStream>();
  private followed?: CallModel;
  private knownWaiting = new Set<string>();
  /** The state last shown, so that entering the call can say whether one was let in or is back. */
  private shownState?: CallState;
  private shownRecording?: RecordingState;

  private readonly onChange = (event: Event) => {
    const { change } = event as CallChangeEvent;
    const client = this.client;
    if (!client) return;
    if (change === 'waiting') this.announceWaiting(client);
    if (change === 'recording' || change === 'consent') this.announceRecording(client);
    if (change === 'quality' && client.quality === 'poor') this.announcement = this.i18n.t('callQualityPoor');
    if (change === 'state') this.onState(client);
    if (change === 'document' && client.requestedDocument) {
      const handled = !this.dispatchEvent(new FinDocumentRequestEvent(client.requestedDocument));
      if (!handled) this.announcement = this.i18n.t('callDocumentRequested', { name: client.requestedDocument.name });
    }
    this.revision++;
  };

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.follow(undefined);
  }

  override connectedCallback() {
    super.connectedCallback();
    this.follow(this.client);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (changed.has('client')) this.follow(this.client);
  }

  private follow(client: CallModel | undefined) {
    if (this.followed === client && this.isConnected) return;
    this.followed?.removeEventListener('change', this.onChange);
    this.followed = this.isConnected ? client : undefined;
    if (!this.followed) return;
    this.followed.addEventListener('change', this.onChange);
    this.shownRecording = this.followed.consent?.recording;
    this.onState(this.followed);
  }

  private onState(client: CallModel) {
    const previous = this.shownState;
    if (previous === client.state) return;
    this.shownState = client.state;
    if (client.state === 'connecting') this.announcement = this.i18n.t('callConnecting');
    else if (client.state === 'waiting') this.announcement = this.i18n.t('callWaitingText');
    else if (client.state === 'reconnecting') this.announcement = this.i18n.t('callReconnecting');
    else if (client.state === 'in-call')
      this.announcement = this.i18n.t(previous === 'waiting' ? 'callLetIn' : previous === 'reconnecting' ? 'callReconnected' : 'callInCall');
    else if (client.state === 'closed') {
      this.announcement = this.i18n.t('callEndedTitle');
      this.emit(new FinCallEndEvent(client.closeReason ?? 'failed'));
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="ended"] [part~="heading"]')?.focus());
    }
  }

  /** Says when the recording starts, stops, or will not happen; each once. */
  private announceRecording(client: CallModel) {
    const recording = client.consent?.recording;
    if (recording === this.shownRecording) return;
    this.shownRecording = recording;
    if (recording === 'recording') this.announcement = this.i18n.t('callRecordingStarted');
    else if (recording === 'stopped') this.announcement = this.i18n.t('callRecordingStopped');
    else if (recording === 'refused' && client.state !== 'closed') this.announcement = this.i18n.t('callConsentRefusedGoesOn');
  }

  private announceWaiting(client: CallModel) {
    const fresh = client.waiting.filter((peer) => !this.knownWaiting.has(peer.peerId));
    this.knownWaiting = new Set(client.waiting.map((peer) => peer.peerId));
    if (fresh.length) this.announcement = this.i18n.t('callSomeoneWaiting', { name: fresh.map((peer) => peer.displayName).join(', ') });
  }

  /** Runs an action of the call; a failure is reported and said, the call goes on. */
  private act(work: () => Promise<unknown>) {
    this.actionError = false;
    this.guard(
      work().catch((error: unknown) => {
        // Closing a screen-picker is a choice, not a failure.
        if (error instanceof DOMException && error.name === 'NotAllowedError') return;
        this.reportError(error);
        this.actionError = true;
      }),
    );
  }

  private streamOf(track: MediaStreamTrack): MediaStream {
    let stream = this.streams.get(track);
    if (!stream) {
      stream = new MediaStream([track]);
      this.streams.set(track, stream);
    }
    return stream;
  }

  protected renderContent() {
    const client = this.client;
    if (!client) return nothing;
    return html`<section part="base call" aria-label=${this.i18n.t('callRegionLabel')} data-state=${client.state}>
      <p part="status" class="visually-hidden" role="status">${this.announcement}</p>
      ${this.renderBody(client)}
    </section>`;
  }

  private renderBody(client: CallModel) {
    switch (client.state) {
      case 'new':
      case 'connecting':
        return html`<p part="waiting-text">${this.i18n.t('callConnecting')}</p>`;
      case 'waiting':
        return html`<h3 part="heading" tabindex="-1">${this.i18n.t('callWaitingTitle')}</h3>
          <p part="waiting-text">${this.i18n.t('callWaitingText')}</p>
          <button part="hang-up-button" type="button" @click=${() => this.act(() => client.hangUp())}>${this.i18n.t('callHangUp')}</button>`;
      case 'closed':
        return this.renderEnded(client);
      default:
        return this.renderCall(client);
    }
  }

  private renderEnded(client: CallModel) {
    const reason = client.closeReason;
    const text: MessageKey = reason === 'recordingRefused' ? 'callEndedRefused' : reason === 'failed' ? 'callError' : 'callThanks';
    return html`<div part="ended">
      <h3 part="heading" tabindex="-1">${this.i18n.t('callEndedTitle')}</h3>
      ${client.role === 'agent' && text === 'callThanks' ? nothing : html`<p part=${reason === 'failed' ? 'call-error' : 'ended-text'}>${this.i18n.t(text)}</p>`}
    </div>`;
  }

  private renderCall(client: CallModel) {
    const videos = client.remoteTracks.filter((remote) => remote.kind === 'video');
    const main = videos.find((remote) => remote.source === 'screen') ?? videos.find((remote) => remote.source === 'camera');
    const others = videos.filter((remote) => remote !== main && remote.source === 'camera');
    const selfVideo = client.localStream?.getVideoTracks()[0];
    const quality = client.quality;
    const agent = client.role === 'agent';
    return html`${agent ? this.renderWaiting(client) : nothing} ${this.renderConsent(client)}
      <div part="stage">
        ${main ? this.renderRemote(main, 'remote-video') : html`<p part="stage-note">${this.i18n.t(client.state === 'reconnecting' ? 'callReconnecting' : 'callNobodyYet')}</p>`}
        ${main?.paused ? html`<p part="stage-note">${this.i18n.t('callCameraOffRemote')}</p>` : nothing}
        ${selfVideo && client.cameraOn
          ? html`<video part="self-view" aria-label=${this.i18n.t('callSelfLabel')} .srcObject=${this.streamOf(selfVideo)} autoplay playsinline muted></video>`
          : html`<p part="self-off">${this.i18n.t('callSelfCameraOff')}</p>`}
      </div>
      ${others.map((remote) => this.renderRemote(remote, 'remote-tile'))}
      ${client.remoteTracks
        .filter((remote) => remote.kind === 'audio')
        .map((remote) => html`<audio .srcObject=${this.streamOf(remote.track)} autoplay></audio>`)}
      <div part="indicators">
        ${client.state === 'reconnecting'
          ? html`<span part="reconnecting">${this.i18n.t('callReconnecting')}</span>`
          : quality
            ? html`<span part="quality quality-${quality}">${this.i18n.t(QUALITY_TEXTS[quality])}</span>`
            : nothing}
        ${client.micOn ? nothing : html`<span part="muted">${this.i18n.t('callMicIsOff')}</span>`}
        ${client.screenTrack ? html`<span part="sharing">${this.i18n.t('callSharing')}</span>` : nothing}
        ${client.consent?.recording === 'recording' ? html`<span part="recording">${this.i18n.t('callRecording')}</span>` : nothing}
      </div>
      ${this.actionError ? html`<p part="call-error" role="alert">${this.i18n.t('callError')}</p>` : nothing} ${this.renderControls(client)}
      ${client.role === 'citizen' && client.requestedDocument
        ? html`<p part="document-request">${this.i18n.t('callDocumentRequested', { name: client.requestedDocument.name })}</p>`
        : nothing}
      ${this.renderParticipants(client)} ${agent ? html`${this.renderAskDocument(client)} ${this.renderInvite(client)}` : nothing}`;
  }

  /**
   * Who else is in the call and as what, so that nobody is there unseen (a supervisor who joined,
   * say). Only once there are two: the one person a two-way call has is named on their video, and
   * on a phone the list would push what the procedure asks below the screen.
   */
  private renderParticipants(client: CallModel) {
    if (client.peers.size < 2) return nothing;
    return html`<section part="participants" aria-labelledby="participants-title">
      <h3 part="heading" id="participants-title">${this.i18n.t('callParticipants')}</h3>
      <ul part="participant-list">
        ${[...client.peers.values()].map((peer) => html`<li part="participant" data-role=${peer.role}>${this.i18n.t('callParticipant', { name: peer.displayName, role: this.i18n.t(ROLE_NAMES[peer.role]) })}</li>`)}
      </ul>
    </section>`;
  }

  private renderRemote(remote: RemoteTrack, part: 'remote-video' | 'remote-tile') {
    const label = this.i18n.t(remote.source === 'screen' ? 'callRemoteScreenLabel' : 'callRemoteLabel');
    const name = this.client?.peers.get(remote.peerId)?.displayName;
    return html`<video
      part=${part}
      data-peer=${remote.peerId}
      data-source=${remote.source}
      aria-label=${name ? `${label}: ${name}` : label}
      .srcObject=${this.streamOf(remote.track)}
      autoplay
      playsinline
      muted
    ></video>`;
  }

  private renderControls(client: CallModel) {
    const canShare = canShareScreen();
    const sharing = Boolean(client.screenTrack);
    return html`<div part="controls" role="group" aria-label=${this.i18n.t('callControls')}>
      <button
        part="mute-button"
        type="button"
        aria-pressed=${client.micOn ? 'false' : 'true'}
        @click=${() => {
          this.announcement = this.i18n.t(client.micOn ? 'callMuted' : 'callUnmuted');
          this.act(() => client.setMicrophone(!client.micOn));
        }}
      >
        ${this.i18n.t('callMute')}
      </button>
      <button
        part="camera-button"
        type="button"
        aria-pressed=${client.cameraOn ? 'false' : 'true'}
        @click=${() => {
          this.announcement = this.i18n.t(client.cameraOn ? 'callCameraIsOff' : 'callCameraIsOn');
          this.act(() => client.setCamera(!client.cameraOn));
        }}
      >
        ${this.i18n.t('callCameraOff')}
      </button>
      ${canShare
        ? html`<button
            part="share-button"
            type="button"
            aria-pressed=${sharing ? 'true' : 'false'}
            @click=${() => {
              this.announcement = this.i18n.t(sharing ? 'callSharingStopped' : 'callSharing');
              this.act(() => (sharing ? client.stopScreen() : client.shareScreen()));
            }}
          >
            ${this.i18n.t('callShareScreen')}
          </button>`
        : nothing}
      <button part="hang-up-button" type="button" @click=${() => this.act(() => client.hangUp())}>${this.i18n.t('callHangUp')}</button>
    </div>`;
  }

  /** The recording question, until this person answered it; then what it means if someone said no. */
  private renderConsent(client: CallModel) {
    const consent = client.consent;
    const role = client.role;
    if (!consent || (role !== 'citizen' && role !== 'agent')) return nothing;
    if (consent.recording === 'refused') return html`<p part="consent-refused">${this.i18n.t('callConsentRefusedGoesOn')}</p>`;
    if (consent[role] !== null) return nothing;
    return html`<div part="consent" role="group" aria-labelledby="consent-title" aria-describedby="consent-text">
      <h3 part="heading" id="consent-title">${this.i18n.t('callConsentTitle')}</h3>
      <p part="consent-text" id="consent-text">${this.i18n.t('callConsentText')}</p>
      <div part="consent-buttons">
        <button part="consent-yes" type="button" @click=${() => this.act(() => client.answerConsent(true))}>${this.i18n.t('callConsentYes')}</button>
        <button part="consent-no" type="button" @click=${() => this.act(() => client.answerConsent(false))}>${this.i18n.t('callConsentNo')}</button>
      </div>
    </div>`;
  }

  private renderWaiting(client: CallModel) {
    return html`<section part="waiting-list" aria-labelledby="waiting-title">
      <h3 part="heading" id="waiting-title" tabindex="-1">${this.i18n.t('callWaitingListTitle')}</h3>
      ${client.waiting.length
        ? html`<ul>
            ${client.waiting.map(
              (peer) =>
                html`<li part="waiting-person">
                  ${peer.displayName}
                  <button
                    part="admit-button"
                    type="button"
                    aria-label="${this.i18n.t('callAdmit')}: ${peer.displayName}"
                    @click=${() =>
                      this.act(async () => {
                        await client.admit(peer.peerId);
                        this.announcement = this.i18n.t('callAdmitted', { name: peer.displayName });
                        await this.updateComplete;
                        // Their button is gone: focus goes to the next person waiting, or to the list.
                        const next = this.renderRoot.querySelector<HTMLElement>('[part~="admit-button"]') ?? this.renderRoot.querySelector<HTMLElement>('#waiting-title');
                        next?.focus();
                      })}
                  >
                    ${this.i18n.t('callAdmit')}
                  </button>
                </li>`,
            )}
          </ul>`
        : html`<p>${this.i18n.t('callWaitingListEmpty')}</p>`}
    </section>`;
  }

  private renderAskDocument(client: CallModel) {
    if (this.documents.length === 0) return nothing;
    const documents = neededFirst(this.documents);
    const chosen = documents.find((document) => document.id === this.askChoice) ?? documents[0]!;
    return html`<section part="ask-document" aria-labelledby="ask-document-title">
      <h3 part="heading" id="ask-document-title">${this.i18n.t('callAskDocumentTitle')}</h3>
      <form
        part="ask-document-form"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          const asking = new FormData(event.target as HTMLFormElement).get('document') as string;
          this.act(async () => {
            const asked = await client.requestDocument(asking);
            this.announcement = this.i18n.t('callDocumentAsked', { name: asked.name });
          });
        }}
      >
        <label part="label" for="ask-document">${this.i18n.t('callAskDocumentLabel')}</label>
        <select part="select" id="ask-document" name="document" @change=${(event: Event) => (this.askChoice = (event.target as HTMLSelectElement).value)}>
          ${repeat(
            documents,
            (document) => document.id,
            (document) => {
              const arrived = document.status && ARRIVED[document.status];
              // Keyed and set as a property: a document arriving reorders the list without changing the agent's choice.
              return html`<option value=${document.id} .selected=${document === chosen}>${arrived ? this.i18n.t(arrived, { name: document.name }) : document.name}</option>`;
            },
          )}
        </select>
        <button part="ask-document-button" type="submit">${this.i18n.t('callAskDocument')}</button>
      </form>
    </section>`;
  }

  private renderInvite(client: CallModel) {
    const roles = { interpreter: this.i18n.t('callInviteInterpreter'), supervisor: this.i18n.t('callInviteSupervisor') } as const;
    return html`<section part="invite" aria-labelledby="invite-title">
      <h3 part="heading" id="invite-title">${this.i18n.t('callInvite')}</h3>
      <form
        part="invite-form"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.act(async () => {
            this.copied = false;
            this.inviteUrl = (await client.invite(this.inviteRole)).url;
          });
        }}
      >
        <label part="label" for="invite-role">${this.i18n.t('callInviteRole')}</label>
        <select part="select" id="invite-role" @change=${(event: Event) => (this.inviteRole = (event.target as HTMLSelectElement).value as 'interpreter' | 'supervisor')}>
          ${(['interpreter', 'supervisor'] as const).map((role) => html`<option value=${role} ?selected=${role === this.inviteRole}>${roles[role]}</option>`)}
        </select>
        <button part="invite-button" type="submit">${this.i18n.t('callInviteCreate')}</button>
      </form>
      ${this.inviteUrl
        ? html`<p>
            <label for="invite-link">${this.i18n.t('callInviteLink', { role: roles[this.inviteRole] })}</label>
            <input part="invite-link" id="invite-link" type="url" readonly .value=${this.inviteUrl} @focus=${(event: Event) => (event.target as HTMLInputElement).select()} />
          </p>
          <button
            part="copy-button"
            type="button"
            @click=${() =>
              this.act(async () => {
                await navigator.clipboard.writeText(this.inviteUrl);
                this.copied = true;
                this.announcement = this.i18n.t('callInviteCopied');
              })}
          >
            ${this.i18n.t(this.copied ? 'callInviteCopied' : 'callInviteCopy')}
          </button>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-call-view': FinCallView;
  }
}
