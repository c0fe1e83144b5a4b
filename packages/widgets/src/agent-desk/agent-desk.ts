import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError, FinError, isAbort } from '../shared/errors.js';
import { FinLoginEvent, FinLogoutEvent } from '../shared/events.js';
import { renderInputField } from '../shared/form-fields.js';
import type { Lang, MessageKey } from '../shared/i18n.js';
import { baseStyles } from '../shared/theme.js';
import type { Agent } from '../shared/types.js';
import { renderOfficePanels } from './office-panels.js';
import { styles } from './agent-desk.styles.js';
import { DeskEventStream } from './desk-events.js';
import { preferredLanguage, rememberLanguage, renderLanguageSwitch } from './desk-language.js';
import { renderInvitationForm, takeInvitationToken, validateInvitation, type InvitationValues } from './invitation.js';
import { PROVIDER_ERRORS, validate, type Credentials, type Field } from './sign-in.js';
import './translations/index.js';

type Tab = 'callbacks' | 'appointments';

const TABS: Tab[] = ['callbacks', 'appointments'];

type View = { name: 'checking' } | { name: 'sign-in' } | { name: 'invitation'; token: string } | { name: 'workspace'; agent: Agent } | { name: 'unavailable' };

const CREDENTIALS_INVALID = 'FIN_ERR_CREDENTIALS_INVALID';

/**
 * The agents' desk: sign in, then the workspace of the agent's council. It talks to `/api/desk/*`
 * on its own origin with the session cookie; an existing session is restored on load.
 *
 * @summary The agent desk: sign-in form and workspace shell.
 * @tagname agent-desk
 *
 * @attr api - Base URL of the Finestreta server; defaults to this page's origin (the desk is served by the server).
 * @attr lang - `ca`, `es` or `en`; defaults to the agent's last choice on the language switch (kept in
 *   `localStorage`), else the browser's languages, else the nearest `[lang]` and the page. The switch sets it,
 *   so the desk's root carries the language screen readers speak; every panel of the desk follows it.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 * @attr council - The council whose sign-in this is; with `identity-provider`, it offers that council's provider.
 * @attr identity-provider - The name of the council's identity provider: the sign-in offers "Sign in with <name>".
 * @attr sign-in-error - The code a sign-in with the identity provider came back with (`FIN_ERR_OIDC_*`), shown in the error summary.
 *
 * @fires fin-login - An agent signed in or a session was restored; `agentId`.
 * @fires fin-logout - The agent signed out.
 * @fires fin-error - Signing in, restoring the session or signing out failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box of each view (with `workspace` in the signed-in view).
 * @csspart heading - The view's main heading; it receives focus when the view changes.
 * @csspart status - Progress messages ("Checking your session…").
 * @csspart error-summary - The list of problems shown after a failed sign-in; it takes focus.
 * @csspart error-summary-title - Its title.
 * @csspart error-link - A link in it that moves focus to the field concerned.
 * @csspart identity-provider-link - The "Sign in with <name>" link to the council's identity provider, above the form.
 * @csspart password-intro - The line that introduces the password form below that link.
 * @csspart form - The sign-in form.
 * @csspart field - A label, its error and its input.
 * @csspart label - A field's label.
 * @csspart field-error - A field's error message.
 * @csspart input - A text input.
 * @csspart submit-button - The sign-in button.
 * @csspart error - The message shown when the desk cannot be reached.
 * @csspart retry-button - The button that tries again.
 * @csspart language-switch - The language switch (a `nav`), on every view.
 * @csspart language-list - Its list.
 * @csspart language-button - A language's button; the current one also has the part `selected`.
 * @csspart header - The workspace header.
 * @csspart identity - The council and the signed-in agent's name.
 * @csspart logout-button - The sign-out button.
 * @csspart demo-try - In demo mode only, the "try a test appointment now" box (`<fin-demo-try>`); its own parts (`try-button`, `link`, …) are exported too, `heading`, `badge`, `announcer` and `error` as `demo-heading`, `demo-badge`, `demo-announcer` and `demo-error`.
 * @csspart accessibility-feedback - The accessibility reports people sent from the council's statement (`<fin-accessibility-feedback>`), below the queue.
 * @csspart data-protection - A person's cases found by phone, email or DNI, everything held about them, and legal holds (`<fin-data-protection>`), for supervisors and administrators only.
 * @csspart desk-incidents - What failed in the background (recordings, emails, registrations, seals), for supervisors and administrators only (`<fin-desk-incidents>`).
 * @csspart desk-agents - The council's agents, invited, changed and disabled from here (`<fin-desk-agents>`), for administrators only.
 * @csspart desk-audit - The council's audit log (`<fin-desk-audit>`), for administrators only.
 * @csspart notice - What the sign-in says first: a password just set with an invitation, or a session that ended elsewhere.
 * @csspart desk-sessions - Where the agent is signed in, each session ended from here but the current one (`<fin-desk-sessions>`), at the end.
 * @csspart flood-alert - The alert shown when bookings flood the council (`<fin-flood-alert>`), with the suspicious bookings and their bulk cancel; empty at a normal rate.
 * @csspart main - The workspace's main area.
 * @csspart queue-heading - The work queue's heading.
 * @csspart tabs - The tab list that switches between calls and appointments.
 * @csspart tab - A tab; the chosen one also has the part `selected`.
 * @csspart tab-panel - A tab's panel.
 * @csspart callback-queue - The callback queue; its own parts (`list`, `item`, `badge`, `action-button`, …) are exported too.
 * @csspart appointment-agenda - The appointment agenda (`<fin-appointment-agenda>`), created the first time its tab is chosen; its own parts (`table`, `row`, `badge`, `no-show-button`, …) are exported too.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-border - Borders and field outlines.
 * @cssprop --fin-color-error - Error messages and invalid fields.
 * @cssprop --fin-color-primary - Buttons.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class AgentDesk extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session; before sign-in, `council` only chooses the identity provider offered. */
  protected static override requiresCouncil = false;

  /** The council's identity provider, by the name agents know it by; the server's desk page sets it. */
  @property({ attribute: 'identity-provider' }) identityProvider?: string;
  /** Why the last sign-in with the identity provider failed: a `FIN_ERR_OIDC_*` code; the server's desk page sets it. */
  @property({ attribute: 'sign-in-error' }) signInError?: string;

  @state() private view: View = { name: 'checking' };
  @state() private values: Credentials = { email: '', password: '' };
  @state() private touched = new Set<Field>();
  @state() private submitted = false;
  @state() private busy = false;
  /** A problem the server reported about the whole form (wrong credentials, unreachable). */
  @state() private formError?: MessageKey;
  /** The id of what the error summary's link for `formError` moves focus to. */
  @state() private formErrorTarget = 'email';
  @state() private signOutFailed = false;
  /** Said atop the sign-in: a password just set with an invitation, or a session that ended. */
  @state() private notice?: MessageKey;
  @state() private passwords: InvitationValues = { newPassword: '', repeatPassword: '' };
  @state() private tab: Tab = 'callbacks';
  /** The agenda is created when its tab is first chosen, then kept so it stays live. */
  @state() private agendaOpened = false;

  private session?: AbortController;
  /**
   * One live connection for the whole workspace, shared by the queue and the agenda. Not reactive:
   * it changes with the view, and closing it on disconnect must not re-render the disconnected
   * sub-elements (which would start their requests again).
   */
  private stream?: DeskEventStream;

  /** `include`: the session cookie is HttpOnly and only the browser can send it. */
  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  override connectedCallback() {
    super.connectedCallback();
    // Agents follow their own choice or their browser, not the page's default language.
    const preferred = preferredLanguage();
    if (preferred && !this.hasAttribute('lang')) this.lang = preferred;
    const token = takeInvitationToken(window.location, window.history);
    if (token) this.view = { name: 'invitation', token };
    else this.guard(this.restoreSession());
  }

  /** Switches the whole desk, its panels included, and keeps the choice for next time. */
  private chooseLanguage(lang: Lang) {
    rememberLanguage(lang);
    this.lang = lang;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.session?.abort();
    this.closeStream();
  }

  private closeStream() {
    this.stream?.close();
    this.stream = undefined;
  }

  private async restoreSession() {
    this.session?.abort();
    const session = (this.session = new AbortController());
    this.view = { name: 'checking' };
    try {
      const { agent } = await this.client.get<{ agent: Agent }>('/api/desk/me', { signal: session.signal });
      this.enterWorkspace(agent);
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof ApiError && error.status === 401) {
        this.view = { name: 'sign-in' };
        await this.showProviderError();
        return;
      }
      this.reportError(error);
      this.view = { name: 'unavailable' };
    }
  }

  private async signIn(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    this.formError = undefined;
    this.formErrorTarget = 'email';
    if (Object.keys(validate(this.values)).length) return this.focusPart('[part~="error-summary"]');
    this.busy = true;
    try {
      const { agent } = await this.client.post<{ agent: Agent }>('/api/desk/login', { email: this.values.email.trim(), password: this.values.password });
      this.values = { email: '', password: '' };
      this.touched = new Set();
      this.submitted = false;
      this.enterWorkspace(agent);
      await this.focusPart('[part~="heading"]');
    } catch (error) {
      const failure = this.reportError(error);
      this.formError = failure.code === CREDENTIALS_INVALID ? 'errorCredentialsInvalid' : 'deskErrorUnavailable';
      await this.focusPart('[part~="error-summary"]');
    } finally {
      this.busy = false;
    }
  }

  /** Shows, once, why the identity provider's sign-in that brought the agent back here failed. */
  private async showProviderError() {
    const key = PROVIDER_ERRORS[this.signInError ?? ''];
    if (!key) return;
    this.reportError(new FinError(this.signInError!, this.i18n.t(key), true));
    this.formError = key;
    this.formErrorTarget = this.identityProvider ? 'identity-provider' : 'email';
    await this.focusPart('[part~="error-summary"]');
  }

  private async signOut() {
    this.signOutFailed = false;
    try {
      await this.client.post('/api/desk/logout');
    } catch (error) {
      // 401: the session had already ended, which is what signing out wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        this.reportError(error);
        this.signOutFailed = true;
        return;
      }
    }
    this.closeStream();
    this.view = { name: 'sign-in' };
    this.emit(new FinLogoutEvent());
    await this.focusPart('[part~="heading"]');
  }

  /**
   * The stream drops when the session ends elsewhere (signed out on another device, disabled by an
   * administrator) as well as when the network does: asks which, and if the session is over, asks
   * the agent to sign in again at once rather than at their next click.
   */
  private readonly onStreamStatus = async () => {
    if (this.stream?.connected !== false) return;
    try {
      await this.client.get('/api/desk/me');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) return;
      this.closeStream();
      this.notice = 'deskSessionEnded';
      this.view = { name: 'sign-in' };
      this.emit(new FinLogoutEvent());
      await this.focusPart('[part~="heading"]');
    }
  };

  private async acceptInvitation(event: SubmitEvent, token: string) {
    event.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    this.formError = undefined;
    if (Object.keys(validateInvitation(this.passwords)).length) return this.focusPart('[part~="error-summary"]');
    this.busy = true;
    try {
      await this.client.post('/api/desk/invitation', { token, password: this.passwords.newPassword });
      this.passwords = { newPassword: '', repeatPassword: '' };
      this.submitted = false;
      this.notice = 'deskInvitationDone';
      this.view = { name: 'sign-in' };
      await this.focusPart('[part~="heading"]');
    } catch (error) {
      const failure = this.reportError(error);
      this.formError = failure.code === 'FIN_ERR_TOKEN_INVALID' ? 'deskInvitationErrorInvalid' : 'deskErrorUnavailable';
      await this.focusPart('[part~="error-summary"]');
    } finally {
      this.busy = false;
    }
  }

  private enterWorkspace(agent: Agent) {
    this.closeStream();
    this.notice = undefined;
    this.stream = new DeskEventStream(this.client.url('/api/desk/events'));
    this.stream.addEventListener('status', () => this.guard(this.onStreamStatus()));
    this.stream.open();
    this.tab = 'callbacks';
    this.view = { name: 'workspace', agent };
    this.emit(new FinLoginEvent(agent.id));
  }

  private selectTab(tab: Tab) {
    this.tab = tab;
    if (tab === 'appointments') this.agendaOpened = true;
  }

  /** Arrow keys, Home and End move between tabs and choose the one they reach, as the ARIA tabs pattern has it. */
  private async onTabKey(event: KeyboardEvent) {
    const index = TABS.indexOf(this.tab);
    const next: Partial<Record<string, number>> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.selectTab(TABS[(target + TABS.length) % TABS.length]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus();
  }

  /** Moves focus after the next render, so it lands on what the view now shows. */
  private async focusPart(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  protected renderContent() {
    return html`${renderLanguageSwitch(this.i18n, (lang) => this.chooseLanguage(lang))}${this.renderView()}`;
  }

  private renderView() {
    switch (this.view.name) {
      case 'checking':
        return html`<div part="base"><p part="status" role="status">${this.i18n.t('deskCheckingSession')}</p></div>`;
      case 'unavailable':
        return html`<div part="base">
          <p part="error" role="alert">${this.i18n.t('deskErrorUnavailable')}</p>
          <button part="retry-button" type="button" @click=${() => this.guard(this.restoreSession())}>${this.i18n.t('retry')}</button>
        </div>`;
      case 'sign-in':
        return this.renderSignIn();
      case 'invitation':
        return this.renderInvitation(this.view.token);
      case 'workspace':
        return this.renderWorkspace(this.view.agent);
    }
  }

  private renderSignIn() {
    const errors = this.submitted || this.touched.size ? validate(this.values) : {};
    const shown = (field: Field) => (this.submitted || this.touched.has(field) ? errors[field] : undefined);
    const summary: [string, MessageKey][] = this.formError
      ? [[this.formErrorTarget, this.formError]]
      : this.submitted
        ? (Object.entries(errors) as [Field, MessageKey][])
        : [];
    return html`<div part="base">
      <h1 part="heading" tabindex="-1">${this.i18n.t('deskSignInTitle')}</h1>
      ${this.notice ? html`<p part="notice" role="status">${this.i18n.t(this.notice)}</p>` : nothing}
      ${summary.length ? this.renderSummary(summary) : nothing} ${this.renderProviderLink()}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.signIn(event))}>
        ${this.renderField('email', 'email', 'username', shown('email'))}
        ${this.renderField('password', 'password', 'current-password', shown('password'))}
        <button part="submit-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.i18n.t(this.busy ? 'deskSigningIn' : 'deskSignIn')}
        </button>
      </form>
    </div>`;
  }

  /** A link, not a button: to the provider's own page through the server, which keeps the sign-in's secrets. */
  private renderProviderLink() {
    const council = this.councilId;
    if (!this.identityProvider || !council) return nothing;
    return html`<p>
        <a part="identity-provider-link" id="identity-provider" href=${this.client.url(`/api/desk/oidc/${encodeURIComponent(council)}/start`)}>
          ${this.i18n.t('deskSignInWith', { name: this.identityProvider })}
        </a>
      </p>
      <p part="password-intro">${this.i18n.t('deskSignInWithPassword')}</p>`;
  }

  private renderInvitation(token: string) {
    return renderInvitationForm({
      i18n: this.i18n,
      values: this.passwords,
      errors: this.submitted ? validateInvitation(this.passwords) : {},
      formError: this.formError,
      busy: this.busy,
      summary: (items) => this.renderSummary(items),
      onInput: (field, value) => (this.passwords = { ...this.passwords, [field]: value }),
      onSubmit: (event) => this.guard(this.acceptInvitation(event, token)),
    });
  }

  private renderSummary(items: [string, MessageKey][]) {
    const focusField = (event: Event, field: string) => {
      // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
      event.preventDefault();
      this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
    };
    return html`<div part="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
      <div role="alert">
        <h2 part="error-summary-title" id="error-summary-title">${this.i18n.t('deskErrorSummaryTitle')}</h2>
        <ul>
          ${items.map(([field, key]) => html`<li><a part="error-link" href="#${field}" @click=${(event: Event) => focusField(event, field)}>${this.i18n.t(key)}</a></li>`)}
        </ul>
      </div>
    </div>`;
  }

  private renderField(field: Field, type: string, autocomplete: string, error: MessageKey | undefined) {
    return renderInputField({
      id: field,
      type,
      autocomplete,
      label: this.i18n.t(field === 'email' ? 'deskEmail' : 'deskPassword'),
      error: error && this.i18n.t(error),
      required: true,
      value: this.values[field],
      onInput: (value) => (this.values = { ...this.values, [field]: value }),
      onBlur: () => (this.touched = new Set(this.touched).add(field)),
    });
  }

  private renderWorkspace(agent: Agent) {
    return html`<div part="base workspace">
      <div part="header">
        <div>
          <h1 part="heading" tabindex="-1">${this.i18n.t('deskTitle')}</h1>
          <p part="identity">${agent.council.name} · ${this.i18n.t('deskSignedInAs', { name: agent.name })}</p>
        </div>
        <button part="logout-button" type="button" @click=${() => this.guard(this.signOut())}>${this.i18n.t('deskSignOut')}</button>
      </div>
      ${this.signOutFailed ? html`<p part="error" role="alert">${this.i18n.t('deskErrorUnavailable')}</p>` : nothing}
      <fin-demo-try
        part="demo-try"
        exportparts="heading: demo-heading, badge: demo-badge, intro, try-button, result, link-field, link, copy-button, announcer: demo-announcer, error: demo-error"
        .api=${this.api}
        .lang=${this.i18n.lang}
        .strings=${this.strings}
      ></fin-demo-try>
      <fin-flood-alert
        part="flood-alert"
        exportparts="alert, group, group-legend, booking, checkbox, cancel-button, confirm, confirm-button, keep-button"
        .api=${this.api}
        .lang=${this.i18n.lang}
        .strings=${this.strings}
        .events=${this.stream}
      ></fin-flood-alert>
      <section part="main" aria-labelledby="queue-heading">
        <h2 part="queue-heading" id="queue-heading">${this.i18n.t('deskQueueTitle')}</h2>
        <div part="tabs" role="tablist" aria-labelledby="queue-heading" @keydown=${(event: KeyboardEvent) => this.onTabKey(event)}>
          ${TABS.map((tab) => {
            const selected = tab === this.tab;
            return html`<button
              part=${selected ? 'tab selected' : 'tab'}
              role="tab"
              type="button"
              id="tab-${tab}"
              aria-controls="panel-${tab}"
              aria-selected=${selected ? 'true' : 'false'}
              tabindex=${selected ? '0' : '-1'}
              @click=${() => this.selectTab(tab)}
            >
              ${this.i18n.t(tab === 'callbacks' ? 'deskTabCallbacks' : 'deskTabAppointments')}
            </button>`;
          })}
        </div>
        <div part="tab-panel" role="tabpanel" id="panel-callbacks" aria-labelledby="tab-callbacks" ?hidden=${this.tab !== 'callbacks'}>
          <fin-callback-queue
            part="callback-queue"
            exportparts="filters, filter, filter-label, announcer, action-error, latest, survey-link, count, list, item, reference, badge, state-requested, state-assigned, state-in_progress, state-retry, state-completed, state-failed, state-cancelled, details, detail, term, value, phone-link, actions, action-button, outcome-form, outcome-group, note, empty-state, documents-disclosure, documents-summary, history-disclosure, history-summary"
            .api=${this.api}
            .lang=${this.i18n.lang}
            .strings=${this.strings}
            .agent=${agent}
            .events=${this.stream}
          ></fin-callback-queue>
        </div>
        <div part="tab-panel" role="tabpanel" id="panel-appointments" aria-labelledby="tab-appointments" ?hidden=${this.tab !== 'appointments'}>
          ${this.agendaOpened
            ? html`<fin-appointment-agenda
                part="appointment-agenda"
                exportparts="day-picker, day-button, announcer, section, section-heading, count, table, row, column-header, cell, time, reference, badge, state-booked, state-cancelled, state-checked_in, state-in_call, state-completed, state-no_show, state-abandoned, open-button, empty-state, details, details-heading, close-button, fields, field, term, value, phone-link, email-link, subheading, documents, document, no-show, no-show-button, no-show-hint, events, event"
                .api=${this.api}
                .lang=${this.i18n.lang}
                .strings=${this.strings}
                .agent=${agent}
                .events=${this.stream}
              ></fin-appointment-agenda>`
            : nothing}
        </div>
      </section>
      ${renderOfficePanels({
        api: this.api,
        lang: this.i18n.lang,
        strings: this.strings,
        agent,
        events: this.stream,
        onAgentChange: () => this.guard(this.renderRoot.querySelector('fin-desk-audit')!.reload()),
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-desk': AgentDesk;
  }
}
