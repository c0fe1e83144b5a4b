import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { Agent } from '../shared/types.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';
import type { FloodReport, SuspiciousBooking } from './flood-alert.js';

const agent: Agent = { id: 'a1', role: 'supervisor', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };

const booking = (id: string, kind: SuspiciousBooking['kind'], state: string): SuspiciousBooking => ({
  id,
  kind,
  reference: `${kind === 'callback' ? 'CB' : 'VA'}-${id.toUpperCase()}`,
  state,
  name: 'Bot Bot',
  createdAt: '2026-11-23T07:00:00.000Z',
  slot: { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' },
});

const flood: FloodReport = {
  flooding: true,
  council: { lastHour: 40, threshold: 30 },
  groups: [
    {
      origin: '3fa9c2e1b07d',
      count: 3,
      first: '2026-11-23T07:00:00.000Z',
      last: '2026-11-23T07:02:00.000Z',
      bookings: [booking('f1', 'callback', 'requested'), booking('f2', 'appointment', 'booked'), booking('f3', 'callback', 'cancelled')],
    },
    { origin: '0b5e77d2a914', count: 1, first: '2026-11-23T07:01:00.000Z', last: '2026-11-23T07:01:00.000Z', bookings: [booking('g1', 'callback', 'requested')] },
  ],
};
const calm: FloodReport = { flooding: false, council: { lastHour: 2, threshold: 30 }, groups: [] };

type Handler = (call: RecordedCall) => Response | Promise<Response>;

function server(report: () => FloodReport, post: Handler = () => json({}, 500)): Handler {
  return (call) => {
    if (call.url.endsWith('/api/desk/me')) return json({ agent });
    if (call.method === 'POST') return post(call);
    if (call.url.includes('/api/desk/floods')) return json(report());
    if (call.url.includes('/api/desk/callbacks')) return json({ callbacks: [] });
    return json({ timeZone: 'Europe/Madrid', slotMinutes: 30, topics: [], asap: null, slots: [] });
  };
}

const alertOf = (el: AgentDesk) => el.shadowRoot!.querySelector('fin-flood-alert')!;
const $ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => alertOf(el).shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => [...alertOf(el).shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

async function desk(fetch: FetchStub) {
  const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
  await waitUntil(() => alertOf(el) && fetch.calls.some((call) => call.url.includes('/api/desk/floods')), 'the flood report was not asked for');
  await waitUntil(() => alertOf(el).shadowRoot?.querySelector('[part~="announcer"]'), 'the alert did not render');
  await alertOf(el).updateComplete;
  return el;
}

describe('<agent-desk> flood alert', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  beforeEach(() => (events = stubEventSource()));
  afterEach(() => {
    fetch.restore();
    events.restore();
  });

  describe('when bookings flood the council', () => {
    it('passes an accessibility check', async () => {
      fetch = stubFetch(server(() => flood));
      const el = await desk(fetch);
      await expect(el).to.be.accessible();
    });

    it('alerts the agent and lists the suspicious bookings by address, the cancellable ones chosen', async () => {
      fetch = stubFetch(server(() => flood));
      const el = await desk(fetch);
      expect($(el, '[part~="alert"]')!.getAttribute('role')).to.equal('alert');
      expect(text($(el, '[part~="alert"]'))).to.contain('40 bookings in the last hour, far above normal (a flood starts at 30)');
      expect($$(el, '[part~="group-legend"]').map((legend) => text(legend)!.split(',')[0])).to.deep.equal(['Address 3fa9c2e1b07d: 3 bookings', 'Address 0b5e77d2a914: 1 booking']);
      const boxes = $$<HTMLInputElement>(el, '[part~="checkbox"]');
      expect(boxes.map((box) => [box.checked, box.disabled])).to.deep.equal([
        [true, false],
        [true, false],
        [false, true],
        [true, false],
      ]);
      expect(text($$(el, '[part~="booking"]')[2])).to.contain('CB-F3').and.contain('already closed');
      expect(text($(el, '[part~="cancel-button"]'))).to.equal('Cancel the 3 chosen bookings');
    });

    it('cancels the chosen bookings in one request after a confirmation step, and says so politely', async () => {
      let report = flood;
      fetch = stubFetch(
        server(
          () => report,
          (call) => {
            report = calm;
            return json({ cancelled: (call.body as { ids: string[] }).ids.map((id) => ({ id, reference: id })), skipped: [] });
          },
        ),
      );
      const el = await desk(fetch);
      $$<HTMLInputElement>(el, '[part~="checkbox"]')[3]!.click();
      await alertOf(el).updateComplete;
      $(el, '[part~="cancel-button"]')!.click();
      await alertOf(el).updateComplete;
      expect(text($(el, '[part~="confirm"]'))).to.contain('Cancel 2 bookings? Their places are freed');
      expect(fetch.calls.filter((call) => call.method === 'POST')).to.have.length(0);
      $(el, '[part~="confirm-button"]')!.click();
      await waitUntil(() => text($(el, '[part~="announcer"]')) === '2 bookings cancelled.', 'the cancellation was not announced');
      const [post] = fetch.calls.filter((call) => call.method === 'POST');
      expect(post.url).to.equal(`${location.origin}/api/desk/floods/cancel`);
      expect(post.credentials).to.equal('include');
      expect(post.body).to.deep.equal({ ids: ['f1', 'f2'] });
      expect($(el, '[part~="base"]')).to.equal(null);
      expect($(el, '[part~="announcer"]')!.getAttribute('role')).to.equal('status');
    });
  });

  it('shows nothing at a normal rate', async () => {
    fetch = stubFetch(server(() => calm));
    const el = await desk(fetch);
    expect($(el, '[part~="base"]')).to.equal(null);
    expect($(el, '[part~="alert"]')).to.equal(null);
  });

  it('looks again when the desk hears of a new booking', async () => {
    let report = calm;
    fetch = stubFetch(server(() => report));
    const el = await desk(fetch);
    report = flood;
    await waitUntil(() => events.latest, 'no event stream');
    events.latest!.send('callback', { id: 'f9', state: 'requested', reference: 'CB-F9' });
    await waitUntil(() => $(el, '[part~="alert"]'), 'the alert did not appear', { timeout: 3000 });
  });
});
