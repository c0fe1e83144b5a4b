import { html } from 'lit';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import type { DeskAppointmentDetails, RecordingParty } from '../shared/types.js';
import { playTogether } from './play-together.js';

type Recording = DeskAppointmentDetails['recordings'][number];

const PARTY_NAMES: Record<RecordingParty, MessageKey> = {
  citizen: 'deskAgendaPartyCitizen',
  agent: 'deskAgendaPartyAgent',
};

/** Where the desk downloads a recording of an appointment's call (the whole file; `/parties/<party>` for one party's streams). */
export function recordingUrl(api: string, appointmentId: string, recordingId: string): string {
  return `${api}/api/desk/appointments/${encodeURIComponent(appointmentId)}/recordings/${encodeURIComponent(recordingId)}`;
}

/**
 * A recording of the call, as an item of the agenda's list. The file holds each party's camera and
 * microphone, and a browser plays only the first of each; so each party plays from their own
 * streams, the players kept together, and the whole file (the evidence) is there to download with
 * its hash. `time` gives a time of day in the council's zone.
 */
export function renderRecording({ i18n, src, recording, time }: { i18n: I18nController; src: string; recording: Recording; time: (iso: string) => string }) {
  const label = i18n.t('deskAgendaRecording', { time: time(recording.startedAt) });
  const labelId = `recording-${recording.id}`;
  if (recording.parties.length < 2) {
    return html`<li part="recording">
      <p part="recording-label">${label}</p>
      <video part="recording-player" controls preload="metadata" aria-label=${label} src=${src}></video>
    </li>`;
  }
  return html`<li part="recording">
    <p part="recording-label" id=${labelId}>${label}</p>
    <p part="recording-hint">${i18n.t('deskAgendaRecordingTogether')}</p>
    <div
      part="recording-parties"
      role="group"
      aria-labelledby=${labelId}
      @play=${playTogether}
      @pause=${playTogether}
      @seeked=${playTogether}
      @ratechange=${playTogether}
      @timeupdate=${playTogether}
    >
      ${recording.parties.map((party) => {
        const name = i18n.t(PARTY_NAMES[party]);
        return html`<figure part="recording-party">
          <video
            part="recording-player"
            controls
            preload="metadata"
            aria-label=${i18n.t('deskAgendaRecordingOf', { recording: label, party: name })}
            src=${`${src}/parties/${party}`}
          ></video>
          <figcaption part="recording-party-name">${name}</figcaption>
        </figure>`;
      })}
    </div>
    <p part="recording-evidence">
      <a part="recording-download" href=${src} download>${i18n.t('deskAgendaRecordingDownload')}</a>
      <span part="recording-hash"><abbr title="SHA-256">${i18n.t('deskDocumentsHash')}</abbr> <code>${recording.sha256}</code></span>
    </p>
  </li>`;
}
