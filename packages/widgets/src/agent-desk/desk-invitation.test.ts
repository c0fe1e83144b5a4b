import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub } from '../shared/testing.js';
import type { Agent } from '../shared/types.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';

const administrator: Agent = { id: 'a1', role: 'administrator', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };
const unauthenticated = () => json({ statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in first.' }, 401);

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();

function type(el: AgentDesk, field: string, value: string) {
  const input = $<HTMLInputElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
}

describe('<agent-desk> for invitations and administrators', () => {
  let fetch: FetchStub | undefined;
  let events: EventSourceStub;
  let before: string;
  beforeEach(() => {
    events = stubEventSource();
    before = location.href;
  });
  afterEach(() => {
    fetch?.restore();
    events.restore();
    history.replaceState(null, '', before);
  });

  describe('opened from an invitation link', () => {
    it('takes the token out of the address, sets the password once it is long enough and repeated, then asks to sign in', async () => {
      history.replaceState(null, '', `${location.pathname}?council=demo#invitation=tok_en-123`);
      fetch = stubFetch((call) => (call.url.endsWith('/api/desk/invitation') ? new Response(null, { status: 204 }) : unauthenticated()));
      const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
      expect(location.hash).to.equal('');
      expect(location.search).to.equal('?council=demo');
      expect(text(el, 'h1')).to.equal('Choose your password');
      await expect(el).to.be.accessible();
      expect($(el, '#newPassword')!.getAttribute('autocomplete')).to.equal('new-password');

      type(el, 'newPassword', 'too short');
      $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
      await el.updateComplete;
      expect(text(el, '[part~="error-summary"]')).to.contain('The password needs at least 12 characters.');
      type(el, 'newPassword', 'a long passphrase');
      type(el, 'repeatPassword', 'a long passphrasE');
      $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
      await el.updateComplete;
      expect(text(el, '[part~="error-summary"]')).to.contain('The two passwords differ.');
      expect(fetch.calls.filter((call) => call.url.endsWith('/api/desk/invitation'))).to.have.length(0);

      type(el, 'repeatPassword', 'a long passphrase');
      $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
      await waitUntil(() => text(el, 'h1') === 'Sign in');
      expect(text(el, '[part~="notice"]')).to.equal('Your password is set. Sign in with your email and it.');
      expect(fetch.calls.find((call) => call.url.endsWith('/api/desk/invitation'))!.body).to.deep.equal({ token: 'tok_en-123', password: 'a long passphrase' });
    });

    it('says when the invitation was used or expired', async () => {
      history.replaceState(null, '', `${location.pathname}#invitation=used`);
      fetch = stubFetch(() => json({ statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'This link is not valid or has expired' }, 401));
      const el = await fixture<AgentDesk>(html`<agent-desk lang="ca"></agent-desk>`);
      type(el, 'newPassword', 'una contrasenya llarga');
      type(el, 'repeatPassword', 'una contrasenya llarga');
      $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
      await waitUntil(() => $(el, '[part~="error-summary"]'));
      expect(text(el, '[part~="error-summary"]')).to.contain('Aquesta invitació no és vàlida, ja s’ha fet servir o ha caducat.');
    });
  });

  describe('signed in', () => {
    it('shows the management of agents and the audit log, kept up to date, to an administrator only', async () => {
      const answer = (who: Agent) => (url: string) => (url.endsWith('/api/desk/me') ? json({ agent: who }) : url.includes('/api/desk/agents') ? json({ agents: [] }) : json({ entries: [], next: null, callbacks: [], reports: [], sessions: [] }));
      fetch = stubFetch((call) => answer(administrator)(call.url));
      const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
      await waitUntil(() => $(el, 'fin-desk-agents'));
      expect($(el, 'fin-desk-audit')).not.to.equal(null);
      // A change made in the list is read again in the audit log.
      const audits = () => fetch!.calls.filter((call) => call.url.includes('/api/desk/audit')).length;
      await waitUntil(() => audits() === 1);
      $(el, 'fin-desk-agents')!.dispatchEvent(new CustomEvent('fin-agent-change', { bubbles: true, composed: true, detail: { agentId: 'a2' } }));
      await waitUntil(() => audits() === 2, 'the audit log was not read again');
      fetch.restore();
      fetch = stubFetch((call) => answer({ ...administrator, role: 'supervisor' })(call.url));
      const other = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
      await waitUntil(() => $(other, '[part~="workspace"]'));
      expect($(other, 'fin-desk-agents')).to.equal(null);
      expect($(other, 'fin-desk-audit')).to.equal(null);
    });

    it('asks to sign in again as soon as the session ends elsewhere', async () => {
      let signedIn = true;
      fetch = stubFetch((call) => (call.url.endsWith('/api/desk/me') ? (signedIn ? json({ agent: administrator }) : unauthenticated()) : json({ agents: [], entries: [], next: null, callbacks: [], reports: [], sessions: [] })));
      const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
      await waitUntil(() => $(el, '[part~="workspace"]'));
      await waitUntil(() => events.latest?.readyState === 1);
      signedIn = false;
      events.latest!.drop(false);
      await waitUntil(() => text(el, 'h1') === 'Sign in');
      expect(text(el, '[part~="notice"]')).to.equal('Your session has ended. Sign in again.');
    });
  });
});
