import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import './index.js';
import type { FinDataProtection, SubjectCase } from './data-protection.js';

const appointment: SubjectCase = {
  id: 'c1',
  reference: 'VC-7K3P9Q',
  kind: 'appointment',
  state: 'completed',
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
  hold: null,
};
const held: SubjectCase = { ...appointment, id: 'c2', reference: 'CB-2M8X4R', kind: 'callback', hold: { at: '2026-12-01T08:00:00.000Z', by: 'a1', reason: 'Recurs 123/2026' } };

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<fin-data-protection>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  async function open(lang: string) {
    return fixture<FinDataProtection>(html`<fin-data-protection lang=${lang}></fin-data-protection>`);
  }
  async function search(el: FinDataProtection, by: string, value: string) {
    const root = el.shadowRoot!;
    const select = root.querySelector<HTMLSelectElement>('#privacy-by')!;
    select.value = by;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const input = root.querySelector<HTMLInputElement>('#privacy-value')!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[part~="search-button"]')!.click();
  }

  it('passes axe in each language, before and after a search', async () => {
    fetch = stubFetch(() => json({ cases: [held, appointment] }));
    for (const lang of ['ca', 'es', 'en']) {
      const el = await open(lang);
      await expect(el).to.be.accessible();
      await search(el, 'phone', '612 34 56 78');
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="list"]'), 'no list');
      await expect(el).to.be.accessible();
    }
  });

  it('searches in the body, never the URL, and lists the cases with their holds', async () => {
    fetch = stubFetch(() => json({ cases: [held, appointment] }));
    const el = await open('ca');
    await search(el, 'email', 'marta@example.org');
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="case"]').length === 2, 'the cases were not listed');
    const [call] = fetch.calls;
    expect(call!.method).to.equal('POST');
    expect(call!.url).to.match(/\/api\/desk\/subjects\/search$/);
    expect(call!.body).to.deep.equal({ email: 'marta@example.org' });
    const [first, second] = [...el.shadowRoot!.querySelectorAll('[part~="case"]')];
    expect(text(first!.querySelector('h3'))).to.equal('CB-2M8X4R · Retenció legal');
    expect(text(first!.querySelector('[part~="facts"]'))).to.contain('Recurs 123/2026');
    expect(first!.querySelector('[part~="lift-button"]')).to.not.equal(null);
    expect(second!.querySelector('[part~="hold-button"]')).to.not.equal(null);
    expect(text(el.shadowRoot!.querySelector('[part~="announcer"]'))).to.equal('S’han trobat 2 expedients.');
  });

  it('places a hold with its reason and shows it, then lifts it', async () => {
    let cases = [appointment];
    fetch = stubFetch((call) => {
      if (call.method === 'PUT') {
        cases = [{ ...appointment, hold: { at: '2026-12-07T09:00:00.000Z', by: 'a1', reason: String((call.body as { reason: string }).reason) } }];
        return json(cases[0]!.hold);
      }
      if (call.method === 'DELETE') {
        cases = [appointment];
        return json(null, 204);
      }
      return json({ cases });
    });
    const el = await open('en');
    await search(el, 'idDocument', '12345678Z');
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[part~="hold-button"]'), 'no hold button');
    root.querySelector<HTMLButtonElement>('[part~="hold-button"]')!.click();
    await el.updateComplete;
    const reason = root.querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = 'Complaint to the ombudsman';
    reason.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[part~="confirm-button"]')!.click();
    await waitUntil(() => text(root.querySelector('[part~="announcer"]')) === 'VC-7K3P9Q is under a legal hold.', 'no announcement of the hold');
    const put = fetch.calls.find((call) => call.method === 'PUT')!;
    expect(put.url).to.match(/\/api\/desk\/cases\/c1\/hold$/);
    expect(put.body).to.deep.equal({ reason: 'Complaint to the ombudsman' });
    expect(text(root.querySelector('[part~="badge"]'))).to.equal('Legal hold');
    root.querySelector<HTMLButtonElement>('[part~="lift-button"]')!.click();
    await waitUntil(() => text(root.querySelector('[part~="announcer"]')) === 'The legal hold of VC-7K3P9Q was lifted.', 'no announcement of the lift');
    expect(root.querySelector('[part~="badge"]')).to.equal(null);
  });

  it('downloads everything held about them as a zip', async () => {
    fetch = stubFetch((call) => (call.url.endsWith('/export') ? new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'content-type': 'application/zip' } }) : json({ cases: [] })));
    const el = await open('es');
    await search(el, 'phone', '699999999');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="empty-state"]'), 'no empty state');
    expect(text(el.shadowRoot!.querySelector('[part~="empty-state"]'))).to.equal('El Ayuntamiento no conserva ningún expediente hecho con estos datos.');
    const saved = new Promise<string>((resolve) => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        HTMLAnchorElement.prototype.click = click;
        resolve(this.download);
      };
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
    expect(await saved).to.equal('access-export.zip');
    const exported = fetch.calls.find((call) => call.url.endsWith('/export'))!;
    expect(exported.body).to.deep.equal({ phone: '699999999' });
  });

  it('says what is wrong with the identifier, in the language of the desk', async () => {
    fetch = stubFetch(() => json({ statusCode: 400, code: 'FIN_ERR_PHONE_INVALID', message: 'body.phone is not a valid phone number' }, 400));
    const el = await open('es');
    await search(el, 'phone', 'nope');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[role="alert"]')) === 'Este teléfono no es válido.', 'no error shown');
  });
});
