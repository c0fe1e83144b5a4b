import { html, nothing } from 'lit';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import type { DeskAppointmentDetails } from '../shared/types.js';
import { clock, momentOf, playFrom } from './recording.js';

const EVENT_LABELS: Partial<Record<string, MessageKey>> = {
  'appointment.booked': 'deskEventBooked',
  'appointment.rescheduled': 'deskEventRescheduled',
  'appointment.cancelled': 'deskEventCancelled',
  'appointment.checked_in': 'deskEventCheckedIn',
  'appointment.in_call': 'deskEventInCall',
  'appointment.completed': 'deskEventCompleted',
  'appointment.no_show': 'deskEventNoShow',
  'appointment.abandoned': 'deskEventAbandoned',
};

export interface HistoryOptions {
  i18n: I18nController;
  appointment: DeskAppointmentDetails;
  /** Where the recordings' players are, for an event's "play from here". */
  root: ParentNode;
  /** An instant as the agenda shows it: the day (short) and the time, in the council's zone. */
  when: (iso: string) => string;
}

/**
 * An appointment's history (its evidence log) in the agenda's details: each event in words, who
 * did it, and where it happened in the call's recording, to play from there.
 */
export function renderHistory({ i18n, appointment, root, when }: HistoryOptions) {
  return html`<ol part="events">
    ${appointment.events.map((event) => {
      const label = EVENT_LABELS[event.type];
      const actor = event.actor === 'citizen' ? 'deskAgendaEventActorCitizen' : event.actor === 'system' ? 'deskAgendaEventActorSystem' : 'deskAgendaEventActorAgent';
      const moment = momentOf(appointment.recordings, event.data.recording);
      return html`<li part="event">
        <time datetime=${event.at}>${when(event.at)}</time> — ${label ? i18n.t(label) : event.type} (${i18n.t(actor)})
        ${moment
          ? html`<button part="event-play-button" type="button" @click=${() => playFrom(root, moment.recordingId, moment.seconds)}>
              ${i18n.t('deskAgendaEventPlay', { at: clock(moment.seconds) })}
            </button>`
          : nothing}
      </li>`;
    })}
  </ol>`;
}
