import { expect, fixture, html } from '@open-wc/testing';
import { FinElement } from './base-element.js';
import { watchPageErrors } from './testing.js';

/** A fresh element class, as each copy of the bundle would have its own. */
function copy(text: string) {
  return class extends FinElement {
    protected static override requiresCouncil = false;
    protected renderContent() {
      return html`<p>${text}</p>`;
    }
  };
}

describe('registration', () => {
  let page: ReturnType<typeof watchPageErrors>;
  beforeEach(() => (page = watchPageErrors()));
  afterEach(() => {
    page.stop();
    expect(page.errors).to.deep.equal([]);
  });

  it('skips a tag registered by the same class, as when the bundle is loaded twice', () => {
    const Element = copy('once');
    Element.define('fin-test-twice');
    expect(() => Element.define('fin-test-twice')).not.to.throw();
    expect(customElements.get('fin-test-twice')).to.equal(Element);
  });

  it('keeps the first definition when another copy registers its own class under the same tag', async () => {
    const First = copy('first');
    First.define('fin-test-copies');
    expect(() => copy('second').define('fin-test-copies')).not.to.throw();
    const el = await fixture(html`<fin-test-copies></fin-test-copies>`);
    expect(el).to.be.instanceOf(First);
    expect(el.shadowRoot!.textContent).to.contain('first');
  });

  it('does not throw when a class already registered is offered another tag', () => {
    const Element = copy('alias');
    Element.define('fin-test-original');
    expect(() => Element.define('fin-test-alias')).not.to.throw();
    expect(customElements.get('fin-test-alias')).to.equal(undefined);
  });

  it('registers the citizen elements again without an error', async () => {
    await import('../index.js');
    await import('../finestreta-config/index.js');
    await import('../office-hours/index.js');
    expect(customElements.get('office-hours')).to.be.a('function');
    expect(customElements.get('finestreta-config')).to.be.a('function');
  });
});
