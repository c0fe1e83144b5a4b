import type { CitizenProcedure } from '@finestreta/server/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/video-appointment/procedure/receipt.js';
import { procedure } from '../packages/widgets/src/video-appointment/procedure/testing.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { click, find } from './play.js';

/**
 * The citizen's receipt on its own, as the personal link shows it after the call: it reads the
 * procedure (canned here) and downloads the sealed PDF with the link's token.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
  access: 'full' | 'calendar';
}

const PATH = '\\/api\\/councils\\/demo\\/appointments\\/mine\\/procedure';
const preparing = procedure('receipt', { agreement: { state: 'agreed', documentId: 'doc-1' } });
const ready: CitizenProcedure = { ...preparing, receipt: { entryNumber: '2026/000123' } };
const receipt = (canvas: HTMLElement) => canvas.querySelector('fin-citizen-receipt')!;

/** The procedure read, and what the download gets. */
function server(view: CitizenProcedure, download: Omit<MockRoute, 'match'> = { bytes: new Blob(['%PDF-1.7'], { type: 'application/pdf' }) }) {
  return [
    async () =>
      mockApi([
        { match: new RegExp(`^GET ${PATH}/receipt$`), ...download },
        { match: new RegExp(`^GET ${PATH}$`), body: view },
      ]),
  ];
}

const meta: Meta<Args> = {
  title: 'Call/fin-citizen-receipt',
  component: 'fin-citizen-receipt',
  args: { lang: 'ca', access: 'full' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] }, access: { control: 'inline-radio', options: ['full', 'calendar'] } },
  render: (args) =>
    html`<div style="max-width: 28rem">
      <fin-citizen-receipt api="https://oac.example.cat" council="demo" lang=${args.lang} token="story-token" access=${args.access}></fin-citizen-receipt>
    </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Signed after the call ended, the receipt not made yet: the citizen can look again. */
export const Preparing: Story = { loaders: server(preparing), play: async ({ canvasElement }) => void (await find(receipt(canvasElement), '[part~="check-button"]')) };

export const Ready: Story = { loaders: server(ready), play: async ({ canvasElement }) => void (await find(receipt(canvasElement), '[part~="download-button"]')) };

/** The download failed: said in words, to try again. */
export const DownloadFailed: Story = {
  loaders: server(ready, { status: 503, body: { statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'The service is temporarily unavailable.' } }),
  play: async ({ canvasElement }) => {
    await click(receipt(canvasElement), '[part~="download-button"]');
    await find(receipt(canvasElement), '[part~="error"]');
  },
};

/** Opened from a calendar's link: the citizen is sent to their personal link to download it. */
export const FromCalendarLink: Story = {
  args: { access: 'calendar' },
  loaders: server(ready),
  play: async ({ canvasElement }) => void (await find(receipt(canvasElement), '[part~="heading"]')),
};
