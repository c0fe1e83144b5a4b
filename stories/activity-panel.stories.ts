import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { CURRENT, indicatorIndex, indicatorSeries, monthIndicators, MONTHS } from './fixtures/indicators.js';
import { click, find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  month: string;
}

const index = (empty = false): MockRoute => ({ match: /^GET \/api\/councils\/demo\/indicators$/, body: indicatorIndex(empty) });
/** The charts end with the last complete month, or with `to`: the mock answers one series whatever is asked. */
const series = (scale: 'stars5' | 'nps10' = 'stars5', to?: string): MockRoute => ({ match: /^GET \/api\/councils\/demo\/indicators\/series$/, body: indicatorSeries(to, scale) });
/** One route per month, so the picker finds each month's figures. */
const months = (scale: 'stars5' | 'nps10' = 'stars5'): MockRoute[] =>
  [...MONTHS, CURRENT].map((month) => ({ match: new RegExp(`^GET /api/councils/demo/indicators/${month}\\.json$`), body: monthIndicators(month, scale) }));
const year = (scale: 'stars5' | 'nps10' = 'stars5') => [index(), series(scale), ...months(scale)];

const meta: Meta<Args> = {
  title: 'Transparency/activity-panel',
  component: 'activity-panel',
  args: { lang: 'ca', month: '' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] },
    month: { control: 'select', options: ['', ...MONTHS, CURRENT] },
  },
  render: (args) => html`<activity-panel api="https://oac.example.cat" council="demo" lang=${args.lang} month=${args.month || nothing}></activity-panel>`,
};
export default meta;

type Story = StoryObj<Args>;

const panel = (canvas: HTMLElement) => canvas.querySelector('activity-panel')!;

/** The last complete month, with the last twelve months charted; the month under way is in the picker, marked provisional. */
export const LatestMonth: Story = {
  loaders: [async () => mockApi(year())],
};

export const English: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi(year())],
};

/** August: too few answers after video appointments, so their rating is not published ("—"). */
export const SuppressedFigures: Story = {
  args: { month: '2026-08', lang: 'es' },
  loaders: [async () => mockApi(year())],
};

/** Another month chosen in the picker. */
export const MonthPicked: Story = {
  loaders: [async () => mockApi(year())],
  play: async ({ canvasElement }) => {
    const el = panel(canvasElement);
    const select = await find<HTMLSelectElement>(el, 'select');
    await find(el, '[part~="figures"]');
    select.value = '2026-03';
    select.dispatchEvent(new Event('change'));
    for (let i = 0; i < 100 && !el.shadowRoot?.textContent?.includes('Dades de març del 2026'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  },
};

/** The month under way, picked: its figures are marked provisional, and its callbacks' long waits read in hours and days. */
export const ProvisionalMonth: Story = {
  args: { month: CURRENT, lang: 'en' },
  loaders: [async () => mockApi([index(), series('stars5', CURRENT), ...months()])],
  play: async ({ canvasElement }) => {
    const el = panel(canvasElement);
    await find(el, '[part~="provisional"]');
    for (const details of el.shadowRoot!.querySelectorAll('details')) details.open = true;
  },
};

/** On a phone 320 px wide: the tables scroll inside their boxes, and say so. */
export const NarrowScreen: Story = {
  loaders: [async () => mockApi(year())],
  render: (args) => html`<div style="max-width: 320px"><activity-panel api="https://oac.example.cat" council="demo" lang=${args.lang}></activity-panel></div>`,
  play: async ({ canvasElement }) => {
    await find(panel(canvasElement), '[part~="scroll-hint"]');
  },
};

/** A chart's data table shown. */
export const DataTable: Story = {
  loaders: [async () => mockApi(year())],
  play: async ({ canvasElement }) => {
    const el = panel(canvasElement);
    await find(el, '[part~="chart"]');
    await click(el, '[part~="data-toggle"]');
  },
};

/** A council that asks 0–10. */
export const ZeroToTenScale: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi(year('nps10'))],
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ ...index(), pending: true }])],
};

/** The picker is there, the month's figures are on their way. */
export const LoadingMonth: Story = {
  loaders: [async () => mockApi([index(), { ...series(), pending: true }, ...months()])],
};

/** Nothing published yet. */
export const Empty: Story = {
  loaders: [async () => mockApi([index(true)])],
};

export const Unavailable: Story = {
  loaders: [async () => mockApi([{ ...index(), networkError: true }])],
};
