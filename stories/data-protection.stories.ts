import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import type { SubjectCase } from '../packages/widgets/src/agent-desk/data-protection.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** A person's cases, their right of access and legal holds, for supervisors; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const SEARCH = /^POST \/api\/desk\/subjects\/search$/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-data-protection')!;

const appointment: SubjectCase = {
  id: 'c1',
  reference: 'VC-7K3P9Q',
  kind: 'appointment',
  state: 'completed',
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
  hold: null,
};
const held: SubjectCase = { ...appointment, id: 'c2', reference: 'CB-2M8X4R', kind: 'callback', hold: { at: '2026-12-01T08:00:00.000Z', by: 'a1', reason: 'Recurs contenciós 123/2026' } };

const meta: Meta<Args> = {
  title: 'Desk/fin-data-protection',
  component: 'fin-data-protection',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-data-protection api="https://oac.example.cat" lang=${args.lang}></fin-data-protection>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Before a search. */
export const Empty: Story = {
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="search-form"]');
  },
};

/** The person's two cases, one under a legal hold. */
export const Found: Story = {
  loaders: [async () => mockApi([{ match: SEARCH, body: { cases: [held, appointment] } }])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    const input = await find<HTMLInputElement>(el, '#privacy-value');
    input.value = '612 34 56 78';
    input.dispatchEvent(new Event('input'));
    await click(el, '[part~="search-button"]');
    await find(el, '[part~="lift-button"]');
  },
};

/** Placing a hold: the reason is asked for. */
export const PlacingHold: Story = {
  loaders: [async () => mockApi([{ match: SEARCH, body: { cases: [appointment] } }])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    const input = await find<HTMLInputElement>(el, '#privacy-value');
    input.value = '612 34 56 78';
    input.dispatchEvent(new Event('input'));
    await click(el, '[part~="search-button"]');
    await click(el, '[part~="hold-button"]');
    await find(el, '[part~="hold-form"]');
  },
};

/** Nobody found with these details. */
export const NothingHeld: Story = {
  loaders: [async () => mockApi([{ match: SEARCH, body: { cases: [] } }])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    const input = await find<HTMLInputElement>(el, '#privacy-value');
    input.value = '699 99 99 99';
    input.dispatchEvent(new Event('input'));
    await click(el, '[part~="search-button"]');
    await find(el, '[part~="empty-state"]');
  },
};
