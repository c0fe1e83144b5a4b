import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import type { DeskSession } from '../packages/widgets/src/agent-desk/desk-sessions.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** Where the signed-in agent has the desk open; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const LIST = /^GET \/api\/desk\/sessions$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-desk-sessions')!;

const here: DeskSession = {
  id: '5b0c2f7e-0000-4000-8000-000000000001',
  createdAt: '2026-12-07T07:55:00.000Z',
  lastSeenAt: '2026-12-07T09:10:00.000Z',
  expiresAt: '2026-12-07T19:55:00.000Z',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  address: '10.20.30.40',
  current: true,
};
const phone: DeskSession = {
  ...here,
  id: '5b0c2f7e-0000-4000-8000-000000000002',
  createdAt: '2026-12-06T18:00:00.000Z',
  lastSeenAt: '2026-12-06T18:20:00.000Z',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  address: '203.0.113.7',
  current: false,
};

const meta: Meta<Args> = {
  title: 'Desk/fin-desk-sessions',
  component: 'fin-desk-sessions',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-desk-sessions api="https://oac.example.cat" lang=${args.lang}></fin-desk-sessions>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Signed in at the office and, still, on a phone. */
export const TwoSessions: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { sessions: [here, phone] } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="end-button"]');
  },
};

/** The agent ended the phone's session: the live region says so. */
export const Ended: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: /^DELETE \/api\/desk\/sessions\/[^/]+$/, status: 204 },
        { match: LIST, body: { sessions: [here, phone] } },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="end-button"]');
    const announcer = await find(element(canvasElement), '[part~="announcer"]');
    for (let waited = 0; !announcer.textContent?.trim(); waited += 25) {
      if (waited > 3000) throw new Error('the end of the session was not announced');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  },
};

/** The list could not load. */
export const Unavailable: Story = {
  loaders: [async () => mockApi([{ match: LIST, status: 503, body: { statusCode: 503, code: 'FIN_ERR_UNAVAILABLE', message: 'Unavailable' } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="error"]');
  },
};
