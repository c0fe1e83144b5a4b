import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/call/call.js';
import type { AskableDocument } from '../packages/widgets/src/call/call-view.js';
import type { ConsentState, PeerInfo, WaitingPeer } from '../packages/widgets/src/call/protocol.js';
import { FakeCall, fakeVideoTrack, type FakeCallInit } from '../packages/widgets/src/call/testing.js';
import { click, find } from './play.js';

/**
 * The video call's screen in each of its states, for the citizen and for the agent. The view only
 * renders a call's state, so each story hands it a stand-in call (no server, no camera): painted
 * canvases take the place of the cameras and of a shared screen, and the buttons work on the stand-in.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const laia: PeerInfo = { peerId: 'agent-1', role: 'agent', displayName: 'Laia Puig', producers: [] };
const marta: PeerInfo = { peerId: 'citizen-1', role: 'citizen', displayName: 'Marta Soler', producers: [] };
const martaWaiting: WaitingPeer = { peerId: 'citizen-1', role: 'citizen', displayName: 'Marta Soler', since: new Date().toISOString() };
const agreed: ConsentState = { citizen: true, agent: true, required: false, recording: 'pending' };
const recording: ConsentState = { ...agreed, recording: 'recording' };

const camera = (peer: PeerInfo, hue: number, paused = false) => ({
  peerId: peer.peerId,
  source: 'camera' as const,
  kind: 'video' as const,
  track: fakeVideoTrack(peer.displayName, { hue }),
  paused,
});
const screen = (peer: PeerInfo) => ({ peerId: peer.peerId, source: 'screen' as const, kind: 'video' as const, track: fakeVideoTrack('', { screen: true }), paused: false });
const selfCamera = () => new MediaStream([fakeVideoTrack('', { hue: 30 })]);

/** The citizen in the call with the agent; what a story leaves out is the usual state. */
const citizen = (init: FakeCallInit = {}) =>
  new FakeCall({ state: 'in-call', role: 'citizen', peers: [laia], consent: agreed, remoteTracks: [camera(laia, 210)], localStream: selfCamera(), quality: 'good', ...init });
/** The agent in the call; the citizen joins it or waits to. */
const agent = (init: FakeCallInit = {}) =>
  new FakeCall({ state: 'in-call', role: 'agent', consent: { ...agreed, citizen: null }, localStream: selfCamera(), quality: 'good', ...init });

const meta: Meta<Args> = {
  title: 'Call/fin-call-view',
  component: 'fin-call-view',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
};
export default meta;

type Story = StoryObj<Args>;
const view = (canvas: HTMLElement) => canvas.querySelector('fin-call-view')!;

/** A story of the view showing the call `make` builds, anew at each render. */
function showing(make: () => FakeCall, story: Partial<Story> = {}): Story {
  return { render: (args) => html`<fin-call-view lang=${args.lang} .client=${make()}></fin-call-view>`, ...story };
}

export const Connecting = showing(() => new FakeCall({ state: 'connecting' }));

/** The citizen in the waiting room, until the agent lets them in. */
export const CitizenWaiting = showing(() => new FakeCall({ state: 'waiting', role: 'citizen' }), { args: { lang: 'es' } });

/** The agent has started the call and sees who waits to be let in. */
export const AgentSeesWhoWaits = showing(() => agent({ waiting: [martaWaiting] }));

/** What the procedure expects: the identity document arrived before the call, the contract has not. */
const documents: AskableDocument[] = [
  { id: 'dni', name: 'DNI o NIE', status: 'received' },
  { id: 'habitatge', name: 'Contracte de lloguer o escriptura de l’habitatge', status: 'missing' },
];

/**
 * The desk on a laptop (1366 × 768, a page of 1366 × 657 under the browser's bars), in the call's
 * column beside the procedure: whoever waits is above the video, "Admit" in view; asking for a
 * document proposes the one still missing.
 */
export const AgentOnADeskLaptop: Story = {
  parameters: {
    viewport: { options: { deskLaptop: { name: 'Desk laptop (1366 × 657)', styles: { width: '1366px', height: '657px' }, type: 'desktop' } } },
  },
  globals: { viewport: { value: 'deskLaptop', isRotated: false } },
  render: (args) => html`<div style="max-width: 52rem">
    <fin-call-view lang=${args.lang} .client=${agent({ peers: [], waiting: [martaWaiting] })} .documents=${documents}></fin-call-view>
  </div>`,
};

/** The agent admits the citizen: they leave the list and their camera arrives. */
export const AgentAdmits = showing(() => agent({ waiting: [martaWaiting] }), {
  play: async ({ canvasElement }) => {
    await click(view(canvasElement), '[part~="admit-button"]');
    await find(view(canvasElement), '[part~="remote-video"]');
  },
});

/** The other person large, oneself small, the controls and the connection hint. */
export const InCall = showing(() => citizen());

/** The same on a phone held upright (360 × 740): a tall stage and the controls two by two. */
export const PhonePortrait: Story = {
  args: { lang: 'es' },
  parameters: {
    viewport: { options: { phonePortrait: { name: 'Phone, portrait (360 × 740)', styles: { width: '360px', height: '740px' }, type: 'mobile' } } },
  },
  globals: { viewport: { value: 'phonePortrait', isRotated: false } },
  // The view follows its own width, so the story is a phone's width wherever it is shown.
  render: (args) => html`<div style="max-width: 360px">
    <fin-call-view lang=${args.lang} .client=${citizen({ consent: recording })}></fin-call-view>
  </div>`,
};

export const Muted = showing(() => citizen({ micOn: false }), { args: { lang: 'en' } });

export const CameraOff = showing(() => citizen({ cameraOn: false }));

export const OtherCameraOff = showing(() => citizen({ remoteTracks: [camera(laia, 210, true)] }), { args: { lang: 'en' } });

/** The citizen shares their screen so the agent can guide them. */
export const SharingScreen = showing(() => citizen({ screenTrack: fakeVideoTrack('', { screen: true }) }));

/** The agent sees the citizen's shared screen large, their camera beside it. */
export const OtherScreenShown = showing(() => agent({ peers: [marta], consent: recording, remoteTracks: [camera(marta, 150), screen(marta)] }));

export const PoorConnection = showing(() => citizen({ quality: 'poor' }));

/** The network dropped: the call is not over, it reconnects. */
export const Reconnecting = showing(() => citizen({ state: 'reconnecting', remoteTracks: [], quality: undefined }), { args: { lang: 'en' } });

/** Nothing is recorded until both have agreed on screen. */
export const RecordingConsentAsked = showing(() => citizen({ consent: { citizen: null, agent: true, required: false, recording: 'pending' } }));

export const RecordingOn = showing(() => citizen({ consent: recording }));

/** Someone said no and the council allows the call to go on unrecorded. */
export const RecordingRefused = showing(() => citizen({ consent: { citizen: false, agent: true, required: false, recording: 'refused' } }));

/** Someone said no and this council requires the recording: the call ends. */
export const EndedRecordingRefused = showing(() =>
  citizen({ state: 'closed', closeReason: 'recordingRefused', consent: { citizen: false, agent: true, required: true, recording: 'refused' } }),
);

export const Ended = showing(() => citizen({ state: 'closed', closeReason: 'agentHungUp' }), { args: { lang: 'en' } });

export const CouldNotConnect = showing(() => new FakeCall({ state: 'closed', closeReason: 'failed' }));

/** The agent creates a link for an interpreter or a supervisor to join. */
export const AgentInvites = showing(() => agent({ peers: [marta], consent: recording, remoteTracks: [camera(marta, 150)] }), {
  play: async ({ canvasElement }) => {
    await click(view(canvasElement), '[part~="invite-button"]');
    await find(view(canvasElement), '[part~="invite-link"]');
  },
});

const expected = [
  { id: 'dni', name: 'DNI o NIE' },
  { id: 'habitatge', name: "Contracte de lloguer o escriptura de l'habitatge" },
];

/** The agent asks the citizen for one of the documents the procedure expects. */
export const AgentAsksForDocument: Story = {
  render: (args) =>
    html`<fin-call-view lang=${args.lang} .client=${agent({ peers: [marta], consent: recording, remoteTracks: [camera(marta, 150)] })} .documents=${expected}></fin-call-view>`,
  play: async ({ canvasElement }) => {
    await click(view(canvasElement), '[part~="ask-document-button"]');
  },
};

/** The citizen is told which document the agent asks for (the page beside the call offers to send it). */
export const CitizenAskedForDocument = showing(() => citizen({ consent: recording, requestedDocument: { id: 'habitatge', name: 'Rental contract or title deed of the home' } }), {
  args: { lang: 'en' },
});
