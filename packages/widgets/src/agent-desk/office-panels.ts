import { html, nothing } from 'lit';
import type { StringOverrides } from '../shared/i18n.js';
import type { Agent } from '../shared/types.js';
import type { DeskEventStream } from './desk-events.js';
import { supervises } from './roles.js';

export interface OfficePanels {
  api?: string;
  lang: string;
  strings?: StringOverrides | null;
  agent: Agent;
  events?: DeskEventStream;
  /** An administrator changed an agent: the audit log shows it. */
  onAgentChange: () => void;
}

/**
 * The desk's panels below the queue, each for whom it concerns: the accessibility reports for
 * everyone, the incidents and data protection for supervisors, the agents and the audit log for administrators, and
 * the agent's own sessions.
 */
export function renderOfficePanels({ api, lang, strings, agent, events, onAgentChange }: OfficePanels) {
  return html`<fin-accessibility-feedback
    part="accessibility-feedback"
    exportparts="report, badge, message, acknowledge-button"
    .api=${api}
    .lang=${lang}
    .strings=${strings}
  ></fin-accessibility-feedback>
  ${supervises(agent)
    ? html`<fin-desk-incidents
        part="desk-incidents"
        exportparts="incident, resolve-button"
        .api=${api}
        .lang=${lang}
        .strings=${strings}
        .events=${events}
      ></fin-desk-incidents>
      <fin-data-protection
        part="data-protection"
        exportparts="search-form, search-button, export-button, case, hold-button, hold-form, confirm-button: hold-confirm-button, lift-button"
        .api=${api}
        .lang=${lang}
        .strings=${strings}
      ></fin-data-protection>`
    : nothing}
  ${agent.role === 'administrator'
    ? html`<fin-desk-agents
          part="desk-agents"
          @fin-agent-change=${onAgentChange}
          exportparts="agent, save-button, disable-button, confirm-button, invite-form, invite-button, link"
          .api=${api}
          .lang=${lang}
          .strings=${strings}
          .agent=${agent}
        ></fin-desk-agents>
        <fin-desk-audit part="desk-audit" exportparts="entry, more-button" .api=${api} .lang=${lang} .strings=${strings}></fin-desk-audit>`
    : nothing}
  <fin-desk-sessions
    part="desk-sessions"
    exportparts="session, end-button"
    .api=${api}
    .lang=${lang}
    .strings=${strings}
  ></fin-desk-sessions>`;
}
