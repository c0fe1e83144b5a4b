import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub } from '../shared/testing.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';

const unauthenticated = () => json({ statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in first.' }, 401);

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();

const signedOut = (el: AgentDesk) => waitUntil(() => $(el, 'form'), 'the sign-in form did not show', { timeout: 3000 });

describe('<agent-desk> with the council’s identity provider', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  beforeEach(() => {
    events = stubEventSource();
    fetch = stubFetch(unauthenticated);
  });
  afterEach(() => {
    fetch.restore();
    events.restore();
  });

  it('passes an accessibility check', async () => {
    const el = await fixture<AgentDesk>(html`<agent-desk lang="en" api="https://oac.example.cat" council="vilademo" identity-provider="VÀLid"></agent-desk>`);
    await signedOut(el);
    await expect(el).to.be.accessible();
  });

  it('offers to sign in with it, through the server, above the password form', async () => {
    const el = await fixture<AgentDesk>(html`<agent-desk lang="ca" api="https://oac.example.cat" council="vilademo" identity-provider="VÀLid"></agent-desk>`);
    await signedOut(el);
    const link = $<HTMLAnchorElement>(el, '[part~="identity-provider-link"]')!;
    expect(link.textContent!.trim()).to.equal('Inicia la sessió amb VÀLid');
    expect(link.href).to.equal('https://oac.example.cat/api/desk/oidc/vilademo/start');
    expect(text(el, '[part~="password-intro"]')).to.equal('O bé inicieu la sessió amb l’adreça electrònica i la contrasenya');
    expect(link.compareDocumentPosition($(el, 'form')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
  });

  it('offers only the password without a provider or a council', async () => {
    for (const el of [
      await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`),
      await fixture<AgentDesk>(html`<agent-desk lang="en" identity-provider="VÀLid"></agent-desk>`),
    ]) {
      await signedOut(el);
      expect($(el, '[part~="identity-provider-link"]')).to.equal(null);
      expect($(el, '[part~="password-intro"]')).to.equal(null);
    }
  });

  describe('when its sign-in came back refused', () => {
    it('says why in the error summary, which takes focus and leads to the provider’s link, and reports it', async () => {
      const el = document.createElement('agent-desk');
      el.setAttribute('lang', 'es');
      el.setAttribute('council', 'vilademo');
      el.setAttribute('identity-provider', 'VÀLid');
      el.setAttribute('sign-in-error', 'FIN_ERR_OIDC_ROLE_MISSING');
      const reported = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      document.body.append(el);
      try {
        expect((await reported).detail).to.include({ code: 'FIN_ERR_OIDC_ROLE_MISSING', recoverable: true });
        await waitUntil(() => $(el, '[part~="error-summary"]') && el.shadowRoot!.activeElement === $(el, '[part~="error-summary"]'), 'the summary did not take focus');
        const link = $<HTMLAnchorElement>(el, '[part~="error-link"]')!;
        expect(link.textContent).to.equal('Su cuenta del ayuntamiento no le da acceso a este mostrador. Pida a su responsable que le añada al grupo que corresponde.');
        link.click();
        expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="identity-provider-link"]'));
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });

    it('ignores a code that is not one of the provider’s', async () => {
      const el = await fixture<AgentDesk>(html`<agent-desk lang="en" council="vilademo" identity-provider="VÀLid" sign-in-error="FIN_ERR_MADE_UP"></agent-desk>`);
      await signedOut(el);
      expect($(el, '[part~="error-summary"]')).to.equal(null);
    });
  });
});
