import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi } from './mock-api.js';
import { demoCouncil } from './fixtures/council.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  'heading-level': number;
}

const council = /^GET \/api\/councils\/demo$/;

const meta: Meta<Args> = {
  title: 'Citizen/office-hours',
  component: 'office-hours',
  args: { lang: 'ca', 'heading-level': 2 },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) =>
    html`<office-hours api="https://oac.example.cat" council="demo" lang=${args.lang} heading-level=${args['heading-level']}></office-hours>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Open: Story = {
  loaders: [async () => mockApi([{ match: council, body: demoCouncil(true) }])],
};

export const Closed: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([{ match: council, body: demoCouncil(false, 4) }])],
};

export const NoClosuresComing: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ match: council, body: demoCouncil(true, 0) }])],
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ match: council, pending: true }])],
};

export const Unavailable: Story = {
  loaders: [async () => mockApi([{ match: council, networkError: true }])],
};

/** A wrong embed is no outage: the citizen reads that the service is not on this page, the console says what to fix. */
export const UnknownCouncil: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/councils\//, status: 404, body: { statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'No council "demo"' } }])],
};

export const OriginNotAllowed: Story = {
  loaders: [async () => mockApi([{ match: council, status: 403, body: { statusCode: 403, code: 'FIN_ERR_ORIGIN_FORBIDDEN', message: 'Requests from this origin are not allowed' } }])],
};

/** A broken configuration (no council) shows a short neutral message instead of throwing. */
export const MissingCouncil: Story = {
  render: (args) => html`<office-hours api="https://oac.example.cat" lang=${args.lang}></office-hours>`,
};
