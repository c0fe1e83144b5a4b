import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { deskDocuments } from './fixtures/documents.js';
import { click, find, type } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const list = (body: unknown = deskDocuments()): MockRoute => ({ match: /^GET \/api\/desk\/cases\/case-1\/documents$/, body });
const link: MockRoute = {
  match: /^POST \/api\/desk\/cases\/case-1\/upload-links$/,
  status: 201,
  body: { url: 'https://oac.example.cat/documents?council=demo&lang=ca&token=Qm9vZ2llV29vZ2ll', token: 'Qm9vZ2llV29vZ2ll', expiresAt: '2026-11-30T18:00:00.000Z' },
};

const meta: Meta<Args> = {
  title: 'Desk/fin-case-documents',
  component: 'fin-case-documents',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-case-documents api="https://oac.example.cat" case-id="case-1" lang=${args.lang} heading-level="2"></fin-case-documents>`,
};
export default meta;

type Story = StoryObj<Args>;
const el = (canvas: HTMLElement) => canvas.querySelector('fin-case-documents')!;

/** Expected and received, one rejected with its reason, one that could not be scanned for malware. */
export const Documents: Story = {
  loaders: [async () => mockApi([list()])],
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ ...list(), pending: true }])],
};

/** Nothing has arrived yet. */
export const NothingReceived: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([list({ expected: deskDocuments().expected.map((e) => ({ ...e, status: 'missing' })), documents: [] })])],
};

/** Rejecting needs a reason, which the citizen reads: asked for when missing. */
export const RejectingWithoutReason: Story = {
  loaders: [async () => mockApi([list()])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '#reject-doc-1');
    await click(el(canvasElement), '[part~="confirm-button"]');
    await find(el(canvasElement), '[part~="field-error"]');
  },
};

/** The reason being written. */
export const Rejecting: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([list()])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '#reject-doc-1');
    await type(el(canvasElement), '#reason-doc-1', 'The photo is blurred: the number cannot be read.');
  },
};

/** An upload-only link, ready to copy and send to the citizen. */
export const UploadLink: Story = {
  loaders: [async () => mockApi([list(), link])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '[part~="link-button"]');
    await find(el(canvasElement), '#upload-link-url');
  },
};

export const Unavailable: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ ...list(), status: 503, body: { statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'Unavailable' } }])],
  play: async ({ canvasElement }) => {
    await find(el(canvasElement), '[part~="retry-button"]');
  },
};
