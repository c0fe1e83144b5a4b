import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { click, find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const names = { ca: 'Alta al padró municipal', es: 'Alta en el padrón municipal', en: 'Registering on the municipal roll' };
const offer = (lang: Args['lang']): MockRoute => ({ match: /^GET \/api\/desk\/demo$/, body: { demo: true, procedure: { id: 'padro', name: names[lang] } } });
const made = (lang: Args['lang']): MockRoute => ({
  match: /^POST \/api\/desk\/demo\/appointments$/,
  status: 201,
  body: {
    id: 'case-1',
    reference: 'VA-7K3P9Q',
    procedure: { id: 'padro', name: names[lang] },
    slot: { start: '2026-12-06T22:30:00.000Z', end: '2026-12-06T23:00:00.000Z' },
    appointmentUrl: 'http://localhost:8080/cita?council=demo&token=Qm9vZ2llV29vZ2ll',
  },
});

const meta: Meta<Args> = {
  title: 'Desk/fin-demo-try',
  component: 'fin-demo-try',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<fin-demo-try api="https://oac.example.cat" lang=${args.lang}></fin-demo-try>`,
};
export default meta;

type Story = StoryObj<Args>;
const el = (canvas: HTMLElement) => canvas.querySelector('fin-demo-try')!;

/** Demo mode: the offer of a test appointment starting now. */
export const Offered: Story = {
  loaders: [async () => mockApi([offer('ca')])],
  play: async ({ canvasElement }) => {
    await find(el(canvasElement), '[part~="try-button"]');
  },
};

/** The test appointment made: the citizen's link to open in another window or on a phone. */
export const Made: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([offer('en'), made('en')])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '[part~="try-button"]');
    await find(el(canvasElement), '[part~="result"]');
  },
};

export const MadeInSpanish: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([offer('es'), made('es')])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '[part~="try-button"]');
    await find(el(canvasElement), '[part~="result"]');
  },
};

export const Failed: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([offer('es'), { ...made('es'), status: 503, body: { statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'Unavailable' } }])],
  play: async ({ canvasElement }) => {
    await click(el(canvasElement), '[part~="try-button"]');
    await find(el(canvasElement), '[part~="error"]');
  },
};

/** Outside demo mode the route does not exist: nothing is shown. */
export const OutsideDemoMode: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/demo$/, status: 404, body: { statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'Not found' } }])],
};
