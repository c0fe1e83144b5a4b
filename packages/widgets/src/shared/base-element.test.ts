import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../office-hours/index.js';
import { FinElement } from './base-element.js';
import type { FinErrorEvent } from './events.js';
import { watchPageErrors } from './testing.js';

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
