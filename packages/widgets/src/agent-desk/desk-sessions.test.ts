import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import './index.js';
import { describeBrowser, type DeskSession, type FinDeskSessions } from './desk-sessions.js';

const OFFICE = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const here: DeskSession = {
  id: '5b0c2f7e-0000-4000-8000-000000000001',
  createdAt: '2026-12-07T07:55:00.000Z',
  lastSeenAt: '2026-12-07T09:10:00.000Z',
  expiresAt: '2026-12-07T19:55:00.000Z',
  userAgent: OFFICE,
  address: '10.20.30.40',
  current: true,
};
const phone: DeskSession = { ...here, id: '5b0c2f7e-0000-4000-8000-000000000002', createdAt: '2026-12-06T18:00:00.000Z', lastSeenAt: '2026-12-06T18:20:00.000Z', userAgent: PHONE, address: '203.0.113.7', current: false };

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<fin-desk-sessions>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  async function open(lang: string) {
    const el = await fixture<FinDeskSessions>(html`<fin-desk-sessions lang=${lang}></fin-desk-sessions>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="list"], [part~="error"]'), 'the sessions did not render');
    return el;
  }
  const serve = (sessions: () => DeskSession[]) => (fetch = stubFetch((call) => (call.method === 'DELETE' ? json(null, 204) : json({ sessions: sessions() }))));

  it('passes axe in each language', async () => {
    serve(() => [here, phone]);
    for (const lang of ['ca', 'es', 'en']) {
      const el = await open(lang);
      await expect(el).to.be.accessible();
    }
  });

  it('names each browser and system, marks this one and offers to end only the others', async () => {
    serve(() => [here, phone]);
    const el = await open('ca');
    const root = el.shadowRoot!;
    expect(text(root.querySelector('h2'))).to.equal('On teniu la sessió iniciada');
    const [first, second] = [...root.querySelectorAll('[part~="session"]')];
    expect(text(first!.querySelector('h3'))).to.equal('Firefox a Linux · Aquest navegador');
    expect(text(first!.querySelector('[part~="facts"]'))).to.contain('Adreça IP').and.contain('10.20.30.40');
    expect(first!.querySelector('[part~="end-button"]')).to.equal(null);
    expect(text(second!.querySelector('h3'))).to.equal('Chrome a Android');
    const end = second!.querySelector<HTMLButtonElement>('[part~="end-button"]')!;
    expect(text(end)).to.equal('Tanca aquesta sessió');
    expect(root.getElementById(end.getAttribute('aria-describedby')!)).to.equal(second!.querySelector('h3'));
  });

  it('ends another session, says so politely and shows it gone', async () => {
    let sessions = [here, phone];
    serve(() => sessions);
    const el = await open('en');
    sessions = [here];
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="end-button"]')!.click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part~="announcer"]')) === 'The session of Chrome on Android has ended.', 'no announcement');
    const ended = fetch.calls.find((call) => call.method === 'DELETE')!;
    expect(ended.url).to.match(/\/api\/desk\/sessions\/5b0c2f7e-0000-4000-8000-000000000002$/);
    expect(ended.credentials).to.equal('include');
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="session"]').length === 1, 'the ended session is still listed');
  });

  it('says in Spanish when the sessions cannot load or one cannot be ended', async () => {
    // A 4xx: a 5xx would be retried with backoff before the list gives up.
    fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'Not found' }, 404));
    const failed = await open('es');
    expect(text(failed.shadowRoot!.querySelector('[part~="error"]'))).to.equal('Ahora no se pueden mostrar sus sesiones.');
    fetch.restore();
    fetch = stubFetch((call) => (call.method === 'DELETE' ? json({ statusCode: 404, code: 'FIN_ERR_SESSION_NOT_FOUND', message: 'No such session of yours' }, 404) : json({ sessions: [here, phone] })));
    const el = await open('es');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="end-button"]')!.click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('[role="alert"]')) === 'No se ha podido cerrar la sesión. Vuelva a intentarlo.', 'no error shown');
  });

  it('tells browsers apart from their User-Agent, and admits when it cannot', () => {
    expect(describeBrowser(OFFICE)).to.deep.equal({ browser: 'Firefox', system: 'Linux' });
    expect(describeBrowser(PHONE)).to.deep.equal({ browser: 'Chrome', system: 'Android' });
    expect(describeBrowser('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1')).to.deep.equal({ browser: 'Safari', system: 'iOS' });
    expect(describeBrowser('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).to.deep.equal({ browser: 'Edge', system: 'Windows' });
    expect(describeBrowser('curl/8.5.0')).to.equal(undefined);
    expect(describeBrowser(null)).to.equal(undefined);
  });
});
