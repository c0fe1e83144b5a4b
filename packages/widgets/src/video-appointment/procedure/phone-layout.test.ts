import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { FinCallSession } from '../../call/call-session.js';
import '../../call/session.js';
import { FakeCall, fakeVideoTrack } from '../../call/testing.js';
import { json, stubFetch, type FetchStub } from '../../shared/testing.js';
import type { FinCitizenProcedure } from './citizen-procedure.js';
import './index.js';
import { procedure } from './testing.js';

/** The session as it is once the call has begun, with a stand-in call: no server, no camera. */
async function inCall(session: FinCallSession, call: FakeCall) {
  const module = await import('../../call/call.js');
  (session as unknown as { stage: unknown }).stage = { name: 'call', module, client: call };
  await session.updateComplete;
}

describe('<fin-citizen-procedure> on a phone held upright (360 × 740)', () => {
  let fetch: FetchStub;

  before(() => setViewport({ width: 360, height: 740 }));
  after(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => fetch.restore());

  it('shows the agent’s video and what is asked together, without scrolling', async () => {
    fetch = stubFetch(() => json(procedure('identity', { asked: { kind: 'still', still: 'front' } })));
    const call = new FakeCall({
      state: 'in-call',
      role: 'citizen',
      peers: [{ peerId: 'agent-1', role: 'agent', displayName: 'Laia Puig', producers: [] }],
      consent: { citizen: true, agent: true, required: false, recording: 'recording' },
      remoteTracks: [{ peerId: 'agent-1', source: 'camera', kind: 'video', track: fakeVideoTrack('Laia Puig'), paused: false }],
      localStream: new MediaStream([fakeVideoTrack('', { hue: 30 })]),
    });
    const session = await fixture<FinCallSession>(html`<fin-call-session lang="es" call-id="case-1" display-name="Marta Soler">
      <fin-citizen-procedure slot="side" api="https://oac.example" council="demo" lang="es" token="t0k3n" .client=${call}></fin-citizen-procedure>
    </fin-call-session>`);
    await inCall(session, call);
    const panel = session.querySelector<FinCitizenProcedure>('fin-citizen-procedure')!;
    await waitUntil(() => panel.shadowRoot!.querySelector('[part~="still-take-button"]'), 'nothing asked');
    const view = session.shadowRoot!.querySelector('fin-call-view')!;
    await view.updateComplete;
    const video = view.shadowRoot!.querySelector('[part~="remote-video"]')!.getBoundingClientRect();
    const heading = panel.shadowRoot!.querySelector('[part~="asked-heading"]')!.getBoundingClientRect();
    const take = panel.shadowRoot!.querySelector('[part~="still-take-button"]')!.getBoundingClientRect();
    expect(video.height, 'the agent is seen').to.be.greaterThan(200);
    expect(video.top).to.be.at.least(0);
    expect(heading.top, 'what is asked is below the video').to.be.at.least(video.bottom);
    expect(take.bottom, 'and its action is on screen').to.be.at.most(740);
    expect(take.height, 'a touch target').to.be.at.least(44);
    expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(360);
  });
});
