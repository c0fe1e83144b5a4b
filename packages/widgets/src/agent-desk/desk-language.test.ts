import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub } from '../shared/testing.js';
import type { Agent } from '../shared/types.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';
import { DESK_LANGUAGE_KEY } from './desk-language.js';

const agent: Agent = { id: 'a1', role: 'supervisor', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };
const signedOut = () => json({ statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in first.' }, 401);

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);
const text = (root: Element, selector: string) => $(root, selector)?.textContent?.replace(/\s+/g, ' ').trim();
const languageButton = (el: AgentDesk, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="language-button"]')].find((button) => button.textContent!.trim() === name)!;

/** A desk on a Catalan page, as `/desk` serves it by default, signed in or not. */
async function desk(signedIn: boolean): Promise<AgentDesk> {
  const page = await fixture<HTMLElement>(html`<div lang="ca"><agent-desk></agent-desk></div>`);
  const el = page.querySelector('agent-desk')!;
  await waitUntil(() => $(el, 'h1'), 'the desk did not draw a view');
  if (signedIn) await waitUntil(() => $(el, 'fin-callback-queue')?.shadowRoot?.querySelector('[part~="empty-state"]'), 'the queue did not load');
  return el;
}

describe('<agent-desk> language', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  let browser: PropertyDescriptor | undefined;

  /** What the browser says its languages are, in order. */
  const browserLanguages = (languages: string[]) => Object.defineProperty(navigator, 'languages', { get: () => languages, configurable: true });

  beforeEach(() => {
    events = stubEventSource();
    browser = Object.getOwnPropertyDescriptor(navigator, 'languages');
    localStorage.removeItem(DESK_LANGUAGE_KEY);
  });
  afterEach(() => {
    fetch.restore();
    events.restore();
    if (browser) Object.defineProperty(navigator, 'languages', browser);
    else delete (navigator as { languages?: unknown }).languages;
    localStorage.removeItem(DESK_LANGUAGE_KEY);
  });

  const withSession = () =>
    (fetch = stubFetch((call) => {
      if (call.url.endsWith('/api/desk/me')) return json({ agent });
      if (call.url.includes('/api/desk/callbacks')) return json({ callbacks: [] });
      return json({ timeZone: 'Europe/Madrid', slotMinutes: 30, topics: [], asap: null, slots: [] });
    }));

  it("follows the browser's language rather than the page's, and says so on its root", async () => {
    browserLanguages(['es-ES', 'en']);
    fetch = stubFetch(signedOut);
    const el = await desk(false);
    expect(text(el, 'h1')).to.equal('Iniciar sesión');
    expect(el.getAttribute('lang')).to.equal('es');
  });

  it('offers every language, each named in itself, the current one pressed', async () => {
    browserLanguages(['en-GB']);
    fetch = stubFetch(signedOut);
    const el = await desk(false);
    const nav = $(el, 'nav[part~="language-switch"]')!;
    expect(nav.getAttribute('aria-label')).to.equal('Language of the desk');
    const buttons = [...nav.querySelectorAll('button')];
    expect(buttons.map((button) => [button.textContent!.trim(), button.lang, button.getAttribute('aria-pressed')])).to.deep.equal([
      ['Català', 'ca', 'false'],
      ['Español', 'es', 'false'],
      ['English', 'en', 'true'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('switches every panel at once, asks the server for names in it, and remembers the choice', async () => {
    browserLanguages(['en-GB']);
    withSession();
    const el = await desk(true);
    expect(text(el, 'h1')).to.equal('Agent desk');

    languageButton(el, 'Català').click();
    const queue = $(el, 'fin-callback-queue')!;
    await waitUntil(() => queue.shadowRoot!.querySelector('[part~="empty-state"]')?.textContent === 'No hi ha cap sol·licitud de trucada amb aquests filtres.', 'the queue did not switch');
    expect(el.getAttribute('lang')).to.equal('ca');
    expect(text(el, 'h1')).to.equal('Taulell de l’agent');
    expect(text(el, '[part~="tab"][part~="selected"]')).to.equal('Trucades');
    expect(fetch.calls.filter((call) => call.url.includes('/api/desk/callbacks')).at(-1)!.url).to.include('lang=ca');
    expect(localStorage.getItem(DESK_LANGUAGE_KEY)).to.equal('ca');
    await expect(el).to.be.accessible();

    const again = await desk(true);
    expect(text(again, 'h1')).to.equal('Taulell de l’agent', 'a desk opened later speaks the chosen language');
  });

  it('switches from the keyboard, keeping focus on the switch', async () => {
    browserLanguages(['en-GB']);
    fetch = stubFetch(signedOut);
    const el = await desk(false);
    languageButton(el, 'Español').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(el, 'h1')).to.equal('Iniciar sesión');
    expect(languageButton(el, 'Español').getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(languageButton(el, 'Español'));
  });
});
