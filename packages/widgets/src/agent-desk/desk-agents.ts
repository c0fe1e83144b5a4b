import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError } from '../shared/errors.js';
import { FinAgentChangeEvent } from '../shared/events.js';
import type { MessageKey } from '../shared/i18n.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import type { Agent, StaffInvited, StaffMember } from '../shared/types.js';
import { cardListStyles } from './card-list.styles.js';
import { styles } from './desk-agents.styles.js';
import './translations/index.js';

type Role = StaffMember['role'];
const ROLES: Role[] = ['agent', 'supervisor', 'administrator'];
const ROLE_KEYS: Record<Role, MessageKey> = { agent: 'deskAgentsRoleAgent', supervisor: 'deskAgentsRoleSupervisor', administrator: 'deskAgentsRoleAdministrator' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What the server's refusals mean to an administrator. */
const REFUSALS: Partial<Record<string, MessageKey>> = { FIN_ERR_AGENT_EXISTS: 'deskAgentsErrorExists', FIN_ERR_LAST_ADMINISTRATOR: 'deskAgentsErrorLastAdmin' };

/**
 * The council's agents, for its administrators: each with their role, habilitation reference
 * (LPAC art. 12.2) and last sign-in; a form to invite one, whose one-time link is emailed and
 * shown once; and disabling, after a confirmation, which signs them out everywhere at once.
 *
 * @summary The desk's management of agents (administrators only).
 * @tagname fin-desk-agents
 *
 * @fires fin-agent-change - An agent was invited, changed, disabled or enabled: `{agentId}`.
 * @fires fin-error - Loading, inviting or changing failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart list - The agents.
 * @csspart agent - One agent: their facts and the form that changes them.
 * @csspart badge - "Disabled", "Invited" or "You" beside a name.
 * @csspart facts - Email and last sign-in.
 * @csspart save-button - Saves an agent's role and habilitation.
 * @csspart disable-button - Disables an agent (after the confirmation) or enables them again.
 * @csspart renew-button - Sends an invited agent a new link, when theirs expired or was lost.
 * @csspart confirm - The confirmation that disabling asks for.
 * @csspart confirm-button - Disables, in the confirmation.
 * @csspart cancel-button - Keeps the agent, in the confirmation.
 * @csspart invite-form - The invitation form.
 * @csspart card - The invitation form's box, drawn like the list's cards.
 * @csspart invite-button - Sends the invitation.
 * @csspart link - An invitation's link, shown once.
 * @csspart announcer - The polite live region that says what was done.
 * @csspart error - What failed.
 */
export class FinDeskAgents extends FinElement {
  static override styles = [baseStyles, cardListStyles, styles];

  /** The agent comes from the session cookie. */
  protected static override requiresCouncil = false;

  /** The signed-in administrator, marked "You" in the list. */
  @property({ attribute: false }) agent?: Agent;

  @state() private announcement = '';
  @state() private error = '';
  @state() private busy = '';
  /** The agent whose disabling awaits confirmation. */
  @state() private confirming = '';
  /** The invitation just sent, whose link is shown once: from the form, or renewed for an agent of the list. */
  @state() private invitation?: StaffInvited & { renewed: boolean };
  @state() private invite = { name: '', email: '', role: 'agent' as Role };
  @state() private inviteErrors: Partial<Record<'name' | 'email', MessageKey>> = {};

  private readonly agents = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: ([api], signal) => this.client(api).get<{ agents: StaffMember[] }>('/api/desk/agents', { signal }),
    onError: (error) => this.reportError(error),
  });

  private client(api = this.apiBase) {
    return new ApiClient(api, undefined, { credentials: 'include' });
  }

  /** Runs a change to an agent, then reloads the list and says `done`; a refusal is shown in the administrator's words. */
  private async act(id: string, work: () => Promise<{ id: string }>, done: string) {
    this.busy = id;
    this.error = '';
    try {
      const changed = await work();
      this.announcement = done;
      this.emit(new FinAgentChangeEvent(changed.id));
      await this.agents.retry();
      return true;
    } catch (error) {
      const failure = this.reportError(error);
      this.error = this.i18n.t((error instanceof ApiError && REFUSALS[failure.code]) || 'deskAgentsSaveError');
      return false;
    } finally {
      this.busy = '';
    }
  }

  private save(member: StaffMember, form: HTMLFormElement) {
    const data = new FormData(form);
    const habilitation = String(data.get('habilitation') ?? '').trim() || null;
    const change = { role: data.get('role') as Role, habilitation };
    return this.act(member.id, () => this.client().patch<StaffMember>(`/api/desk/agents/${encodeURIComponent(member.id)}`, change), this.i18n.t('deskAgentsSaved', { name: member.name }));
  }

  private async setDisabled(member: StaffMember, disabled: boolean) {
    this.confirming = '';
    const done = this.i18n.t(disabled ? 'deskAgentsDisabledDone' : 'deskAgentsEnabledDone', { name: member.name });
    await this.act(member.id, () => this.client().patch<StaffMember>(`/api/desk/agents/${encodeURIComponent(member.id)}`, { disabled }), done);
  }

  private async askToDisable(member: StaffMember) {
    this.confirming = member.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="confirm-button"]')?.focus();
  }

  private async sendInvitation(event: SubmitEvent) {
    event.preventDefault();
    const { name, email, role } = this.invite;
    const errors: typeof this.inviteErrors = {};
    if (!name.trim()) errors.name = 'deskAgentsErrorName';
    if (!EMAIL.test(email.trim())) errors.email = 'deskAgentsErrorEmail';
    this.inviteErrors = errors;
    if (Object.keys(errors).length) {
      this.renderRoot.querySelector<HTMLElement>(`#invite-${Object.keys(errors)[0]}`)?.focus();
      return;
    }
    this.invitation = undefined;
    let invited: StaffInvited | undefined;
    const send = async () => {
      invited = await this.client().post<StaffInvited>('/api/desk/agents', { name: name.trim(), email: email.trim(), role });
      return invited.agent;
    };
    const sent = await this.act('invite', send, this.i18n.t('deskAgentsInvitationSentShort', { name: name.trim() }));
    if (!sent) return;
    this.invitation = invited && { ...invited, renewed: false };
    this.invite = { name: '', email: '', role: 'agent' };
  }

  private async renew(member: StaffMember) {
    this.invitation = undefined;
    let renewed: StaffInvited | undefined;
    const send = async () => {
      renewed = await this.client().post<StaffInvited>(`/api/desk/agents/${encodeURIComponent(member.id)}/invitation`);
      return renewed.agent;
    };
    if (await this.act(member.id, send, this.i18n.t('deskAgentsInvitationSentShort', { name: member.name }))) this.invitation = renewed && { ...renewed, renewed: true };
  }

  private renderLink(invitation: StaffInvited) {
    return html`<p>${this.i18n.t('deskAgentsInvitationSent', { name: invitation.agent.name, date: this.when(invitation.invitation.expiresAt) })}</p>
      <p part="link">${invitation.invitation.url}</p>`;
  }

  private when(iso: string): string {
    return this.i18n.format({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private renderAgent(member: StaffMember) {
    const heading = `agent-${member.id}`;
    const self = member.id === this.agent?.id;
    const badges = [member.disabledAt && 'deskAgentsDisabledBadge', member.invited && 'deskAgentsInvitedBadge', self && 'deskAgentsYou'].filter(Boolean) as MessageKey[];
    return html`<li part="agent">
      <h3 id=${heading}>${member.name}${badges.map((key) => html` · <span part="badge">${this.i18n.t(key)}</span>`)}</h3>
      <dl part="facts">
        <dt>${this.i18n.t('deskAgentsEmail')}</dt>
        <dd>${member.email}</dd>
        <dt>${this.i18n.t('deskAgentsLastSignIn')}</dt>
        <dd>${member.lastSignInAt ? this.when(member.lastSignInAt) : this.i18n.t('deskAgentsNever')}</dd>
      </dl>
      <form aria-labelledby=${heading} @submit=${(event: SubmitEvent) => (event.preventDefault(), this.guard(this.save(member, event.target as HTMLFormElement)))}>
        <label for="role-${member.id}">${this.i18n.t('deskAgentsRole')}</label>
        <select id="role-${member.id}" name="role">
          ${ROLES.map((role) => html`<option value=${role} ?selected=${role === member.role}>${this.i18n.t(ROLE_KEYS[role])}</option>`)}
        </select>
        <label for="habilitation-${member.id}">${this.i18n.t('deskAgentsHabilitation')}</label>
        <p id="habilitation-hint-${member.id}">${this.i18n.t('deskAgentsHabilitationHint')}</p>
        <input id="habilitation-${member.id}" name="habilitation" autocomplete="off" maxlength="200" aria-describedby="habilitation-hint-${member.id}" .value=${member.habilitation ?? ''} />
        <div>
          <button part="save-button" type="submit" aria-disabled=${this.busy === member.id ? 'true' : 'false'}>${this.i18n.t('deskAgentsSave')}</button>
          <button
            part="disable-button"
            type="button"
            aria-describedby=${heading}
            @click=${() => (member.disabledAt ? this.guard(this.setDisabled(member, false)) : this.guard(this.askToDisable(member)))}
          >
            ${this.i18n.t(member.disabledAt ? 'deskAgentsEnable' : 'deskAgentsDisable')}
          </button>
          ${member.invited
            ? html`<button part="renew-button" type="button" aria-describedby=${heading} @click=${() => this.guard(this.renew(member))}>${this.i18n.t('deskAgentsRenew')}</button>`
            : nothing}
        </div>
      </form>
      ${this.invitation?.renewed && this.invitation.agent.id === member.id ? this.renderLink(this.invitation) : nothing}
      ${this.confirming === member.id
        ? html`<div part="confirm" role="group" aria-labelledby="confirm-${member.id}">
            <p id="confirm-${member.id}">${this.i18n.t('deskAgentsConfirmDisable', { name: member.name })}</p>
            <button part="confirm-button" type="button" @click=${() => this.guard(this.setDisabled(member, true))}>${this.i18n.t('deskAgentsConfirm')}</button>
            <button part="cancel-button" type="button" @click=${() => (this.confirming = '')}>${this.i18n.t('deskAgentsCancel')}</button>
          </div>`
        : nothing}
    </li>`;
  }

  private renderInviteField(field: 'name' | 'email', type: string, autocomplete: string) {
    const error = this.inviteErrors[field];
    return html`<label for="invite-${field}">${this.i18n.t(field === 'name' ? 'deskAgentsName' : 'deskAgentsEmail')}</label>
      ${error ? html`<p part="error" id="invite-${field}-error">${this.i18n.t(error)}</p>` : nothing}
      <input
        id="invite-${field}"
        type=${type}
        autocomplete=${autocomplete}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `invite-${field}-error` : nothing}
        .value=${this.invite[field]}
        @input=${(event: InputEvent) => (this.invite = { ...this.invite, [field]: (event.target as HTMLInputElement).value })}
      />`;
  }

  private renderInvite() {
    return html`<form part="invite-form card" novalidate aria-labelledby="invite-heading" @submit=${(event: SubmitEvent) => this.guard(this.sendInvitation(event))}>
      <h3 id="invite-heading">${this.i18n.t('deskAgentsInviteTitle')}</h3>
      ${this.renderInviteField('name', 'text', 'off')} ${this.renderInviteField('email', 'email', 'off')}
      <label for="invite-role">${this.i18n.t('deskAgentsRole')}</label>
      <select id="invite-role" @change=${(event: Event) => (this.invite = { ...this.invite, role: (event.target as HTMLSelectElement).value as Role })}>
        ${ROLES.map((role) => html`<option value=${role} ?selected=${role === this.invite.role}>${this.i18n.t(ROLE_KEYS[role])}</option>`)}
      </select>
      <div><button part="invite-button" type="submit" aria-disabled=${this.busy === 'invite' ? 'true' : 'false'}>${this.i18n.t('deskAgentsInvite')}</button></div>
      ${this.invitation && !this.invitation.renewed ? this.renderLink(this.invitation) : nothing}
    </form>`;
  }

  protected renderContent() {
    const agents = this.agents.value?.agents;
    return html`<section part="base" aria-labelledby="agents-heading">
        <h2 part="heading" id="agents-heading">${this.i18n.t('deskAgentsTitle')}</h2>
        <p>${this.i18n.t('deskAgentsIntro')}</p>
        ${this.agents.status === 'error' ? html`<p part="error" role="alert">${this.i18n.t('deskAgentsLoadError')}</p>` : nothing}
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
        ${agents ? html`<ul part="list">${agents.map((member) => this.renderAgent(member))}</ul>` : nothing} ${this.renderInvite()}
      </section>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-desk-agents': FinDeskAgents;
  }
}
