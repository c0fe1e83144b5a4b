import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { CallModel } from '../call/call-state.js';
import type { FinCallJoinEvent } from '../call/events.js';
import type { AskableDocument } from '../call/call-view.js';
import '../call/session.js';
import type { DeskEventStream } from './desk-events.js';

/** The call the agenda shows: its appointment, whether it is over, and which call it is, so that each gets a new session. */
export interface AgendaCall {
  id: string;
  ended: boolean;
  serial: number;
  /** Joined from the desk as a third party (`?as=supervisor`): the agent runs the call and its procedure. */
  asSupervisor: boolean;
}

/** What opens the socket besides the desk's session cookie. */
const AS_SUPERVISOR = { as: 'supervisor' };
const AS_AGENT = {};

export interface AgendaCallOptions {
  call: AgendaCall;
  displayName: string;
  lang: string;
  api: string;
  /** The documents the procedure expects, which the agent can ask the citizen for. */
  documents: readonly AskableDocument[];
  /** The call joined, which the procedure's panel follows. */
  client?: CallModel;
  events?: DeskEventStream;
  joined: (client: CallModel) => void;
  ended: () => void;
  cancelled: () => void;
}

/** The agenda's call (`<fin-call-session>`) with, for the agent who runs it, the procedure beside it. */
export function renderAgendaCall({ call, displayName, lang, api, documents, client, events, joined, ended, cancelled }: AgendaCallOptions) {
  return keyed(
    call.serial,
    html`<fin-call-session
      part="call"
      party="agent"
      call-id=${call.id}
      display-name=${displayName}
      lang=${lang}
      .api=${api}
      .credentials=${call.asSupervisor ? AS_SUPERVISOR : AS_AGENT}
      .documents=${documents}
      @fin-call-join=${(event: FinCallJoinEvent) => joined(event.detail.client)}
      @fin-call-end=${ended}
      @fin-device-cancel=${cancelled}
    >
      ${call.asSupervisor
        ? nothing
        : html`<fin-procedure-panel slot="side" part="procedure" lang=${lang} .api=${api} case-id=${call.id} .client=${client} .events=${events}></fin-procedure-panel>`}
    </fin-call-session>`,
  );
}
