import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../office-hours/index.js';
import { FinElement } from './base-element.js';
import type { FinErrorEvent } from './events.js';
import { json, networkDown, stubFetch, watchPageErrors, type FetchStub } from './testing.js';

class BrokenRender extends FinElement {
  protected static override requiresCouncil = false;
  protected renderContent(): unknown {
    throw new Error('render exploded');
  }
}
BrokenRender.define('fin-broken-render');

class BrokenUpdated extends FinElement {
  protected static override requiresCouncil = false;
  protected renderContent() {
    return html`<p>fine</p>`;
  }
  protected override updated() {
    throw new Error('updated exploded');
  }
}
BrokenUpdated.define('fin-broken-updated');

class BrokenAsync extends FinElement {
  protected static override requiresCouncil = false;
  override connectedCallback() {
    super.connectedCallback();
    this.guard(Promise.reject(new Error('async exploded')));
  }
  protected renderContent() {
    return html`<p>fine</p>`;
  }
}
BrokenAsync.define('fin-broken-async');

/** Mounts `template`, returning the element and the first fin-error it fired. */
async function mountFailing(template: ReturnType<typeof html>) {
  const fired = oneEvent(document, 'fin-error') as Promise<FinErrorEvent>;
  const el = await fixture<FinElement>(template);
  const event = await fired;
  await el.updateComplete;
  return { el, event };
}

const message = (el: Element) => el.shadowRoot!.querySelector('[part="error"]');

describe('a widget that cannot work', () => {
  let page: ReturnType<typeof watchPageErrors>;
  beforeEach(() => (page = watchPageErrors()));
  afterEach(async () => {
    // Let any stray rejection surface before judging.
    await aTimeout(10);
    page.stop();
    expect(page.errors).to.deep.equal([]);
  });

  describe('because no council is configured', () => {
    it('shows a short neutral message and fires FIN_ERR_CONFIG_MISSING', async () => {
      const { el, event } = await mountFailing(html`<office-hours lang="en"></office-hours>`);
      expect(event.detail).to.include({ code: 'FIN_ERR_CONFIG_MISSING', recoverable: false });
      expect(Object.keys(event.detail)).to.deep.equal(['code', 'message', 'recoverable']);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(message(el)!.getAttribute('role')).to.equal('alert');
      expect(message(el)!.textContent).to.equal('This service is not available right now.');
    });

    it('says it in the widget’s language', async () => {
      const { el } = await mountFailing(html`<office-hours lang="ca"></office-hours>`);
      expect(message(el)!.textContent).to.equal('Aquest servei no està disponible ara mateix.');
    });

    it('passes an accessibility check', async () => {
      const { el } = await mountFailing(html`<office-hours lang="en"></office-hours>`);
      await expect(el).to.be.accessible();
    });
  });

  it('keeps an exception in rendering inside the widget', async () => {
    const { el, event } = await mountFailing(html`<fin-broken-render lang="en"></fin-broken-render>`);
    expect(event.detail).to.include({ code: 'FIN_ERR_UNEXPECTED', message: 'render exploded' });
    expect(message(el)).to.be.instanceOf(HTMLElement);
  });

  it('keeps an exception after rendering inside the widget', async () => {
    const { el, event } = await mountFailing(html`<fin-broken-updated lang="en"></fin-broken-updated>`);
    expect(event.detail.message).to.equal('updated exploded');
    expect(message(el)).to.be.instanceOf(HTMLElement);
  });

  it('keeps a failure of async work inside the widget', async () => {
    const { el, event } = await mountFailing(html`<fin-broken-async lang="en"></fin-broken-async>`);
    expect(event.detail.message).to.equal('async exploded');
    expect(message(el)).to.be.instanceOf(HTMLElement);
  });
});

describe('a widget embedded wrongly', () => {
  let fetch: FetchStub;
  let logged: unknown[][];
  const consoleError = console.error;
  beforeEach(() => {
    logged = [];
    console.error = (...args: unknown[]) => logged.push(args);
  });
  afterEach(() => {
    console.error = consoleError;
    fetch.restore();
  });

  /** Mounts office hours whose request gets `answer`, returning the element and the fin-error it fired. */
  async function embed(answer: () => Response | Promise<Response>, template: ReturnType<typeof html>) {
    fetch = stubFetch(answer);
    const { el, event } = await mountFailing(template);
    await waitUntil(() => message(el), 'no message shown');
    return { el, event };
  }

  describe('naming a council the server does not have', () => {
    const notFound = () => json({ statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'Council not found' }, 404);

    it('fires FIN_ERR_COUNCIL_NOT_FOUND, tells the web team which attribute to fix, and the citizen that it is not available here', async () => {
      const { el, event } = await embed(notFound, html`<office-hours api="https://oac.example.cat" council="vilademo" lang="en"></office-hours>`);
      expect(event.detail).to.include({ code: 'FIN_ERR_COUNCIL_NOT_FOUND', recoverable: false });
      expect(logged).to.have.length(1);
      expect(logged[0]).to.deep.equal([event.detail.message]);
      expect(event.detail.message).to.contain('api="https://oac.example.cat" has no council "vilademo"').and.contain('council="…" attribute');
      expect(message(el)!.getAttribute('role')).to.equal('alert');
      expect(message(el)!.textContent).to.equal('This service is not available on this page right now.');
      expect(el.shadowRoot!.querySelector('[part="retry-button"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('writes the console message once for all the widgets of the page, and speaks each one\'s language', async () => {
      fetch = stubFetch(notFound);
      const page = await fixture(html`<div>
        <office-hours council="nowhere" lang="ca"></office-hours>
        <office-hours council="nowhere" lang="es"></office-hours>
      </div>`);
      const [ca, es] = [...page.querySelectorAll('office-hours')];
      await waitUntil(() => message(ca!) && message(es!), 'no message shown');
      expect(message(ca!)!.textContent).to.equal('Aquest servei no està disponible en aquesta pàgina ara mateix.');
      expect(message(es!)!.textContent).to.equal('Este servicio no está disponible en esta página en este momento.');
      expect(logged).to.have.length(1);
    });
  });

  describe('on an origin its council does not allow', () => {
    it('fires FIN_ERR_ORIGIN_FORBIDDEN and tells the web team the origin to add to allowedOrigins', async () => {
      const forbidden = () => json({ statusCode: 403, code: 'FIN_ERR_ORIGIN_FORBIDDEN', message: `Requests from ${location.origin} are not allowed` }, 403);
      const { el, event } = await embed(forbidden, html`<office-hours api="https://oac.example.cat" council="rubi" lang="en"></office-hours>`);
      expect(event.detail).to.include({ code: 'FIN_ERR_ORIGIN_FORBIDDEN', recoverable: false });
      expect(logged).to.deep.equal([[event.detail.message]]);
      expect(event.detail.message).to.contain('council="rubi" at api="https://oac.example.cat"').and.contain(`Add "${location.origin}" to that council's allowedOrigins`);
      expect(message(el)!.textContent).to.equal('This service is not available on this page right now.');
    });
  });

  it('still reports a network failure as one, recoverable, with the widget\'s own message and no console message', async () => {
    const { el, event } = await embed(networkDown, html`<office-hours council="demo" lang="en"></office-hours>`);
    expect(event.detail).to.include({ code: 'FIN_ERR_NETWORK', recoverable: true });
    expect(message(el)!.textContent).to.equal('The opening hours cannot be shown right now.');
    expect(el.shadowRoot!.querySelector('[part="retry-button"]')).to.be.instanceOf(HTMLButtonElement);
    expect(logged).to.deep.equal([]);
  });
});
