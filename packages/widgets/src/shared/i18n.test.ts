import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { property } from 'lit/decorators.js';
import '../office-hours/translations/index.js';
import { FinElement } from './base-element.js';
import { FinestretaConfig } from './config.js';
import type { MessageKey } from './i18n.js';
import { watchPageErrors } from './testing.js';

/** Shows one message, so a test reads what the element says. */
class I18nProbe extends FinElement {
  protected static override requiresCouncil = false;
  @property({ attribute: false }) key: MessageKey = 'officeHoursTitle';
  @property({ type: Number }) count = 0;
  get resolved() {
    return this.i18n.lang;
  }
  time(date: Date, timeZone: string) {
    return this.i18n.time(date, timeZone);
  }
  protected renderContent() {
    return html`<p>${this.i18n.t(this.key, { count: this.count })}</p>`;
  }
}
I18nProbe.define('fin-i18n-probe');
FinestretaConfig.define();

/** A host that puts the probe inside its own shadow root, as a page's web component might. */
class ShadowHost extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = '<fin-i18n-probe></fin-i18n-probe>';
  }
}
customElements.define('fin-shadow-host', ShadowHost);

const text = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent;

// Runs first (a suite's own tests precede its nested suites): nothing has fetched a catalogue yet.
it('fetches the messages of the language it speaks only, and the next one’s when its language changes', async () => {
  const fetched = (lang: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`office-hours/translations/${lang}.`));
  const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="en"></fin-i18n-probe>`);
  expect(text(el)).to.equal('Opening hours');
  expect(['ca', 'es', 'en'].filter(fetched)).to.deep.equal(['en']);
  el.lang = 'es';
  await el.updateComplete;
  expect(text(el)).to.equal('Horario de atención');
  expect(['ca', 'es', 'en'].filter(fetched)).to.deep.equal(['es', 'en']);
});

describe('language', () => {
  const html0 = document.documentElement.lang;
  afterEach(() => (document.documentElement.lang = html0));

  it('follows the element’s own lang attribute first', async () => {
    const wrapper = await fixture(html`<div lang="es"><fin-i18n-probe lang="en"></fin-i18n-probe></div>`);
    const el = wrapper.querySelector<I18nProbe>('fin-i18n-probe')!;
    await el.updateComplete;
    expect(el.resolved).to.equal('en');
    expect(text(el)).to.equal('Opening hours');
  });

  it('takes the configured language over an ancestor’s', async () => {
    const wrapper = await fixture(html`<finestreta-config lang="en"><div lang="es"><fin-i18n-probe></fin-i18n-probe></div></finestreta-config>`);
    const el = wrapper.querySelector<I18nProbe>('fin-i18n-probe')!;
    await el.updateComplete;
    expect(el.resolved).to.equal('en');
  });

  it('uses the nearest ancestor with lang, regional tags included', async () => {
    const wrapper = await fixture(html`<section lang="en"><div lang="es-ES"><fin-i18n-probe></fin-i18n-probe></div></section>`);
    const el = wrapper.querySelector<I18nProbe>('fin-i18n-probe')!;
    await el.updateComplete;
    expect(el.resolved).to.equal('es');
    expect(text(el)).to.equal('Horario de atención');
  });

  it('finds the ancestor’s lang across a shadow root', async () => {
    const wrapper = await fixture(html`<div lang="en"><fin-shadow-host></fin-shadow-host></div>`);
    const el = wrapper.querySelector('fin-shadow-host')!.shadowRoot!.querySelector<I18nProbe>('fin-i18n-probe')!;
    await el.updateComplete;
    expect(el.resolved).to.equal('en');
  });

  it('follows <html lang> and re-renders when the page switches language', async () => {
    document.documentElement.lang = 'es';
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe></fin-i18n-probe>`);
    expect(text(el)).to.equal('Horario de atención');
    document.documentElement.lang = 'ca';
    await aTimeout(0);
    await el.updateComplete;
    expect(text(el)).to.equal('Horari d’atenció');
  });

  it('skips languages it does not speak, then tries the browser’s, then Catalan', async () => {
    document.documentElement.lang = 'fr';
    Object.defineProperty(navigator, 'languages', { value: ['de-DE', 'en-US'], configurable: true });
    try {
      const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="it"></fin-i18n-probe>`);
      expect(el.resolved).to.equal('en');
      Object.defineProperty(navigator, 'languages', { value: ['de-DE'], configurable: true });
      expect(el.resolved).to.equal('ca');
    } finally {
      delete (navigator as { languages?: readonly string[] }).languages;
    }
  });
});

describe('messages', () => {
  it('has an element’s messages once its code has loaded, so a page downloads only those of the elements it embeds', async () => {
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="es" .key=${'surveyTitle'}></fin-i18n-probe>`);
    expect(text(el), 'before the survey’s code loads, the key shows').to.equal('surveyTitle');
    await import('../satisfaction-survey/translations/index.js');
    el.requestUpdate();
    await el.updateComplete;
    expect(text(el)).to.equal('¿Cómo le hemos atendido?');
  });

  it('chooses the plural form with Intl.PluralRules', async () => {
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="ca" .key=${'officeHoursMoreHolidays'} .count=${1}></fin-i18n-probe>`);
    expect(text(el)).to.equal('i 1 tancament més');
    el.count = 2;
    await el.updateComplete;
    expect(text(el)).to.equal('i 2 tancaments més');
  });

  it('lets a council override texts per instance, for every language or for one', async () => {
    const strings = JSON.stringify({ officeHoursTitle: 'Hours of the OAC', es: { officeHoursTitle: 'Horario de la OAC' } });
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="en" strings=${strings}></fin-i18n-probe>`);
    expect(text(el)).to.equal('Hours of the OAC');
    el.lang = 'es';
    await el.updateComplete;
    expect(text(el)).to.equal('Horario de la OAC');
  });

  it('ignores overrides it cannot read, reporting broken JSON instead of throwing', async () => {
    const page = watchPageErrors();
    const fired = oneEvent(document, 'fin-error');
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="en" strings="{not json"></fin-i18n-probe>`);
    expect((await fired).detail.code).to.equal('FIN_ERR_CONFIG_INVALID');
    expect(text(el)).to.equal('Opening hours');
    el.strings = { officeHoursTitle: { one: 'no other form' } } as never;
    await el.updateComplete;
    expect(text(el)).to.equal('Opening hours');
    page.stop();
    expect(page.errors).to.deep.equal([]);
  });

  it('formats times in the council’s time zone, not the visitor’s', async () => {
    const el = await fixture<I18nProbe>(html`<fin-i18n-probe lang="en"></fin-i18n-probe>`);
    const instant = new Date('2026-01-15T07:00:00Z');
    expect(el.time(instant, 'Europe/Madrid')).to.equal('08:00');
    expect(el.time(instant, 'Atlantic/Canary')).to.equal('07:00');
  });
});
