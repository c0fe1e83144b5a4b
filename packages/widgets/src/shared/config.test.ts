import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { FinElement } from './base-element.js';
import { FinestretaConfig } from './config.js';
import type { FinErrorEvent } from './events.js';

/** Shows the configuration it ends up with. */
class ConfigProbe extends FinElement {
  get effective() {
    return { api: this.apiBase, council: this.councilId, lang: this.i18n.lang };
  }
  protected renderContent() {
    return html`<p part="council">${this.councilId}</p>`;
  }
}
ConfigProbe.define('fin-config-probe');

/** Records `fin-error` events reaching the document while a test runs. */
function collectErrors() {
  const events: FinErrorEvent[] = [];
  const listener = (event: FinErrorEvent) => events.push(event);
  document.addEventListener('fin-error', listener);
  return { events, stop: () => document.removeEventListener('fin-error', listener) };
}

describe('<finestreta-config>', () => {
  // Runs first (even before the accessibility check), while the tag is still undefined in this
  // page, as when the widgets' script loads before the provider's.
  describe('when it upgrades after the widgets inside it', () => {
    it('still configures them, without a false "configuration missing" alarm', async () => {
      expect(customElements.get('finestreta-config')).to.equal(undefined);
      const errors = collectErrors();
      const wrapper = await fixture(html`<finestreta-config api="https://late.example" council="late" lang="es"><fin-config-probe></fin-config-probe></finestreta-config>`);
      const probe = wrapper.querySelector<ConfigProbe>('fin-config-probe')!;
      await probe.updateComplete;
      expect(probe.effective.council).to.equal(undefined);
      expect(probe.shadowRoot!.querySelector('[part="error"]')).to.equal(null);

      FinestretaConfig.define();
      await aTimeout(0);
      await probe.updateComplete;
      errors.stop();
      expect(probe.effective).to.deep.equal({ api: 'https://late.example', council: 'late', lang: 'es' });
      expect(probe.shadowRoot!.querySelector('[part="council"]')!.textContent).to.equal('late');
      expect(errors.events).to.deep.equal([]);
    });
  });

  describe('once defined', () => {
    before(() => FinestretaConfig.define());

    it('passes an accessibility check, adding nothing of its own to the page', async () => {
      const config = await fixture<FinestretaConfig>(html`<finestreta-config council="demo" lang="en"><fin-config-probe></fin-config-probe></finestreta-config>`);
      await expect(config).to.be.accessible();
      expect(getComputedStyle(config).display).to.equal('contents');
    });

    it('gives a widget’s own attribute precedence over the provider', async () => {
      const wrapper = await fixture(html`<finestreta-config api="https://a.example" council="a" lang="ca">
        <fin-config-probe api="https://b.example" council="b" lang="en"></fin-config-probe>
      </finestreta-config>`);
      const probe = wrapper.querySelector<ConfigProbe>('fin-config-probe')!;
      await probe.updateComplete;
      expect(probe.effective).to.deep.equal({ api: 'https://b.example', council: 'b', lang: 'en' });
    });

    it('gives the provider precedence over the defaults, also through a shadow root', async () => {
      const wrapper = await fixture(html`<finestreta-config api="https://a.example" council="a" lang="es"><div></div></finestreta-config>`);
      const shadow = wrapper.querySelector('div')!.attachShadow({ mode: 'open' });
      shadow.innerHTML = '<fin-config-probe></fin-config-probe>';
      const probe = shadow.querySelector<ConfigProbe>('fin-config-probe')!;
      await probe.updateComplete;
      expect(probe.effective).to.deep.equal({ api: 'https://a.example', council: 'a', lang: 'es' });
    });

    it('falls back to this page’s origin for the API', async () => {
      const probe = await fixture<ConfigProbe>(html`<fin-config-probe council="x"></fin-config-probe>`);
      expect(probe.effective.api).to.equal(location.origin);
    });

    it('treats an empty api as this page’s origin, as the demo page writes it', async () => {
      const wrapper = await fixture(html`<finestreta-config api="" council="demo"><fin-config-probe></fin-config-probe></finestreta-config>`);
      const probe = wrapper.querySelector<ConfigProbe>('fin-config-probe')!;
      await probe.updateComplete;
      expect(probe.effective.api).to.equal(location.origin);
    });

    it('passes later changes of the provider on to its widgets', async () => {
      const config = await fixture<FinestretaConfig>(html`<finestreta-config council="a"><fin-config-probe></fin-config-probe></finestreta-config>`);
      const probe = config.querySelector<ConfigProbe>('fin-config-probe')!;
      config.council = 'b';
      await config.updateComplete;
      await probe.updateComplete;
      expect(probe.shadowRoot!.querySelector('[part="council"]')!.textContent).to.equal('b');
    });
  });
});
