import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { FinCallSession } from '../../call/call-session.js';
import { FakeCall, fakeVideoTrack, unreachableSockets } from '../../call/testing.js';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub } from '../../shared/testing.js';
import type { Agent, DeskAppointment } from '../../shared/types.js';
import type { AgentDesk } from '../agent-desk.js';
import '../index.js';
import { accepted, deskProcedure } from './testing.js';

const agent: Agent = { id: 'a1', role: 'supervisor', name: 'Laia Puig', email: 'agent@demo.finestreta.cat', habilitation: 'HAB-1', council: { id: 'demo', name: 'Ajuntament de Vilademo' } } as Agent;
const start = Date.now() - 5 * 60_000;
const appointment: DeskAppointment = {
  id: 'case-1',
  reference: 'VA-1',
  state: 'in_call',
  procedure: { id: 'padro', name: 'Register of residents', documents: [] },
  slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() },
  name: 'Carmen Española Española',
  email: 'carmen@example.com',
  phone: '+34612345678',
  idDocument: '99999999R',
  language: 'ca',
  createdAt: '2026-11-20T09:00:00.000Z',
};

function server() {
  return stubFetch((call) => {
    const path = new URL(call.url).pathname;
    if (path === '/api/desk/me') return json({ agent });
    if (path === '/api/desk/appointments') return json({ appointments: new URL(call.url).searchParams.has('from') ? [] : [appointment] });
    if (path === '/api/desk/appointments/case-1') return json({ ...appointment, events: [], recordings: [] });
    if (path === '/api/desk/appointments/case-1/procedure') return json(deskProcedure(accepted));
    if (path === '/api/desk/cases/case-1/documents') return json({ expected: [], documents: [] });
    if (path === '/api/councils/demo') return json({ id: 'demo', name: 'Ajuntament de Vilademo', timeZone: 'Europe/Madrid' });
    return json({ callbacks: [] });
  });
}

const inside = (host: Element | null | undefined, selector: string) => host?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

/** The agent's desk in a call with the citizen on camera, the procedure beside it. */
async function deskInCall() {
  const el = await fixture<AgentDesk>(html`<agent-desk lang="en"></agent-desk>`);
  await waitUntil(() => inside(el, '#tab-appointments'), 'no workspace');
  inside(el, '#tab-appointments')!.click();
  const agenda = () => inside(el, 'fin-appointment-agenda');
  await waitUntil(() => inside(agenda(), '[data-open="case-1"]'), 'the agenda did not load');
  inside(agenda(), '[data-open="case-1"]')!.click();
  await waitUntil(() => inside(agenda(), '[part~="start-call-button"]'), 'no call button');
  inside(agenda(), '[part~="start-call-button"]')!.click();
  await waitUntil(() => inside(inside(agenda(), 'fin-call-session'), 'fin-device-check')?.shadowRoot?.querySelector('[part~="continue-button"]'), 'no device check');
  const session = inside(agenda(), 'fin-call-session') as FinCallSession;
  const joined = oneEvent(session, 'fin-call-join');
  inside(session, 'fin-device-check')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="continue-button"]')!.click();
  const { detail } = await joined;
  // The real call cannot connect here: the citizen's camera comes from a stand-in, as it would once connected.
  const call = new FakeCall({ state: 'in-call', role: 'agent', localStream: new MediaStream([fakeVideoTrack('Laia')]), peers: [{ peerId: 'p1', role: 'citizen', displayName: 'Carmen', producers: [] }] });
  call.remoteTracks = [{ peerId: 'p1', source: 'camera', kind: 'video', track: fakeVideoTrack('Carmen', { hue: 150 }), paused: false }];
  const stage = (session as unknown as { stage: { module: unknown } }).stage;
  (session as unknown as { stage: unknown }).stage = { name: 'call', module: stage.module, client: call };
  await session.updateComplete;
  const panel = session.querySelector('fin-procedure-panel')!;
  await waitUntil(() => inside(panel, 'fin-identity-panel'), 'the procedure did not load');
  expect(panel.client, 'the panel follows the call joined').to.equal(detail.client);
  expect(panel.getAttribute('case-id')).to.equal('case-1');
  const video = () => inside(inside(session, 'fin-call-view'), '[part~="stage"]')!;
  await waitUntil(() => video(), 'no video');
  return { session, video: video(), step: inside(panel, '[part~="step-view"]')!, steps: inside(panel, '[part~="steps"]')! };
}

describe('the desk in a call with a procedure', () => {
  let fetch: FetchStub;
  let events: EventSourceStub;
  let sockets: { restore(): void };
  const getUserMedia = navigator.mediaDevices.getUserMedia;

  beforeEach(() => {
    fetch = server();
    events = stubEventSource();
    sockets = unreachableSockets();
    navigator.mediaDevices.getUserMedia = async () => new MediaStream([fakeVideoTrack()]);
  });
  afterEach(async () => {
    // The desk goes before the stand-ins do, so that it asks the real network for nothing.
    fixtureCleanup();
    await setViewport({ width: 800, height: 600 });
    fetch.restore();
    events.restore();
    sockets.restore();
    navigator.mediaDevices.getUserMedia = getUserMedia;
  });

  it('shows the citizen’s video and the current step side by side on a 1366×768 screen, without scrolling', async () => {
    await setViewport({ width: 1366, height: 768 });
    const { video, step, steps } = await deskInCall();
    window.scrollTo(0, 0);
    const seen = video.getBoundingClientRect();
    const current = step.getBoundingClientRect();
    expect(seen.top, 'the video starts on screen').to.be.at.least(0);
    expect(seen.bottom, 'the whole video is on screen').to.be.at.most(768);
    expect(seen.width, 'the camera’s whole landscape picture, not a portrait crop').to.be.greaterThan(seen.height);
    expect(seen.height, 'a video one can see').to.be.at.least(400);
    expect(current.left, 'the step is beside the video').to.be.at.least(seen.right);
    expect(current.right).to.be.at.most(1366);
    expect(steps.getBoundingClientRect().top).to.be.at.least(0);
    expect(current.top + 120, 'the current step’s first lines are on screen').to.be.at.most(768);
  });

  it('puts the procedure under the call on a phone held upright', async () => {
    await setViewport({ width: 390, height: 844 });
    const { video, steps } = await deskInCall();
    expect(steps.getBoundingClientRect().top).to.be.at.least(video.getBoundingClientRect().bottom);
  });
});
