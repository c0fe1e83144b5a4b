import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi, mockEventSource, type MockRoute } from './mock-api.js';
import { deskCallbacks } from './fixtures/desk.js';
import { callbackSlots } from './fixtures/slots.js';
import { appointmentsToday } from './fixtures/appointments.js';
import { find } from './play.js';

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

const signedIn: MockRoute = { match: /^GET \/api\/desk\/me$/, body: agent };
const topics: MockRoute = { match: /^GET \/api\/councils\/demo\/callbacks\/slots$/, body: callbackSlots() };
const agenda: MockRoute = { match: /^GET \/api\/desk\/appointments$/, body: { appointments: appointmentsToday(['booked', 'checked_in', 'cancelled']) } };

/** The workspace with the live callback queue of the agent's council. */
export const Workspace: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } }]);
    },
  ],
};

/** The appointments agenda: the day's video appointments and the next seven days'. */
export const Agenda: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } }]);
    },
  ],
  play: async ({ canvasElement }) => {
    const desk = canvasElement.querySelector('agent-desk')!;
    const tabs = await find(desk, '[role="tablist"]');
    (tabs.querySelectorAll<HTMLElement>('[role="tab"]')[1]).click();
    const agendaElement = await find(desk, 'desk-appointment-agenda');
    await find(agendaElement, 'table, ul, ol');
  },
};

export const EmptyQueue: Story = {
  args: { lang: 'es' },
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: [] } }]);
    },
  ],
};

export const Unavailable: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, networkError: true }])],
};
