import { html, nothing } from 'lit';
import type { ApiClient } from '../shared/api.js';
import type { I18nController } from '../shared/i18n.js';
import type { DeskCallback, TeamMember } from '../shared/types.js';

/** What a supervisor may hand to someone else: open, and nobody calling the citizen right now. */
const REASSIGNABLE: ReadonlySet<DeskCallback['state']> = new Set(['requested', 'assigned', 'retry']);

/** The council's enabled agents, whom a supervisor filters the queue by and hands callbacks to. */
export async function fetchTeam(client: ApiClient, signal: AbortSignal): Promise<TeamMember[]> {
  return (await client.get<{ agents: TeamMember[] }>('/api/desk/team', { signal })).agents;
}

/** The queue's filter by agent: everyone's callbacks, or those one agent has. */
export function renderAgentFilter(i18n: I18nController, team: readonly TeamMember[], selected: string, choose: (agent: string) => void) {
  return html`<div part="filter">
    <label part="filter-label" for="filter-agent">${i18n.t('deskFilterAgent')}</label>
    <select part="select" id="filter-agent" @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!selected}>${i18n.t('deskFilterAgentAll')}</option>
      ${team.map((member) => html`<option value=${member.id} ?selected=${member.id === selected}>${member.name}</option>`)}
    </select>
  </div>`;
}

/**
 * A callback's "Reassign" control: a labelled choice of agent, or nobody (back to the queue), and
 * its button. Its agent is offered even when no longer in the team, so the choice shows who has it.
 */
export function renderReassign(i18n: I18nController, callback: DeskCallback, team: readonly TeamMember[], busy: boolean, reassign: (to: string | null) => void) {
  if (!REASSIGNABLE.has(callback.state)) return nothing;
  const current = callback.assignedAgent;
  const choices = current && !team.some((member) => member.id === current.id) ? [...team, current] : team;
  const id = `reassign-${callback.id}`;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const to = ((event.target as HTMLFormElement).elements.namedItem('agent') as HTMLSelectElement).value;
    reassign(to || null);
  };
  return html`<form part="reassign-form" @submit=${submit}>
    <label part="reassign-label" for=${id}>${i18n.t('deskReassignTo')}<span class="visually-hidden"> ${callback.reference}</span></label>
    <select part="select reassign-select" id=${id} name="agent">
      <option value="" ?selected=${!current}>${i18n.t('deskReassignNobody')}</option>
      ${choices.map((member) => html`<option value=${member.id} ?selected=${member.id === current?.id}>${member.name}</option>`)}
    </select>
    <button part="reassign-button" type="submit" ?disabled=${busy}>${i18n.t('deskReassign')}<span class="visually-hidden"> ${callback.reference}</span></button>
  </form>`;
}
