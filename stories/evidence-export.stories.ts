import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** The export of a case's sealed evidence in the desk; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const EXPORT = /^GET \/api\/desk\/cases\/case-1\/evidence\.asice$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-evidence-export')!;

const meta: Meta<Args> = {
  title: 'Desk/fin-evidence-export',
  component: 'fin-evidence-export',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-evidence-export api="https://oac.example.cat" case-id="case-1" reference="VA-7K3M9Q" lang=${args.lang}></fin-evidence-export>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Ready: Story = {};

/** The server prepares the container. */
export const Busy: Story = {
  loaders: [async () => mockApi([{ match: EXPORT, pending: true }])],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="export-button"]');
    await find(element(canvasElement), '[part~="export-button"][aria-disabled="true"]');
  },
};

/** The council has no seal: said in words. */
export const NoSeal: Story = {
  loaders: [async () => mockApi([{ match: EXPORT, status: 503, body: { statusCode: 503, code: 'FIN_ERR_SEAL_NOT_CONFIGURED', message: 'The service is temporarily unavailable.' } }])],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="export-button"]');
    await find(element(canvasElement), '[part~="error"]');
  },
};
