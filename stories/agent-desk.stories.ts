import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi } from './mock-api.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const agent = {
  agent: { id: 'a1', name: 'Marta Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' } },
};
const noSession = { match: /^GET \/api\/desk\/me$/, status: 401, body: { statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in first' } };

const meta: Meta<Args> = {
  title: 'Desk/agent-desk',
  component: 'agent-desk',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<agent-desk api="https://oac.example.cat" lang=${args.lang}></agent-desk>`,
};
export default meta;

type Story = StoryObj<Args>;

export const SignIn: Story = {
  loaders: [async () => mockApi([noSession])],
};

export const CheckingSession: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, pending: true }])],
};

export const Workspace: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, body: agent }])],
};

export const Unavailable: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, networkError: true }])],
};
