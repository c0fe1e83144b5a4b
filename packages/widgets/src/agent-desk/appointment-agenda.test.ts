import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DeskProcedure } from '@finestreta/server/contract';
import { captureDownloads, json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import { unreachableSockets } from '../call/testing.js';
import type { Agent, DeskAppointment, DeskAppointmentDetails } from '../shared/types.js';
import { addDays, localDate } from '../shared/zoned.js';
import './index.js';
import type { AgentDesk } from './agent-desk.js';
import { agreementOf, procedureOf, signature } from './procedure/form-fixtures.js';

const agent: Agent = { id: 'a1', role: 'supervisor', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', council: { id: 'demo', name: 'Ajuntament de Vilademo' }, habilitation: null };
const ZONE = 'Europe/Madrid';
const MINUTE = 60_000;

const documents = [
  { id: 'id', name: 'DNI or NIE' },
  { id: 'rent', name: 'Rental contract' },
];

function appointment(id: string, startsIn: number, overrides: Partial<DeskAppointment> = {}): DeskAppointment {
  const start = Date.now() + startsIn * MINUTE;
  return {
    id,
    reference: `VA-${id.toUpperCase()}`,
    state: 'booked',
    procedure: { id: 'padro', name: 'Register of residents', documents },
    slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
    name: `Citizen ${id}`,
    email: `${id}@example.com`,
    phone: '+34612345678',
    idDocument: '12345678Z',
    language: 'ca',
    createdAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

const details = (a: DeskAppointment): DeskAppointmentDetails => ({
  ...a,
  events: [
    { seq: 1, type: 'appointment.booked', at: a.createdAt, actor: 'citizen', data: {} },
    { seq: 2, type: 'appointment.rescheduled', at: '2026-11-21T10:00:00.000Z', actor: 'citizen', data: {} },
  ],
  recordings: [
    { id: 'rec-1', startedAt: '2026-11-23T09:02:00.000Z', stoppedAt: '2026-11-23T09:20:00.000Z', bytes: 1024, sha256: 'ab'.repeat(32), parties: ['citizen', 'agent'], parts: [{ id: 'rec-1', startedAt: '2026-11-23T09:02:00.000Z', atMs: 0 }] },
    { id: 'rec-2', startedAt: '2026-11-23T09:05:00.000Z', stoppedAt: '2026-11-23T09:06:00.000Z', bytes: 512, sha256: 'cd'.repeat(32), parties: ['citizen'], parts: [{ id: 'rec-2', startedAt: '2026-11-23T09:05:00.000Z', atMs: 0 }] },
  ],
});

type Handler = (call: RecordedCall) => Response | Promise<Response>;

interface Data {
  day: () => DeskAppointment[];
  upcoming?: () => DeskAppointment[];
  post?: Handler;
  detail?: (a: DeskAppointment) => DeskAppointmentDetails;
  procedure?: () => DeskProcedure;
  /** The evidence export's answer. */
  exported?: Handler;
  /** Who is signed in: a supervisor unless told. */
  me?: Agent;
}

function server({ day, upcoming = () => [], post = () => json({}, 500), detail = details, procedure = () => procedureOf(), exported = () => json({}, 500), me = agent }: Data): Handler {
  return (call) => {
    const url = new URL(call.url);
    if (url.pathname.endsWith('/procedure')) return json(procedure());
    if (url.pathname.endsWith('/evidence.asice')) return exported(call);
    if (url.pathname === '/api/desk/me') return json({ agent: me });
    if (call.method === 'POST') return post(call);
    if (url.pathname === '/api/desk/callbacks') return json({ callbacks: [] });
    if (url.pathname === '/api/desk/appointments') return json({ appointments: url.searchParams.has('from') ? upcoming() : day() });
    const one = /^\/api\/desk\/appointments\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const found = [...day(), ...upcoming()].find((a) => a.id === one[1]);
      return found ? json(detail(found)) : json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'No.' }, 404);
    }
    if (/^\/api\/desk\/cases\/[^/]+\/documents$/.test(url.pathname)) return json({ expected: documents.map((d) => ({ ...d, status: 'missing' })), documents: [] });
    if (url.pathname === '/api/councils/demo') return json({ id: 'demo', name: 'Ajuntament de Vilademo', timeZone: ZONE });
    return json({ timeZone: ZONE, slotMinutes: 30, topics: [], asap: null, slots: [] });
  };
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const agendaOf = (el: AgentDesk) => el.shadowRoot!.querySelector('fin-appointment-agenda')!;
const $ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => agendaOf(el).shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: AgentDesk, selector: string) => [...agendaOf(el).shadowRoot!.querySelectorAll<T>(selector)];
/** Inside the agent's call session: the device check, then the call view. */
const inCall = (el: AgentDesk, selector: string) => $(el, 'fin-call-session')?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const dayReferences = (el: AgentDesk) => $$(el, '[part~="section"]:first-of-type [part~="reference"]').map((cell) => text(cell));
const tab = (el: AgentDesk, name: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`#tab-${name}`)!;
const appointmentCalls = (fetch: FetchStub) => fetch.calls.filter((c) => new URL(c.url).pathname === '/api/desk/appointments');

async function agenda(lang = 'en') {
  const el = await fixture<AgentDesk>(html`<agent-desk lang=${lang}></agent-desk>`);
  await waitUntil(() => el.shadowRoot!.querySelector('#tab-appointments'), 'no workspace');
  tab(el, 'appointments').click();
  await el.updateComplete;
  await waitUntil(() => agendaOf(el)?.shadowRoot?.querySelector('[part~="table"], [part~="empty-state"]'), 'the agenda did not load');
  await waitUntil(() => $$(el, '[part~="status"]').length === 0, 'a list is still loading');
  return el;
}

async function openDetails(el: AgentDesk, id: string) {
  $<HTMLButtonElement>(el, `[data-open="${id}"]`)!.click();
  await waitUntil(() => $(el, '[part~="fields"]'), 'the details did not load');
  await agendaOf(el).updateComplete;
}

describe('<agent-desk> appointment agenda', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  beforeEach(() => (events = stubEventSource()));
  afterEach(() => {
    fetch.restore();
    events.restore();
  });

  it('passes an accessibility check, behind tabs with proper semantics', async () => {
    fetch = stubFetch(server({ day: () => [appointment('b', 120)], upcoming: () => [appointment('c', 60 * 24 * 2)] }));
    const el = await agenda();
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[role="tablist"]')).to.not.equal(null);
    expect(tab(el, 'appointments').getAttribute('aria-selected')).to.equal('true');
    expect(tab(el, 'callbacks').getAttribute('aria-selected')).to.equal('false');
    expect(tab(el, 'callbacks').tabIndex).to.equal(-1);
    expect(el.shadowRoot!.querySelector<HTMLElement>('#panel-callbacks')!.hidden).to.equal(true);
    tab(el, 'appointments').focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(tab(el, 'callbacks').getAttribute('aria-selected')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(tab(el, 'callbacks'));
    expect(el.shadowRoot!.querySelector<HTMLElement>('#panel-appointments')!.hidden).to.equal(true);
  });

  it("lists today's appointments in the council's time zone by start, and the next 7 days", async () => {
    fetch = stubFetch(server({ day: () => [appointment('late', 180), appointment('early', 30), appointment('mid', 90)], upcoming: () => [appointment('next', 60 * 30)] }));
    const el = await agenda();
    const today = localDate(new Date(), ZONE);
    const [dayCall, upcomingCall] = [appointmentCalls(fetch).find((c) => c.url.includes('day=')), appointmentCalls(fetch).find((c) => c.url.includes('from='))];
    expect(new URL(dayCall!.url).searchParams.get('day')).to.equal(today);
    expect(new URL(upcomingCall!.url).searchParams.get('from')).to.equal(addDays(today, 1));
    expect(new URL(upcomingCall!.url).searchParams.get('to')).to.equal(addDays(today, 7));
    expect(dayReferences(el)).to.deep.equal(['VA-EARLY', 'VA-MID', 'VA-LATE']);
    expect(text($(el, '[part~="section"] [part~="count"]'))).to.equal('3 appointments');
    expect(text($(el, '[part~="badge"]'))).to.equal('Booked');
    expect(text($$(el, '[part~="section-heading"]')[1])).to.equal('Next 7 days');
    expect($$(el, '[part~="section"]')[1].querySelectorAll('[part~="row"]')).to.have.length(1);
  });

  it('changes day with the day picker', async () => {
    fetch = stubFetch(server({ day: () => [] }));
    const el = await agenda();
    expect(text($(el, '[part~="empty-state"]'))).to.equal('There are no appointments on this day.');
    [...$$<HTMLButtonElement>(el, '[part~="day-button"]')].find((b) => text(b) === 'Next day')!.click();
    const tomorrow = addDays(localDate(new Date(), ZONE), 1);
    await waitUntil(() => appointmentCalls(fetch).some((c) => c.url.includes(`day=${tomorrow}`)), 'the next day was not loaded');
  });

  it('opens an appointment: contact, DNI/NIE, documents expected and its history', async () => {
    fetch = stubFetch(server({ day: () => [appointment('b', 120, { idDocument: null })] }));
    const el = await agenda();
    await openDetails(el, 'b');
    expect(text($(el, '[part~="details-heading"]'))).to.equal('Appointment VA-B');
    expect(agendaOf(el).shadowRoot!.activeElement).to.equal($(el, '[part~="details-heading"]'));
    const value = (term: string) => text($$(el, '[part~="field"]').find((field) => text(field.querySelector('dt')) === term)?.querySelector('dd'));
    expect(value('Email')).to.equal('b@example.com');
    expect(value('DNI/NIE')).to.equal('Not given');
    expect(value('Language')).to.equal('Catalan');
    expect($<HTMLAnchorElement>(el, '[part~="phone-link"]')!.href).to.equal('tel:+34612345678');
    const panel = $(el, 'fin-case-documents')!;
    expect(panel.getAttribute('case-id')).to.equal('b');
    await waitUntil(() => panel.shadowRoot!.querySelector('[part~="expected-list"]'), 'the case documents did not load');
    expect([...panel.shadowRoot!.querySelectorAll('[part~="expected"]')].map((li) => text(li))).to.deep.equal(['DNI or NIE Missing', 'Rental contract Missing']);
    expect($$(el, '[part~="event"]').map((li) => text(li)!.split('— ')[1])).to.deep.equal(['Appointment booked (citizen)', 'Appointment moved to another time (citizen)']);
    // The call: each party from their own player, the whole file to download with its hash.
    const [call, screen] = $$(el, '[part~="recording"]');
    const players = [...call!.querySelectorAll('video')];
    expect(players.map((video) => [video.getAttribute('src')!.split('/recordings/')[1], video.getAttribute('aria-label')])).to.deep.equal([
      ['rec-1/parties/citizen', 'Recording from 10:02: Citizen'],
      ['rec-1/parties/agent', 'Recording from 10:02: Agent'],
    ]);
    expect([...call!.querySelectorAll('figcaption')].map((caption) => text(caption))).to.deep.equal(['Citizen', 'Agent']);
    expect(call!.querySelector('[role="group"]')!.getAttribute('aria-labelledby')).to.equal(call!.querySelector('[part~="recording-label"]')!.id);
    const download = call!.querySelector<HTMLAnchorElement>('[part~="recording-download"]')!;
    // Asked as a download, so the evidence log tells it from a playback.
    expect(download.getAttribute('href')).to.match(/\/api\/desk\/appointments\/b\/recordings\/rec-1\?download=1$/);
    expect(text(call!.querySelector('[part~="recording-hash"] code'))).to.equal('ab'.repeat(32));
    // A shared screen is one video: the file itself plays.
    const [shown] = [...screen!.querySelectorAll('video')];
    expect(shown!.getAttribute('src')).to.match(/\/recordings\/rec-2$/);
    expect(shown!.getAttribute('aria-label')).to.equal('Recording from 10:05');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part~="close-button"]')!.click();
    await waitUntil(() => agendaOf(el).shadowRoot!.activeElement === $(el, '[data-open="b"]'), 'focus did not go back to the row');
  });

  it("shows a signed case's receipt and exports its evidence, named by its reference", async () => {
    const receipt = { entryNumber: '2026/000123', registeredAt: '2026-11-23T09:22:02.000Z', sha256: 'ef'.repeat(32) };
    fetch = stubFetch(
      server({
        day: () => [appointment('c', -60, { state: 'completed' })],
        procedure: () => ({ ...procedureOf({ current: 'receipt', agreement: agreementOf('agreed', { signature }) }), receipt }),
        exported: () => new Response('PK', { headers: { 'Content-Type': 'application/vnd.etsi.asic-e+zip' } }),
      }),
    );
    const capture = captureDownloads();
    try {
      const el = await agenda();
      await openDetails(el, 'c');
      const shown = $(el, 'fin-case-receipt')!;
      await waitUntil(() => shown.shadowRoot!.querySelector('[part~="download-link"]'), 'the receipt did not show');
      expect(text(shown.shadowRoot!.querySelector('[part~="value"]'))).to.equal('2026/000123');
      expect(shown.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="download-link"]')!.getAttribute('href')).to.match(/\/api\/desk\/appointments\/c\/procedure\/receipt$/);
      const exporter = $(el, 'fin-evidence-export')!;
      exporter.shadowRoot!.querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
      await waitUntil(() => capture.downloads.length === 1, 'the evidence was not saved');
      expect((await capture.downloads[0]!).fileName).to.equal('VA-C.asice');
      await expect(el).to.be.accessible();
    } finally {
      capture.restore();
    }
  });

  it("offers an agent the receipt but not the export of the case's evidence, a supervisor's decision", async () => {
    const receipt = { entryNumber: '2026/000123', registeredAt: '2026-11-23T09:22:02.000Z', sha256: 'ef'.repeat(32) };
    fetch = stubFetch(
      server({
        day: () => [appointment('c', -60, { state: 'completed' })],
        procedure: () => ({ ...procedureOf({ current: 'receipt', agreement: agreementOf('agreed', { signature }) }), receipt }),
        me: { ...agent, role: 'agent' },
      }),
    );
    const el = await agenda();
    await openDetails(el, 'c');
    const shown = $(el, 'fin-case-receipt')!;
    await waitUntil(() => shown.shadowRoot!.querySelector('[part~="download-link"]'), 'the receipt did not show');
    expect($(el, 'fin-evidence-export')).to.equal(null);
    expect(fetch.calls.some((call) => call.url.includes('/evidence.asice'))).to.equal(false);
  });

  it('plays the recording from where an event of the history happened, in the part it was joined into', async () => {
    const recorded = (a: DeskAppointment): DeskAppointmentDetails => {
      const base = details(a);
      const [call] = base.recordings;
      return {
        ...base,
        events: [
          ...base.events,
          { seq: 3, type: 'agreement.agreed', at: '2026-11-23T09:07:05.000Z', actor: 'citizen', data: { recording: { recordingPart: 'part-2', partStartedAt: '2026-11-23T09:06:00.000Z', offsetMs: 65_000 } } },
        ],
        recordings: [{ ...call!, parts: [...call!.parts, { id: 'part-2', startedAt: '2026-11-23T09:06:00.000Z', atMs: 240_000 }] }],
      };
    };
    fetch = stubFetch(server({ day: () => [appointment('b', 120)], detail: recorded }));
    const el = await agenda();
    await openDetails(el, 'b');
    const buttons = $$<HTMLButtonElement>(el, '[part~="event-play-button"]');
    expect(buttons.map((button) => text(button))).to.deep.equal(['Play the recording from here (5:05)']);
    buttons[0]!.click();
    const players = $$<HTMLVideoElement>(el, '[data-recording="rec-1"] video');
    expect(players.map((player) => player.currentTime)).to.deep.equal([305, 305]);
    expect(agendaOf(el).shadowRoot!.activeElement).to.equal(players[0]);
  });

  it('offers "Mark as no-show" only from the start time on', async () => {
    let marked = false;
    const started = appointment('a', -20);
    fetch = stubFetch(
      server({
        day: () => [marked ? { ...started, state: 'no_show' } : started, appointment('b', 120)],
        post: (call) => {
          marked = call.url.endsWith('/api/desk/appointments/a/no-show');
          return json({ ...started, state: 'no_show' });
        },
      }),
    );
    const el = await agenda();
    await openDetails(el, 'b');
    const later = $<HTMLButtonElement>(el, '[part~="no-show-button"]')!;
    expect(text(later)).to.equal('Mark as no-show');
    expect(later.disabled).to.equal(true);
    expect(text($(el, '[part~="no-show-hint"]'))).to.match(/^You can mark a no-show once the appointment has started, at \d\d:\d\d\.$/);
    $<HTMLButtonElement>(el, '[part~="close-button"]')!.click();
    await agendaOf(el).updateComplete;
    await openDetails(el, 'a');
    const now = $<HTMLButtonElement>(el, '[part~="no-show-button"]')!;
    expect(now.disabled).to.equal(false);
    now.click();
    await waitUntil(() => marked && text($(el, '[part~="fields"] [part~="badge"]')) === 'Missed', 'not marked');
    expect(text($(el, '[part~="announcer"]'))).to.equal('VA-A marked as no-show.');
    expect($(el, '[part~="no-show-button"]')).to.equal(null);
  });

  it('refreshes live on appointment events, through the one stream the queue uses too', async () => {
    let list = [appointment('b', 120)];
    fetch = stubFetch(server({ day: () => list }));
    const el = await agenda();
    expect(events.sources).to.have.length(1);
    const before = appointmentCalls(fetch).length;
    list = [appointment('a', 30), ...list];
    events.latest!.send('appointment', { id: 'a', reference: 'VA-A', state: 'booked' });
    await waitUntil(() => dayReferences(el).length === 2, 'the agenda was not refreshed');
    expect(appointmentCalls(fetch).length).to.be.greaterThan(before);
    expect(dayReferences(el)).to.deep.equal(['VA-A', 'VA-B']);
    expect(text($(el, '[part~="announcer"]'))).to.equal('New appointment VA-A');
    expect(events.sources).to.have.length(1);
  });

  describe('the video call', () => {
    const original = navigator.mediaDevices.getUserMedia;
    const RealWebSocket = window.WebSocket;
    afterEach(() => {
      navigator.mediaDevices.getUserMedia = original;
      window.WebSocket = RealWebSocket;
    });

    it('is offered for a booked appointment and not for a completed one', async () => {
      fetch = stubFetch(server({ day: () => [appointment('b', 5), appointment('d', 5, { state: 'completed' })] }));
      const el = await agenda();
      await openDetails(el, 'b');
      expect(text($(el, '[part~="start-call-button"]'))).to.equal('Start the video call');
      $<HTMLButtonElement>(el, '[part~="close-button"]')!.click();
      await waitUntil(() => $(el, '[data-open="d"]'), 'the agenda did not come back');
      await openDetails(el, 'd');
      expect($(el, '[part~="start-call-button"]')).to.equal(null);
    });

    it('checks the agent’s camera and microphone first, with help for a desk when there are none, and goes back on request', async () => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('none', 'NotFoundError'));
      fetch = stubFetch(server({ day: () => [appointment('b', 5)] }));
      const el = await agenda();
      await openDetails(el, 'b');
      $<HTMLButtonElement>(el, '[part~="start-call-button"]')!.click();
      await waitUntil(() => inCall(el, 'fin-device-check')?.shadowRoot?.querySelector('[part~="device-error"]'), 'the device check did not show the problem');
      const check = inCall(el, 'fin-device-check')!;
      expect(text(check.shadowRoot!.querySelector('[part~="device-error"]'))).to.equal(
        'No camera or microphone was found. Connect a webcam and a headset with a microphone, then try again.',
      );
      expect(inCall(el, 'fin-call-view')).to.equal(null);
      check.shadowRoot!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();
      await waitUntil(() => !$(el, 'fin-call-session'), 'the device check did not close');
      expect(agendaOf(el).shadowRoot!.activeElement).to.equal($(el, '[part~="start-call-button"]'));
    });

    it('joins with the devices checked, and says so when the call cannot be reached', async () => {
      const canvas = document.createElement('canvas');
      const stream = canvas.captureStream(1);
      let asked = 0;
      navigator.mediaDevices.getUserMedia = async () => {
        asked++;
        return stream;
      };
      const sockets = unreachableSockets().urls;
      fetch = stubFetch(server({ day: () => [appointment('b', 5)] }));
      const el = await agenda();
      await openDetails(el, 'b');
      $<HTMLButtonElement>(el, '[part~="start-call-button"]')!.click();
      await waitUntil(() => inCall(el, 'fin-device-check')?.shadowRoot?.querySelector('[part~="continue-button"]'), 'the device check did not open the camera');
      inCall(el, 'fin-device-check')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="continue-button"]')!.click();
      await waitUntil(() => inCall(el, 'fin-call-view')?.shadowRoot?.querySelector('[part~="ended"]'), 'the call view did not show the failure');
      const view = inCall(el, 'fin-call-view')!;
      expect(text(view.shadowRoot!.querySelector('[part~="call-error"]'))).to.equal('The call could not be connected. Check your connection and try again.');
      expect(asked, 'the call asked for the devices again').to.equal(1);
      expect(sockets.map((url) => new URL(url).pathname)).to.deep.equal(['/api/calls/b/ws']);
    });

    it('lets a supervisor join a call in progress as a third party, without the procedure, and offers an agent no such thing', async () => {
      navigator.mediaDevices.getUserMedia = async () => document.createElement('canvas').captureStream(1);
      const sockets = unreachableSockets().urls;
      fetch = stubFetch(server({ day: () => [appointment('b', -5, { state: 'in_call' }), appointment('c', 5)] }));
      const el = await agenda();
      await openDetails(el, 'b');
      const join = $<HTMLButtonElement>(el, '[part~="join-supervisor-button"]')!;
      expect(text(join)).to.equal('Join as supervisor');
      await expect(el).to.be.accessible();
      join.click();
      await waitUntil(() => inCall(el, 'fin-device-check')?.shadowRoot?.querySelector('[part~="continue-button"]'), 'the device check did not open the camera');
      inCall(el, 'fin-device-check')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="continue-button"]')!.click();
      await waitUntil(() => sockets.length > 0, 'no socket opened');
      const url = new URL(sockets[0]!);
      expect([url.pathname, url.searchParams.get('as')]).to.deep.equal(['/api/calls/b/ws', 'supervisor']);
      expect($(el, 'fin-procedure-panel'), 'the procedure is the agent’s').to.equal(null);
      $<HTMLButtonElement>(el, '[part~="close-button"]')!.click();
      await waitUntil(() => $(el, '[data-open="c"]'));
      await openDetails(el, 'c');
      expect($(el, '[part~="join-supervisor-button"]'), 'only a call in progress is joined').to.equal(null);
    });

    it('offers an agent who is not a supervisor no way in as one', async () => {
      fetch = stubFetch(server({ day: () => [appointment('b', -5, { state: 'in_call' })], me: { ...agent, role: 'agent' } }));
      const el = await agenda();
      await openDetails(el, 'b');
      expect(text($(el, '[part~="start-call-button"]'))).to.equal('Rejoin the video call');
      expect($(el, '[part~="join-supervisor-button"]')).to.equal(null);
    });
  });

  it('speaks Catalan', async () => {
    fetch = stubFetch(server({ day: () => [appointment('b', 120)] }));
    const el = await agenda('ca');
    expect(text(tab(el, 'callbacks'))).to.equal('Trucades');
    expect(text(tab(el, 'appointments'))).to.equal('Cites');
    expect(text($(el, '[part~="badge"]'))).to.equal('Confirmada');
    expect(text($(el, '[part~="open-button"]'))).to.equal('Obre VA-B');
  });
});
