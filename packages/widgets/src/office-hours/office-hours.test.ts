import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { hang, json, stubFetch, type FetchStub } from '../shared/testing.js';
import type { Council } from '../shared/types.js';
import { localDate } from '../shared/zoned.js';
import './index.js';
import type { OfficeHours } from './office-hours.js';

const ZONE = 'Europe/Madrid';
const DAY = 86_400_000;

/** The council's calendar date `days` after today (`YYYY-MM-DD`), e.g. for holidays and "opens tomorrow". */
const dateIn = (days: number) => new Date(Date.parse(localDate(new Date(), ZONE)) + days * DAY).toISOString().slice(0, 10);

function council(overrides: Partial<Council> = {}): Council {
  return {
    id: 'demo',
    name: 'Ajuntament de Vilademo',
    timeZone: ZONE,
    languages: ['ca', 'es', 'en'],
    defaultLanguage: 'ca',
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })),
    holidays: [],
    status: { open: true, changesAt: '2026-11-23T19:00:00.000Z' },
    procedures: [],
    privacyUrl: 'https://vilademo.example/privacy',
    branding: { primaryColor: '#005ea5', logoUrl: null },
    survey: { scale: 'stars5', askRepeat: true, commentMaxLength: 500 },
    ...overrides,
  };
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const partText = (el: Element, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim();

async function ready(el: OfficeHours) {
  await waitUntil(() => part(el, 'table') || part(el, 'error'), 'the widget did not settle');
  await el.updateComplete;
}

describe('<office-hours>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  it('passes an accessibility check', async () => {
    fetch = stubFetch(() => json(council({ holidays: [{ date: dateIn(3), name: 'Festa Major' }] })));
    const el = await fixture<OfficeHours>(html`<office-hours api="https://oac.example" council="demo" lang="en"></office-hours>`);
    await ready(el);
    await expect(el).to.be.accessible();
  });

  it('asks the council’s server for the council in the widget’s language', async () => {
    fetch = stubFetch(() => json(council()));
    const el = await fixture<OfficeHours>(html`<office-hours api="https://oac.example/" council="demo" lang="es"></office-hours>`);
    await ready(el);
    expect(fetch.calls[0].url).to.equal('https://oac.example/api/councils/demo?lang=es');
    expect(fetch.calls[0].credentials).to.equal('omit');
  });

  describe('while loading', () => {
    it('is busy and says so politely', async () => {
      fetch = stubFetch(hang);
      const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
      expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
      expect(partText(el, 'status')).to.equal('Loading the opening hours…');
      await expect(el).to.be.accessible();
    });
  });

  describe('when the office is open', () => {
    it('says until when, in the council’s time zone', async () => {
      fetch = stubFetch(() => json(council()));
      const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
      await ready(el);
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('false');
      expect(partText(el, 'status-label')).to.equal('Open now');
      expect(part(el, 'status-label')!.getAttribute('part')).to.contain('open');
      expect(partText(el, 'status-detail')).to.equal('Closes at 20:00');
    });
  });

  describe('when the office is closed', () => {
    it('says it opens tomorrow at the time it opens', async () => {
      const opens = new Date(`${dateIn(1)}T07:00:00Z`);
      fetch = stubFetch(() => json(council({ status: { open: false, changesAt: opens.toISOString() } })));
      const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="ca"></office-hours>`);
      await ready(el);
      const time = new Intl.DateTimeFormat('ca-ES', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE }).format(opens);
      expect(partText(el, 'status-label')).to.equal('Tancat ara');
      expect(partText(el, 'status-detail')).to.equal(`Obre demà a les ${time}`);
    });

    it('names the weekday when it opens later in the week', async () => {
      const opens = new Date(`${dateIn(3)}T07:00:00Z`);
      fetch = stubFetch(() => json(council({ status: { open: false, changesAt: opens.toISOString() } })));
      const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
      await ready(el);
      const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: ZONE }).format(opens);
      expect(partText(el, 'status-detail')).to.match(new RegExp(`^Opens on ${weekday} at \\d\\d:\\d\\d$`));
    });
  });

  it('lists the week’s hours in an accessible table, closed days included', async () => {
    fetch = stubFetch(() => json(council({ openingHours: [{ weekday: 1, opens: '08:00', closes: '14:00' }, { weekday: 1, opens: '16:00', closes: '19:00' }] })));
    const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
    await ready(el);
    const table = part(el, 'table') as HTMLTableElement;
    expect(table.caption!.textContent).to.equal('Weekly opening hours');
    const rows = [...table.tBodies[0].rows].map((row) => [row.cells[0].textContent!.trim(), row.cells[1].textContent!.trim()]);
    expect(rows).to.have.length(7);
    expect(rows[0]).to.deep.equal(['Monday', '08:00 to 14:00, 16:00 to 19:00']);
    expect(rows[6]).to.deep.equal(['Sunday', 'Closed']);
    expect(table.tBodies[0].rows[0].cells[0].getAttribute('scope')).to.equal('row');
  });

  it('shows the next three closures and how many more there are', async () => {
    const holidays = [5, 1, 9, 3].map((days, i) => ({ date: dateIn(days), name: `Holiday ${i}` }));
    fetch = stubFetch(() => json(council({ holidays })));
    const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
    await ready(el);
    const items = [...el.shadowRoot!.querySelectorAll('[part="holiday"]')];
    expect(items.map((li) => li.querySelector('time')!.getAttribute('datetime'))).to.deep.equal([dateIn(1), dateIn(3), dateIn(5)]);
    expect(partText(el, 'more-holidays')).to.equal('and 1 more closure');
  });

  it('uses the heading level the page asks for', async () => {
    fetch = stubFetch(() => json(council()));
    const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en" heading-level="3"></office-hours>`);
    await ready(el);
    expect(part(el, 'heading')!.localName).to.equal('h3');
    expect(part(el, 'holidays-heading')!.localName).to.equal('h4');
  });

  describe('when the server fails', () => {
    it('shows a neutral message, fires fin-error and recovers with the retry button', async () => {
      fetch = stubFetch(() => json({ statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'stack trace' }, 500));
      const fired = oneEvent(document, 'fin-error') as Promise<FinErrorEvent>;
      const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
      const event = await fired;
      await ready(el);
      expect(event.detail).to.include({ code: 'FIN_ERR_INTERNAL', recoverable: true });
      expect(partText(el, 'error')).to.equal('The opening hours cannot be shown right now.');
      expect(el.shadowRoot!.textContent).not.to.contain('stack trace');
      await expect(el).to.be.accessible();

      fetch.respond(() => json(council()));
      (part(el, 'retry-button') as HTMLButtonElement).click();
      await waitUntil(() => part(el, 'table'));
      expect(part(el, 'error')).to.equal(null);
    });

    it('offers no retry when retrying cannot help', async () => {
      fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_COUNCIL_NOT_FOUND', message: 'No such council.' }, 404));
      const fired = oneEvent(document, 'fin-error') as Promise<FinErrorEvent>;
      const el = await fixture<OfficeHours>(html`<office-hours council="nope" lang="en"></office-hours>`);
      expect((await fired).detail.recoverable).to.equal(false);
      await ready(el);
      expect(part(el, 'retry-button')).to.equal(null);
    });
  });

  it('fetches again when the language changes, cancelling the request in flight', async () => {
    fetch = stubFetch((call, n) => (n === 0 ? hang(call) : json(council())));
    const el = await fixture<OfficeHours>(html`<office-hours council="demo" lang="en"></office-hours>`);
    el.lang = 'es';
    await ready(el);
    expect(fetch.calls.map((c) => new URL(c.url).searchParams.get('lang'))).to.deep.equal(['en', 'es']);
    expect(fetch.calls[0].signal!.aborted).to.equal(true);
    expect(partText(el, 'status-label')).to.equal('Abierto ahora');
  });

  it('follows the page when it switches language', async () => {
    fetch = stubFetch(() => json(council()));
    const wrapper = await fixture(html`<div lang="en"><office-hours council="demo"></office-hours></div>`);
    const el = wrapper.querySelector('office-hours')!;
    await ready(el);
    wrapper.setAttribute('lang', 'ca');
    await aTimeout(0);
    await waitUntil(() => partText(el, 'status-label') === 'Obert ara');
    expect(fetch.calls).to.have.length(2);
  });
});
