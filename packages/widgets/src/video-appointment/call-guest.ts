import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../call/session.js';
import { FinElement } from '../shared/base-element.js';
import { renderInputField } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './video-appointment.styles.js';
import './translations/index.js';
import './view-translations/index.js';

/**
 * An interpreter or supervisor invited by the agent, inside `<video-appointment>`: their name,
 * then the call (`<fin-call-session>`: the device check, then the call).
 *
 * @summary A guest joining a video appointment from an invitation.
 * @tagname fin-call-guest
 *
 * @fires fin-call-end - The video call is over for the guest.
 * @fires fin-error - The call failed.
 */
export class FinCallGuest extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** A guest's call is named by its appointment, without a council. */
  protected static override requiresCouncil = false;

  /** The invitation's token. */
  @property() invite = '';

  /** The appointment's id, which names the call. */
  @property() call = '';

  @state() private name = '';
  @state() private nameError = false;
  /** Since "Continue": the call's session is shown. */
  @state() private calling = false;

  private async continue(event: SubmitEvent) {
    event.preventDefault();
    this.nameError = !this.name.trim();
    if (this.nameError) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#guest-name')?.focus();
      return;
    }
    this.calling = true;
  }

  protected renderContent() {
    return html`<section part="base" aria-labelledby="heading">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('callGuestTitle')}</h2>
      ${this.calling
        ? html`<fin-call-session
            part="call"
            exportparts="retry-button"
            call-id=${this.call}
            display-name=${this.name.trim()}
            lang=${this.i18n.lang}
            .api=${this.apiBase}
            .credentials=${{ invite: this.invite }}
          ></fin-call-session>`
        : html`<p part="intro">${this.i18n.t('callGuestIntro')}</p>
            <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.continue(event))}>
              ${renderInputField({
                id: 'guest-name',
                type: 'text',
                autocomplete: 'name',
                label: this.i18n.t('callGuestName'),
                error: this.nameError ? this.i18n.t('callGuestNameRequired') : undefined,
                required: true,
                value: this.name,
                onInput: (value) => (this.name = value),
                onBlur: () => undefined,
              })}
              <div part="actions"><button part="submit-button" type="submit">${this.i18n.t('callGuestContinue')}</button></div>
            </form>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-call-guest': FinCallGuest;
  }
}
