import type { Agreement, DeskProcedure } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { FinElement } from '../../shared/base-element.js';
import { renderFieldError } from '../../shared/form-fields.js';
import type { MessageKey } from '../../shared/i18n.js';
import { renderStateBadge } from '../../shared/state-badge.js';
import { baseStyles } from '../../shared/theme.js';
import { styles } from './agreement-panel.styles.js';
import { procedureErrorKey, ProcedureRequests } from './form-request.js';
import { FinProcedureChangeEvent } from './procedure-events.js';
import './form-translations/index.js';

/**
 * The agreement as the server may also say it: when the citizen's device first opened the document
 * presented, and why a void agreement was voided. Optional, so the panel works with a server that
 * does not say them yet.
 */
type AgreementView = Agreement & { shownAt?: string | null; voidCause?: string | null };

/** The first 16 hexadecimal digits of a SHA-256 in groups of four, as the citizen's screen shows them and both read them aloud. */
export function shortFingerprint(sha256: string): string {
  return sha256.slice(0, 16).toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

const STATE_LABELS: Record<Agreement['state'], MessageKey> = {
  none: 'agreementStateNone',
  presented: 'agreementStatePresented',
  agreed: 'agreementStateAgreed',
  refused: 'agreementStateRefused',
  void: 'agreementStateVoid',
};

/**
 * The agreement step, on the agent's side: the final application presented to the citizen (the
 * server stores the exact bytes it sends), then the citizen's answer as it comes — waiting (with
 * the document's fingerprint to read aloud), opened, agreed, not agreed with their reason, or void
 * because something changed (present again) — and, once agreed, the habilitated employee's
 * signature on the citizen's behalf (LPAC art. 12.2) after re-entering their password. Where the
 * council requires the call to be recorded while the citizen agrees, it says when it is not.
 *
 * @summary The citizen's agreement and the agent's signature, for the agent.
 * @tagname fin-agreement-panel
 *
 * @fires fin-procedure-change - The server accepted a change: `{procedure}` as it now stands.
 * @fires fin-error - A request failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - Its heading; `subheading` those of the signature form and the signature.
 * @csspart badge - The agreement's state in words; also `state-<state>`.
 * @csspart announcer - The polite live region (presented, signed).
 * @csspart recording-warning - The council requires recording and the call is not being recorded.
 * @csspart state-text - What the state means now.
 * @csspart reason - The citizen's reason for not agreeing, or the cause of a void agreement.
 * @csspart fingerprint - The document's short fingerprint; `fingerprint-full` its whole SHA-256.
 * @csspart present-button - Presents the application (again).
 * @csspart error - A request failed (an alert).
 * @csspart sign-form - The signature form; `label`, `hint`, `input`, `field-error`, `sign-button`.
 * @csspart signature - The signature: who, habilitation, when, key fingerprint.
 */
export class FinAgreementPanel extends FinElement {
  static override styles = [baseStyles, ...styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The procedure as the server last gave it; the panel around this one keeps it current. */
  @property({ attribute: false }) procedure?: DeskProcedure;

  /** The case (appointment) the procedure belongs to. */
  @property({ attribute: 'case-id' }) caseId?: string;

  /** Level (1–6) of the panel's heading; its sections' headings are one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 4;

  /** A request is on its way: buttons say so with aria-disabled and ignore a second press; disabling them would drop the keyboard's focus. */
  @state() private busy = false;
  @state() private actionError?: MessageKey;
  @state() private password = '';
  @state() private passwordError?: MessageKey;
  @state() private announcement = '';

  private requests(): ProcedureRequests {
    return new ProcedureRequests(this.apiBase, this.caseId ?? '');
  }

  private async present() {
    if (this.busy || !this.caseId) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      const procedure = await this.requests().post('/agreement/present', {}, this.i18n.lang);
      this.announcement = this.i18n.t('agreementPresentedAnnounce');
      this.emit(new FinProcedureChangeEvent(procedure));
    } catch (error) {
      this.actionError = procedureErrorKey(this.reportError(error));
    } finally {
      this.busy = false;
    }
  }

  private async sign(event: Event) {
    event.preventDefault();
    if (this.busy || !this.caseId) return;
    this.actionError = undefined;
    this.passwordError = this.password ? undefined : 'agreementErrorPasswordRequired';
    if (this.passwordError) return this.focusOn('#password');
    this.busy = true;
    try {
      const procedure = await this.requests().post('/agreement/sign', { password: this.password }, this.i18n.lang);
      this.password = '';
      this.announcement = this.i18n.t('agreementSignedAnnounce');
      this.emit(new FinProcedureChangeEvent(procedure));
      this.procedure = procedure;
      await this.focusOn('#signature-heading');
    } catch (error) {
      const failure = this.reportError(error);
      if (failure.code === 'FIN_ERR_CREDENTIALS_INVALID') {
        this.passwordError = 'agreementErrorPasswordWrong';
        this.password = '';
        await this.focusOn('#password');
      } else this.actionError = procedureErrorKey(failure);
    } finally {
      this.busy = false;
    }
  }

  private async focusOn(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private time(iso: string | null | undefined, date = false): string {
    if (!iso) return '';
    const options: Intl.DateTimeFormatOptions = date ? { dateStyle: 'long', timeStyle: 'medium' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' };
    return this.i18n.format(options).format(new Date(iso));
  }

  private heading(offset: 0 | 1, part: string, id: string, text: string) {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 4) + offset);
    const tag = unsafeStatic(`h${level}`);
    return staticHtml`<${tag} part=${part} id=${id} tabindex="-1">${text}</${tag}>`;
  }

  protected renderContent() {
    const procedure = this.procedure;
    const agreement = procedure?.agreement as AgreementView | undefined;
    const signed = Boolean(agreement?.signature);
    const badge = agreement ? renderStateBadge(signed ? 'signed' : agreement.state, this.i18n.t(signed ? 'agreementStateSigned' : STATE_LABELS[agreement.state])) : nothing;
    return html`<section part="base" aria-labelledby="agreement-heading">
      <div part="title">${this.heading(0, 'heading', 'agreement-heading', this.i18n.t('agreementTitle'))} ${badge}</div>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
      ${procedure?.recording.required && !procedure.recording.running && agreement?.state !== 'agreed' && !signed
        ? html`<p part="recording-warning" role="note">${this.i18n.t('agreementRecordingOff')}</p>`
        : nothing}
      ${agreement ? this.renderState(agreement) : nothing}
      ${this.actionError ? html`<p part="error" role="alert">${this.i18n.t(this.actionError)}</p>` : nothing}
      ${agreement?.state === 'agreed' && !signed ? this.renderSignForm() : nothing} ${agreement?.signature ? this.renderSignature(agreement.signature) : nothing}
    </section>`;
  }

  private renderState(agreement: AgreementView) {
    const presentButton = (again: boolean) =>
      html`<button part="present-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.present())}>
        ${this.i18n.t(again ? 'agreementPresentAgain' : 'agreementPresent')}
      </button>`;
    switch (agreement.state) {
      case 'none':
        return html`<p part="state-text">${this.i18n.t('agreementNone')}</p>
          ${presentButton(false)}`;
      case 'void':
        return html`<p part="state-text">${this.i18n.t('agreementVoid')}</p>
          ${agreement.voidCause ? html`<p part="reason">${this.i18n.t('agreementVoidCause', { cause: agreement.voidCause })}</p>` : nothing} ${presentButton(true)}`;
      case 'presented':
        return html`<p part="state-text">${this.i18n.t('agreementPresented', { time: this.time(agreement.presentedAt) })}</p>
          ${agreement.shownAt !== undefined
            ? html`<p part="state-text">${agreement.shownAt ? this.i18n.t('agreementShown', { time: this.time(agreement.shownAt) }) : this.i18n.t('agreementNotShown')}</p>`
            : nothing}
          ${this.renderFingerprint(agreement.sha256, true)} ${presentButton(true)}`;
      case 'agreed':
        return html`<p part="state-text">${this.i18n.t('agreementAgreed', { time: this.time(agreement.answeredAt) })}</p>
          ${this.renderFingerprint(agreement.sha256, false)}`;
      case 'refused':
        return html`<p part="state-text">${this.i18n.t('agreementRefused', { time: this.time(agreement.answeredAt) })}</p>
          <p part="reason">${agreement.reason ? this.i18n.t('agreementRefusedReason', { reason: agreement.reason }) : this.i18n.t('agreementRefusedNoReason')}</p>
          ${presentButton(true)}`;
    }
  }

  private renderFingerprint(sha256: string | null, hint: boolean) {
    if (!sha256) return nothing;
    return html`<p part="fingerprint-line">
        ${this.i18n.t('agreementFingerprint')}: <code part="fingerprint">${shortFingerprint(sha256)}</code>
      </p>
      ${hint ? html`<p part="hint">${this.i18n.t('agreementFingerprintHint')}</p>` : nothing}
      <details part="fingerprint-details">
        <summary>${this.i18n.t('agreementFingerprintFull')}</summary>
        <code part="fingerprint-full">${sha256}</code>
      </details>`;
  }

  private renderSignForm() {
    const error = this.passwordError;
    return html`<form part="sign-form" novalidate aria-labelledby="sign-heading" @submit=${(event: Event) => this.guard(this.sign(event))}>
      ${this.heading(1, 'subheading', 'sign-heading', this.i18n.t('agreementSignTitle'))}
      <p part="hint" id="sign-intro">${this.i18n.t('agreementSignIntro')}</p>
      <label part="label" for="password">${this.i18n.t('agreementPassword')}</label>
      ${renderFieldError('password', error && this.i18n.t(error))}
      <input
        part="input"
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'sign-intro password-error' : 'sign-intro'}
        .value=${live(this.password)}
        @input=${(event: Event) => {
          this.password = (event.target as HTMLInputElement).value;
          if (this.password) this.passwordError = undefined;
        }}
      />
      <button part="sign-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.i18n.t(this.busy ? 'agreementSigning' : 'agreementSign')}</button>
    </form>`;
  }

  private renderSignature(signature: NonNullable<Agreement['signature']>) {
    const rows: [MessageKey, unknown][] = [
      ['agreementSignedBy', signature.agentName],
      ['agreementHabilitation', signature.habilitation],
      ['agreementSignedAt', this.time(signature.signedAt, true)],
      ['agreementKey', html`<code>${shortFingerprint(signature.publicKeySha256)}</code>`],
    ];
    return html`<div part="signature">
      ${this.heading(1, 'subheading', 'signature-heading', this.i18n.t('agreementSignedTitle'))}
      <dl>${rows.map(([key, value]) => html`<dt>${this.i18n.t(key)}</dt><dd>${value}</dd>`)}</dl>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-agreement-panel': FinAgreementPanel;
  }
}
