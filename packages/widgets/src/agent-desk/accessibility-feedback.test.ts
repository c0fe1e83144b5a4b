import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import './index.js';
import type { AccessibilityReport, FinAccessibilityFeedback } from './accessibility-feedback.js';

const fresh: AccessibilityReport = {
  id: '0f8e7a1c-0000-4000-8000-000000000001',
  reference: 'AC-0F8E7A1C',
  state: 'new',
  message: 'El botó de la cita no es llegeix amb el lector de pantalla',
  pageUrl: 'https://www.vilademo.example/cita',
  name: 'Jordi Vila',
  email: 'jordi@example.cat',
  language: 'ca',
  receivedAt: '2026-11-23T07:00:00.000Z',
  answerBy: '2026-12-23T22:59:59.999Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};
const done: AccessibilityReport = { ...fresh, id: '0f8e7a1c-0000-4000-8000-000000000002', reference: 'AC-0F8E7A2C', state: 'acknowledged', name: null, email: null, pageUrl: null, acknowledgedAt: '2026-11-24T08:00:00.000Z', acknowledgedBy: 'Laia Puig' };

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<fin-accessibility-feedback>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  async function open(lang: string) {
    const el = await fixture<FinAccessibilityFeedback>(html`<fin-accessibility-feedback lang=${lang}></fin-accessibility-feedback>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="list"], [part~="empty-state"], [part~="error"]'), 'the reports did not render');
    return el;
  }
  const list = (reports: () => AccessibilityReport[]) =>
    (fetch = stubFetch((call) => (call.method === 'POST' ? json({ ...fresh, state: 'acknowledged' }) : json({ reports: reports() }))));

  it('passes axe with reports in each language', async () => {
    list(() => [fresh, done]);
    for (const lang of ['ca', 'es', 'en']) {
      const el = await open(lang);
      await expect(el).to.be.accessible();
    }
  });

  describe('in Catalan', () => {
    it('shows what was reported, where, by whom and the date the answer is due, with the new ones counted', async () => {
      list(() => [fresh, done]);
      const el = await open('ca');
      const root = el.shadowRoot!;
      expect(text(root.querySelector('h2'))).to.equal('Comunicacions d’accessibilitat');
      expect(text(root.querySelector('[part~="count"]'))).to.equal('1 comunicació nova');
      const [first, second] = [...root.querySelectorAll('[part~="report"]')];
      expect(text(first!.querySelector('h3'))).to.equal('AC-0F8E7A1C · Nova');
      expect(first!.querySelector('[part~="message"]')!.getAttribute('lang')).to.equal('ca');
      expect(text(first!.querySelector('[part~="facts"]'))).to.contain('Resposta abans del 23 de desembre').and.contain('jordi@example.cat');
      expect(first!.querySelector('a[href="mailto:jordi@example.cat"]')).not.to.equal(null);
      expect(text(second!.querySelector('h3'))).to.equal('AC-0F8E7A2C · Atesa');
      expect(text(second)).to.contain('Sense nom').and.contain('Atesa per Laia Puig el 24 de novembre');
      expect(second!.querySelector('button')).to.equal(null);
    });

    it('marks a new report acknowledged, says so politely and shows it acknowledged', async () => {
      let reports = [fresh];
      list(() => reports);
      const el = await open('ca');
      const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="acknowledge-button"]')!;
      expect(text(button)).to.equal('Marca AC-0F8E7A1C com a atesa');
      reports = [{ ...fresh, state: 'acknowledged', acknowledgedAt: '2026-11-24T08:00:00.000Z', acknowledgedBy: 'Laia Puig' }];
      button.click();
      await waitUntil(() => text(el.shadowRoot!.querySelector('[part~="announcer"]')) === 'AC-0F8E7A1C marcada com a atesa.', 'no announcement');
      const post = fetch.calls.find((call) => call.method === 'POST')!;
      expect(post.url).to.match(/\/api\/desk\/accessibility\/reports\/0f8e7a1c-0000-4000-8000-000000000001\/acknowledge$/);
      await waitUntil(() => text(el.shadowRoot!.querySelector('[part~="badge"]')) === 'Atesa', 'still new');
    });
  });

  it('says in English when nobody reported anything, and in Spanish when the list cannot load', async () => {
    list(() => []);
    const empty = await open('en');
    expect(text(empty.shadowRoot!.querySelector('[part~="empty-state"]'))).to.equal('No one has reported a barrier.');
    fetch.restore();
    fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'Not found' }, 404));
    const failed = await open('es');
    expect(text(failed.shadowRoot!.querySelector('[part~="error"]'))).to.equal('Ahora no se pueden mostrar las comunicaciones de accesibilidad.');
  });
});
