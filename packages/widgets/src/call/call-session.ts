import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FinElement } from '../shared/base-element.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './call-session.styles.js';
import type { DeviceCheckParty } from './device-check.js';
import { FinCallJoinEvent, type FinDeviceReadyEvent } from './events.js';
import type { AskableDocument } from './call-view.js';
import './translations/index.js';

/** The call's code (mediasoup-client and the call's views), loaded when a session starts. */
type CallModule = typeof import('./call.js');
type CallClient = InstanceType<CallModule['CallClient']>;

/** The call's code loading, the device check, then the call (waiting room included) until it closes. */
type Stage = { name: 'loading' } | { name: 'check'; module: CallModule } | { name: 'call'; module: CallModule; client: CallClient };

/**
 * One person's video call, the same for the citizen, a guest and the agent: once connected, it
 * loads the call's code (mediasoup-client included, kept out of the widgets' first load), checks
 * the camera and microphone, then joins and shows the call until it closes. A failed call offers
 * to try again, except to the agent, who starts again from the appointment.
 *
 * The `side` slot is where a host puts what goes with the call once it has begun — the
 * procedure's views (identity check, application, agreement) — beside the call on a wide screen,
 * under it on a narrow one. Hosts read the call's progress from `fin-call-join` (with the `client` to follow) and `fin-call-end`.
 *
 * @summary A video call from the device check to its end.
 * @tagname fin-call-session
 *
 * @fires fin-call-join - Joining the call: `{client}`, the call the side panel's views follow.
 * @fires fin-call-end - The call is over for this person: `{reason}`.
 * @fires fin-device-cancel - The agent went back from the device check without a call.
 * @fires fin-document-request - The agent asked the citizen for a document (from `<fin-call-view>`; cancelable).
 * @fires fin-error - The call's code could not load, or joining failed: `{code, message, recoverable}`.
 *
 * @slot side - Shown beside the call once it has begun; empty by default.
 *
 * @csspart base - The call and its side panel.
 * @csspart stage - The device check, then the call (`<fin-device-check>`, `<fin-call-view>`; their own parts are inside them).
 * @csspart status - "Loading the video call…".
 * @csspart retry-button - Tries again after a failed call.
 * @csspart side - Around the `side` slot; hidden while it is empty or before the call.
 */
export class FinCallSession extends FinElement {
  static override styles = [baseStyles, styles];

  /** The call is named by its appointment, which the host knows without a council. */
  protected static override requiresCouncil = false;

  /** The appointment's id, which names its call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** Whose devices are checked: the agent's check can go back and gives a desk's help. */
  @property() party: DeviceCheckParty = 'citizen';

  /** The name the others in the call see. */
  @property({ attribute: 'display-name' }) displayName = '';

  /** What lets this person in: the citizen's `{token}` or a guest's `{invite}`; the agent's session cookie goes by itself. */
  @property({ attribute: false }) credentials: Record<string, string> = {};

  /** For the agent: the documents the procedure expects, which they can ask the citizen for (with whether each arrived, when known). */
  @property({ attribute: false }) documents: readonly AskableDocument[] = [];

  @state() private stage: Stage = { name: 'loading' };
  @state() private hasSide = false;

  /** The call once joined: what the side panel's views can follow. */
  get client(): CallClient | undefined {
    return this.stage.name === 'call' ? this.stage.client : undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    // Focusable from script only, so focus can stay in the call when the device check gives way to it.
    if (!this.hasAttribute('tabindex')) this.tabIndex = -1;
    if (this.stage.name === 'loading') this.guard(this.load());
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    void this.client?.hangUp().catch(() => undefined);
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    // A new stage replaces what had focus (the device check goes, the call comes): focus stays in the call.
    if (changed.has('stage') && this.stage.name !== 'loading') this.focus();
  }

  /** Loads the call's code only now, then shows the device check. */
  private async load() {
    this.stage = { name: 'loading' };
    this.stage = { name: 'check', module: await import('./call.js') };
  }

  /** Joins with the camera and microphone just checked. */
  private join(module: CallModule, stream: MediaStream) {
    if (!this.callId || !this.displayName) return;
    const client = new module.CallClient({ url: module.callUrl(this.apiBase, this.callId, this.credentials), displayName: this.displayName, stream });
    this.stage = { name: 'call', module, client };
    this.emit(new FinCallJoinEvent(client));
    client.join().catch((error: unknown) => this.reportError(error));
  }

  protected renderContent() {
    const inCall = this.stage.name === 'call';
    return html`<div part="base">
      <div part="stage">${this.renderStage()}</div>
      <div part="side" ?hidden=${!inCall || !this.hasSide}>
        <slot name="side" @slotchange=${(event: Event) => (this.hasSide = (event.target as HTMLSlotElement).assignedElements().length > 0)}></slot>
      </div>
    </div>`;
  }

  private renderStage() {
    const stage = this.stage;
    if (stage.name === 'loading') return html`<p part="status" role="status">${this.i18n.t('callLoading')}</p>`;
    if (stage.name === 'check') {
      return html`<fin-device-check
        party=${this.party}
        lang=${this.i18n.lang}
        @fin-device-ready=${(event: FinDeviceReadyEvent) => this.join(stage.module, event.detail.stream)}
      ></fin-device-check>`;
    }
    const failed = stage.client.state === 'closed' && stage.client.closeReason === 'failed' && this.party !== 'agent';
    // Re-rendered when the call ends: whether to offer trying again depends on why.
    return html`<fin-call-view lang=${this.i18n.lang} .client=${stage.client} .documents=${this.documents} @fin-call-end=${() => this.requestUpdate()}></fin-call-view>
      ${failed ? html`<button part="retry-button" type="button" @click=${() => this.guard(this.load())}>${this.i18n.t('retry')}</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-call-session': FinCallSession;
  }
}
