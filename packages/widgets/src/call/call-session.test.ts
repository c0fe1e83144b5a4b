import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { FinCallSession } from './call-session.js';
import './session.js';
import { fakeVideoTrack, unreachableSockets } from './testing.js';

const inSession = (el: FinCallSession, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const check = (el: FinCallSession) => inSession(el, 'fin-device-check');

describe('<fin-call-session>', () => {
  const getUserMedia = navigator.mediaDevices.getUserMedia;
  let sockets: { urls: string[]; restore(): void };

  beforeEach(() => {
    navigator.mediaDevices.getUserMedia = async () => new MediaStream([fakeVideoTrack()]);
    sockets = unreachableSockets();
  });
  afterEach(() => {
    navigator.mediaDevices.getUserMedia = getUserMedia;
    sockets.restore();
  });

  /** Through the device check to the call, which fails to connect. */
  async function toFailedCall(el: FinCallSession) {
    await waitUntil(() => check(el)?.shadowRoot?.querySelector('[part~="continue-button"]'), 'the device check did not open the camera');
    check(el)!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="continue-button"]')!.click();
    await waitUntil(() => inSession(el, 'fin-call-view')?.shadowRoot?.querySelector('[part~="ended"]'), 'the call did not end');
    await el.updateComplete;
  }

  it('checks the devices, joins with the credentials given, and shows the side panel only once the call has begun', async () => {
    const el = await fixture<FinCallSession>(
      html`<fin-call-session api="https://oac.example" lang="en" call-id="case-1" display-name="Marta Soler" .credentials=${{ token: 'secret' }}>
        <p slot="side">Identity check</p>
      </fin-call-session>`,
    );
    await waitUntil(() => check(el), 'no device check');
    await expect(el).to.be.accessible();
    expect(inSession(el, '[part~="side"]')!.hidden, 'nothing beside the device check').to.equal(true);
    await toFailedCall(el);
    expect(sockets.urls).to.deep.equal(['wss://oac.example/api/calls/case-1/ws?token=secret']);
    expect(inSession(el, '[part~="side"]')!.hidden).to.equal(false);
    expect(el.querySelector('[slot="side"]')!.checkVisibility(), 'what the host put beside the call shows').to.equal(true);
  });

  it('offers to try again after a failed call, from the device check', async () => {
    const el = await fixture<FinCallSession>(html`<fin-call-session lang="en" call-id="case-1" display-name="Pau" .credentials=${{ invite: 'guest' }}></fin-call-session>`);
    await toFailedCall(el);
    expect(inSession(el, '[part~="side"]')!.hidden, 'an empty side panel stays hidden').to.equal(true);
    inSession(el, '[part~="retry-button"]')!.click();
    await waitUntil(() => check(el), 'the device check did not come back');
    expect(inSession(el, 'fin-call-view')).to.equal(null);
  });

  it('leaves starting again to the agent’s appointment', async () => {
    const el = await fixture<FinCallSession>(html`<fin-call-session lang="en" party="agent" call-id="case-1" display-name="Laia Puig"></fin-call-session>`);
    await toFailedCall(el);
    expect(sockets.urls.map((url) => new URL(url).search)).to.deep.equal(['']);
    expect(inSession(el, '[part~="retry-button"]')).to.equal(null);
  });
});
