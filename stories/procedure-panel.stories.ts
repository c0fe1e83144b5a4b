import type { DeskProcedure } from '@finestreta/server/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { accepted, AT, complete, deskProcedure, stillPicture, stepsAt } from '../packages/widgets/src/agent-desk/procedure/testing.js';
import { mockApi, mockEventSource } from './mock-api.js';
import { find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const verified = { ...complete, decision: { verified: true, reason: null, at: AT, agentId: 'a1' } };
const agreement = (state: DeskProcedure['agreement']['state']) => ({
  state,
  documentId: 'doc-1',
  sha256: 'ef'.repeat(32),
  presentedAt: AT,
  answeredAt: state === 'agreed' ? AT : null,
  reason: null,
  signature: null,
});

/** The panel reads `procedure`; the stills and the documents answer too. */
function loaders(procedure: DeskProcedure) {
  return [
    async () => {
      mockEventSource();
      mockApi([
        { match: /^GET \/api\/desk\/appointments\/case-1\/procedure$/, body: procedure },
        { match: /^GET \/api\/desk\/appointments\/case-1\/procedure\/identity\/stills\/[^/]+$/, bytes: await stillPicture() },
        { match: /^GET \/api\/desk\/cases\/case-1\/documents$/, body: { expected: [{ id: 'id', name: 'DNI o NIE', status: 'received' }], documents: [] } },
      ]);
    },
  ];
}

const meta: Meta<Args> = {
  title: 'Desk/fin-procedure-panel',
  component: 'fin-procedure-panel',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-procedure-panel api="https://oac.example.cat" case-id="case-1" lang=${args.lang}></fin-procedure-panel>`,
  play: async ({ canvasElement }) => {
    await find(canvasElement.querySelector('fin-procedure-panel')!, '[part~="steps"]');
  },
};
export default meta;

type Story = StoryObj<Args>;

/** The identity check under way: the agent cannot go on before it is verified. */
export const Identity: Story = { loaders: loaders(deskProcedure(accepted)) };

/** The identity refused: the procedure stops there. */
export const IdentityRefused: Story = {
  args: { lang: 'en' },
  loaders: loaders(deskProcedure({ ...complete, decision: { verified: false, reason: 'Not the person', at: AT, agentId: 'a1' } }, { steps: stepsAt('identity', ['identity']) })),
};

/** The documents checked before going on. */
export const Documents: Story = { args: { lang: 'es' }, loaders: loaders(deskProcedure(verified, { current: 'documents', steps: stepsAt('documents') })) };

/** Going back from an agreement given asks first: it voids the agreement. */
export const GoingBackVoids: Story = {
  args: { lang: 'en' },
  loaders: loaders(deskProcedure(verified, { current: 'agreement', steps: stepsAt('agreement'), agreement: agreement('agreed') })),
  play: async ({ canvasElement }) => {
    const panel = canvasElement.querySelector('fin-procedure-panel')!;
    (await find<HTMLButtonElement>(panel, '[data-redo="application"]')).click();
    await find(panel, '[part~="confirm"]');
  },
};

const signed = deskProcedure(verified, {
  current: 'receipt',
  steps: stepsAt('receipt'),
  agreement: {
    ...agreement('agreed'),
    signature: { agentId: 'a1', agentName: 'Laia Puig', habilitation: 'HAB-1', algorithm: 'Ed25519', publicKeySha256: '12'.repeat(32), signedAt: AT },
  },
});

/** Signed, the receipt not made yet (being made, or its seal failed): it can be made again. */
export const ReceiptMissing: Story = { loaders: loaders(signed) };

/** Signed, and the receipt made: its entry, hash and download. */
export const Receipt: Story = {
  args: { lang: 'en' },
  loaders: loaders({ ...signed, receipt: { entryNumber: '2026/000123', registeredAt: AT, sha256: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8' } }),
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/appointments\/case-1\/procedure$/, pending: true }])],
  play: async () => undefined,
};

export const LoadFailed: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/appointments\/case-1\/procedure$/, status: 500, body: { statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'x' } }])],
  play: async ({ canvasElement }) => {
    await find(canvasElement.querySelector('fin-procedure-panel')!, '[part~="retry-button"]');
  },
};
