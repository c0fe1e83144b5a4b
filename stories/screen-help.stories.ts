import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import { FakeScreenCall, opened, stubCapture, stubPictureInPicture, type FakeScreenCallInit } from '../packages/widgets/src/screen-help/testing.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { click, find, type } from './play.js';

/**
 * Screen help in each of its steps. Without a server, a screen or a call: the API answers from a
 * table, painted canvases stand in for the shared screen and the camera, and a stand-in room
 * (`FakeScreenCall`) lets the agent point.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const open = (body: unknown, status = 200): MockRoute => ({ match: /^POST \/api\/councils\/demo\/screen-help\/open$/, status, body });
const accepted = [
  open(opened()),
  { match: /^POST \/api\/councils\/demo\/screen-help\/(consent|end)$/, body: {} },
];
const refused = open({ statusCode: 404, code: 'FIN_ERR_SCREEN_HELP_CODE_INVALID', message: 'This code does not open a screen help session' }, 404);

/** The room of the story shown, for its play function to point in. */
let room = new FakeScreenCall();

/** The browser of a story: a desktop one by default, a phone's without a screen picker, with or without the mini window. */
function browser({ screen = true, refuse = false, pip = false } = {}) {
  stubCapture({ screen, refuse });
  stubPictureInPicture({ available: pip });
}

const meta: Meta<Args> = {
  title: 'Citizen/screen-help',
  component: 'screen-help',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<screen-help api="https://oac.example.cat" council="demo" lang=${args.lang} .callMaker=${room.maker}></screen-help>`,
};
export default meta;

type Story = StoryObj<Args>;

const element = (canvas: HTMLElement) => canvas.querySelector('screen-help')!;

/** A story whose room starts as `init` once joined. */
const inRoom =
  (init?: FakeScreenCallInit, options?: Parameters<typeof browser>[0], routes: MockRoute[] = accepted) =>
  async () => {
    room = new FakeScreenCall(init);
    browser(options);
    mockApi(routes);
  };

async function enterCode(canvas: HTMLElement, code = '482913') {
  const el = element(canvas);
  await type(el, '#code', code);
  await click(el, '[part~="submit-button"]');
}

async function startSharing(canvas: HTMLElement) {
  const el = element(canvas);
  await enterCode(canvas);
  await click(el, '[part~="share-button"], [part~="camera-button"]');
  await find(el, '[part~="stop-button"]');
}

/** The code the agent reads out over the phone. */
export const EnterCode: Story = { loaders: [inRoom()] };

/** A wrong, expired or used code: one plain answer, whichever it was. */
export const CodeRefused: Story = {
  loaders: [inRoom(undefined, undefined, [refused])],
  play: async ({ canvasElement }) => {
    await enterCode(canvasElement, '111111');
    await find(element(canvasElement), '[part~="error-summary"]');
  },
};

export const CheckingCode: Story = {
  loaders: [inRoom(undefined, undefined, [{ ...open(null), pending: true }])],
  play: async ({ canvasElement }) => {
    await enterCode(canvasElement);
  },
};

/** What will be shared, with whom, and the council's recording policy, before consenting. */
export const BeforeSharing: Story = {
  loaders: [inRoom(undefined, undefined, [open(opened({ recordingRequired: true }))])],
  play: async ({ canvasElement }) => {
    await enterCode(canvasElement);
    await find(element(canvasElement), '[part~="share-button"]');
  },
};

/** A phone's browser cannot share its screen: the rear camera instead. */
export const PhoneCamera: Story = {
  loaders: [inRoom(undefined, { screen: false })],
  play: async ({ canvasElement }) => {
    await enterCode(canvasElement);
    await find(element(canvasElement), '[part~="camera-button"]');
  },
};

/** The picker was closed without choosing anything. */
export const NothingChosen: Story = {
  loaders: [inRoom(undefined, { refuse: true })],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await enterCode(canvasElement);
    await click(el, '[part~="share-button"]');
    await find(el, '[part~="share-error"]');
  },
};

/** Sharing, with the room's recording question. */
export const Sharing: Story = {
  loaders: [inRoom()],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
  },
};

/** The agent clicked on the shared screen: a ring, and the words for where. */
export const AgentPoints: Story = {
  loaders: [inRoom({ state: 'in-call', consent: { citizen: true, agent: true, required: false, recording: 'recording' } })],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
    room.point({ x: 0.72, y: 0.3 });
    await find(element(canvasElement), '[part~="ring"]');
  },
};

/** The agent dragged on the shared screen: a path. */
export const AgentDraws: Story = {
  loaders: [inRoom({ state: 'in-call', consent: { citizen: false, agent: true, required: false, recording: 'refused' } })],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
    room.point({ x: 0.15, y: 0.2 }, { x: 0.35, y: 0.3 }, { x: 0.6, y: 0.35 }, { x: 0.8, y: 0.6 });
    await find(element(canvasElement), '[part~="path"]');
  },
};

/** The rear camera of a phone, shared instead of a screen. */
export const SharingCamera: Story = {
  loaders: [inRoom({ state: 'in-call', consent: { citizen: true, agent: true, required: false, recording: 'recording' } }, { screen: false })],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
  },
};

/** Where the browser offers Document Picture-in-Picture: the pointer kept on top in a mini window. */
export const PointerOnTop: Story = {
  loaders: [inRoom({ state: 'in-call', consent: { citizen: true, agent: true, required: false, recording: 'recording' } }, { pip: true })],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await startSharing(canvasElement);
    await click(el, '[part~="pip-button"]');
    await find(el, '[part~="pip-open"]');
  },
};

export const Reconnecting: Story = {
  loaders: [inRoom({ state: 'reconnecting', consent: { citizen: true, agent: true, required: false, recording: 'recording' } })],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
  },
};

/** The citizen stopped sharing. */
export const StoppedByYou: Story = {
  loaders: [inRoom()],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await startSharing(canvasElement);
    await click(el, '[part~="stop-button"]');
    await find(el, '[part~="another-code-button"]');
  },
};

/** The agent ended the screen help. */
export const EndedByAgent: Story = {
  loaders: [inRoom()],
  play: async ({ canvasElement }) => {
    await startSharing(canvasElement);
    room.set({ state: 'closed', closeReason: 'screenHelpEnded' }, 'ended');
    await find(element(canvasElement), '[part~="another-code-button"]');
  },
};

/** The council records screen help and the citizen said no: the session ends. */
export const RecordingRefused: Story = {
  loaders: [inRoom({ state: 'in-call', consent: { citizen: null, agent: true, required: true, recording: 'pending' } }, undefined, [open(opened({ recordingRequired: true })), ...accepted.slice(1)])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await startSharing(canvasElement);
    await click(el, '[part~="consent-no"]');
    room.set({ state: 'closed', closeReason: 'recordingRefused' }, 'ended');
    await find(el, '[part~="another-code-button"]');
  },
};
