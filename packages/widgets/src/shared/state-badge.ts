import { css, html, type TemplateResult } from 'lit';
import type { MessageKey } from './i18n.js';
import { token } from './theme.js';
import type { AppointmentState } from './types.js';

/** An appointment's state in words, as the citizen's page and the desk's agenda both say it. */
export const APPOINTMENT_STATE_LABELS: Record<AppointmentState, MessageKey> = {
  booked: 'appointmentStateBooked',
  cancelled: 'appointmentStateCancelled',
  checked_in: 'appointmentStateCheckedIn',
  in_call: 'appointmentStateInCall',
  completed: 'appointmentStateCompleted',
  no_show: 'appointmentStateNoShow',
  abandoned: 'appointmentStateAbandoned',
};

/** A case's state in words; the part `state-<state>` lets a theme tell the states apart at a glance. */
export function renderStateBadge(state: string, label: string): TemplateResult {
  return html`<span part="badge state-${state}">${label}</span>`;
}

/** How the badge looks: a framed word, coloured by the element for its states. */
export const badgeStyles = css`
  [part~='badge'] {
    display: inline-block;
    padding: 0 calc(${token('spacing')} * 0.5);
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    font-size: 0.875em;
    font-weight: 700;
    white-space: nowrap;
  }
`;
