import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { ScreenHelpStarted, ScreenHelpStatus } from '@finestreta/server/contract';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import './index.js';
import type { FinDeskScreenHelp } from './desk-screen-help.js';
import { fractionAt, movedBy, pictureBox, pointsOf } from './screen-help-pointing.js';
import { consentAsked, fakeOpener, FakeScreenHelpCall } from './screen-help-testing.js';

const started: ScreenHelpStarted = {
  session: 'sh-1',
  state: 'waiting',
  // 11:45 in Barcelona.
  expiresAt: '2026-12-07T10:45:00.000Z',
  code: '482913',
  link: 'https://oac.example.cat/ajuda?help=sh-1',
  emailed: true,
};
const endedBy = (endedReason: ScreenHelpStatus['endedReason'], session = 'sh-1'): ScreenHelpStatus => ({ session, state: 'ended', expiresAt: started.expiresAt, endedReason });

type Handler = (call: RecordedCall) => Response | Promise<Response>;

/** The server: a code per POST (`sh-1`, `sh-2`…), the end by the agent, and `status` for GET. */
function server(status: () => ScreenHelpStatus = () => endedBy('expired')): Handler {
  let made = 0;
  return (call) => {
    if (call.method === 'POST' && call.url.endsWith('/screen-help/end')) return json(endedBy('agent', `sh-${made}`));
    if (call.method === 'POST') {
      made++;
      return json({ ...started, session: `sh-${made}`, code: made === 1 ? started.code : '105736' }, 201);
    }
    return json(status());
  };
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: FinDeskScreenHelp, selector: string) => el.shadowRoot!.querySelector<T>(selector);

describe('<fin-desk-screen-help>', () => {
  let fetch: FetchStub;
  afterEach(async () => {
    fetch?.restore();
    await resetMouse();
  });

  async function open(call = new FakeScreenHelpCall(), lang = 'en', handler: Handler = server()) {
    fetch = stubFetch(handler);
    const opener = fakeOpener(call);
    const el = await fixture<FinDeskScreenHelp>(html`<fin-desk-screen-help
      lang=${lang}
      api="https://oac.example"
      callback-id="cb-1"
      reference="CB-1"
      display-name="Laia Puig"
      citizen-name="Marta Soler"
      time-zone="Europe/Madrid"
      .opener=${opener}
    ></fin-desk-screen-help>`);
    await waitUntil(() => $(el, '[part~="code"], [part~="error"]'), 'no code and no error');
    await waitUntil(() => call.calls.includes('join') || $(el, '[part~="error"]'), 'the room was not joined');
    return { el, call, opener };
  }

  /** The citizen shares and the picture has its size. */
  async function sharing(el: FinDeskScreenHelp, call: FakeScreenHelpCall, width = 640, height = 360) {
    // A narrow column: a wide picture leaves bars above and below.
    el.style.width = '480px';
    call.citizenShares('screen', width, height);
    await waitUntil(() => ($(el, 'video') as HTMLVideoElement | null)?.videoWidth, 'the picture has no size');
    await el.updateComplete;
    return $<HTMLVideoElement>(el, 'video')!;
  }

  it('passes an accessibility check in each language, waiting and sharing', async () => {
    for (const lang of ['ca', 'es', 'en']) {
      const { el, call } = await open(new FakeScreenHelpCall({ consent: consentAsked }), lang);
      await expect(el).shadowDom.to.be.accessible();
      await sharing(el, call);
      await expect(el).shadowDom.to.be.accessible();
    }
  });

  it('shows the code in two groups to read out, says it digit by digit and announces it with its validity', async () => {
    const { el, opener } = await open();
    expect(text($(el, '[part~="heading"]'))).to.equal('Screen help · CB-1');
    expect(text($(el, '[part~="code"] [aria-hidden="true"]'))).to.equal('482 913');
    expect(text($(el, '[part~="code"] .visually-hidden'))).to.equal('4 8 2 9 1 3');
    expect(text($(el, '[part~="announcer"]'))).to.equal('Screen-help code 4 8 2 9 1 3, valid until 11:45.');
    expect(text($(el, '[part~="valid-until"]'))).to.equal('Valid until 11:45');
    expect($(el, '[part~="link"]')!.getAttribute('href')).to.equal(started.link);
    expect(text($(el, '[part~="emailed"]'))).to.equal('The link was emailed to the citizen.');
    expect(text($(el, '[part~="state"]'))).to.equal('State: Waiting for the citizen to type the code');
    const post = fetch.calls[0]!;
    expect([post.method, post.url, post.credentials]).to.deep.equal(['POST', 'https://oac.example/api/desk/callbacks/cb-1/screen-help', 'include']);
    expect(opener.asked).to.deep.equal([{ api: 'https://oac.example', room: 'cb-1', displayName: 'Laia Puig' }]);
  });

  it('says when the link could not be emailed, in Catalan', async () => {
    const { el } = await open(undefined, 'ca', (call) => (call.method === 'POST' ? json({ ...started, emailed: false }, 201) : json(endedBy('expired'))));
    expect(text($(el, '[part~="emailed"]'))).to.equal('L’enllaç no s’ha enviat per correu: la persona no va donar cap adreça. Llegiu-li el codi.');
    expect(text($(el, '[part~="valid-until"]'))).to.equal('Vàlid fins a les 11:45');
  });

  it('follows the citizen in: connected, sharing their screen large, stopped sharing', async () => {
    const { el, call } = await open();
    call.citizenJoins();
    await el.updateComplete;
    expect(text($(el, '[part~="state"]'))).to.equal('State: The citizen is connected and choosing what to share');
    expect($(el, '[part~="code"]'), 'the used code is no longer shown').to.equal(null);
    await sharing(el, call);
    expect($(el, '[part~="state"]')!.getAttribute('part')).to.equal('state state-sharing');
    expect(text($(el, '[part~="announcer"]'))).to.equal('The citizen is sharing their screen');
    const picture = $(el, '[part~="picture"]')!;
    expect(text(el.shadowRoot!.getElementById(picture.getAttribute('aria-labelledby')!))).to.equal('Screen of Marta Soler');
    expect(picture.tabIndex).to.equal(0);
    call.citizenStops();
    await el.updateComplete;
    expect($(el, 'video')).to.equal(null);
    expect(text($(el, '[part~="state"]'))).to.equal('State: The citizen stopped sharing');
    expect(text($(el, '[part~="announcer"]'))).to.equal('The citizen stopped sharing');
  });

  it('asks the agent about the recording, as video calls do', async () => {
    const { el, call } = await open(new FakeScreenHelpCall({ consent: consentAsked }));
    expect(text($(el, '[part~="consent-text"]'))).to.equal('The shared screen will be recorded as evidence of this callback. Do you agree?');
    $<HTMLButtonElement>(el, '[part~="consent-yes"]')!.click();
    await waitUntil(() => !$(el, '[part~="consent"]'), 'the question stayed');
    expect(call.calls).to.include('consent:true');
  });

  it('stops with the end route and says the agent ended it', async () => {
    const { el, call } = await open();
    $<HTMLButtonElement>(el, '[part~="stop-button"]')!.click();
    await waitUntil(() => $(el, '[part~="state-ended"]'), 'not ended');
    const end = fetch.calls.find((c) => c.url.endsWith('/end'))!;
    expect([end.method, end.url]).to.deep.equal(['POST', 'https://oac.example/api/desk/callbacks/cb-1/screen-help/end']);
    expect(text($(el, '[part~="state"]'))).to.equal('State: Screen help has ended: you stopped it');
    expect(call.calls).to.include('close:hungUp');
    expect($(el, '[part~="stop-button"]')).to.equal(null);
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="close-button"]')!.click());
    await oneEvent(el, 'fin-screen-help-close');
  });

  it('makes a new code: posts again, leaves the old room and joins the new one', async () => {
    const first = new FakeScreenHelpCall();
    const second = new FakeScreenHelpCall();
    fetch = stubFetch(server());
    const opener = fakeOpener(first, second);
    const el = await fixture<FinDeskScreenHelp>(html`<fin-desk-screen-help lang="en" api="https://oac.example" callback-id="cb-1" .opener=${opener}></fin-desk-screen-help>`);
    await waitUntil(() => first.calls.includes('join'), 'not joined');
    $<HTMLButtonElement>(el, '[part~="new-code-button"]')!.click();
    await waitUntil(() => second.calls.includes('join'), 'the new room was not joined');
    expect(fetch.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/screen-help'))).to.have.length(2);
    expect(first.calls).to.include('close:hungUp');
    expect(text($(el, '[part~="code"] [aria-hidden="true"]'))).to.equal('105 736');
    // The old session's room ending now is no news: the new session lives.
    first.ends();
    await el.updateComplete;
    expect(text($(el, '[part~="state"]'))).to.equal('State: Waiting for the citizen to type the code');
  });

  describe('pointing', () => {
    before(() => setViewport({ width: 900, height: 700 }));

    it('sends a click as one point, in fractions of the picture inside its bars', async () => {
      const { el, call } = await open();
      const video = await sharing(el, call);
      const box = video.getBoundingClientRect();
      // A 16:9 picture in a wider box: bars above and below.
      const height = (box.width * 360) / 640;
      const top = box.top + (box.height - height) / 2;
      expect(top - box.top, 'the test wants bars').to.be.greaterThan(10);
      const [x, y] = [Math.round(box.left + box.width * 0.25), Math.round(top + height * 0.75)];
      await sendMouse({ type: 'click', position: [x, y] });
      await waitUntil(() => call.pointed.length === 1, 'nothing sent');
      const [point] = call.pointed[0]!;
      expect(call.pointed[0]).to.have.length(1);
      expect(point!.x).to.be.closeTo((x - box.left) / box.width, 0.003);
      expect(point!.y).to.be.closeTo((y - top) / height, 0.003);
      await el.updateComplete;
      expect($(el, '[part~="marker"]'), 'the agent sees where they pointed').to.not.equal(null);
      // A click on a bar points at nothing.
      await sendMouse({ type: 'click', position: [x, Math.round(box.top + 3)] });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(call.pointed).to.have.length(1);
    });

    it('sends a drag as its path, at most 64 points', async () => {
      const { el, call } = await open();
      const video = await sharing(el, call);
      const box = pictureBox(video.getBoundingClientRect(), 640, 360);
      const at = (fx: number, fy: number): [number, number] => [Math.round(box.left + box.width * fx), Math.round(box.top + box.height * fy)];
      await sendMouse({ type: 'move', position: at(0.1, 0.2) });
      await sendMouse({ type: 'down' });
      for (let step = 1; step <= 80; step++) await sendMouse({ type: 'move', position: at(0.1 + step * 0.01, 0.2 + step * 0.005) });
      await sendMouse({ type: 'up' });
      await waitUntil(() => call.pointed.length === 1, 'nothing sent');
      const path = call.pointed[0]!;
      expect(path.length).to.be.within(2, 64);
      expect(path[0]!.x).to.be.closeTo(0.1, 0.005);
      expect(path.at(-1)!.x).to.be.closeTo(0.9, 0.005);
      expect(path.at(-1)!.y).to.be.closeTo(0.6, 0.005);
      await el.updateComplete;
      expect($(el, '[part~="marker-path"]')).to.not.equal(null);
    });

    it('points from the keyboard: arrows move a visible crosshair, Enter and Space point there', async () => {
      const { el, call } = await open();
      await sharing(el, call);
      $(el, '[part~="picture"]')!.focus();
      await el.updateComplete;
      expect($(el, '[part~="crosshair"]'), 'the crosshair shows').to.not.equal(null);
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => call.pointed.length === 1, 'Enter sent nothing');
      expect(call.pointed[0]).to.deep.equal([{ x: 0.52, y: 0.5 }]);
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ press: 'Space' });
      await waitUntil(() => call.pointed.length === 2, 'Space sent nothing');
      expect(call.pointed[1]).to.deep.equal([{ x: 0.52, y: 0.4 }]);
      await waitUntil(() => text($(el, '[part~="announcer"]')) === 'Pointed for the citizen.', 'not announced');
    });
  });

  describe('when it ends', () => {
    it('says why when the room ends: the server tells the reason', async () => {
      const { el, call } = await open(undefined, 'es', server(() => endedBy('tooManyTries')));
      call.ends('screenHelpEnded');
      await waitUntil(() => $(el, '[part~="state-ended"]'), 'not ended');
      expect(text($(el, '[part~="state"]'))).to.equal('Estado: La ayuda con la pantalla ha terminado: se han escrito demasiados códigos erróneos');
      expect(text($(el, '[part~="announcer"]'))).to.equal('La ayuda con la pantalla ha terminado: se han escrito demasiados códigos erróneos');
      expect($(el, '[part~="code"]')).to.equal(null);
      expect($(el, '[part~="close-button"]')).to.not.equal(null);
      expect($(el, '[part~="new-code-button"]')).to.not.equal(null);
    });

    it('joins again when the room ended but the session lives on', async () => {
      const first = new FakeScreenHelpCall();
      const second = new FakeScreenHelpCall();
      fetch = stubFetch(server(() => ({ session: 'sh-1', state: 'waiting', expiresAt: started.expiresAt })));
      const el = await fixture<FinDeskScreenHelp>(html`<fin-desk-screen-help lang="en" api="https://oac.example" callback-id="cb-1" .opener=${fakeOpener(first, second)}></fin-desk-screen-help>`);
      await waitUntil(() => first.calls.includes('join'), 'not joined');
      first.ends('screenHelpEnded');
      await waitUntil(() => second.calls.includes('join'), 'not joined again');
      expect($(el, '[part~="state-waiting"]')).to.not.equal(null);
      expect(text($(el, '[part~="code"] [aria-hidden="true"]'))).to.equal('482 913');
    });

    it('says the recording was refused, or the connection lost', async () => {
      const refused = await open();
      refused.call.ends('recordingRefused');
      await waitUntil(() => $(refused.el, '[part~="state-ended"]'), 'not ended');
      expect(text($(refused.el, '[part~="state"]'))).to.equal('State: Screen help has ended: the recording was refused');
      const lost = await open();
      lost.call.ends('failed');
      await waitUntil(() => $(lost.el, '[part~="state-ended"]'), 'not ended');
      expect(text($(lost.el, '[part~="state"]'))).to.equal('State: Screen help has ended: the connection was lost');
    });
  });

  it('says when screen help cannot start for a callback not being called', async () => {
    const { el } = await open(undefined, 'en', () => json({ statusCode: 409, code: 'FIN_ERR_SCREEN_HELP_NOT_CALLING', message: 'Not calling' }, 409));
    expect(text($(el, '[part~="error"]'))).to.equal('Screen help is only for a callback you are calling now.');
    expect($(el, '[role="alert"]')).to.not.equal(null);
  });
});

describe('pointing at a picture', () => {
  it('finds the picture inside bars at the sides or above and below', () => {
    const sides = pictureBox({ left: 0, top: 0, width: 800, height: 300 }, 640, 360);
    expect(sides.left).to.be.closeTo(133.333, 0.001);
    expect(sides.width).to.be.closeTo(533.333, 0.001);
    expect([sides.top, sides.height]).to.deep.equal([0, 300]);
    expect(pictureBox({ left: 10, top: 20, width: 400, height: 400 }, 640, 360)).to.deep.equal({ left: 10, top: 20 + 87.5, width: 400, height: 225 });
    expect(pictureBox({ left: 0, top: 0, width: 400, height: 400 }, 0, 0)).to.deep.equal({ left: 0, top: 0, width: 400, height: 400 });
  });

  it('turns a place into fractions, refusing the bars unless clamped', () => {
    const picture = { left: 10, top: 107.5, width: 400, height: 225 };
    expect(fractionAt(picture, 110, 220)).to.deep.equal({ x: 0.25, y: 0.5 });
    expect(fractionAt(picture, 110, 50)).to.equal(undefined);
    expect(fractionAt(picture, 110, 50, true)).to.deep.equal({ x: 0.25, y: 0 });
  });

  it('keeps a trembling click one point, and samples a long path to 64', () => {
    expect(pointsOf([{ x: 0.5, y: 0.5 }, { x: 0.505, y: 0.498 }])).to.deep.equal([{ x: 0.5, y: 0.5 }]);
    const long = Array.from({ length: 200 }, (_, i) => ({ x: i / 199, y: 0.5 }));
    const sent = pointsOf(long);
    expect(sent).to.have.length(64);
    expect(sent[0]).to.deep.equal(long[0]);
    expect(sent[63]).to.deep.equal(long[199]);
  });

  it('moves the keyboard pointer within the picture', () => {
    expect(movedBy({ x: 0.99, y: 0.5 }, 'ArrowRight', false)).to.deep.equal({ x: 1, y: 0.5 });
    expect(movedBy({ x: 0.5, y: 0.5 }, 'ArrowDown', true)).to.deep.equal({ x: 0.5, y: 0.6 });
    expect(movedBy({ x: 0.5, y: 0.5 }, 'a', false)).to.equal(undefined);
  });
});
