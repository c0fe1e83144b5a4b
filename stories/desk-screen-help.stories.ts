import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ScreenHelpStarted, ScreenHelpStatus } from '@finestreta/server/contract';
import '../packages/widgets/src/agent-desk/index.js';
import type { ConsentState } from '../packages/widgets/src/call/protocol.js';
import { citizen, consentAsked, fakeOpener, FakeScreenHelpCall } from '../packages/widgets/src/agent-desk/screen-help-testing.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { find } from './play.js';

/**
 * The desk's screen help during a callback in each of its states. The server's answers are
 * canned and the room is a stand-in (no server, no SFU): a painted canvas takes the place of the
 * citizen's shared screen.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const started: ScreenHelpStarted = {
  session: 'sh-1',
  state: 'waiting',
  expiresAt: '2026-12-07T10:45:00.000Z',
  code: '482913',
  link: 'https://oac.vilademo.cat/ajuda-pantalla?help=sh-1',
  emailed: true,
};
const START = /^POST \/api\/desk\/callbacks\/[^/]+\/screen-help$/;
const STATUS = /^GET \/api\/desk\/callbacks\/[^/]+\/screen-help$/;
const END = /^POST \/api\/desk\/callbacks\/[^/]+\/screen-help\/end$/;
const ended = (endedReason: ScreenHelpStatus['endedReason']): ScreenHelpStatus => ({ session: 'sh-1', state: 'ended', expiresAt: started.expiresAt, endedReason });
const serving = (...routes: MockRoute[]) => [async () => mockApi([...routes, { match: START, status: 201, body: started }, { match: END, body: ended('agent') }])];
const agreed: ConsentState = { ...consentAsked, agent: true, recording: 'recording' };

const meta: Meta<Args> = {
  title: 'Desk/fin-desk-screen-help',
  component: 'fin-desk-screen-help',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
};
export default meta;

type Story = StoryObj<Args>;
const panel = (canvas: HTMLElement) => canvas.querySelector('fin-desk-screen-help')!;

/** A story of the panel whose room, once joined, is `make`'s, anew at each render; `shown` is what its play waits for. */
function showing(make: () => FakeScreenHelpCall, shown: string, story: Partial<Story> = {}): Story {
  return {
    loaders: serving(),
    render: (args) => html`<fin-desk-screen-help
      api="https://oac.example.cat"
      lang=${args.lang}
      callback-id="cb-1"
      reference="CB-7Q2K"
      display-name="Laia Puig"
      citizen-name="Marta Soler"
      time-zone="Europe/Madrid"
      .opener=${fakeOpener(make())}
    ></fin-desk-screen-help>`,
    play: async ({ canvasElement }) => {
      await find(panel(canvasElement), shown);
    },
    ...story,
  };
}

/** The code is being made. */
export const Starting = showing(() => new FakeScreenHelpCall(), '[part~="status"]', { loaders: [async () => mockApi([{ match: START, pending: true }])] });

/** The callback is no longer being called by this agent: no code. */
export const NotCalling = showing(() => new FakeScreenHelpCall(), '[part~="start-error"]', {
  loaders: [async () => mockApi([{ match: START, status: 409, body: { statusCode: 409, code: 'FIN_ERR_SCREEN_HELP_NOT_CALLING', message: 'Not calling' } }])],
});

/** The code to read out, the link emailed, and the council's recording question. */
export const Waiting = showing(() => new FakeScreenHelpCall({ consent: consentAsked }), '[part~="consent"]');

/** The citizen gave no email: only the code over the phone. */
export const WaitingNotEmailed = showing(() => new FakeScreenHelpCall(), '[part~="code"]', {
  loaders: [async () => mockApi([{ match: START, status: 201, body: { ...started, emailed: false } }])],
});

/** The citizen typed the code and is choosing what to share. */
export const CitizenConnected = showing(() => new FakeScreenHelpCall({ consent: agreed }, (call) => call.citizenJoins()), '[part~="state-joined"]');

/** The citizen's screen, large, being recorded; the agent points by clicking, dragging or from the keyboard. */
export const Sharing = showing(() => new FakeScreenHelpCall({ consent: agreed }, (call) => call.citizenShares()), '[part~="screen-video"]');

/** A phone that cannot share its screen: its rear camera pointed at the computer's. */
export const SharingWithTheCamera = showing(() => new FakeScreenHelpCall({ consent: agreed }, (call) => call.citizenShares('camera', 360, 640)), '[part~="screen-video"]');

/** The agent pointed from the keyboard: the crosshair and, for a moment, the marker. */
export const PointingFromTheKeyboard = showing(() => new FakeScreenHelpCall({ consent: agreed }, (call) => call.citizenShares()), '[part~="screen-video"]', {
  play: async ({ canvasElement }) => {
    const picture = await find(panel(canvasElement), '[part~="picture"]');
    picture.focus();
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp', 'Enter']) picture.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    await find(panel(canvasElement), '[part~="marker"]');
  },
});

/** The citizen stopped sharing; the session goes on. */
export const StoppedSharing = showing(
  () =>
    new FakeScreenHelpCall({ consent: agreed }, (call) => {
      call.citizenShares();
      setTimeout(() => call.citizenStops(), 50);
    }),
  '[part~="state-stopped"]',
);

/** The code expired before the citizen typed it. */
export const EndedExpired = showing(() => new FakeScreenHelpCall({}, (call) => setTimeout(() => call.ends(), 50)), '[part~="state-ended"]', {
  loaders: serving({ match: STATUS, body: ended('expired') }),
});

/** The citizen stopped the screen help. */
export const EndedByTheCitizen = showing(
  () =>
    new FakeScreenHelpCall({ consent: agreed }, (call) => {
      call.citizenShares();
      setTimeout(() => call.ends(), 50);
    }),
  '[part~="state-ended"]',
  { loaders: serving({ match: STATUS, body: ended('citizen') }) },
);

/** Someone typed five wrong codes: the code died. */
export const EndedTooManyTries = showing(() => new FakeScreenHelpCall({}, (call) => setTimeout(() => call.ends(), 50)), '[part~="state-ended"]', {
  loaders: serving({ match: STATUS, body: ended('tooManyTries') }),
  args: { lang: 'es' },
});

/** The citizen was kept waiting for a room that could not be reached. */
export const CannotConnect = showing(
  () => Object.assign(new FakeScreenHelpCall(), { join: () => Promise.reject(new Error('unreachable')) }),
  '[part~="action-error"]',
);

/** The agent stopped it. */
export const Stopped = showing(() => new FakeScreenHelpCall({ peers: [citizen] }), '[part~="stop-button"]', {
  play: async ({ canvasElement }) => {
    (await find(panel(canvasElement), '[part~="stop-button"]')).click();
    await find(panel(canvasElement), '[part~="state-ended"]');
  },
});
