import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { TestAppointment } from '@finestreta/server/contract';
import type { FinDemoTry } from './demo-try.js';
import './index.js';

const created: TestAppointment = {
  id: 'c1',
  reference: 'VA-7K3P9Q',
  procedure: { id: 'padro', name: 'Registering on the municipal roll' },
  slot: { start: '2026-12-06T22:30:00.000Z', end: '2026-12-06T23:00:00.000Z' },
  appointmentUrl: 'http://localhost:8080/cita?council=demo&token=t0k3n',
};

const demoMode = (call: RecordedCall) =>
  call.method === 'POST' ? json(created, 201) : json({ demo: true, procedure: { id: 'padro', name: 'Registering on the municipal roll' } });
const notFound = () => json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'GET /api/desk/demo not found' }, 404);

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: FinDemoTry, selector: string) => el.shadowRoot!.querySelector<T>(selector);

let fetch: FetchStub;

async function mount(handler: (call: RecordedCall) => Response, lang = 'en') {
  fetch = stubFetch(handler);
  const el = await fixture<FinDemoTry>(html`<fin-demo-try api="https://oac.example" lang=${lang}></fin-demo-try>`);
  await waitUntil(() => $(el, '[part~="base"]'), 'the demo was not shown');
  return el;
}

async function tryNow(el: FinDemoTry) {
  $<HTMLButtonElement>(el, '[part~="try-button"]')!.click();
  await waitUntil(() => $(el, '[part~="result"]'), 'no appointment was shown');
}

afterEach(() => fetch?.restore());

describe('<fin-demo-try>', () => {
  describe('in demo mode', () => {
    it('passes an accessibility check, with a test appointment made', async () => {
      const el = await mount(demoMode);
      await tryNow(el);
      await expect(el).to.be.accessible();
    });

    it('says it is a demonstration and what the appointment is for', async () => {
      const el = await mount(demoMode);
      expect(new URL(fetch.calls[0]!.url).pathname).to.equal('/api/desk/demo');
      expect(new URL(fetch.calls[0]!.url).searchParams.get('lang')).to.equal('en');
      expect(fetch.calls[0]!.credentials).to.equal('include');
      expect(text($(el, '[part~="heading"]'))).to.equal('Demonstration Try the whole procedure now');
      expect(text($(el, '[part~="intro"]'))).to.contain('“Registering on the municipal roll” that starts now');
      expect(text($(el, '[part~="try-button"]'))).to.equal('Try a test appointment now');
    });

    it("makes the appointment in the agent's language and gives the citizen's link to open elsewhere", async () => {
      const el = await mount(demoMode);
      await tryNow(el);
      const post = fetch.calls.find((call) => call.method === 'POST')!;
      expect(new URL(post.url).pathname).to.equal('/api/desk/demo/appointments');
      expect(post.body).to.deep.equal({ language: 'en' });
      expect(post.headers.get('Idempotency-Key')).to.be.a('string');
      expect(text($(el, '[part~="result"]'))).to.contain('Test appointment VA-7K3P9Q made. It is a demonstration.');
      expect($<HTMLInputElement>(el, '#demo-link')!.value).to.equal(created.appointmentUrl);
      const link = $<HTMLAnchorElement>(el, '[part~="link"]')!;
      expect(link.href).to.equal(created.appointmentUrl);
      expect(link.target).to.equal('_blank');
      expect(text($(el, '[part~="announcer"]'))).to.equal('Test appointment VA-7K3P9Q made. It is a demonstration.');
      expect(text($(el, '[part~="result"]'))).to.contain('Then open VA-7K3P9Q in the Appointments tab and start the video call.');
    });

    it('speaks Catalan and Spanish too', async () => {
      const ca = await mount(demoMode, 'ca');
      expect(text($(ca, '[part~="try-button"]'))).to.equal('Fes ara una cita de prova');
      expect(text($(ca, '[part~="badge"]'))).to.equal('Demostració');
      fetch.restore();
      const es = await mount(demoMode, 'es');
      expect(text($(es, '[part~="try-button"]'))).to.equal('Hacer ahora una cita de prueba');
      expect(text($(es, '[part~="badge"]'))).to.equal('Demostración');
    });

    it('says so when the appointment cannot be made, and fires fin-error', async () => {
      const el = await mount((call) => (call.method === 'POST' ? json({ statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'bad' }, 400) : demoMode(call)));
      const fired = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      $<HTMLButtonElement>(el, '[part~="try-button"]')!.click();
      expect((await fired).detail.code).to.equal('FIN_ERR_VALIDATION');
      await el.updateComplete;
      expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
      expect(text($(el, '[part~="error"]'))).to.equal('The test appointment could not be made. Try again.');
    });
  });

  describe('outside demo mode', () => {
    it('shows nothing and reports nothing', async () => {
      let errors = 0;
      fetch = stubFetch(notFound);
      const el = await fixture<FinDemoTry>(html`<fin-demo-try api="https://oac.example" lang="en" @fin-error=${() => errors++}></fin-demo-try>`);
      await waitUntil(() => fetch.calls.length > 0, 'the demo was not asked for');
      // The 404 settles a turn of the event loop later; nothing on the page marks that moment.
      await new Promise((resolve) => setTimeout(resolve));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="base"], button')).to.equal(null);
      expect(errors).to.equal(0);
    });
  });
});
