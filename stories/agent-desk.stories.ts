import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import { mockApi, mockEventSource, type MockRoute } from './mock-api.js';
import { deskCallbacks } from './fixtures/desk.js';
import { callbackSlots } from './fixtures/slots.js';
import { appointmentsToday } from './fixtures/appointments.js';
import { deskDocuments } from './fixtures/documents.js';
import { find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const agent = {
  agent: { id: 'a1', role: 'supervisor', name: 'Marta Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null },
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

/** A council with an identity provider: its button first, the password form for agents who have one. */
export const SignInWithIdentityProvider: Story = {
  loaders: [async () => mockApi([noSession])],
  render: (args) => html`<agent-desk api="https://oac.example.cat" lang=${args.lang} council="demo" identity-provider="VÀLid"></agent-desk>`,
};

/** Back from the identity provider, which knows the agent but gives them no role at the desk. */
export const IdentityProviderRefused: Story = {
  loaders: [async () => mockApi([noSession])],
  render: (args) =>
    html`<agent-desk api="https://oac.example.cat" lang=${args.lang} council="demo" identity-provider="VÀLid" sign-in-error="FIN_ERR_OIDC_ROLE_MISSING"></agent-desk>`,
};

export const CheckingSession: Story = {
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, pending: true }])],
};

/** Opened from an invitation's link: the invited agent chooses a password before signing in. */
export const Invitation: Story = {
  loaders: [
    async () => {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#invitation=c3RvcnktaW52aXRhdGlvbg`);
      mockApi([noSession]);
    },
  ],
  play: async ({ canvasElement }) => {
    await find(canvasElement.querySelector('agent-desk')!, '#newPassword');
  },
};

const signedIn: MockRoute = { match: /^GET \/api\/desk\/me$/, body: agent };
/** The council's agents, which the supervisor's queue offers to filter by and reassign to. */
const team: MockRoute = {
  match: /^GET \/api\/desk\/team$/,
  body: {
    agents: [
      { id: 'a1', name: 'Laia Puig', role: 'agent' },
      { id: 'a2', name: 'Pere Vidal', role: 'agent' },
      { id: 'a3', name: 'Marta Puig', role: 'supervisor' },
    ],
  },
};
const topics: MockRoute = { match: /^GET \/api\/councils\/demo\/callbacks\/slots$/, body: callbackSlots() };
const agenda: MockRoute = { match: /^GET \/api\/desk\/appointments$/, body: { appointments: appointmentsToday(['booked', 'checked_in', 'cancelled']) } };

/** The workspace with the live callback queue of the agent's council. */
export const Workspace: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, team, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } }]);
    },
  ],
};

/** An agent's own queue, not a supervisor's: no filter by agent and nothing to reassign. */
export const AgentQueue: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([{ match: /^GET \/api\/desk\/me$/, body: { agent: { ...agent.agent, role: 'agent' } } }, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks.filter((callback) => !callback.assignedAgent) } }]);
    },
  ],
};

/** A supervisor has just handed a callback to another agent: the queue says so politely. */
export const Reassigned: Story = {
  loaders: [
    async () => {
      mockEventSource();
      const first = deskCallbacks[0]!;
      mockApi([
        signedIn,
        team,
        topics,
        agenda,
        { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } },
        { match: /^POST \/api\/desk\/callbacks\/[^/]+\/assign$/, body: { ...first, state: 'assigned', assignedAgent: { id: 'a2', name: 'Pere Vidal' } } },
      ]);
    },
  ],
  play: async ({ canvasElement }) => {
    const queue = await find(canvasElement.querySelector('agent-desk')!, 'fin-callback-queue');
    const select = await find<HTMLSelectElement>(queue, '[part~="reassign-select"]');
    select.value = 'a2';
    (await find<HTMLButtonElement>(queue, '[part~="reassign-button"]')).click();
    await find(queue, '[part~="latest"]');
  },
};

/** A callback's history, opened in the queue: each event of its evidence log in words, here in Spanish. */
export const CallbackHistory: Story = {
  args: { lang: 'es' },
  loaders: [
    async () => {
      mockEventSource();
      const first = deskCallbacks[0]!;
      const events = ['callback.requested', 'callback.claimed', 'callback.started', 'callback.note_added', 'callback.retry_scheduled'].map((type, index) => ({
        seq: index + 1,
        type,
        actor: index === 0 ? 'citizen' : 'agent:a1',
        data: {},
        at: new Date(Date.parse(first.slot.start) + index * 5 * 60 * 1000).toISOString(),
        prevHash: '0'.repeat(64),
        hash: String(index).repeat(64),
      }));
      mockApi([
        signedIn,
        team,
        topics,
        agenda,
        { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } },
        { match: /^GET \/api\/desk\/cases\/[^/]+\/evidence$/, body: { events, valid: true } },
      ]);
    },
  ],
  play: async ({ canvasElement }) => {
    const queue = await find(canvasElement.querySelector('agent-desk')!, 'fin-callback-queue');
    (await find<HTMLDetailsElement>(queue, '[part~="history-disclosure"]')).open = true;
    await find(await find(queue, 'fin-case-history'), '[part~="event"]');
  },
};

/** The appointments agenda: the day's video appointments and the next seven days'. */
export const Agenda: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, team, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } }]);
    },
  ],
  play: async ({ canvasElement }) => {
    const desk = canvasElement.querySelector('agent-desk')!;
    const tabs = await find(desk, '[role="tablist"]');
    (tabs.querySelectorAll<HTMLElement>('[role="tab"]')[1]).click();
    const agendaElement = await find(desk, 'fin-appointment-agenda');
    await find(agendaElement, 'table, ul, ol');
  },
};

const completed = appointmentsToday(['completed'])[0]!;
const started = new Date(Date.parse(completed.slot.start) + 2 * 60 * 1000).toISOString();
const ended = new Date(Date.parse(completed.slot.start) + 21 * 60 * 1000).toISOString();

/**
 * A completed appointment opened: its details, the documents, the call's recordings — each party
 * in a player of their own, played together, and the whole file to download with its hash — and
 * the history. (Without a server the players have nothing to play.)
 */
/** A whole procedure's history, as the server logs it: the desk says each step in words. */
const history = [
  ['appointment.booked', 'citizen', {}],
  ['appointment.reminder_sent', 'system', {}],
  ['appointment.checked_in', 'citizen', {}],
  ['call.admitted', 'agent:a1', { role: 'citizen' }],
  ['call.recording_consent', 'citizen', {}],
  ['call.recording_started', 'system', {}],
  ['identity.consent_answered', 'citizen', {}],
  ['identity.mrz_read', 'agent:a1', {}],
  ['identity.still_taken', 'agent:a1', {}],
  ['identity.liveness_issued', 'agent:a1', {}],
  ['identity.liveness_answered', 'citizen', {}],
  ['identity.checklist', 'agent:a1', {}],
  ['identity.decision', 'agent:a1', { verified: true }],
  ['document.received', 'citizen', {}],
  ['document.reviewed', 'agent:a1', { decision: 'accepted' }],
  ['application.saved', 'agent:a1', {}],
  ['agreement.shown', 'citizen', {}],
  ['agreement.agreed', 'citizen', {}],
  ['agreement.signed', 'agent:a1', {}],
  ['registry.entered', 'system', {}],
  ['receipt.issued', 'system', {}],
  ['call.ended', 'agent:a1', { reason: 'agentHungUp' }],
  ['call.recording_stored', 'system', {}],
  ['survey.invited', 'system', {}],
  ['receipt.mailed', 'system', {}],
].map(([type, actor, data], index) => ({ seq: index + 1, type, actor, data, at: index === 0 ? completed.createdAt : index < 21 ? started : ended }));

export const CompletedAppointment: Story = {
  loaders: [
    async () => {
      mockEventSource();
      mockApi([
        signedIn,
        team,
        topics,
        { match: /^GET \/api\/desk\/appointments$/, body: { appointments: [completed] } },
        { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } },
        { match: /^GET \/api\/desk\/cases\/va-0\/documents$/, body: deskDocuments() },
        {
          match: /^GET \/api\/desk\/appointments\/va-0$/,
          body: {
            ...completed,
            events: history,
            recordings: [
              { id: 'rec-1', startedAt: started, stoppedAt: ended, bytes: 48_213_004, sha256: '3f9a'.repeat(16), parties: ['citizen', 'agent'], parts: [{ id: 'rec-1', startedAt: started, atMs: 0 }] },
              { id: 'rec-2', startedAt: started, stoppedAt: ended, bytes: 9_112_730, sha256: '81c0'.repeat(16), parties: ['citizen'], parts: [{ id: 'rec-2', startedAt: started, atMs: 0 }] },
            ],
          },
        },
      ]);
    },
  ],
  play: async ({ canvasElement }) => {
    const desk = canvasElement.querySelector('agent-desk')!;
    const tabs = await find(desk, '[role="tablist"]');
    (tabs.querySelectorAll<HTMLElement>('[role="tab"]')[1]).click();
    const agendaElement = await find(desk, 'fin-appointment-agenda');
    (await find(agendaElement, '[data-open="va-0"]')).click();
    await find(agendaElement, '[part~="recording-parties"]');
  },
};

const flood = {
  flooding: true,
  council: { lastHour: 64, threshold: 30 },
  groups: [
    {
      origin: '3fa9c2e1b07d',
      count: 3,
      first: '2026-11-23T07:00:00.000Z',
      last: '2026-11-23T07:02:00.000Z',
      bookings: ['requested', 'booked', 'cancelled'].map((state, index) => ({
        id: `f${index}`,
        kind: state === 'booked' ? 'appointment' : 'callback',
        reference: `${state === 'booked' ? 'VA' : 'CB'}-FL00D${index}`,
        state,
        name: 'Bot Bot',
        createdAt: `2026-11-23T07:0${index}:00.000Z`,
        slot: { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' },
      })),
    },
  ],
};

/** A flood of bookings: the alert above the queue, with the suspicious bookings to cancel in bulk. */
export const FloodAlert: Story = {
  args: { lang: 'en' },
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, team, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: deskCallbacks } }, { match: /^GET \/api\/desk\/floods$/, body: flood }]);
    },
  ],
  play: async ({ canvasElement }) => {
    const desk = canvasElement.querySelector('agent-desk')!;
    await find(await find(desk, 'fin-flood-alert'), '[part~="alert"]');
  },
};

export const EmptyQueue: Story = {
  args: { lang: 'es' },
  loaders: [
    async () => {
      mockEventSource();
      mockApi([signedIn, team, topics, agenda, { match: /^GET \/api\/desk\/callbacks$/, body: { callbacks: [] } }]);
    },
  ],
};

export const Unavailable: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ match: /^GET \/api\/desk\/me$/, networkError: true }])],
};
