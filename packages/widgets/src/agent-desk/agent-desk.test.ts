import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent, FinLoginEvent } from '../shared/events.js';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { Agent } from '../shared/types.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';

const agent: Agent = { id: 'a1', role: 'supervisor', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };
const unauthenticated = () => json({ statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in first.' }, 401);

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();

/** A desk whose server answers `/me` with `me` and everything else with `answer`. */
async function desk(me: () => Response, answer: (call: RecordedCall) => Response = unauthenticated) {
  const fetch = stubFetch((call) => (call.url.endsWith('/api/desk/me') ? me() : answer(call)));
  const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
  // Up to about 1.2 s when the server fails: the check is retried twice with backoff.
  await waitUntil(() => !$(el, '[part~="status"]'), 'the session check did not end', { timeout: 3000 });
  return { el, fetch };
}

function type(el: AgentDesk, field: 'email' | 'password', value: string) {
  const input = $<HTMLInputElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
}

async function submit(el: AgentDesk) {
  $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
  await el.updateComplete;
}

describe('<agent-desk>', () => {
  let fetch: FetchStub | undefined;
  let events: EventSourceStub;
  beforeEach(() => (events = stubEventSource()));
  afterEach(() => {
    fetch?.restore();
    events.restore();
  });

  describe('without a session', () => {
    it('passes an accessibility check', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated));
      await expect(el).to.be.accessible();
    });

    it('offers a labelled sign-in form the browser can fill', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated));
      expect(text(el, 'h1')).to.equal('Sign in');
      expect(text(el, 'label[for="email"]')).to.equal('Email address');
      expect($(el, '#email')!.getAttribute('autocomplete')).to.equal('username');
      expect($(el, '#password')!.getAttribute('autocomplete')).to.equal('current-password');
      expect($(el, '#password')!.getAttribute('type')).to.equal('password');
      expect(fetch.calls[0].credentials).to.equal('include');
    });
  });

  describe('when the form is sent incomplete', () => {
    it('shows an error summary that takes focus and links to each field', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated));
      type(el, 'email', 'not-an-email');
      await submit(el);
      const summary = $(el, '[part~="error-summary"]')!;
      expect(el.shadowRoot!.activeElement).to.equal(summary);
      const links = [...summary.querySelectorAll('a')];
      expect(links.map((a) => a.textContent)).to.deep.equal(['Enter an email address in the correct format, like name@example.com', 'Enter your password']);
      expect($(el, '#email')!.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#email')!.getAttribute('aria-describedby')).to.equal('email-error');
      links[1].click();
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#password'));
      expect(fetch.calls.filter((c) => c.method === 'POST')).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('shows a field’s error only once it was touched', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated));
      expect($(el, '[part~="field-error"]')).to.equal(null);
      $(el, '#email')!.dispatchEvent(new FocusEvent('blur'));
      await el.updateComplete;
      expect([...el.shadowRoot!.querySelectorAll('[part~="field-error"]')].map((e) => e.id)).to.deep.equal(['email-error']);
    });
  });

  describe('when the credentials are wrong', () => {
    it('says so in the focused summary and fires fin-error', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated, () => json({ statusCode: 401, code: 'FIN_ERR_CREDENTIALS_INVALID', message: 'Invalid credentials.' }, 401)));
      type(el, 'email', agent.email);
      type(el, 'password', 'wrong');
      const fired = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      await submit(el);
      expect((await fired).detail.code).to.equal('FIN_ERR_CREDENTIALS_INVALID');
      await waitUntil(() => el.shadowRoot!.activeElement === $(el, '[part~="error-summary"]'));
      expect(text(el, '[part~="error-summary"] a')).to.equal('The email address or password is not correct');
    });
  });

  describe('when the agent signs in', () => {
    it('opens the workspace with the agent and council, focusing its heading', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(unauthenticated, () => json({ agent })));
      type(el, 'email', ` ${agent.email} `);
      type(el, 'password', 'finestreta-demo');
      const login = oneEvent(el, 'fin-login') as Promise<FinLoginEvent>;
      await submit(el);
      expect((await login).detail.agentId).to.equal('a1');
      await waitUntil(() => el.shadowRoot!.activeElement === $(el, '[part~="heading"]'));
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      expect(post.url).to.equal(`${location.origin}/api/desk/login`);
      expect(post.body).to.deep.equal({ email: agent.email, password: 'finestreta-demo' });
      expect(post.credentials).to.equal('include');
      expect(post.headers.get('Idempotency-Key')).to.be.a('string');
      expect(text(el, '[part~="identity"]')).to.equal('Ajuntament de Vilademo · Signed in as Laia Puig');
    });
  });

  describe('with a session', () => {
    it('restores it on load and shows the callback queue', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(
        () => json({ agent }),
        (call) => json(call.url.includes('/api/desk/callbacks') ? { callbacks: [] } : { timeZone: 'Europe/Madrid', slotMinutes: 30, topics: [], asap: null, slots: [] }),
      ));
      expect(text(el, 'h1')).to.equal('Agent desk');
      const queue = $(el, 'fin-callback-queue')!;
      await waitUntil(() => queue.shadowRoot?.querySelector('[part~="empty-state"]'));
      expect(queue.shadowRoot!.querySelector('[part~="empty-state"]')!.textContent).to.equal('No callback requests match these filters.');
      expect(events.latest!.url).to.equal(`${location.origin}/api/desk/events`);
      await expect(el).to.be.accessible();
    });

    it('signs out back to the form', async () => {
      let el: AgentDesk;
      ({ el, fetch } = await desk(() => json({ agent }), () => json(null, 204)));
      const logout = oneEvent(el, 'fin-logout');
      $<HTMLButtonElement>(el, '[part~="logout-button"]')!.click();
      await logout;
      await el.updateComplete;
      expect(fetch.calls.at(-1)!.url).to.equal(`${location.origin}/api/desk/logout`);
      expect(text(el, 'h1')).to.equal('Sign in');
    });
  });

  it('shows a neutral message with a retry when the desk cannot be reached', async () => {
    let el: AgentDesk;
    ({ el, fetch } = await desk(() => json({ statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'x' }, 500)));
    expect(text(el, '[part~="error"]')).to.equal('The desk cannot be reached right now. Try again in a moment.');
    expect($(el, '[part~="retry-button"]')).to.be.instanceOf(HTMLButtonElement);
  });

  it('speaks Catalan and Spanish too', async () => {
    fetch = stubFetch(unauthenticated);
    const ca = await fixture<AgentDesk>(html`<agent-desk lang="ca"></agent-desk>`);
    await waitUntil(() => $(ca, 'h1'));
    expect(text(ca, 'h1')).to.equal('Inicia la sessió');
    ca.lang = 'es';
    await ca.updateComplete;
    expect(text(ca, 'h1')).to.equal('Iniciar sesión');
  });
});
