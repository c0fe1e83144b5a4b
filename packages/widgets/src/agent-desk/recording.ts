import { html } from 'lit';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import type { DeskAppointmentDetails, RecordingParty } from '../shared/types.js';
import { playTogether } from './play-together.js';

type Recording = DeskAppointmentDetails['recordings'][number];

const PARTY_NAMES: Record<RecordingParty, MessageKey> = {
  citizen: 'deskAgendaPartyCitizen',
  agent: 'deskAgendaPartyAgent',
};

/** Where an evidence event happened in the call's recording, as the server logs it (`data.recording`). */
interface RecordedAt {
  recordingPart: string;
  offsetMs: number;
}

/**
 * The recording and the second into its file where an event happened: the event names the part
 * being recorded and the time since it started; a stored recording lists the parts joined into it
 * with where each begins. Undefined for an event outside any stored recording.
 */
export function momentOf(recordings: readonly Recording[], recorded: unknown): { recordingId: string; seconds: number } | undefined {
  const at = recorded as Partial<RecordedAt> | null | undefined;
  if (typeof at?.recordingPart !== 'string' || typeof at.offsetMs !== 'number') return undefined;
  for (const recording of recordings) {
    const part = recording.parts.find((candidate) => candidate.id === at.recordingPart);
    if (part) return { recordingId: recording.id, seconds: (part.atMs + at.offsetMs) / 1000 };
  }
  return undefined;
}

/** A time into a recording as a player shows it: `1:05`, `1:02:09`. */
export function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Plays a recording of the list from a second into it: each party's player, kept together, from there. */
export function playFrom(root: ParentNode, recordingId: string, seconds: number): void {
  const players = [...root.querySelectorAll<HTMLVideoElement>(`[data-recording="${CSS.escape(recordingId)}"] video`)];
  for (const player of players) player.currentTime = seconds;
  players[0]?.focus();
  void players[0]?.play().catch(() => undefined);
}

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
    return html`<li part="recording" data-recording=${recording.id}>
      <p part="recording-label">${label}</p>
      <video part="recording-player" controls preload="metadata" aria-label=${label} src=${src}></video>
    </li>`;
  }
  return html`<li part="recording" data-recording=${recording.id}>
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
      <a part="recording-download" href=${`${src}?download=1`} download>${i18n.t('deskAgendaRecordingDownload')}</a>
      <span part="recording-hash"><abbr title="SHA-256">${i18n.t('deskDocumentsHash')}</abbr> <code>${recording.sha256}</code></span>
    </p>
  </li>`;
}
