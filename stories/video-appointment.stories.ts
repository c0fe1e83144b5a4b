import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi, mockEventSource, type MockRoute } from './mock-api.js';
import { demoCouncil } from './fixtures/council.js';
import { appointmentCreated, appointmentSlots, myAppointment, procedures, type Allowed } from './fixtures/appointments.js';
import { myDocuments } from './fixtures/documents.js';
import { videoSurvey } from './fixtures/survey.js';
import { getOutbox } from '../packages/widgets/src/shared/outbox.js';
import { procedure } from '../packages/widgets/src/video-appointment/procedure/testing.js';
import { check, click, find, type } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  procedure: string;
  token: string;
}

const hour = 60 * 60 * 1000;
const council: MockRoute = { match: /^GET \/api\/councils\/demo$/, body: demoCouncil(true) };
/** What the personal link's <doc-upload> shows. */
const documents: MockRoute = { match: /^GET \/api\/councils\/demo\/documents\/mine$/, body: myDocuments() };
const survey: MockRoute = { match: /^GET \/api\/councils\/demo\/surveys\/mine$/, body: videoSurvey() };
/** The procedure done in the call, signed, its receipt made. */
const signedProcedure: MockRoute = {
  match: /^GET \/api\/councils\/demo\/appointments\/mine\/procedure$/,
  body: procedure('receipt', { agreement: { state: 'agreed', documentId: 'doc-1' }, receipt: { entryNumber: '2026/000123' } }),
};
const list: MockRoute = { match: /^GET \/api\/councils\/demo\/appointments\/procedures$/, body: { procedures } };
const slots: MockRoute = { match: /^GET \/api\/councils\/demo\/appointments\/slots$/, body: appointmentSlots() };
const booking = [council, list, slots];
const mine = (...args: Parameters<typeof myAppointment>): MockRoute => ({
  match: /^GET \/api\/councils\/demo\/appointments\/mine$/,
  body: myAppointment(...args),
});
const changeable: Allowed = { canReschedule: true, canCancel: true };

const meta: Meta<Args> = {
  title: 'Citizen/video-appointment',
  component: 'video-appointment',
  args: { lang: 'ca', procedure: '', token: '' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] },
    procedure: { control: 'select', options: ['', 'padro', 'ajuts'] },
  },
  render: (args) => html`<video-appointment
    api="https://oac.example.cat"
    council="demo"
    lang=${args.lang}
    procedure=${args.procedure || nothing}
    token=${args.token || nothing}
  ></video-appointment>`,
};
export default meta;

type Story = StoryObj<Args>;

/**
 * The queued stories book on a server of their own: a booking they leave waiting on the device
 * would otherwise show, restored, in every other booking story of the session.
 */
const QUEUED_API = 'https://queued.oac.example.cat';
const renderQueued = (args: Args) => html`<video-appointment api=${QUEUED_API} council="demo" lang=${args.lang} procedure=${args.procedure || nothing}></video-appointment>`;
const el = (canvas: HTMLElement) => canvas.querySelector('video-appointment')!;
/** The booking form, an element of its own inside `<video-appointment>`. */
const bookingOf = (canvas: HTMLElement) => find(el(canvas), 'fin-video-booking');
/** The personal link's view inside the element. */
const linkView = (canvas: HTMLElement) => find(el(canvas), 'fin-appointment-view');
/** The personal link's stories: the API, and a live stream that stays quiet. */
const linkApi = (routes: MockRoute[]) => async () => {
  mockEventSource();
  mockApi(routes);
};

async function toTimeStep(canvas: HTMLElement) {
  const va = await bookingOf(canvas);
  await check(va, 'input[name="procedure"]');
  await click(va, '[part~="next-button"]');
  await find(va, 'input[name="time"]');
}

async function toDetailsStep(canvas: HTMLElement) {
  await toTimeStep(canvas);
  const va = await bookingOf(canvas);
  await check(va, 'input[name="time"]');
  await click(va, '[part~="next-button"]');
  await find(va, '#name');
}

async function fillDetailsAndSubmit(canvas: HTMLElement) {
  await toDetailsStep(canvas);
  const va = await bookingOf(canvas);
  await type(va, '#name', 'Jordi Vidal');
  await type(va, '#email', 'jordi@example.cat');
  await type(va, '#phone', '612 34 56 78');
  await check(va, '#consent');
  await click(va, '[part~="submit-button"]');
}

// Booking mode: no personal link.

export const ChooseProcedure: Story = { loaders: [async () => mockApi(booking)] };

export const ProcedurePreselected: Story = {
  args: { procedure: 'ajuts', lang: 'es' },
  loaders: [async () => mockApi(booking)],
};

export const Loading: Story = { loaders: [async () => mockApi([council, { ...list, pending: true }])] };

export const Unavailable: Story = { loaders: [async () => mockApi([council, { ...list, networkError: true }])] };

export const ChooseTime: Story = {
  loaders: [async () => mockApi(booking)],
  play: async ({ canvasElement }) => toTimeStep(canvasElement),
};

/** Sent with nothing filled in: the error summary takes focus and links to each field. */
export const DetailsWithErrors: Story = {
  loaders: [async () => mockApi(booking)],
  play: async ({ canvasElement }) => {
    await toDetailsStep(canvasElement);
    await click(await bookingOf(canvasElement), '[part~="submit-button"]');
    await find(await bookingOf(canvasElement), '[part~="error-summary"]');
  },
};

export const SlotTaken: Story = {
  loaders: [
    async () =>
      mockApi([
        ...booking,
        {
          match: /^POST \/api\/councils\/demo\/appointments$/,
          status: 409,
          body: {
            statusCode: 409,
            code: 'FIN_ERR_SLOT_TAKEN',
            message: 'That slot was taken',
            alternatives: appointmentSlots().slots.slice(1, 4).map(({ start, end }) => ({ start, end })),
          },
        },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await fillDetailsAndSubmit(canvasElement);
    await find(await bookingOf(canvasElement), '[part~="resubmit-button"]');
  },
};

export const Confirmed: Story = {
  loaders: [async () => mockApi([...booking, { match: /^POST \/api\/councils\/demo\/appointments$/, status: 201, body: appointmentCreated() }])],
  play: async ({ canvasElement }) => {
    await fillDetailsAndSubmit(canvasElement);
    await find(await bookingOf(canvasElement), '[part~="confirmation"]');
  },
};

export const QueuedOffline: Story = {
  render: renderQueued,
  loaders: [async () => mockApi([...booking, { match: /^POST \/api\/councils\/demo\/appointments$/, networkError: true }])],
  play: async ({ canvasElement }) => {
    await fillDetailsAndSubmit(canvasElement);
    await find(await bookingOf(canvasElement), '[part~="queued"]');
  },
};

/** A booking left waiting on the device by an earlier visit: after a reload it shows waiting, with what it books. */
export const QueuedAfterReload: Story = {
  render: renderQueued,
  loaders: [
    async () => {
      mockApi([...booking, { match: /^POST \/api\/councils\/demo\/appointments$/, networkError: true }]);
      const [slot] = appointmentSlots().slots;
      await getOutbox().enqueue({
        url: `${QUEUED_API}/api/councils/demo/appointments`,
        kind: 'appointment',
        idempotencyKey: crypto.randomUUID(),
        body: { procedure: 'padro', slot: slot.start, name: 'Jordi Vidal', email: 'jordi@example.cat', phone: '+34612345678', consent: true, language: 'ca', website: '' },
      });
    },
  ],
  play: async ({ canvasElement }) => {
    await find(await bookingOf(canvasElement), '[part~="chosen"]');
  },
};

// Appointment mode: opened from the personal link.

export const Upcoming: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, mine('booked', 26 * hour, changeable)])],
};

export const JoinOpen: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, mine('booked', 5 * 60 * 1000, { canJoin: true, canCancel: true })])],
};

/** Opened from a calendar file's link: the appointment and "Join", no documents and no changes. */
export const FromCalendar: Story = {
  args: { token: 'story-calendar-token' },
  loaders: [linkApi([council, mine('booked', 5 * 60 * 1000, { canJoin: true }, 'calendar')])],
};

export const WaitingForTheCall: Story = {
  args: { token: 'story-token' },
  loaders: [
    linkApi([
      council,
      documents,
      mine('booked', 5 * 60 * 1000, { canJoin: true, canCancel: true }),
      { match: /^POST \/api\/councils\/demo\/appointments\/mine\/check-in$/, body: myAppointment('checked_in', 5 * 60 * 1000, { canJoin: true }) },
    ]),
  ],
  play: async ({ canvasElement }) => {
    await click(await linkView(canvasElement), '[part~="join-button"]');
    await find(await linkView(canvasElement), 'fin-call-session');
  },
};

/** The page was open when the call began: the live stream says so, and the state follows. */
export const InTheCall: Story = {
  args: { token: 'story-token', lang: 'en' },
  loaders: [
    async () => {
      await linkApi([council, documents, mine('checked_in', -5 * 60 * 1000)])();
      const Quiet = globalThis.EventSource;
      globalThis.EventSource = class extends Quiet {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          setTimeout(() => this.dispatchEvent(new MessageEvent('appointment', { data: JSON.stringify(myAppointment('in_call', -5 * 60 * 1000)) })));
        }
      };
    },
  ],
  play: async ({ canvasElement }) => {
    await find(await linkView(canvasElement), '[part~="state-in_call"]');
  },
};

export const Reschedule: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, slots, mine('booked', 26 * hour, changeable)])],
  play: async ({ canvasElement }) => {
    await click(await linkView(canvasElement), '[part~="reschedule-button"]');
    await find(await linkView(canvasElement), 'input[name="time"]');
  },
};

export const ConfirmCancel: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, mine('booked', 26 * hour, changeable)])],
  play: async ({ canvasElement }) => {
    await click(await linkView(canvasElement), '[part~="cancel-button"]');
    await find(await linkView(canvasElement), '[part~="cancel"] [part~="submit-button"]');
  },
};

export const Cancelled: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, mine('cancelled', 26 * hour)])],
};

/** After the call: the receipt of the application signed in it, and the survey. */
export const Completed: Story = {
  args: { token: 'story-token', lang: 'en' },
  loaders: [linkApi([council, documents, survey, signedProcedure, mine('completed', -2 * hour)])],
  play: async ({ canvasElement }) => void (await find(await find(await linkView(canvasElement), 'fin-citizen-receipt'), '[part~="download-button"]')),
};

export const NoShow: Story = {
  args: { token: 'story-token', lang: 'es' },
  loaders: [linkApi([council, documents, mine('no_show', -2 * hour)])],
};

/** Left open an hour after its end by a citizen who had come: closed by the system as abandoned. */
export const Abandoned: Story = {
  args: { token: 'story-token' },
  loaders: [linkApi([council, documents, mine('abandoned', -2 * hour)])],
};

export const InvalidLink: Story = {
  args: { token: 'expired' },
  loaders: [
    linkApi([
      council,
      { match: /^GET \/api\/councils\/demo\/appointments\/mine$/, status: 401, body: { statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'This link is not valid' } },
    ]),
  ],
};
