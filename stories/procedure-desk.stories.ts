import type { DeskIdentity, DeskProcedure } from '@finestreta/server/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import {
  accepted,
  AT,
  badCheckDigit,
  complete,
  deskProcedure,
  expired,
  mismatch,
  mrzReading,
  stillPicture,
  stills,
  stepsAt,
} from '../packages/widgets/src/agent-desk/procedure/testing.js';
import { mockApi, mockEventSource } from './mock-api.js';
import { find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  procedure: DeskProcedure;
}

/** The stills' bytes, and the procedure the panel reads. */
async function server(procedure?: DeskProcedure) {
  const picture = await stillPicture();
  mockEventSource();
  mockApi([
    { match: /^GET \/api\/desk\/appointments\/case-1\/procedure\/identity\/stills\/[^/]+$/, bytes: picture },
    ...(procedure ? [{ match: /^GET \/api\/desk\/appointments\/case-1\/procedure$/, body: procedure }] : []),
    { match: /^GET \/api\/desk\/cases\/case-1\/documents$/, body: { expected: [{ id: 'id', name: 'DNI o NIE', status: 'received' }], documents: [] } },
  ]);
}

const meta: Meta<Args> = {
  title: 'Desk/fin-identity-panel',
  component: 'fin-identity-panel',
  args: { lang: 'ca', procedure: deskProcedure() },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] }, procedure: { control: false } },
  loaders: [async () => server()],
  render: (args) =>
    html`<fin-identity-panel api="https://oac.example.cat" case-id="case-1" lang=${args.lang} .procedure=${args.procedure}></fin-identity-panel>`,
};
export default meta;

type Story = StoryObj<Args>;

const identity = (changes: Partial<DeskIdentity>, overrides: Partial<DeskProcedure> = {}) => deskProcedure(changes, overrides);
const thumbnails = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await find(canvasElement.querySelector('fin-identity-panel')!, '[part~="thumbnail"]');
};

/** Just begun: nothing can be done before the citizen consents. */
export const Fresh: Story = {};
export const FreshSpanish: Story = { args: { lang: 'es' } };
export const FreshEnglish: Story = { args: { lang: 'en' } };

export const ConsentAsked: Story = { args: { lang: 'es', procedure: identity({ consent: { state: 'asked', textSha256: 'ab'.repeat(32), at: AT } }) } };

export const ConsentRefused: Story = { args: { lang: 'en', procedure: identity({ consent: { state: 'refused', textSha256: 'ab'.repeat(32), at: AT } }) } };

/** The front, the back and the face side by side, the face asked for again. */
export const StillsTaken: Story = { args: { procedure: identity({ ...accepted, stills, requestedStill: 'face' }) }, play: thumbnails };

export const MrzValid: Story = { args: { lang: 'en', procedure: identity({ ...accepted, stills, mrz: mrzReading() }) }, play: thumbnails };

export const MrzBadCheckDigit: Story = { args: { lang: 'es', procedure: identity({ ...accepted, stills, mrz: badCheckDigit }) }, play: thumbnails };

export const MrzExpired: Story = { args: { procedure: identity({ ...accepted, stills, mrz: expired }) }, play: thumbnails };

export const MrzMismatch: Story = { args: { lang: 'en', procedure: identity({ ...accepted, stills, mrz: mismatch }) }, play: thumbnails };

/** The spoken code shown: what did the agent hear? */
export const CodeShown: Story = {
  args: { lang: 'es', procedure: identity({ ...accepted, stills, mrz: mrzReading(), liveness: { issuedAt: AT, matched: null, answeredAt: null } }) },
  play: thumbnails,
};

export const CodeMismatched: Story = {
  args: { procedure: identity({ ...accepted, stills, mrz: mrzReading(), liveness: { issuedAt: AT, matched: false, answeredAt: AT } }) },
  play: thumbnails,
};

export const CodeMatched: Story = { args: { lang: 'en', procedure: identity(complete) }, play: thumbnails };

export const Verified: Story = {
  args: { lang: 'es', procedure: identity({ ...complete, decision: { verified: true, reason: null, at: AT, agentId: 'a1' } }, { steps: stepsAt('documents') }) },
  play: thumbnails,
};

export const NotVerified: Story = {
  args: {
    procedure: identity(
      { ...complete, mrz: mismatch, decision: { verified: false, reason: 'La foto del document no és la de la persona', at: AT, agentId: 'a1' } },
      { steps: stepsAt('identity', ['identity']) },
    ),
  },
  play: thumbnails,
};

/** A still enlarged to its full resolution. */
export const Zoomed: Story = {
  args: { lang: 'en', procedure: identity({ ...accepted, stills }) },
  play: async ({ canvasElement }) => {
    const panel = canvasElement.querySelector('fin-identity-panel')!;
    (await find<HTMLButtonElement>(panel, '[part~="zoom-button"]')).click();
    await find(panel, 'dialog[open] [part~="zoom-image"]');
  },
};
