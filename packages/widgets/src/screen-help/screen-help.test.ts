import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { json, openLink, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import './index.js';
import type { ScreenHelp } from './screen-help.js';
import { FakeScreenCall, opened, stubCapture, stubPictureInPicture } from './testing.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const partText = (el: Element, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim();
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** The server as the contract describes it: `code` opens the session, consent and end answer `{}`. */
function server(code = '123456', overrides: Parameters<typeof opened>[0] = {}) {
  return (call: RecordedCall) => {
    const path = new URL(call.url).pathname;
    if (path.endsWith('/screen-help/open')) {
      return (call.body as { code: string }).code === code
        ? json(opened(overrides))
        : json({ statusCode: 404, code: 'FIN_ERR_SCREEN_HELP_CODE_INVALID', message: 'This code does not open a session' }, 404);
    }
    return json({});
  };
}

async function typeCode(el: ScreenHelp, code: string) {
  const input = part(el, 'code-input') as HTMLInputElement;
  input.value = code;
  input.dispatchEvent(new InputEvent('input'));
  await el.updateComplete;
  part(el, 'submit-button')!.click();
}

/** The element with the code typed and accepted: the consent step. */
async function atConsent(el: ScreenHelp) {
  await typeCode(el, '123456');
  await waitUntil(() => part(el, 'who'), 'the consent step did not show');
}

async function sharing(el: ScreenHelp, button = 'share-button') {
  await atConsent(el);
  part(el, button)!.click();
  await waitUntil(() => part(el, 'sharing-status')?.textContent?.includes('You are'), 'sharing did not start');
}

describe('<screen-help>', () => {
  let fetch: FetchStub;
  let capture: ReturnType<typeof stubCapture>;
  let pip: ReturnType<typeof stubPictureInPicture>;
  let call: FakeScreenCall;
  let el: ScreenHelp;

  beforeEach(async () => {
    fetch = stubFetch(server());
    capture = stubCapture();
    pip = stubPictureInPicture({ available: false });
    call = new FakeScreenCall();
    el = await fixture<ScreenHelp>(html`<screen-help api="https://oac.example" council="demo" lang="en" .callMaker=${call.maker}></screen-help>`);
  });
  afterEach(() => {
    fetch.restore();
    capture.restore();
    pip.restore();
  });

  it('passes an accessibility check', async () => {
    expect(partText(el, 'heading')).to.equal('Screen help');
    const input = part(el, 'code-input')!;
    expect(input.getAttribute('inputmode')).to.equal('numeric');
    expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(partText(el, 'label')).to.equal('Code from the agent');
    await expect(el).to.be.accessible();
  });

  describe('when the code is refused', () => {
    it('says so plainly in an error summary that takes focus, and tells the page', async () => {
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      await typeCode(el, '654321');
      expect((await failed).detail.code).to.equal('FIN_ERR_SCREEN_HELP_CODE_INVALID');
      await waitUntil(() => part(el, 'error-summary'));
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'error-summary'));
      expect(partText(el, 'error-summary-list')).to.equal('This code does not open a screen help session. Check it with the agent, or ask them for a new one.');
      expect(part(el, 'code-input')!.getAttribute('aria-invalid')).to.equal('true');
      expect(fetch.calls[0].url).to.equal('https://oac.example/api/councils/demo/screen-help/open');
      expect(fetch.calls[0].body).to.deep.equal({ code: '654321' });
      await expect(el).to.be.accessible();
    });

    it('asks for six digits before sending anything', async () => {
      await typeCode(el, '12a');
      await waitUntil(() => part(el, 'error-summary'));
      expect(partText(el, 'error-summary-list')).to.equal('Enter the 6 digits of the code the agent read out to you');
      expect(fetch.calls).to.have.length(0);
    });
  });

  it('sends the session of the emailed link (`?help=`) with the code', async () => {
    const restore = openLink('help=sh-42');
    try {
      const linked = await fixture<ScreenHelp>(html`<screen-help council="demo" lang="en" .callMaker=${call.maker}></screen-help>`);
      await typeCode(linked, '123 456');
      await waitUntil(() => fetch.calls.length);
      expect(fetch.calls[0].body).to.deep.equal({ code: '123456', session: 'sh-42' });
    } finally {
      restore();
    }
  });

  it('no longer sends the link’s session once it ended: the next code is for another session', async () => {
    const restore = openLink('help=sh-1');
    try {
      const linked = await fixture<ScreenHelp>(html`<screen-help council="demo" lang="en" .callMaker=${call.maker}></screen-help>`);
      await sharing(linked);
      part(linked, 'stop-button')!.click();
      await waitUntil(() => part(linked, 'another-code-button'));
      part(linked, 'another-code-button')!.click();
      await waitUntil(() => part(linked, 'code-input'));
      expect(linked.shadowRoot!.activeElement).to.equal(part(linked, 'heading'));
      await typeCode(linked, '123456');
      await waitUntil(() => fetch.calls.length === 4);
      expect(fetch.calls.map((c) => c.body)).to.deep.equal([
        { code: '123456', session: 'sh-1' },
        { token: 'screen-help-token', share: 'screen' },
        { token: 'screen-help-token' },
        { code: '123456' },
      ]);
    } finally {
      restore();
    }
  });

  describe('before sharing', () => {
    it('says the session ended when the agent ended it while the citizen read', async () => {
      await atConsent(el);
      fetch.respond(() => json({ statusCode: 409, code: 'FIN_ERR_SCREEN_HELP_ENDED', message: 'This screen help session has ended' }, 409));
      part(el, 'share-button')!.click();
      await waitUntil(() => part(el, 'message'));
      expect(partText(el, 'message')).to.equal('The screen help has ended. The agent no longer sees your screen.');
      expect(capture.tracks[0].readyState).to.equal('ended');
    });

    it('says what will be shared, with whom, that the voice stays on the phone, and the recording policy', async () => {
      fetch.respond(server('123456', { recordingRequired: true }));
      await atConsent(el);
      expect(partText(el, 'heading')).to.equal('Before you share your screen');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'heading'));
      expect(partText(el, 'who')).to.equal('Laia Puig, of Ajuntament de Vilademo, will see what you choose to share.');
      const terms = text(el);
      expect(terms).to.contain('Your voice stays on the phone');
      expect(terms).to.contain('You can stop at any time');
      expect(terms).to.contain('Ajuntament de Vilademo records screen help sessions as evidence of the service. You will be asked to agree; if you do not, the session ends.');
      expect(partText(el, 'tip')).to.contain('choose “Entire screen”');
      await expect(el).to.be.accessible();
    });

    it('offers the rear camera where the browser cannot share its screen (a phone)', async () => {
      capture.restore();
      capture = stubCapture({ screen: false });
      await atConsent(el);
      expect(part(el, 'share-button')).to.equal(null);
      expect(partText(el, 'no-screen-share')).to.contain('This browser cannot share its screen');
      expect(partText(el, 'camera-button')).to.equal('I agree, use the rear camera');
      await expect(el).to.be.accessible();
      part(el, 'camera-button')!.click();
      await waitUntil(() => part(el, 'sharing-status')?.textContent?.includes('You are'));
      expect(capture.asked).to.deep.equal([`camera:${JSON.stringify({ video: { facingMode: 'environment' }, audio: false })}`]);
      expect(fetch.calls[1].body).to.deep.equal({ token: 'screen-help-token', share: 'camera' });
      expect(call.options!.shared!.source).to.equal('camera');
      expect(partText(el, 'sharing-status')).to.equal('You are showing your camera to Laia Puig.');
    });

    it('stays on the consent step, saying why, when nothing was chosen in the picker', async () => {
      capture.restore();
      capture = stubCapture({ refuse: true });
      await atConsent(el);
      await el.updateComplete;
      part(el, 'share-button')!.click();
      let errors = 0;
      el.addEventListener('fin-error', () => errors++);
      await waitUntil(() => part(el, 'share-error'));
      expect(partText(el, 'share-error')).to.equal('Nothing is shared: no window, tab or screen was chosen. You can try again.');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'share-error'));
      expect(errors, 'a closed picker is the person’s choice, not a failure').to.equal(0);
      expect(fetch.calls.map((c) => new URL(c.url).pathname)).to.deep.equal(['/api/councils/demo/screen-help/open']);
    });
  });

  describe('while sharing', () => {
    it('consents, shares the screen alone in the room and always says so, with Stop', async () => {
      await sharing(el);
      expect(capture.asked).to.deep.equal([`screen:${JSON.stringify({ video: true, audio: false })}`]);
      expect(fetch.calls[1].url).to.equal('https://oac.example/api/councils/demo/screen-help/consent');
      expect(fetch.calls[1].body).to.deep.equal({ token: 'screen-help-token', share: 'screen' });
      expect(call.options!.url).to.equal('wss://oac.example/api/calls/case-1/ws?token=screen-help-token');
      expect(call.options!.shared).to.deep.equal({ track: capture.tracks[0], source: 'screen' });
      expect(part(el, 'sharing-status')!.getAttribute('role')).to.equal('status');
      expect(partText(el, 'sharing-status')).to.equal('You are sharing your screen with Laia Puig.');
      expect(partText(el, 'stop-button')).to.equal('Stop sharing');
      await expect(el).to.be.accessible();
    });

    it('asks the recording question in the room and sends the answer', async () => {
      await sharing(el);
      expect(partText(el, 'consent-text')).to.equal('Can this session be recorded as evidence of the service?');
      part(el, 'consent-yes')!.click();
      await waitUntil(() => !part(el, 'consent'));
      expect(call.calls).to.contain('consent:true');
    });

    it('Stop ends the session on the server, hangs up and says it ended', async () => {
      await sharing(el);
      part(el, 'stop-button')!.click();
      await waitUntil(() => part(el, 'message'));
      expect(fetch.calls[2].url).to.equal('https://oac.example/api/councils/demo/screen-help/end');
      expect(fetch.calls[2].body).to.deep.equal({ token: 'screen-help-token' });
      expect(call.calls).to.contain('hangUp');
      expect(capture.tracks[0].readyState).to.equal('ended');
      expect(partText(el, 'heading')).to.equal('Screen sharing has ended');
      expect(partText(el, 'message')).to.contain('You stopped sharing.');
      await expect(el).to.be.accessible();
    });

    it('ends too when the browser’s own “Stop sharing” stops the track', async () => {
      await sharing(el);
      capture.tracks[0].dispatchEvent(new Event('ended'));
      await waitUntil(() => part(el, 'message'));
      expect(fetch.calls.map((c) => new URL(c.url).pathname).at(-1)).to.equal('/api/councils/demo/screen-help/end');
    });

    it('goes back to the consent step, saying so, when the room cannot be joined', async () => {
      call.join = async () => {
        call.set({ state: 'closed', closeReason: 'failed' }, 'ended');
        throw new Error('The call could not be reached');
      };
      await atConsent(el);
      part(el, 'share-button')!.click();
      await waitUntil(() => part(el, 'share-error'));
      expect(partText(el, 'share-error')).to.equal('Sharing could not start. Try again, or tell the agent on the phone.');
      expect(capture.tracks[0].readyState).to.equal('ended');
    });

    it('ends as asked when Stop is pressed while still connecting', async () => {
      let joined: () => void = () => undefined;
      call.join = () => {
        call.set({ state: 'connecting' });
        return new Promise((_, reject) => (joined = () => reject(new Error('The call has ended'))));
      };
      await atConsent(el);
      part(el, 'share-button')!.click();
      await waitUntil(() => part(el, 'sharing-status')?.textContent?.includes('Connecting with Laia Puig'));
      part(el, 'stop-button')!.click();
      await waitUntil(() => part(el, 'message'));
      joined();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(partText(el, 'message')).to.contain('You stopped sharing.');
    });

    it('says so when the agent ends it', async () => {
      await sharing(el);
      call.set({ state: 'closed', closeReason: 'screenHelpEnded' }, 'ended');
      await waitUntil(() => part(el, 'message'));
      expect(partText(el, 'message')).to.equal('The screen help has ended. The agent no longer sees your screen.');
    });
  });

  describe('when the agent points', () => {
    it('shows a ring where they clicked and says where in words', async () => {
      await sharing(el);
      expect(part(el, 'marker')).to.equal(null);
      call.point({ x: 0.1, y: 0.1 });
      await el.updateComplete;
      const ring = part(el, 'ring')!;
      expect(ring.style.left).to.equal('10%');
      expect(ring.style.top).to.equal('10%');
      const announcement = part(el, 'pointer-announcement')!;
      expect(announcement.getAttribute('aria-live')).to.equal('polite');
      expect(announcement.textContent!.trim()).to.equal('Laia Puig points at the top left of your screen.');
      await expect(el).to.be.accessible();
    });

    it('draws a drag as a path from one place to another', async () => {
      await sharing(el);
      call.point({ x: 0.1, y: 0.5 }, { x: 0.5, y: 0.5 }, { x: 0.9, y: 0.9 });
      await el.updateComplete;
      expect(part(el, 'path')!.querySelector('polyline')!.getAttribute('points')).to.equal('10,50 50,50 90,90');
      expect(partText(el, 'pointer-announcement')).to.equal('Laia Puig draws a path on your screen, starting at the left and ending at the bottom right.');
    });

    it('shows the pointer in the element itself where Picture-in-Picture is missing', async () => {
      await sharing(el);
      expect(part(el, 'pip-button')).to.equal(null);
      expect(part(el, 'picture')).not.to.equal(null);
    });
  });

  describe('where the browser offers Document Picture-in-Picture', () => {
    beforeEach(() => {
      pip.restore();
      pip = stubPictureInPicture();
    });

    it('keeps the pointer on top in a mini window, and takes it back when that closes', async () => {
      await sharing(el);
      expect(partText(el, 'pip-button')).to.equal('Keep the agent’s pointer on top');
      part(el, 'pip-button')!.click();
      await waitUntil(() => part(el, 'pip-open'));
      expect(part(el, 'picture')).to.equal(null);
      call.point({ x: 0.9, y: 0.1 });
      await el.updateComplete;
      const mini = pip.frames[0].contentDocument!;
      expect(mini.querySelector('[part~="ring"]')).not.to.equal(null);
      expect(mini.querySelector('[part~="sharing-status"]')!.textContent).to.equal('You are sharing your screen with Laia Puig.');
      expect(mini.documentElement.lang).to.equal('en');
      expect(partText(el, 'pointer-announcement')).to.equal('Laia Puig points at the top right of your screen.');
      pip.frames[0].contentWindow!.close();
      await waitUntil(() => part(el, 'picture'));
      expect(part(el, 'ring')).not.to.equal(null);
    });

    it('closes the mini window when sharing stops from it', async () => {
      await sharing(el);
      part(el, 'pip-button')!.click();
      await waitUntil(() => part(el, 'pip-open'));
      pip.frames[0].contentDocument!.querySelector<HTMLElement>('[part~="stop-button"]')!.click();
      await waitUntil(() => part(el, 'message'));
      expect(pip.frames[0].isConnected).to.equal(false);
    });
  });

  it('speaks Catalan', async () => {
    const ca = await fixture<ScreenHelp>(html`<screen-help council="demo" lang="ca" .callMaker=${call.maker}></screen-help>`);
    expect(partText(ca, 'heading')).to.equal('Ajuda amb la pantalla');
    expect(partText(ca, 'label')).to.equal('Codi que us dona l’agent');
  });
});
