import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import type { DeskIncident } from '../packages/widgets/src/agent-desk/desk-incidents.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** What failed in the background in the council, for its supervisors; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const LIST = /^GET \/api\/desk\/incidents$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-desk-incidents')!;

const reminder: DeskIncident = {
  id: '7c1e9a44-0000-4000-8000-000000000001',
  kind: 'email',
  subject: 'reminder-24h',
  reason: 'ECONNREFUSED',
  count: 3,
  firstAt: '2026-12-07T08:00:00.000Z',
  lastAt: '2026-12-07T08:02:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
  case: { id: 'c1', reference: 'AP-7K3P9Q' },
};
const recording: DeskIncident = { ...reminder, id: '7c1e9a44-0000-4000-8000-000000000003', kind: 'recording', subject: 'start', reason: 'Error', count: 1, case: { id: 'c3', reference: 'AP-4H6J2W' } };
const recovered: DeskIncident = {
  ...reminder,
  id: '7c1e9a44-0000-4000-8000-000000000002',
  kind: 'seal',
  subject: 'evidence',
  reason: 'FIN_ERR_TSA_UNAVAILABLE',
  count: 1,
  resolvedAt: '2026-12-07T08:30:00.000Z',
  resolvedBy: 'retry',
  case: { id: 'c2', reference: 'CB-2M8X4R' },
};

const meta: Meta<Args> = {
  title: 'Desk/fin-desk-incidents',
  component: 'fin-desk-incidents',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-desk-incidents api="https://oac.example.cat" lang=${args.lang}></fin-desk-incidents>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Two open incidents and one a retry resolved. */
export const Open: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { incidents: [recovered, reminder, recording] } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="resolve-button"]');
  },
};

/** Nothing failed this week. */
export const Empty: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { incidents: [] } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="empty-state"]');
  },
};

/** The supervisor marked one dealt with: the live region says so. */
export const Resolved: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: /^POST \/api\/desk\/incidents\/[^/]+\/resolve$/, status: 204 },
        { match: LIST, body: { incidents: [reminder] } },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="resolve-button"]');
    const announcer = await find(element(canvasElement), '[part~="announcer"]');
    for (let waited = 0; !announcer.textContent?.trim(); waited += 25) {
      if (waited > 3000) throw new Error('the resolution was not announced');
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
