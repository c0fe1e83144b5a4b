import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import type { AccessibilityReport } from '../packages/widgets/src/agent-desk/accessibility-feedback.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** The accessibility reports of the agent's council on the desk; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const LIST = /^GET \/api\/desk\/accessibility\/reports$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-accessibility-feedback')!;

const fresh: AccessibilityReport = {
  id: '0f8e7a1c-0000-4000-8000-000000000001',
  reference: 'AC-0F8E7A1C',
  state: 'new',
  message: 'El botó per demanar cita no té nom per al lector de pantalla.',
  pageUrl: 'https://www.vilademo.example/cita',
  name: 'Jordi Vila',
  email: 'jordi@example.cat',
  language: 'ca',
  receivedAt: '2026-11-23T07:00:00.000Z',
  answerBy: '2026-12-23T22:59:59.999Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};
const acknowledged: AccessibilityReport = {
  ...fresh,
  id: '0f8e7a1c-0000-4000-8000-000000000002',
  reference: 'AC-0F8E7A2C',
  state: 'acknowledged',
  message: 'The transparency chart has too little contrast.',
  language: 'en',
  pageUrl: null,
  name: null,
  email: null,
  acknowledgedAt: '2026-11-24T08:00:00.000Z',
  acknowledgedBy: 'Laia Puig',
};

const meta: Meta<Args> = {
  title: 'Desk/fin-accessibility-feedback',
  component: 'fin-accessibility-feedback',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-accessibility-feedback api="https://oac.example.cat" lang=${args.lang}></fin-accessibility-feedback>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A new report and one already acknowledged. */
export const Reports: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { reports: [fresh, acknowledged] } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="acknowledge-button"]');
  },
};

/** The agent acknowledged the new one: the live region says so. */
export const Acknowledged: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: /^POST \/api\/desk\/accessibility\/reports\/[^/]+\/acknowledge$/, body: { ...fresh, state: 'acknowledged' } },
        { match: LIST, body: { reports: [fresh, acknowledged] } },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="acknowledge-button"]');
    const announcer = await find(element(canvasElement), '[part~="announcer"]');
    for (let waited = 0; !announcer.textContent?.trim(); waited += 25) {
      if (waited > 3000) throw new Error('the acknowledgement was not announced');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  },
};

export const Empty: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { reports: [] } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="empty-state"]');
  },
};

/** The list could not load: said in words. */
export const LoadFailed: Story = {
  loaders: [async () => mockApi([{ match: LIST, status: 404, body: { statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'Not found' } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="error"]');
  },
};
