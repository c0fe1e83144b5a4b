import type { DemoOffer, TestAppointment } from '@finestreta/server/contract';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './demo-try.styles.js';
import './translations/index.js';

/**
 * The demo's "try it now": makes a test appointment of the agent's council that starts now, any
 * day and at any hour, and shows the citizen's personal link to open in another window or on a
 * phone. Shown only when the server runs in demo mode; elsewhere it renders nothing.
 *
 * @summary The demo's test appointment, starting now.
 * @tagname fin-demo-try
 *
 * @fires fin-error - Making the test appointment failed: `{code, message, recoverable}`.
 *
 * @csspart base - The box, marked as a demonstration.
 * @csspart heading - Its heading.
 * @csspart badge - The word that marks it as a demonstration.
 * @csspart intro - What the button does.
 * @csspart try-button - Makes a test appointment.
 * @csspart result - The appointment made, its link and what to do next.
 * @csspart link-field - The citizen's personal link, in a read-only field to copy.
 * @csspart link - The same link, opening the citizen's page in a new window.
 * @csspart copy-button - Copies the link.
 * @csspart announcer - The polite live region that says the appointment was made or the link copied.
 * @csspart error - What failed.
 */
export class FinDemoTry extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  @state() private created?: TestAppointment;
  @state() private busy = false;
  @state() private announcement = '';
  @state() private error = '';

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  // Outside demo mode the route answers 404, and any other failure only leaves the demo out:
  // neither is something the agent can act on, so nothing is reported and nothing is shown.
  private readonly offer = new FetchTask(this, {
    args: () => [this.apiBase, this.i18n.lang] as const,
    task: ([, lang], signal) => this.client.get<DemoOffer>('/api/desk/demo', { signal, query: { lang } }),
  });

  private async tryNow() {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      this.created = await this.client.post<TestAppointment>('/api/desk/demo/appointments', { language: this.i18n.lang });
      this.announcement = this.i18n.t('deskDemoCreated', { reference: this.created.reference });
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t('deskDemoError');
    } finally {
      this.busy = false;
    }
  }

  private async copyLink(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      this.announcement = this.i18n.t('deskDemoCopied');
    } catch {
      // Without clipboard access the link stays in its field, selected, ready for Ctrl+C.
      this.renderRoot.querySelector<HTMLInputElement>('#demo-link')?.select();
    }
  }

  protected renderContent() {
    const offer = this.offer.value;
    if (offer?.demo !== true) return nothing;
    const created = this.created;
    return html`<section part="base" aria-labelledby="demo-heading">
      <h2 part="heading" id="demo-heading"><span part="badge">${this.i18n.t('deskDemoBadge')}</span> ${this.i18n.t('deskDemoTitle')}</h2>
      <p part="intro">${this.i18n.t('deskDemoIntro', { procedure: offer.procedure.name })}</p>
      <button part="try-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.tryNow())}>
        ${this.i18n.t('deskDemoTry')}
      </button>
      ${created
        ? html`<div part="result">
            <p>${this.i18n.t('deskDemoCreated', { reference: created.reference })}</p>
            <label for="demo-link">${this.i18n.t('deskDemoLinkLabel')}</label>
            <div class="link-row">
              <input part="link-field" id="demo-link" type="url" readonly .value=${created.appointmentUrl} />
              <button part="copy-button" type="button" @click=${() => this.guard(this.copyLink(created.appointmentUrl))}>${this.i18n.t('deskDemoCopy')}</button>
            </div>
            <p><a part="link" href=${created.appointmentUrl} target="_blank" rel="noopener">${this.i18n.t('deskDemoOpen')}</a></p>
            <p>${this.i18n.t('deskDemoNext', { reference: created.reference })}</p>
          </div>`
        : nothing}
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-demo-try': FinDemoTry;
  }
}
