import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import type { Agent, AuditEntry, StaffMember } from '../packages/widgets/src/shared/types.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/** The council's agents and its audit log, as an administrator manages them; the server's answers are canned. */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const LIST = /^GET \/api\/desk\/agents$/;
const AUDIT = /^GET \/api\/desk\/audit/;
const element = (canvas: HTMLElement) => canvas.querySelector('fin-desk-agents')!;

const me: Agent = { id: '6a1c0000-0000-4000-8000-000000000001', role: 'administrator', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: 'DEMO-0001' };
const laia: StaffMember = { id: me.id, name: me.name, email: me.email, role: 'administrator', habilitation: 'DEMO-0001', disabledAt: null, lastSignInAt: '2026-12-07T08:00:00.000Z', invited: false };
const jordi: StaffMember = { id: '6a1c0000-0000-4000-8000-000000000003', name: 'Jordi Roca', email: 'jordi@demo.finestreta.cat', role: 'agent', habilitation: null, disabledAt: '2026-12-06T17:00:00.000Z', lastSignInAt: '2026-12-05T09:12:00.000Z', invited: false };
const pau: StaffMember = { id: '6a1c0000-0000-4000-8000-000000000002', name: 'Pau Vila', email: 'pau@demo.finestreta.cat', role: 'supervisor', habilitation: null, disabledAt: null, lastSignInAt: null, invited: true };
const entries: AuditEntry[] = [
  { seq: 2, at: '2026-12-07T08:10:00.000Z', actor: { id: me.id, name: me.name }, action: 'agent.disabled', target: { id: jordi.id, name: jordi.name, email: jordi.email }, details: {}, hash: 'b'.repeat(64) },
  { seq: 1, at: '2026-12-07T08:05:00.000Z', actor: { id: me.id, name: me.name }, action: 'agent.invited', target: { id: pau.id, name: pau.name, email: pau.email }, details: { role: 'supervisor' }, hash: 'a'.repeat(64) },
];

const meta: Meta<Args> = {
  title: 'Desk/fin-desk-agents',
  component: 'fin-desk-agents',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) =>
    html`<fin-desk-agents api="https://oac.example.cat" lang=${args.lang} .agent=${me}></fin-desk-agents>
      <fin-desk-audit api="https://oac.example.cat" lang=${args.lang}></fin-desk-audit>`,
};
export default meta;

type Story = StoryObj<Args>;

/** An administrator, a disabled agent and one invited who has not set a password yet; the log below. */
export const Agents: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { agents: [laia, jordi, pau] } }, { match: AUDIT, body: { entries, next: null } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="agent"]');
  },
};

/** Disabling asks first. */
export const ConfirmDisable: Story = {
  loaders: [async () => mockApi([{ match: LIST, body: { agents: [laia, pau] } }, { match: AUDIT, body: { entries, next: null } }])],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="agent"]');
    const buttons = element(canvasElement).shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="disable-button"]');
    buttons[1]!.click();
    await find(element(canvasElement), '[part~="confirm"]');
  },
};

/** An invitation was sent: its link is shown once. */
export const Invited: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: /^POST \/api\/desk\/agents$/, status: 201, body: { agent: pau, invitation: { url: 'https://oac.example.cat/desk?council=demo#invitation=Zm9vYmFy', expiresAt: '2026-12-10T08:00:00.000Z' } } },
        { match: LIST, body: { agents: [laia] } },
        { match: AUDIT, body: { entries: [], next: null } },
      ]),
  ],
  play: async ({ canvasElement }) => {
    const root = element(canvasElement).shadowRoot!;
    await find(element(canvasElement), '[part~="agent"]');
    for (const [id, value] of [['invite-name', 'Pau Vila'], ['invite-email', 'pau@demo.finestreta.cat']]) {
      const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value!;
      input.dispatchEvent(new InputEvent('input'));
    }
    await click(element(canvasElement), '[part~="invite-button"]');
    await find(element(canvasElement), '[part~="link"]');
  },
};

/** Neither could load. */
export const Unavailable: Story = {
  loaders: [
    async () =>
      mockApi([
        { match: LIST, status: 503, body: { statusCode: 503, code: 'FIN_ERR_UNAVAILABLE', message: 'Unavailable' } },
        { match: AUDIT, status: 503, body: { statusCode: 503, code: 'FIN_ERR_UNAVAILABLE', message: 'Unavailable' } },
      ]),
  ],
  play: async ({ canvasElement }) => {
    await find(element(canvasElement), '[part~="error"]');
  },
};
