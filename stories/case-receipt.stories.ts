import type { DeskProcedure } from '@finestreta/server/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { agreementOf, procedureOf, signature } from '../packages/widgets/src/agent-desk/procedure/form-fixtures.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** The receipt of a signed case in the desk, on its own as the case's details show it: it reads the procedure (canned here). */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const signed = procedureOf({ current: 'receipt', agreement: agreementOf('agreed', { signature }) });
const made: DeskProcedure = {
  ...signed,
  receipt: { entryNumber: '2026/000123', registeredAt: '2026-12-06T10:18:07.000Z', sha256: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8' },
};
const PROCEDURE = /^GET \/api\/desk\/appointments\/case-1\/procedure$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-case-receipt')!;

const meta: Meta<Args> = {
  title: 'Desk/fin-case-receipt',
  component: 'fin-case-receipt',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-case-receipt api="https://oac.example.cat" case-id="case-1" lang=${args.lang}></fin-case-receipt>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Made: Story = {
  loaders: [async () => mockApi([{ match: PROCEDURE, body: made }])],
  play: async ({ canvasElement }) => void (await find(element(canvasElement), '[part~="download-link"]')),
};

/** Signed without a receipt: it can be made again. */
export const Missing: Story = {
  loaders: [async () => mockApi([{ match: PROCEDURE, body: signed }])],
  play: async ({ canvasElement }) => void (await find(element(canvasElement), '[part~="remake-button"]')),
};

/** Making it again failed: the timestamp authority did not answer. */
export const TimestampDown: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: /^POST \/api\/desk\/appointments\/case-1\/procedure\/receipt$/, status: 503, body: { statusCode: 503, code: 'FIN_ERR_TIMESTAMP_UNAVAILABLE', message: 'The service is temporarily unavailable.' } },
        { match: PROCEDURE, body: signed },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await click(element(canvasElement), '[part~="remake-button"]');
    await find(element(canvasElement), '[part~="error"]');
  },
};
