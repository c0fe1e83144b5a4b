import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import './index.js';
import type { DeskIncident, FinDeskIncidents } from './desk-incidents.js';
import { DeskEventStream } from './desk-events.js';

const reminder: DeskIncident = {
  id: '7c1e9a44-0000-4000-8000-000000000001',
  kind: 'email',
  subject: 'reminder-24h',
  reason: 'ECONNREFUSED',
  count: 3,
  firstAt: '2026-12-07T08:00:00.000Z',
  lastAt: '2026-12-07T08:02:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
  case: { id: 'c1', reference: 'AP-7K3P9Q' },
};
const recovered: DeskIncident = {
  ...reminder,
  id: '7c1e9a44-0000-4000-8000-000000000002',
  kind: 'seal',
  subject: 'evidence',
  reason: 'FIN_ERR_TSA_UNAVAILABLE',
  count: 1,
  resolvedAt: '2026-12-07T08:30:00.000Z',
  resolvedBy: 'retry',
  case: { id: 'c2', reference: 'CB-2M8X4R' },
};

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<fin-desk-incidents>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  async function open(lang: string, events?: DeskEventStream) {
    const el = await fixture<FinDeskIncidents>(html`<fin-desk-incidents lang=${lang} .events=${events}></fin-desk-incidents>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="list"], [part~="error"], [part~="empty-state"]'), 'the incidents did not render');
    return el;
  }
  const serve = (incidents: () => DeskIncident[]) => (fetch = stubFetch((call) => (call.method === 'POST' ? json(null, 204) : json({ incidents: incidents() }))));

  it('passes axe in each language', async () => {
    serve(() => [recovered, reminder]);
    for (const lang of ['ca', 'es', 'en']) {
      const el = await open(lang);
      await expect(el).to.be.accessible();
    }
  });

  it('lists the open ones first, with their case, error, count and times, and offers to resolve only those', async () => {
    serve(() => [recovered, reminder]);
    const el = await open('ca');
    const root = el.shadowRoot!;
    expect(text(root.querySelector('h2'))).to.equal('Incidències');
    expect(text(root.querySelector('[part~="count"]'))).to.equal('1 incidència oberta');
    const [first, second] = [...root.querySelectorAll('[part~="incident"]')];
    expect(text(first!.querySelector('h3'))).to.equal('Correu a la persona d’AP-7K3P9Q · Oberta');
    const facts = text(first!.querySelector('[part~="facts"]'));
    expect(facts).to.contain('reminder-24h').and.contain('ECONNREFUSED').and.contain('3 vegades');
    const resolve = first!.querySelector<HTMLButtonElement>('[part~="resolve-button"]')!;
    expect(text(resolve)).to.equal('Marca-la com a atesa');
    expect(root.getElementById(resolve.getAttribute('aria-describedby')!)).to.equal(first!.querySelector('h3'));
    expect(text(second!.querySelector('h3'))).to.equal('Segell o segell de temps de CB-2M8X4R · Resolta en reintentar');
    expect(second!.querySelector('[part~="resolve-button"]')).to.equal(null);
  });

  it('resolves one, says so politely and shows it dealt with', async () => {
    let incidents = [reminder];
    serve(() => incidents);
    const el = await open('en');
    incidents = [{ ...reminder, resolvedAt: '2026-12-07T09:00:00.000Z', resolvedBy: 'agent' }];
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="resolve-button"]')!.click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part~="announcer"]')) === 'Email to the citizen of AP-7K3P9Q: marked as dealt with.', 'no announcement');
    const posted = fetch.calls.find((call) => call.method === 'POST')!;
    expect(posted.url).to.match(/\/api\/desk\/incidents\/7c1e9a44-0000-4000-8000-000000000001\/resolve$/);
    expect(posted.credentials).to.equal('include');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part~="badge"]')) === 'Dealt with', 'still shown open');
    expect(text(el.shadowRoot!.querySelector('[part~="count"]'))).to.equal('0 open incidents');
  });

  it('reloads when the desk hears of an incident', async () => {
    let incidents: DeskIncident[] = [];
    serve(() => incidents);
    const events = new DeskEventStream('/api/desk/events');
    const el = await open('es', events);
    expect(text(el.shadowRoot!.querySelector('[part~="empty-state"]'))).to.equal('Esta semana no ha fallado nada.');
    incidents = [reminder];
    events.dispatchEvent(new MessageEvent('incident', { data: '{"kind":"email"}' }));
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="incident"]').length === 1, 'the new incident was not shown');
  });

  it('says in Spanish when the incidents cannot load or one cannot be resolved', async () => {
    // A 4xx: a 5xx would be retried with backoff before the list gives up.
    fetch = stubFetch(() => json({ statusCode: 403, code: 'FIN_ERR_ROLE_FORBIDDEN', message: 'Your role at the desk does not allow this' }, 403));
    const failed = await open('es');
    expect(text(failed.shadowRoot!.querySelector('[part~="error"]'))).to.equal('Ahora no se pueden mostrar las incidencias.');
    fetch.restore();
    fetch = stubFetch((call) => (call.method === 'POST' ? json({ statusCode: 404, code: 'FIN_ERR_INCIDENT_NOT_FOUND', message: 'No such open incident in your council' }, 404) : json({ incidents: [reminder] })));
    const el = await open('es');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="resolve-button"]')!.click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('[role="alert"]')) === 'No se ha podido marcar la incidencia como atendida. Vuelva a intentarlo.', 'no error shown');
  });
});
