import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import { unreachableSockets } from '../call/testing.js';
import type { Agent, CallbackSlots, DeskCallback, TeamMember } from '../shared/types.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';

/** An agent, not a supervisor: their queue is what nobody has and theirs, and they reassign nothing. */
const agent: Agent = { id: 'a1', role: 'agent', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };
const ZONE = 'Europe/Madrid';

const council: CallbackSlots = {
  timeZone: ZONE,
  slotMinutes: 30,
  topics: [
    { id: 'online-help', name: 'Help with an online procedure' },
    { id: 'padro', name: 'Register of residents' },
  ],
  asap: null,
  slots: [],
};

function callback(id: string, start: string, overrides: Partial<DeskCallback> = {}): DeskCallback {
  return {
    id,
    reference: `CB-${id.toUpperCase()}`,
    state: 'requested',
    topic: council.topics[0],
    slot: { start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() },
    callableFrom: start,
    name: 'Marta Soler',
    phone: '+34612345678',
    email: null,
    description: 'Cannot sign the form.',
    language: 'ca',
    attempts: 0,
    maxAttempts: 3,
    assignedAgent: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    notes: [],
    ...overrides,
  };
}

type Handler = (call: RecordedCall) => Response | Promise<Response>;

const supervisor: Agent = { ...agent, id: 's1', role: 'supervisor', name: 'Sara Serra' };
const team: TeamMember[] = [
  { id: 'a1', name: 'Laia Puig', role: 'agent' },
  { id: 'a2', name: 'Pere Vidal', role: 'agent' },
  { id: 's1', name: 'Sara Serra', role: 'supervisor' },
];

/** A desk signed in as `who`, whose server lists `list()` and answers POSTs with `post`. */
function server(list: () => DeskCallback[], post: Handler = () => json({}, 500), who = agent): Handler {
  return (call) => {
    if (call.url.endsWith('/api/desk/me')) return json({ agent: who });
    if (call.url.endsWith('/api/desk/team')) return json({ agents: team });
    if (call.method === 'POST') return post(call);
    if (call.url.includes('/api/desk/callbacks')) return json({ callbacks: list() });
    if (call.url.includes('/api/desk/cases/')) return json({ expected: [], documents: [] });
    return json(council);
  };
}

const queueOf = (el: AgentDesk) => el.shadowRoot!.querySelector('fin-callback-queue')!;
const $ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => queueOf(el).shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => [...queueOf(el).shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const references = (el: AgentDesk) => $$(el, '[part~="reference"]').map((h) => h.id.replace('callback-', ''));
const listCalls = (fetch: FetchStub) => fetch.calls.filter((c) => c.method === 'GET' && c.url.includes('/api/desk/callbacks'));

async function desk() {
  const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
  await waitUntil(() => el.shadowRoot!.querySelector('fin-callback-queue')?.shadowRoot?.querySelector('[part~="list"], [part~="empty-state"]'), 'the queue did not load');
  await queueOf(el).updateComplete;
  return el;
}

function button(el: AgentDesk, reference: string, label: string) {
  const item = $(el, `#callback-${reference}`)!.closest('[part~="item"]')!;
  return [...item.querySelectorAll('button')].find((b) => text(b)!.startsWith(label))!;
}

describe('<agent-desk> callback queue', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  beforeEach(() => (events = stubEventSource()));
  afterEach(() => {
    fetch.restore();
    events.restore();
  });

  const later = callback('b2', '2026-11-26T10:00:00.000Z');
  const sooner = callback('a1', '2026-11-25T08:00:00.000Z', { assignedAgent: { id: 'a2', name: 'Pere Vidal' }, state: 'assigned' });

  it('passes an accessibility check', async () => {
    fetch = stubFetch(server(() => [sooner, later]));
    const el = await desk();
    await expect(el).to.be.accessible();
  });

  it('lists the open callbacks ordered by slot, with their details and a tel: link', async () => {
    fetch = stubFetch(server(() => [later, sooner]));
    const el = await desk();
    expect(references(el)).to.deep.equal(['a1', 'b2']);
    expect(listCalls(fetch)[0].url).to.equal(`${location.origin}/api/desk/callbacks?state=open&lang=en`);
    expect(listCalls(fetch)[0].credentials).to.equal('include');
    expect(text($(el, '[part~="count"]'))).to.equal('2 requests');
    const first = $(el, '[part~="item"]')!;
    expect(text(first.querySelector('[part~="badge"]'))).to.equal('Assigned');
    expect(first.querySelector<HTMLAnchorElement>('[part~="phone-link"]')!.href).to.equal('tel:+34612345678');
    expect(text(first.querySelector('[part~="details"]'))).to.contain('Pere Vidal');
    expect(text(first.querySelector('[part~="details"]'))).to.contain('Wed 25 Nov, 09:00–09:30');
    // Someone else's callback offers no actions.
    expect(first.querySelector('button')).to.equal(null);
    expect(text(button(el, 'b2', 'Claim'))).to.equal('Claim CB-B2');
  });

  it('offers the call only from the time the citizen agreed, and offers it when that time comes', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const soon = new Date(Date.now() + 400).toISOString();
    fetch = stubFetch(server(() => [callback('c3', inTwoDays, { callableFrom: inTwoDays }), callback('d4', soon, { callableFrom: soon })]));
    const el = await desk();
    const item = (reference: string) => $(el, `#callback-${reference}`)!.closest('[part~="item"]')!;
    expect(button(el, 'c3', 'Start call')).to.equal(undefined);
    expect(text(button(el, 'c3', 'Claim'))).to.equal('Claim CB-C3');
    expect(text(item('c3').querySelector('[part~="not-due"]'))).to.match(/^Can be called from \w+day \d+ \w+ at \d\d:\d\d, as agreed\.$/);
    await waitUntil(() => button(el, 'd4', 'Start call'), 'the call is offered once its time comes');
    expect(item('d4').querySelector('[part~="not-due"]')).to.equal(null);
    expect(item('c3').querySelector('[part~="not-due"]')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('filters by state, topic and day', async () => {
    fetch = stubFetch(server(() => [later]));
    const el = await desk();
    const state = $<HTMLSelectElement>(el, '#filter-state')!;
    expect([...state.options].map((o) => o.value)).to.deep.equal(['open', 'completed', 'failed', 'cancelled', 'all']);
    state.value = 'completed';
    state.dispatchEvent(new Event('change'));
    await waitUntil(() => listCalls(fetch).some((c) => c.url.endsWith('state=completed&lang=en')));
    const topic = $<HTMLSelectElement>(el, '#filter-topic')!;
    await waitUntil(() => topic.options.length === 3);
    topic.value = 'padro';
    topic.dispatchEvent(new Event('change'));
    const day = $<HTMLInputElement>(el, '#filter-day')!;
    day.value = '2026-11-26';
    day.dispatchEvent(new Event('change'));
    await waitUntil(() => listCalls(fetch).some((c) => c.url.endsWith('state=completed&topic=padro&day=2026-11-26&lang=en')));
    state.value = 'all';
    state.dispatchEvent(new Event('change'));
    await waitUntil(() => listCalls(fetch).filter((c) => c.url.includes('day=2026-11-26')).length >= 5);
    const states = listCalls(fetch).slice(-4).map((c) => new URL(c.url).searchParams.get('state'));
    expect(states).to.deep.equal(['open', 'completed', 'failed', 'cancelled']);
  });

  it('claims a callback and shows it as assigned to the agent', async () => {
    let claimed = false;
    fetch = stubFetch(
      server(
        () => [claimed ? { ...later, state: 'assigned', assignedAgent: { id: 'a1', name: 'Laia Puig' } } : later],
        () => {
          claimed = true;
          return json({ ...later, state: 'assigned', assignedAgent: { id: agent.id, name: agent.name } });
        },
      ),
    );
    const el = await desk();
    const claim = button(el, 'b2', 'Claim');
    claim.click();
    await queueOf(el).updateComplete;
    expect(claim.disabled).to.equal(true);
    await waitUntil(() => text($(el, '[part~="badge"]')) === 'Assigned');
    const post = fetch.calls.find((c) => c.method === 'POST')!;
    expect(post.url).to.equal(`${location.origin}/api/desk/callbacks/b2/claim`);
    expect(post.credentials).to.equal('include');
    expect(text($(el, '[part~="details"]'))).to.contain('Laia Puig');
    expect(text(button(el, 'b2', 'Start call'))).to.equal('Start call CB-B2');
  });

  describe('screen help', () => {
    let sockets: ReturnType<typeof unreachableSockets>;
    beforeEach(() => (sockets = unreachableSockets()));
    afterEach(() => sockets.restore());

    const calling = { ...later, state: 'in_progress' as const, assignedAgent: { id: 'a1', name: 'Laia Puig' } };
    const someoneElses = callback('c3', '2026-11-26T11:00:00.000Z', { state: 'in_progress', assignedAgent: { id: 'a2', name: 'Pere Vidal' } });
    const mineNotYet = callback('d4', '2026-11-26T12:00:00.000Z', { state: 'assigned', assignedAgent: { id: 'a1', name: 'Laia Puig' } });
    const started = { session: 'sh-1', state: 'waiting', expiresAt: '2026-11-26T09:15:00.000Z', code: '482913', link: 'https://oac.example.cat/ajuda?help=sh-1', emailed: false };

    it('is offered only on a callback the agent is calling', async () => {
      fetch = stubFetch(server(() => [calling, someoneElses, mineNotYet]));
      const el = await desk();
      const offered = $$(el, '[part~="screen-help-button"]');
      expect(offered.map((b) => text(b))).to.deep.equal(['Screen help CB-B2']);
      expect(offered[0]!.closest('[part~="item"]')!.querySelector('#callback-b2')).to.not.equal(null);
    });

    it('opens the panel: makes a code and joins the callback\'s room at once', async () => {
      fetch = stubFetch(server(() => [calling], () => json(started, 201)));
      const el = await desk();
      button(el, 'b2', 'Screen help').click();
      await waitUntil(() => $(el, 'fin-desk-screen-help')?.shadowRoot?.querySelector('[part~="code"]'), 'no code shown');
      const panel = $(el, 'fin-desk-screen-help')!;
      expect(panel.getAttribute('part')).to.equal('screen-help');
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      expect(post.url).to.equal(`${location.origin}/api/desk/callbacks/b2/screen-help`);
      expect(text(panel.shadowRoot!.querySelector('[part~="code"] [aria-hidden="true"]'))).to.equal('482 913');
      expect(text(panel.shadowRoot!.querySelector('[part~="valid-until"]'))).to.equal('Valid until 10:15');
      await waitUntil(() => sockets.urls.length > 0, 'the room was not joined');
      expect(sockets.urls[0]).to.equal(`${location.origin.replace(/^http/, 'ws')}/api/calls/b2/ws`);
      await waitUntil(() => panel.shadowRoot!.querySelector('[part~="action-error"]'), 'the unreachable room was not said');
      await expect(el).to.be.accessible();
    });
  });

  it('after "no answer" says when it will be called again', async () => {
    const inProgress = { ...later, state: 'in_progress' as const, assignedAgent: { id: 'a1', name: 'Laia Puig' } };
    const requeued: DeskCallback = { ...later, state: 'retry', attempts: 1, slot: { start: '2026-11-27T11:00:00.000Z', end: '2026-11-27T11:30:00.000Z' } };
    fetch = stubFetch(server(() => [inProgress], () => json(requeued)));
    const el = await desk();
    const record = button(el, 'b2', 'Record the outcome');
    record.click();
    await queueOf(el).updateComplete;
    expect(text($(el, '[part~="field-error"]'))).to.equal('Choose the outcome of the call');
    expect(fetch.calls.some((c) => c.method === 'POST')).to.equal(false);

    $<HTMLInputElement>(el, 'input[value="no_answer"]')!.click();
    const note = $<HTMLTextAreaElement>(el, '#note-b2')!;
    note.value = 'Voicemail.';
    note.dispatchEvent(new InputEvent('input'));
    record.click();
    await waitUntil(() => $(el, '[part~="latest"]'));
    const post = fetch.calls.find((c) => c.method === 'POST')!;
    expect(post.url).to.equal(`${location.origin}/api/desk/callbacks/b2/outcome`);
    expect(post.body).to.deep.equal({ outcome: 'no_answer', note: 'Voicemail.' });
    expect(text($(el, '[part~="latest"]'))).to.equal('CB-B2: No answer: it will be called again on Friday 27 November at 12:00 (attempt 2 of 3).');
    expect(text($(el, '[part~="badge"]'))).to.equal('To call again');
  });

  it('after completion shows the survey invitation link', async () => {
    const inProgress = { ...later, state: 'in_progress' as const, assignedAgent: { id: 'a1', name: 'Laia Puig' } };
    fetch = stubFetch(server(() => [inProgress], () => json({ ...inProgress, state: 'completed', surveyUrl: 'https://oac.example/survey?token=s' })));
    const el = await desk();
    $<HTMLInputElement>(el, 'input[value="reached"]')!.click();
    button(el, 'b2', 'Record the outcome').click();
    await waitUntil(() => $(el, '[part~="survey-link"]'));
    expect($<HTMLAnchorElement>(el, '[part~="survey-link"]')!.href).to.equal('https://oac.example/survey?token=s');
    expect(text($(el, '[part~="latest"]'))).to.contain('CB-B2: Completed.');
  });

  it('refreshes on a live event and announces a new request politely', async () => {
    let list = [later];
    fetch = stubFetch(server(() => list));
    const el = await desk();
    expect(events.latest!.withCredentials).to.equal(true);
    const before = listCalls(fetch).length;
    list = [callback('c3', '2026-11-25T07:00:00.000Z'), later];
    events.latest!.send('callback', { id: 'c3', reference: 'CB-C3', state: 'requested' });
    events.latest!.send('callback', { id: 'b2', reference: 'CB-B2', state: 'assigned' });
    await waitUntil(() => references(el).length === 2, 'the list was not refreshed');
    expect(listCalls(fetch).length).to.equal(before + 1);
    expect(references(el)).to.deep.equal(['c3', 'b2']);
    const announcer = $(el, '[part~="announcer"]')!;
    expect(announcer.getAttribute('role')).to.equal('status');
    expect(text(announcer)).to.equal('New callback request CB-C3');
  });

  it('tells the agent politely when a supervisor hands them a callback, and not when they claim one', async () => {
    const mine = { id: agent.id, name: agent.name };
    const handed = callback('d4', '2026-11-27T08:00:00.000Z', { state: 'assigned', assignedAgent: mine });
    let list = [later];
    fetch = stubFetch(server(() => list, () => json({ ...later, state: 'assigned', assignedAgent: mine })));
    const el = await desk();
    list = [later, handed];
    events.latest!.send('callback', { id: 'd4', reference: 'CB-D4', state: 'assigned' });
    await waitUntil(() => references(el).length === 2, 'the list was not refreshed');
    await queueOf(el).updateComplete;
    expect(text($(el, '[part~="announcer"]'))).to.equal('Callback CB-D4 is now assigned to you');

    // Their own claim: the event arrives while its answer is on its way.
    const refreshes = listCalls(fetch).length;
    list = [{ ...later, state: 'assigned', assignedAgent: mine }, handed];
    button(el, 'b2', 'Claim').click();
    events.latest!.send('callback', { id: 'b2', reference: 'CB-B2', state: 'assigned' });
    await waitUntil(() => listCalls(fetch).length > refreshes, 'the list was not refreshed');
    await waitUntil(() => button(el, 'b2', 'Start call'), 'the claim was not shown');
    await queueOf(el).updateComplete;
    expect(text($(el, '[part~="announcer"]'))).to.equal('Callback CB-D4 is now assigned to you');
  });

  it('reconnects when the server closes the stream', async () => {
    fetch = stubFetch(server(() => [later]));
    const el = await desk();
    const first = events.latest!;
    first.drop(false);
    await queueOf(el).updateComplete;
    expect(text($(el, '[part~="announcer"]'))).to.equal('Live updates paused: reconnecting…');
    await waitUntil(() => events.sources.length === 2, 'no reconnection', { timeout: 3000 });
    await waitUntil(() => text($(el, '[part~="announcer"]')) === '');
  });

  it('says clearly when another agent claimed it first, and refreshes the list', async () => {
    let claimed = false;
    fetch = stubFetch(
      server(
        () => [claimed ? { ...later, state: 'assigned', assignedAgent: { id: 'a2', name: 'Pere Vidal' } } : later],
        () => {
          claimed = true;
          return json({ statusCode: 409, code: 'FIN_ERR_CALLBACK_ALREADY_CLAIMED', message: 'Claimed.' }, 409);
        },
      ),
    );
    const el = await desk();
    const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
    button(el, 'b2', 'Claim').click();
    expect((await failed).detail.code).to.equal('FIN_ERR_CALLBACK_ALREADY_CLAIMED');
    await waitUntil(() => $(el, '[part~="action-error"]'));
    expect($(el, '[part~="action-error"]')!.getAttribute('role')).to.equal('alert');
    expect(text($(el, '[part~="action-error"]'))).to.equal('Another agent has already claimed CB-B2. The list has been refreshed.');
    await waitUntil(() => text($(el, '[part~="details"]'))!.includes('Pere Vidal'), 'the list was not refreshed');
    expect($(el, '[part~="item"] button')).to.equal(null);
  });

  it('opens a callback’s documents on demand, and only then loads them', async () => {
    fetch = stubFetch(server(() => [later]));
    const el = await desk();
    const disclosure = $<HTMLDetailsElement>(el, '[part~="documents-disclosure"]')!;
    expect(text(disclosure.querySelector('summary'))).to.equal('Documents CB-B2');
    expect(fetch.calls.some((c) => c.url.includes('/api/desk/cases/'))).to.equal(false);
    disclosure.querySelector('summary')!.click();
    await waitUntil(() => $(el, 'fin-case-documents')?.shadowRoot?.querySelector('[part~="link-button"]'), 'the documents did not open');
    expect(fetch.calls.find((c) => c.url.includes('/api/desk/cases/'))!.url).to.equal(`${location.origin}/api/desk/cases/b2/documents?lang=en`);
  });

  it('offers an agent neither the filter by agent nor reassigning', async () => {
    fetch = stubFetch(server(() => [later]));
    const el = await desk();
    expect($(el, '#filter-agent')).to.equal(null);
    expect($(el, '[part~="reassign-form"]')).to.equal(null);
    expect(fetch.calls.some((c) => c.url.endsWith('/api/desk/team'))).to.equal(false);
  });

  describe('to a supervisor', () => {
    const annas = callback('a1', '2026-11-25T08:00:00.000Z', { state: 'assigned', assignedAgent: { id: 'a1', name: 'Laia Puig' } });
    const calling = callback('c3', '2026-11-25T09:00:00.000Z', { state: 'in_progress', assignedAgent: { id: 'a2', name: 'Pere Vidal' } });

    it('filters the queue by agent', async () => {
      fetch = stubFetch(server(() => [annas, later], undefined, supervisor));
      const el = await desk();
      await waitUntil(() => $(el, '#filter-agent'), 'no filter by agent');
      const filter = $<HTMLSelectElement>(el, '#filter-agent')!;
      expect(text($(el, 'label[for="filter-agent"]'))).to.equal('Agent');
      expect([...filter.options].map((o) => text(o))).to.deep.equal(['All agents', 'Laia Puig', 'Pere Vidal', 'Sara Serra']);
      filter.value = 'a2';
      filter.dispatchEvent(new Event('change'));
      await waitUntil(() => listCalls(fetch).some((c) => c.url.endsWith('state=open&agent=a2&lang=en')));
    });

    it('reassigns a callback with a labelled choice, says so, and offers none for a call under way', async () => {
      fetch = stubFetch(server(() => [annas, calling, later], () => json({ ...annas, assignedAgent: { id: 'a2', name: 'Pere Vidal' } }), supervisor));
      const el = await desk();
      await waitUntil(() => $(el, '#reassign-a1'), 'no reassign control');
      const select = $<HTMLSelectElement>(el, '#reassign-a1')!;
      expect(text($(el, 'label[for="reassign-a1"]'))).to.equal('Assign to CB-A1');
      expect([...select.options].map((o) => text(o))).to.deep.equal(['Nobody (back to the queue)', 'Laia Puig', 'Pere Vidal', 'Sara Serra']);
      expect(select.value).to.equal('a1');
      expect($<HTMLSelectElement>(el, '#reassign-b2')!.value).to.equal('');
      expect($(el, '#reassign-c3'), 'nobody is reassigned mid-call').to.equal(null);
      await expect(el).to.be.accessible();

      select.value = 'a2';
      button(el, 'a1', 'Reassign').click();
      await waitUntil(() => $(el, '[part~="latest"]'));
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      expect(post.url).to.equal(`${location.origin}/api/desk/callbacks/a1/assign`);
      expect(post.body).to.deep.equal({ agent: 'a2' });
      expect(text($(el, '[part~="latest"]'))).to.equal('CB-A1: now assigned to Pere Vidal.');
      expect(text($(el, '#callback-a1')!.closest('[part~="item"]')!.querySelector('[part~="details"]'))).to.contain('Pere Vidal');
    });

    it('puts a callback back in the queue, and explains a call that started meanwhile', async () => {
      let answer = () => json({ ...annas, state: 'requested', assignedAgent: null });
      fetch = stubFetch(server(() => [annas], () => answer(), supervisor));
      const el = await desk();
      await waitUntil(() => $(el, '#reassign-a1'));
      $<HTMLSelectElement>(el, '#reassign-a1')!.value = '';
      button(el, 'a1', 'Reassign').click();
      await waitUntil(() => $(el, '[part~="latest"]'));
      expect(fetch.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ agent: null });
      expect(text($(el, '[part~="latest"]'))).to.equal('CB-A1: back in the queue, for any agent.');

      answer = () => json({ statusCode: 409, code: 'FIN_ERR_CALLBACK_IN_PROGRESS', message: 'Calling' }, 409);
      button(el, 'a1', 'Reassign').click();
      await waitUntil(() => $(el, '[part~="action-error"]'));
      expect(text($(el, '[part~="action-error"]'))).to.equal('CB-A1 cannot be reassigned: an agent is calling the citizen now.');
    });
  });

  it('speaks Catalan', async () => {
    fetch = stubFetch(server(() => [later]));
    const el = await fixture<AgentDesk>(html`<agent-desk lang="ca"></agent-desk>`);
    await waitUntil(() => queueOf(el)?.shadowRoot?.querySelector('[part~="list"]'));
    expect(text($(el, '[part~="badge"]'))).to.equal('Sol·licitada');
    expect(text(button(el, 'b2', 'Assigna-me-la'))).to.equal('Assigna-me-la CB-B2');
  });
});
