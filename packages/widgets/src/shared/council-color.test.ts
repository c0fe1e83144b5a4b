import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, type FetchStub } from './testing.js';
import type { CallbackSlots, Council } from './types.js';
import '../call-me-form/index.js';
import '../office-hours/index.js';

const later = (hours: number) => new Date(Date.now() + 2 * 86_400_000 + hours * 3_600_000).toISOString();
const slot = { start: later(0), end: later(0.5), available: 1 };
const slots: CallbackSlots = { timeZone: 'Europe/Madrid', slotMinutes: 30, topics: [{ id: 'online-help', name: 'Help' }], asap: slot, slots: [slot] };
const council: Partial<Council> = {
  id: 'demo',
  name: 'Ajuntament de Vilademo',
  timeZone: 'Europe/Madrid',
  privacyUrl: 'https://vilademo.example/privacy',
  openingHours: [],
  holidays: [],
  status: { open: false, changesAt: null },
  branding: { primaryColor: '#9b1c31', logoUrl: null },
};

/** The submit button's colour once the form has loaded. */
async function buttonColor(wrapper: Element): Promise<string> {
  const form = wrapper.querySelector('call-me-form')!;
  await waitUntil(() => form.shadowRoot!.querySelector('[part~="submit-button"]'), 'the form did not load', { timeout: 3000 });
  return getComputedStyle(form.shadowRoot!.querySelector('[part~="submit-button"]')!).backgroundColor;
}

describe("the council's colour", () => {
  let fetch: FetchStub;
  beforeEach(() => {
    fetch = stubFetch((call) => json(call.url.includes('/callbacks/slots') ? slots : council));
  });
  afterEach(() => fetch.restore());

  it('is the default accent of a widget that loads the council', async () => {
    const wrapper = await fixture(html`<div><call-me-form api="https://oac.example" council="demo" lang="en"></call-me-form></div>`);
    expect(await buttonColor(wrapper)).to.equal('rgb(155, 28, 49)');
  });

  it("gives way to the page's own --fin-color-primary", async () => {
    const wrapper = await fixture(html`<div style="--fin-color-primary: #00703c"><call-me-form api="https://oac.example" council="demo" lang="en"></call-me-form></div>`);
    expect(await buttonColor(wrapper)).to.equal('rgb(0, 112, 60)');
  });

  it('is ignored when the answer holds anything but a colour', async () => {
    fetch.respond((call) => json(call.url.includes('/callbacks/slots') ? slots : { ...council, branding: { primaryColor: 'red; } :host { display: none', logoUrl: null } }));
    const wrapper = await fixture(html`<div><call-me-form api="https://oac.example" council="demo" lang="en"></call-me-form></div>`);
    expect(await buttonColor(wrapper)).to.equal('rgb(0, 94, 165)');
  });

  it('reaches <office-hours> too', async () => {
    const el = await fixture(html`<office-hours api="https://oac.example" council="demo" lang="en"></office-hours>`);
    // Its accent shows only on a retry button; what the widgets inside it inherit is the colour.
    await waitUntil(() => getComputedStyle(el).getPropertyValue('--fin-council-color-primary').trim() === '#9b1c31', 'no council colour', { timeout: 3000 });
  });
});
