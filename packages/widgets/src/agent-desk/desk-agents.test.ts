import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import type { Agent, AuditEntry, StaffMember } from '../shared/types.js';
import './index.js';
import type { FinDeskAgents } from './desk-agents.js';
import type { FinDeskAudit } from './desk-audit.js';

const me: Agent = { id: '6a1c0000-0000-4000-8000-000000000001', role: 'administrator', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: 'DEMO-0001' };
const laia: StaffMember = { id: me.id, name: me.name, email: me.email, role: 'administrator', habilitation: 'DEMO-0001', disabledAt: null, lastSignInAt: '2026-12-07T08:00:00.000Z', invited: false };
const pau: StaffMember = { id: '6a1c0000-0000-4000-8000-000000000002', name: 'Pau Roca', email: 'pau@demo.finestreta.cat', role: 'agent', habilitation: null, disabledAt: null, lastSignInAt: null, invited: true };
const entry: AuditEntry = { seq: 1, at: '2026-12-07T08:05:00.000Z', actor: { id: me.id, name: me.name }, action: 'agent.invited', target: { id: pau.id, name: pau.name, email: pau.email }, details: { role: 'agent' }, hash: 'a'.repeat(64) };

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<fin-desk-agents>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  async function open(lang: string) {
    const el = await fixture<FinDeskAgents>(html`<fin-desk-agents lang=${lang} .agent=${me}></fin-desk-agents>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="list"], [part~="error"]'), 'the agents did not render');
    return el;
  }
  const button = (root: ParentNode, part: string) => root.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;

  it('passes axe with its agents and the invitation form in each language', async () => {
    fetch = stubFetch(() => json({ agents: [laia, pau] }));
    for (const lang of ['ca', 'es', 'en']) await expect(await open(lang)).to.be.accessible();
  });

  it('shows each agent with their role, habilitation and last sign-in, the invited one and the administrator marked', async () => {
    fetch = stubFetch(() => json({ agents: [laia, pau] }));
    const root = (await open('ca')).shadowRoot!;
    const [first, second] = [...root.querySelectorAll('[part~="agent"]')];
    expect(text(first!.querySelector('h3'))).to.equal('Laia Puig · Vós');
    expect(first!.querySelector<HTMLSelectElement>('select')!.value).to.equal('administrator');
    expect(first!.querySelector<HTMLInputElement>('input')!.value).to.equal('DEMO-0001');
    expect(text(first!.querySelector('[part~="facts"]'))).to.contain('Darrer inici de sessió').and.contain('7 de des');
    expect(text(second!.querySelector('h3'))).to.equal('Pau Roca · Convidat, encara sense contrasenya');
    expect(text(second!.querySelector('[part~="facts"]'))).to.contain('Mai');
  });

  it('disables an agent only after confirmation, and says so', async () => {
    let disabled = false;
    fetch = stubFetch((call) => {
      if (call.method === 'PATCH') disabled = true;
      return json(call.method === 'PATCH' ? { ...pau, disabledAt: '2026-12-07T09:00:00.000Z' } : { agents: [laia, { ...pau, disabledAt: disabled ? '2026-12-07T09:00:00.000Z' : null }] });
    });
    const el = await open('en');
    const root = el.shadowRoot!;
    const second = root.querySelectorAll('[part~="agent"]')[1]!;
    button(second, 'disable-button').click();
    await el.updateComplete;
    expect(fetch.calls.filter((call) => call.method === 'PATCH')).to.have.length(0);
    expect(text(root.querySelector('[part~="confirm"]'))).to.contain('Disable Pau Roca? Their sessions end at once');
    expect(root.activeElement).to.equal(button(root, 'confirm-button'));
    const changed = oneEvent(el, 'fin-agent-change');
    button(root, 'confirm-button').click();
    expect((await changed).detail).to.deep.equal({ agentId: pau.id });
    await waitUntil(() => text(root.querySelector('[part~="announcer"]')) === 'Pau Roca is disabled and signed out everywhere.');
    const patch = fetch.calls.find((call) => call.method === 'PATCH')!;
    expect(patch.url).to.match(/\/api\/desk\/agents\/6a1c0000-0000-4000-8000-000000000002$/);
    expect(patch.body).to.deep.equal({ disabled: true });
    await waitUntil(() => text(root.querySelectorAll('[part~="agent"]')[1]!.querySelector('h3'))!.includes('Disabled'));
    expect(text(button(root.querySelectorAll('[part~="agent"]')[1]!, 'disable-button'))).to.equal('Enable again');
  });

  it('says why the last administrator cannot step down', async () => {
    fetch = stubFetch((call) =>
      call.method === 'PATCH' ? json({ statusCode: 409, code: 'FIN_ERR_LAST_ADMINISTRATOR', message: 'The council would be left without an administrator' }, 409) : json({ agents: [laia] }),
    );
    const el = await open('es');
    const root = el.shadowRoot!;
    root.querySelector<HTMLSelectElement>('select')!.value = 'agent';
    button(root, 'save-button').click();
    await waitUntil(() => root.querySelector('[part~="error"][role="alert"]'));
    expect(text(root.querySelector('[part~="error"][role="alert"]'))).to.equal('El ayuntamiento se quedaría sin ningún administrador.');
    expect(fetch.calls.find((call) => call.method === 'PATCH')!.body).to.deep.equal({ role: 'agent', habilitation: 'DEMO-0001' });
  });

  it('sends an invited agent a new link, shown in their entry', async () => {
    const url = 'https://oac.example.cat/desk?council=demo#invitation=renewed';
    fetch = stubFetch((call) => (call.method === 'POST' ? json({ agent: pau, invitation: { url, expiresAt: '2026-12-10T08:00:00.000Z' } }, 201) : json({ agents: [laia, pau] })));
    const el = await open('en');
    const root = el.shadowRoot!;
    const [first, second] = [...root.querySelectorAll('[part~="agent"]')];
    expect(first!.querySelector('[part~="renew-button"]')).to.equal(null);
    button(second!, 'renew-button').click();
    await waitUntil(() => root.querySelector('[part~="link"]'));
    expect(text(root.querySelectorAll('[part~="agent"]')[1]!.querySelector('[part~="link"]'))).to.equal(url);
    expect(fetch.calls.find((call) => call.method === 'POST')!.url).to.match(/\/api\/desk\/agents\/6a1c0000-0000-4000-8000-000000000002\/invitation$/);
    expect(text(root.querySelector('[part~="announcer"]'))).to.equal('Invitation sent to Pau Roca.');
  });

  it('checks the invitation, sends it and shows its link once', async () => {
    const url = 'https://oac.example.cat/desk?council=demo#invitation=abc';
    fetch = stubFetch((call) => (call.method === 'POST' ? json({ agent: pau, invitation: { url, expiresAt: '2026-12-10T08:00:00.000Z' } }, 201) : json({ agents: [laia] })));
    const el = await open('en');
    const root = el.shadowRoot!;
    button(root, 'invite-button').click();
    await el.updateComplete;
    expect(text(root.querySelector('#invite-name-error'))).to.equal('Enter the agent’s name.');
    expect(root.activeElement?.id).to.equal('invite-name');
    const type = (id: string, value: string) => {
      const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new InputEvent('input'));
    };
    type('invite-name', 'Pau Roca');
    type('invite-email', 'pau@demo.finestreta.cat');
    button(root, 'invite-button').click();
    await waitUntil(() => root.querySelector('[part~="link"]'));
    expect(text(root.querySelector('[part~="link"]'))).to.equal(url);
    expect(fetch.calls.find((call) => call.method === 'POST')!.body).to.deep.equal({ name: 'Pau Roca', email: 'pau@demo.finestreta.cat', role: 'agent' });
  });
});

describe('<fin-desk-audit>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  it('passes axe and says who did what to whom, older pages on request', async () => {
    fetch = stubFetch((call) =>
      json(call.url.includes('before=') ? { entries: [{ ...entry, seq: 1, action: 'agent.passwordSet', actor: null }], next: null } : { entries: [{ ...entry, seq: 2, action: 'agent.disabled' }], next: 2 }),
    );
    const el = await fixture<FinDeskAudit>(html`<fin-desk-audit lang="ca"></fin-desk-audit>`);
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[part~="entry"]'));
    await expect(el).to.be.accessible();
    expect(text(root.querySelector('[part~="entry"]'))).to.contain('Laia Puig ha desactivat Pau Roca (pau@demo.finestreta.cat)');
    button(root, 'more-button').click();
    await waitUntil(() => root.querySelectorAll('[part~="entry"]').length === 2);
    expect(text(root.querySelectorAll('[part~="entry"]')[1])).to.contain('una ordre al servidor ha establert la contrasenya de Pau Roca');
    expect(root.querySelector('[part~="more-button"]')).to.equal(null);
  });

  const button = (root: ParentNode, part: string) => root.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;
});
