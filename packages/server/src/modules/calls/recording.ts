import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../evidence/log.js';
import type { Incidents } from '../incidents/index.js';
import { CallError } from './errors.js';
import type { ConsentState, MediaSource, NotificationName, Notifications, RecordingState, Role } from './protocol.js';
import { CallRecorder, type RecordedTrack } from './recorder.js';
import type { SfuProducer, SfuRouter } from './sfu.js';
import type { CallStore } from './store.js';

const TRACKS_SETTLE_MS = 1000;
const MAX_TRACK_FOLLOW_ATTEMPTS = 3;

/** What the recording needs of the call's setting. */
export interface RecordingContext {
  store: CallStore;
  log: FastifyBaseLogger;
  ffmpegBin: string;
  dataDir: string;
  masterKey(): Promise<Buffer>;
  /** Whether the council ends a call in which someone refused to be recorded. */
  recordingRequired: boolean;
  /**
   * A callback's screen help: the voice is on the phone, so what the citizen shows (their screen,
   * or their phone's camera) is the whole of what is recorded, and the agent sends nothing.
   */
  sharedPictureOnly: boolean;
  /** Where a recording that fails is shown to supervisors and monitoring. */
  incidents: Pick<Incidents, 'failed' | 'recovered'>;
  /** The part of the cameras' and microphones' recording written from now on, or null when none is. */
  partChanged(part: { id: string; startedAt: Date } | null): void;
}

/** What the recording needs of its room. */
export interface RecordingHost {
  closed(): boolean;
  /** The people let into the call, with what they send. */
  admitted(): Array<{ role: Role; producers: ReadonlyMap<string, { producer: SfuProducer; source: MediaSource }> }>;
  router(): Promise<SfuRouter>;
  broadcast<N extends NotificationName>(notification: N, data: Notifications[N]): void;
  /** Ends the call because someone refused a recording the council requires. */
  endRefused(): void;
}

/**
 * A call's recording: the citizen's and the agent's consent, and the recorders from the moment
 * both said yes and send media until the call ends, when each file is sealed and attached to
 * the case with its hash. The room tells it when tracks change and when the call ends.
 */
export class CallRecording {
  private readonly consent: { citizen: boolean | null; agent: boolean | null } = { citizen: null, agent: null };
  private recordingState: RecordingState = 'pending';
  private recording: { media: CallRecorder; screens: CallRecorder } | null = null;
  /** A new part of the recording waits for a rejoining person's or a shared screen's tracks to settle. */
  private recordingChange: NodeJS.Timeout | null = null;

  constructor(
    private readonly caseId: string,
    private readonly ctx: RecordingContext,
    private readonly host: RecordingHost,
  ) {}

  /** The answers so far and what became of the recording, as the call's participants are told. */
  state(): ConsentState {
    return { ...this.consent, required: this.ctx.recordingRequired, recording: this.recordingState };
  }

  /** Where the call's recording (cameras and microphones) is now; null while it is not recording. */
  position(now: Date) {
    return this.recording?.media.position(now) ?? null;
  }

  /**
   * The citizen's or the agent's answer, once each, logged as evidence. A refusal ends the call
   * when the council requires the recording.
   */
  async answer(role: 'citizen' | 'agent', actor: Actor, accept: boolean): Promise<ConsentState> {
    if (this.consent[role] !== null) throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'You have answered already');
    this.consent[role] = accept;
    await this.ctx.store.record(this.caseId, { type: 'call.recording_consent', actor, data: { role, accept } });
    if (!accept) {
      this.recordingState = 'refused';
      await this.ctx.store.record(this.caseId, { type: 'call.recording_refused', actor, data: { role, required: this.ctx.recordingRequired } });
    }
    this.host.broadcast('consentChanged', this.state());
    if (!accept && this.ctx.recordingRequired) {
      // The answer goes out first, so the one who refused learns why the call ends.
      setImmediate(() => this.host.endRefused());
    } else {
      this.tracksChanged();
    }
    return this.state();
  }

  /**
   * What is recorded: the citizen's and the agent's microphones and cameras in one file, in a fixed
   * order so that the parts of a reconnection line up, and shared screens in files of their own,
   * so that sharing a screen neither cuts the call's recording nor holds it up.
   */
  private recordedTracks(): { media: RecordedTrack[]; screens: RecordedTrack[]; ready: boolean } {
    const of = (role: Role, sources: MediaSource[]): RecordedTrack[] =>
      this.host
        .admitted()
        .filter((peer) => peer.role === role)
        .flatMap((peer) => [...peer.producers.entries()])
        .filter(([, entry]) => sources.includes(entry.source))
        .sort(([, a], [, b]) => sources.indexOf(a.source) - sources.indexOf(b.source))
        .map(([producerId, entry]) => ({ producerId, kind: entry.producer.kind, layout: `${role}:${entry.source}:${entry.producer.kind}` }));
    if (this.ctx.sharedPictureOnly) {
      const shown = of('citizen', ['screen', 'camera']);
      return { media: shown, screens: [], ready: shown.length > 0 };
    }
    const citizen = of('citizen', ['microphone', 'camera']);
    const agent = of('agent', ['microphone', 'camera']);
    return { media: [...citizen, ...agent], screens: [...of('citizen', ['screen']), ...of('agent', ['screen'])], ready: citizen.length > 0 && agent.length > 0 };
  }

  /**
   * Starts the server-side recording once the citizen and the agent have both said yes and both
   * send media (in screen help, once the citizen shows something); tried again whenever tracks
   * change until then.
   */
  private async startRecordingWhenReady(): Promise<void> {
    if (this.host.closed() || this.recordingState !== 'pending' || !this.consent.citizen || !this.consent.agent) return;
    const tracks = this.recordedTracks();
    if (!tracks.ready) return;
    this.recordingState = 'recording';
    const dir = path.join(this.ctx.dataDir, 'recordings');
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const router = await this.host.router();
      const key = await this.ctx.masterKey();
      const recorder = (onPartChanged?: RecordingContext['partChanged']) =>
        new CallRecorder({
          router,
          ffmpegBin: this.ctx.ffmpegBin,
          key,
          dir,
          caseId: this.caseId,
          newId: randomUUID,
          onPartFailed: (error) => {
            this.ctx.log.error({ err: error, caseId: this.caseId }, 'a part of the recording could not be written');
            void this.ctx.incidents.failed({ kind: 'recording', subject: 'part', caseId: this.caseId }, error);
          },
          onPartEnded: () => {
            this.ctx.log.warn({ caseId: this.caseId }, 'the recorder stopped by itself; recording again');
            this.tracksChanged();
          },
          onPartChanged,
        });
      const recording = { media: recorder((part) => this.ctx.partChanged(part)), screens: recorder() };
      // Set before the first part is up, so that tracks produced meanwhile (the camera after the
      // microphone) make the next part.
      this.recording = recording;
      await recording.media.follow(tracks.media);
      if (tracks.screens.length > 0) this.tracksChanged();
      await this.ctx.store.record(this.caseId, { type: 'call.recording_started', actor: 'system', data: { tracks: tracks.media.length } });
      await this.ctx.incidents.recovered({ kind: 'recording', subject: 'start', caseId: this.caseId });
      this.host.broadcast('recordingStarted', { startedAt: recording.media.startedAt!.toISOString() });
      this.host.broadcast('consentChanged', this.state());
      // The call may have ended while ffmpeg was starting.
      if (this.host.closed()) await this.stop();
    } catch (error) {
      this.ctx.log.error({ err: error, caseId: this.caseId }, 'the recording could not start');
      await this.ctx.incidents.failed({ kind: 'recording', subject: 'start', caseId: this.caseId }, error);
      this.recording = null;
      this.recordingState = 'pending';
    }
  }

  /**
   * Records the tracks there are once they have stopped changing for a moment (a camera follows
   * its microphone, a reconnecting person sends all theirs again): starts the recording if it can
   * start, or moves it to the new tracks. A track can go away while a new part starts (its owner
   * reconnects again): then it tries again with the tracks there are by then, while the part being
   * recorded goes on.
   */
  tracksChanged(attempt = 1): void {
    if (this.recordingChange) clearTimeout(this.recordingChange);
    this.recordingChange = setTimeout(() => {
      this.recordingChange = null;
      const recording = this.recording;
      if (this.host.closed()) return;
      if (!recording) {
        void this.startRecordingWhenReady();
        return;
      }
      const { media, screens } = this.recordedTracks();
      void Promise.allSettled([recording.media.follow(media), recording.screens.follow(screens)]).then((results) => {
        const failed = results.find((result) => result.status === 'rejected');
        if (!failed) return;
        this.ctx.log.error({ err: failed.reason, caseId: this.caseId, attempt }, 'the recording could not take the new tracks');
        if (attempt < MAX_TRACK_FOLLOW_ATTEMPTS) this.tracksChanged(attempt + 1);
      });
    }, TRACKS_SETTLE_MS);
    this.recordingChange.unref();
  }

  /** Stops the recorders and attaches each recording (sealed as it was written) to the case with its hash. */
  async stop(): Promise<void> {
    const current = this.recording;
    if (!current) return;
    this.recording = null;
    try {
      // Tracks that changed just before the end (a screen shared, a reconnection) are recorded too.
      if (this.recordingChange) {
        clearTimeout(this.recordingChange);
        this.recordingChange = null;
        const { media, screens } = this.recordedTracks();
        await Promise.allSettled([current.media.follow(media), current.screens.follow(screens)]);
      }
      const recordings = (await Promise.all([current.media.stop(), current.screens.stop()])).flat();
      for (const finished of recordings) {
        await this.ctx.store.addRecording({ ...finished, caseId: this.caseId, file: path.relative(this.ctx.dataDir, finished.file) }, 'system');
        this.host.broadcast('recordingStopped', { recordingId: finished.id, sha256: finished.sha256, bytes: finished.bytes });
      }
      this.recordingState = 'stopped';
    } catch (error) {
      this.ctx.log.error({ err: error, caseId: this.caseId }, 'the recording could not be stored');
      await this.ctx.incidents.failed({ kind: 'recording', subject: 'store', caseId: this.caseId }, error);
    }
  }
}
