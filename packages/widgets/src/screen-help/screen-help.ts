import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { CallChangeEvent, CloseReason } from '../call/call-state.js';
import { callUrl } from '../call/call-url.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { renderErrorSummary } from '../shared/error-summary.js';
import { ApiError, ErrorCode, FinError, isAbort } from '../shared/errors.js';
import { focusPart } from '../shared/form-controller.js';
import { renderInputField } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { baseStyles } from '../shared/theme.js';
import type { ScreenHelpOpened } from '@finestreta/server/contract';
import { describePointer, PointerWindow, renderPicture } from './pointer.js';
import { canShareScreen, capture, makeCall, type CallMaker, type ScreenCall, type Share } from './screen-call.js';
import { pictureStyles, pipPageStyles, styles } from './screen-help.styles.js';
import './translations/index.js';

export type { ScreenHelpOpened };

/** Why the session is over for the citizen, in the words of the ended view. */
type Ending = 'you' | 'agent' | 'recording' | 'lost';

/** The element's steps: the code, what will be shared and the consent, the sharing, its end. */
type View =
  | { name: 'code' }
  | { name: 'consent'; opened: ScreenHelpOpened }
  | { name: 'sharing'; opened: ScreenHelpOpened; share: Share; call: ScreenCall; track: MediaStreamTrack; stream: MediaStream }
  | { name: 'ended'; opened: ScreenHelpOpened; ending: Ending };

const ENDINGS: Record<Ending, MessageKey> = {
  you: 'screenHelpEndedByYou',
  agent: 'screenHelpEndedByAgent',
  recording: 'screenHelpEndedRecordingRefused',
  lost: 'screenHelpEndedLost',
};

/** How the room's end reads to the citizen when they did not stop it themselves. */
function endingOf(reason: CloseReason | undefined): Ending {
  if (reason === 'recordingRefused') return 'recording';
  return reason === 'screenHelpEnded' || reason === 'agentHungUp' || reason === 'hungUp' ? 'agent' : 'lost';
}

/** The one answer for a wrong, expired, used or dead code: the server never says which. */
const CODE_INVALID = 'FIN_ERR_SCREEN_HELP_CODE_INVALID';
const SESSION_ENDED = 'FIN_ERR_SCREEN_HELP_ENDED';

/**
 * Screen help during a phone callback: the agent on the phone reads out a 6-digit code, the
 * citizen types it here, reads what will be shared and with whom, agrees, and chooses a window, a
 * tab or the whole screen in the browser's own picker. The voice stays on the phone: no
 * microphone is asked for. While sharing, a status always says so, with a button to stop; the
 * agent can point at things, shown as a marker on a small picture of what is shared (in an
 * always-on-top mini window where the browser offers Document Picture-in-Picture) and said in
 * words. A browser that cannot share its screen (a phone) offers the rear camera instead.
 *
 * @summary The citizen's side of screen help during a phone callback.
 * @tagname screen-help
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr session - The session the emailed link names; defaults to `help` in the page's address. Without it the code alone finds the session.
 * @attr heading-level - Level (1–6) of the element's heading, to fit the page's outline. Default 2.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 *
 * @fires fin-error - The code was refused or could not be checked, the screen or camera could not be opened (not when the person closed the picker or denied the camera), or the call failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The heading of each step; it receives focus when the step changes.
 * @csspart intro - What screen help is, above the code.
 * @csspart error-summary - The problem with the code; it takes focus. Also `error-summary-title`, `error-summary-list`, `form-error`, `error-link`.
 * @csspart form - The code's form.
 * @csspart field - The code's label, hint, error and input.
 * @csspart label - The code's label.
 * @csspart hint - The code's hint.
 * @csspart field-error - The code's error.
 * @csspart input - The code's input; also has the part `code-input`.
 * @csspart submit-button - "Continue".
 * @csspart status - The polite live region (checking the code, starting to share).
 * @csspart who - Who will see what is shared: the agent and the council.
 * @csspart terms - The list of what sharing means (what, pointing, voice, stopping, recording).
 * @csspart term - One of them.
 * @csspart tip - How to show something outside the browser (choose the whole screen).
 * @csspart no-screen-share - The message of a browser that cannot share its screen.
 * @csspart share-error - Why sharing did not start (nothing chosen, camera refused, call failed).
 * @csspart actions - The buttons of a step.
 * @csspart share-button - Consents and opens the browser's picker.
 * @csspart camera-button - Consents and opens the rear camera.
 * @csspart sharing-bar - The bar that stays in sight while sharing: the status and Stop.
 * @csspart sharing-status - "You are sharing your screen with …" (role=status).
 * @csspart stop-button - Stops sharing.
 * @csspart consent - The recording question. Also `consent-text`, `consent-buttons`, `consent-yes`, `consent-no`.
 * @csspart recording - Says that the session is being recorded.
 * @csspart pip-button - Opens the always-on-top mini window with the agent's pointer.
 * @csspart pip-open - Says the pointer is in the mini window.
 * @csspart picture - The small picture of what is shared.
 * @csspart video - The video in it.
 * @csspart marker - The agent's pointer: `ring` (a click, or the end of a drag) or `path` (a drag).
 * @csspart no-pointer - Says where the agent's pointer will appear.
 * @csspart pointer-announcement - Visually hidden: where the agent points, in words (polite live region).
 * @csspart message - Why the session ended.
 * @csspart another-code-button - Goes back to the code.
 *
 * @cssprop --fin-color-pointer - The agent's pointer (default a strong red).
 * @cssprop --fin-color-sharing - The sharing bar's border and the Stop button.
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-border - Borders.
 * @cssprop --fin-color-error - Error messages.
 * @cssprop --fin-color-primary - Buttons.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class ScreenHelp extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The session the emailed link names; without it, `help` in the page's address, else the code alone. */
  @property() session?: string;

  /** Level (1–6) of the element's heading. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** How the element makes its call: the real one by default; tests and stories hand it a stand-in. */
  @property({ attribute: false }) callMaker: CallMaker = makeCall;

  @state() private view: View = { name: 'code' };
  @state() private code = '';
  /** The problem with the code, once "Continue" found one. */
  @state() private codeError?: MessageKey;
  /** Why sharing did not start, shown in the consent step. */
  @state() private shareError?: MessageKey;
  /** A request or the picker is under way. */
  @state() private pending = false;
  /** Where the agent points, in words, for the live region. */
  @state() private announcement = '';
  /** Whether the citizen pressed Stop: the room's end then reads as theirs. */
  private stopping = false;

  private readonly pointerWindow = new PointerWindow(() => this.requestUpdate());

  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  /** Sessions that ended here: the link's session is over, and a new code the agent reads out belongs to another. */
  private readonly endedSessions = new Set<string>();

  /** The session in effect: the attribute, else the link's `help`, kept for the tab, unless it ended. */
  private get effectiveSession(): string | undefined {
    const session = this.session || addressToken('help', { purpose: 'screen-help', council: this.councilId });
    return session && !this.endedSessions.has(session) ? session : undefined;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.view.name === 'sharing') this.finish(this.view, 'you');
  }

  protected override updated(changed: PropertyValues<this>) {
    super.updated(changed);
    if (this.view.name === 'sharing' && this.pointerWindow.isOpen) this.pointerWindow.render(this.renderPip(this.view));
  }

  private heading(key: MessageKey): TemplateResult {
    const tag = unsafeStatic(`h${Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2))}`);
    return staticHtml`<${tag} part="heading" id="heading" tabindex="-1">${this.i18n.t(key)}</${tag}>`;
  }

  private show(view: View) {
    if (view.name === 'ended') this.endedSessions.add(view.opened.session);
    this.view = view;
    this.shareError = undefined;
    void focusPart(this, '[part~="heading"]');
  }

  private async open(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending) return;
    const code = this.code.replace(/\s+/g, '');
    this.codeError = /^\d{6}$/.test(code) ? undefined : 'screenHelpCodeMissing';
    if (this.codeError) return focusPart(this, '[part~="error-summary"]');
    this.pending = true;
    try {
      const session = this.effectiveSession;
      const opened = await this.client.post<ScreenHelpOpened>(this.client.councilPath('/screen-help/open'), { code, ...(session && { session }) });
      this.show({ name: 'consent', opened });
    } catch (error) {
      if (isAbort(error)) return;
      const failure = this.reportError(error);
      // A malformed session in the link is refused like a wrong code: either way the citizen needs the agent.
      const refused = failure.code === CODE_INVALID || (failure instanceof ApiError && failure.status === 400);
      this.codeError = refused ? 'screenHelpCodeRefused' : 'screenHelpOpenFailed';
      await focusPart(this, '[part~="error-summary"]');
    } finally {
      this.pending = false;
    }
  }

  /** The consent, then the picker (or camera), then the room. The picker comes first: it needs the click's user activation, which a slow network could outlast. */
  private async share(opened: ScreenHelpOpened, share: Share) {
    if (this.pending) return;
    this.pending = true;
    this.shareError = undefined;
    let track: MediaStreamTrack;
    try {
      track = await capture(share);
    } catch (error) {
      this.pending = false;
      this.shareError = share === 'screen' ? 'screenHelpPickerCancelled' : 'screenHelpCameraRefused';
      const name = error instanceof DOMException ? error.name : 'Error';
      // The person's own choice (the picker closed, the camera denied) is no failure of the widget.
      if (name !== 'NotAllowedError') this.reportError(new FinError(ErrorCode.captureFailed, `The ${share} could not be shared (${name}).`, true));
      return focusPart(this, '[part~="share-error"]');
    }
    try {
      await this.client.post(this.client.councilPath('/screen-help/consent'), { token: opened.token, share });
      const call = await this.callMaker({
        url: callUrl(this.apiBase, opened.room, { token: opened.token }),
        displayName: this.i18n.t('screenHelpDisplayName'),
        shared: { track, source: share },
      });
      const view: View = { name: 'sharing', opened, share, call, track, stream: new MediaStream([track]) };
      call.addEventListener('change', (event) => this.followCall(view, event as CallChangeEvent));
      // The browser's own "Stop sharing" ends the session as the element's button does.
      track.addEventListener('ended', () => this.guard(this.stop()));
      this.stopping = false;
      this.announcement = '';
      this.show(view);
      await call.join();
      if (call.state === 'closed') this.finish(view, endingOf(call.closeReason));
    } catch (error) {
      // Stopped while joining: the join's failure is only the end the citizen asked for.
      if (this.view.name === 'ended') return;
      // Back to the consent step first, so the failed call's last changes no longer move the view.
      const failed = this.view;
      this.view = { name: 'consent', opened };
      if (failed.name === 'sharing') void failed.call.hangUp().catch(() => undefined);
      track.stop();
      // The agent ended the session (or started another) while the citizen read: nothing left to share into.
      if (this.reportError(error).code === SESSION_ENDED) return this.show({ name: 'ended', opened, ending: 'agent' });
      this.shareError ??= 'screenHelpJoinFailed';
      await focusPart(this, '[part~="share-error"]');
    } finally {
      this.pending = false;
    }
  }

  private followCall(view: Extract<View, { name: 'sharing' }>, event: CallChangeEvent) {
    if (this.view !== view) return;
    if (event.change === 'pointer' && view.call.pointer) this.announcement = describePointer(view.call.pointer, view.opened.agent.displayName, (key, params) => this.i18n.t(key, params));
    // While joining, a call that closes is the join's failure, which `share` handles.
    if (view.call.state === 'closed' && !this.pending) this.finish(view, this.stopping ? 'you' : endingOf(view.call.closeReason));
    this.requestUpdate();
  }

  /** Stop: the server ends the session (and the room, for the agent too), then this side hangs up. */
  private async stop() {
    const view = this.view;
    if (view.name !== 'sharing' || this.stopping) return;
    this.stopping = true;
    try {
      await this.client.post(this.client.councilPath('/screen-help/end'), { token: view.opened.token });
    } catch (error) {
      this.reportError(error);
    } finally {
      await view.call.hangUp().catch(() => undefined);
      this.finish(view, 'you');
    }
  }

  private finish(view: Extract<View, { name: 'sharing' }>, ending: Ending) {
    if (this.view !== view) return;
    view.track.stop();
    this.pointerWindow.close();
    if (view.call.state !== 'closed') void view.call.hangUp().catch(() => undefined);
    this.show({ name: 'ended', opened: view.opened, ending });
  }

  private async openPointerWindow() {
    await this.pointerWindow.open(`${pictureStyles.cssText}\n${pipPageStyles.cssText}`, this.i18n.lang, this.i18n.t('screenHelpPreview'));
    this.requestUpdate();
  }

  protected renderContent() {
    const view = this.view;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${this.pending ? 'true' : 'false'}>
      ${view.name === 'code'
        ? this.renderCode()
        : view.name === 'consent'
          ? this.renderConsent(view.opened)
          : view.name === 'sharing'
            ? this.renderSharing(view)
            : this.renderEnded(view.ending)}
      <p part="status" role="status">${this.pending ? this.i18n.t(view.name === 'code' ? 'screenHelpOpening' : 'screenHelpStarting') : nothing}</p>
    </section>`;
  }

  private renderCode() {
    const error = this.codeError && this.i18n.t(this.codeError);
    const fieldError = this.codeError === 'screenHelpOpenFailed' ? undefined : error;
    return html`${this.heading('screenHelpTitle')}
      <p part="intro">${this.i18n.t('screenHelpIntro')}</p>
      ${this.codeError
        ? renderErrorSummary({
            title: this.i18n.t('screenHelpErrorSummaryTitle'),
            formError: fieldError ? undefined : error,
            items: fieldError ? [{ field: 'code', message: fieldError }] : [],
            onLink: (event) => {
              // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
              event.preventDefault();
              this.renderRoot.querySelector<HTMLElement>('#code')?.focus();
            },
          })
        : nothing}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.open(event))}>
        ${renderInputField({
          id: 'code',
          type: 'text',
          inputmode: 'numeric',
          maxlength: 7,
          autocomplete: 'one-time-code',
          part: 'code-input',
          label: this.i18n.t('screenHelpCodeLabel'),
          hint: this.i18n.t('screenHelpCodeHint'),
          error: fieldError,
          required: true,
          value: this.code,
          onInput: (value) => (this.code = value),
        })}
        <button part="submit-button" type="submit" aria-disabled=${this.pending ? 'true' : 'false'}>${this.i18n.t('screenHelpContinue')}</button>
      </form>`;
  }

  private renderConsent(opened: ScreenHelpOpened) {
    const screen = canShareScreen();
    const names = { agent: opened.agent.displayName, council: opened.council.name };
    const terms: MessageKey[] = [
      screen ? 'screenHelpWhatScreen' : 'screenHelpWhatCamera',
      'screenHelpPointing',
      'screenHelpVoice',
      'screenHelpStopAnytime',
      opened.recordingRequired ? 'screenHelpRecordingRequired' : 'screenHelpRecordingOptional',
    ];
    return html`${this.heading('screenHelpConsentTitle')}
      ${this.shareError ? html`<p part="share-error" role="alert" tabindex="-1">${this.i18n.t(this.shareError)}</p>` : nothing}
      <p part="who">${this.i18n.t('screenHelpWho', names)}</p>
      <ul part="terms">
        ${terms.map((key) => html`<li part="term">${this.i18n.t(key, names)}</li>`)}
      </ul>
      ${screen
        ? html`<p part="tip">${this.i18n.t('screenHelpWholeScreenTip')}</p>
            <div part="actions">
              <button part="share-button" type="button" @click=${() => this.guard(this.share(opened, 'screen'))}>${this.i18n.t('screenHelpShare')}</button>
            </div>`
        : html`<p part="no-screen-share">${this.i18n.t('screenHelpNoScreenShare')}</p>
            <div part="actions">
              <button part="camera-button" type="button" @click=${() => this.guard(this.share(opened, 'camera'))}>${this.i18n.t('screenHelpShareCamera')}</button>
            </div>`}`;
  }

  private sharingStatus(view: Extract<View, { name: 'sharing' }>): string {
    const agent = view.opened.agent.displayName;
    if (view.call.state === 'new' || view.call.state === 'connecting') return this.i18n.t('screenHelpConnecting', { agent });
    if (view.call.state === 'reconnecting') return this.i18n.t('screenHelpReconnecting');
    return this.i18n.t(view.share === 'screen' ? 'screenHelpSharingStatus' : 'screenHelpSharingCameraStatus', { agent });
  }

  private renderSharing(view: Extract<View, { name: 'sharing' }>) {
    const pip = this.pointerWindow.isOpen;
    return html`${this.heading('screenHelpSharingTitle')}
      <div part="sharing-bar">
        <p part="sharing-status" role="status">${this.sharingStatus(view)}</p>
        <button part="stop-button" type="button" @click=${() => this.guard(this.stop())}>${this.i18n.t('screenHelpStop')}</button>
      </div>
      ${this.renderRecording(view)}
      ${pip
        ? html`<p part="pip-open">${this.i18n.t('screenHelpPipOpen')}</p>`
        : html`${PointerWindow.supported
              ? html`<div part="actions">
                  <button part="pip-button" type="button" @click=${() => this.guard(this.openPointerWindow())}>${this.i18n.t('screenHelpPip')}</button>
                </div>`
              : nothing}
            ${renderPicture({ stream: view.stream, pointer: view.call.pointer, label: this.i18n.t('screenHelpPreview') })}
            ${view.call.pointer ? nothing : html`<p part="no-pointer">${this.i18n.t('screenHelpNoPointer')}</p>`}`}
      <p part="pointer-announcement" class="visually-hidden" aria-live="polite">${this.announcement}</p>`;
  }

  /** The room's recording question, as in video calls; a refusal the council does not allow ends the session (the room says so). */
  private renderRecording(view: Extract<View, { name: 'sharing' }>) {
    const consent = view.call.consent;
    if (!consent || view.call.state !== 'in-call') return nothing;
    if (consent.recording === 'recording') return html`<p part="recording">${this.i18n.t('screenHelpRecording')}</p>`;
    if (consent.citizen !== null || consent.recording === 'refused') return nothing;
    const answer = (accept: boolean) => this.guard(view.call.answerConsent(accept).catch((error: unknown) => this.reportError(error)));
    return html`<div part="consent" role="group" aria-labelledby="consent-text">
      <p part="consent-text" id="consent-text">
        ${this.i18n.t('screenHelpRecordingQuestion')} ${consent.required || view.opened.recordingRequired ? this.i18n.t('screenHelpRecordingEnds') : nothing}
      </p>
      <div part="consent-buttons">
        <button part="consent-yes" type="button" @click=${() => answer(true)}>${this.i18n.t('screenHelpRecordingYes')}</button>
        <button part="consent-no" type="button" @click=${() => answer(false)}>${this.i18n.t('screenHelpRecordingNo')}</button>
      </div>
    </div>`;
  }

  /** The mini window: the picture with the pointer, the status and Stop, so the citizen need not come back to the page. */
  private renderPip(view: Extract<View, { name: 'sharing' }>) {
    return html`${renderPicture({ stream: view.stream, pointer: view.call.pointer, label: this.i18n.t('screenHelpPreview') })}
      <p part="sharing-status">${this.sharingStatus(view)}</p>
      <button part="stop-button" type="button" @click=${() => this.guard(this.stop())}>${this.i18n.t('screenHelpStop')}</button>`;
  }

  private renderEnded(ending: Ending) {
    return html`${this.heading('screenHelpEndedTitle')}
      <p part="message">${this.i18n.t(ENDINGS[ending])}</p>
      <div part="actions">
        <button
          part="another-code-button"
          type="button"
          @click=${() => {
            this.code = '';
            this.codeError = undefined;
            this.show({ name: 'code' });
          }}
        >
          ${this.i18n.t('screenHelpAnotherCode')}
        </button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'screen-help': ScreenHelp;
  }
}
