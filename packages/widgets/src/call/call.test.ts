import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './call.js';
import { CallChangeEvent, type CallChange, type CallClient, type CallState, type RemoteTrack } from './call-client.js';
import type { FinCallView } from './call-view.js';
import type { FinDeviceCheck } from './device-check.js';
import type { FinCallEndEvent, FinDeviceReadyEvent } from './events.js';
import type { ConsentState, WaitingPeer } from './protocol.js';

const $ = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element, name: string) => $(el, name)?.textContent?.replace(/\s+/g, ' ').trim();

/** A canvas's video track: a real track without a camera. */
function videoTrack(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  canvas.getContext('2d')!.fillRect(0, 0, 64, 36);
  return canvas.captureStream(5).getVideoTracks()[0];
}

/** A stand-in for CallClient: the state a view reads, and a record of what the view asked of it. */
class FakeClient extends EventTarget {
  state: CallState = 'new';
  role: 'citizen' | 'agent' = 'citizen';
  peers = new Map([['agent-1', { peerId: 'agent-1', role: 'agent' as const, displayName: 'Laia Puig', producers: [] }]]);
  waiting: WaitingPeer[] = [];
  consent: ConsentState = { citizen: null, agent: null, required: false, recording: 'pending' };
  remoteTracks: RemoteTrack[] = [];
  localStream = new MediaStream([videoTrack()]);
  screenTrack?: MediaStreamTrack;
  micOn = true;
  cameraOn = true;
  closeReason?: string;
  readonly calls: string[] = [];

  set(changes: Partial<FakeClient>, change: CallChange = 'state') {
    Object.assign(this, changes);
    this.dispatchEvent(new CallChangeEvent(change));
  }

  async setMicrophone(on: boolean) {
    this.calls.push(`mic:${on}`);
    this.set({ micOn: on }, 'local');
  }

  async setCamera(on: boolean) {
    this.calls.push(`camera:${on}`);
    this.set({ cameraOn: on }, 'local');
  }

  async admit(peerId: string) {
    this.calls.push(`admit:${peerId}`);
  }

  async invite(role: string) {
    this.calls.push(`invite:${role}`);
    return { url: 'https://oac.example/cita?call=a1&invite=secret', token: 'secret', expiresAt: '2026-11-23T12:00:00.000Z' };
  }

  async answerConsent(accept: boolean) {
    this.calls.push(`consent:${accept}`);
    this.set({ consent: { ...this.consent, [this.role]: accept } }, 'consent');
  }

  async hangUp() {
    this.calls.push('hangUp');
    this.set({ state: 'closed', closeReason: 'hungUp' });
  }

  async shareScreen() {
    this.calls.push('share');
  }

  async stopScreen() {
    this.calls.push('stopShare');
  }

  async quality() {
    return 'good' as const;
  }
}

async function view(client: FakeClient, lang = 'en') {
  return fixture<FinCallView>(html`<fin-call-view lang=${lang} .client=${client as unknown as CallClient}></fin-call-view>`);
}

describe('<fin-call-view>', () => {
  it('passes an accessibility check in the call', async () => {
    const client = new FakeClient();
    client.state = 'in-call';
    client.remoteTracks = [{ peerId: 'agent-1', source: 'camera', kind: 'video', track: videoTrack(), paused: false }];
    const el = await view(client);
    await expect(el).to.be.accessible();
  });

  describe('while the citizen waits', () => {
    it('says the agent will let them in shortly', async () => {
      const client = new FakeClient();
      client.state = 'waiting';
      const el = await view(client);
      expect(text(el, 'heading')).to.equal('Waiting room');
      expect(text(el, 'waiting-text')).to.equal('The agent will let you in shortly.');
      expect(text(el, 'status')).to.equal('The agent will let you in shortly.');
    });
  });

  describe('in the call', () => {
    it('shows the other person large and oneself small, with labelled controls', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      const el = await view(client);
      expect(text(el, 'stage-note')).to.equal('Nobody else is in the call yet.');
      client.set({ remoteTracks: [{ peerId: 'agent-1', source: 'camera', kind: 'video', track: videoTrack(), paused: false }] }, 'tracks');
      await el.updateComplete;
      expect($(el, 'remote-video')!.getAttribute('aria-label')).to.equal('The other participant: Laia Puig');
      expect($(el, 'self-view')).to.not.equal(null);
      const buttons = [...el.shadowRoot!.querySelectorAll('[part~="controls"] button')].map((b) => b.textContent!.trim());
      expect(buttons).to.deep.equal(['Mute microphone', 'Turn camera off', 'Share screen', 'Hang up']);
    });

    it('shows a shared screen large, in place of the camera', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      client.remoteTracks = [
        { peerId: 'agent-1', source: 'camera', kind: 'video', track: videoTrack(), paused: false },
        { peerId: 'agent-1', source: 'screen', kind: 'video', track: videoTrack(), paused: false },
      ];
      const el = await view(client);
      expect($(el, 'remote-video')!.dataset.source).to.equal('screen');
      expect($(el, 'remote-video')!.getAttribute('aria-label')).to.contain('Shared screen');
    });

    it('mutes and turns the camera off, saying so through aria-pressed', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      const el = await view(client);
      $(el, 'mute-button')!.click();
      $(el, 'camera-button')!.click();
      await waitUntil(() => $(el, 'camera-button')!.getAttribute('aria-pressed') === 'true');
      expect($(el, 'mute-button')!.getAttribute('aria-pressed')).to.equal('true');
      expect(client.calls).to.deep.equal(['mic:false', 'camera:false']);
      expect($(el, 'self-view')).to.equal(null);
    });

    it('says when the other person’s camera is off, in words', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      client.remoteTracks = [{ peerId: 'agent-1', source: 'camera', kind: 'video', track: videoTrack(), paused: true }];
      const el = await view(client);
      expect(text(el, 'stage-note')).to.equal('Camera off');
    });

    it('gives the connection quality in words', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      const el = await view(client);
      await waitUntil(() => $(el, 'quality'), 'no quality hint', { timeout: 4000 });
      expect(text(el, 'quality')).to.equal('Connection: good');
    });
  });

  describe('the recording question', () => {
    it('asks, sends the answer, then shows the recording once it starts', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      const el = await view(client, 'ca');
      expect(text(el, 'consent-text')).to.equal('Aquesta trucada s’enregistrarà com a prova de la teva cita. Hi estàs d’acord?');
      $(el, 'consent-yes')!.click();
      await waitUntil(() => !$(el, 'consent'));
      expect(client.calls).to.deep.equal(['consent:true']);
      client.set({ consent: { citizen: true, agent: true, required: false, recording: 'recording' } }, 'recording');
      await el.updateComplete;
      expect(text(el, 'recording')).to.equal('S’està enregistrant');
    });
  });

  describe('for the agent', () => {
    it('lists who waits and admits them', async () => {
      const client = new FakeClient();
      client.role = 'agent';
      client.state = 'in-call';
      const el = await view(client);
      expect(el.shadowRoot!.textContent).to.contain('Nobody is waiting.');
      client.set({ waiting: [{ peerId: 'c-1', role: 'citizen', displayName: 'Marta Soler', since: '2026-11-23T09:00:00.000Z' }] }, 'waiting');
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('Marta Soler is waiting to be let in.');
      expect($(el, 'admit-button')!.getAttribute('aria-label')).to.equal('Admit: Marta Soler');
      $(el, 'admit-button')!.click();
      await waitUntil(() => text(el, 'status') === 'Marta Soler has been let in.');
      expect(client.calls).to.deep.equal(['admit:c-1']);
    });

    it('creates an invitation link for a third participant', async () => {
      const client = new FakeClient();
      client.role = 'agent';
      client.state = 'in-call';
      const el = await view(client);
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#invite-role')!;
      select.value = 'supervisor';
      select.dispatchEvent(new Event('change'));
      $(el, 'invite-button')!.click();
      await waitUntil(() => $(el, 'invite-link'));
      expect(($(el, 'invite-link') as HTMLInputElement).value).to.equal('https://oac.example/cita?call=a1&invite=secret');
      expect(client.calls).to.deep.equal(['invite:supervisor']);
    });
  });

  describe('when the call ends', () => {
    it('thanks the citizen and fires fin-call-end', async () => {
      const client = new FakeClient();
      client.state = 'in-call';
      const el = await view(client, 'es');
      const ended = oneEvent(el, 'fin-call-end') as Promise<FinCallEndEvent>;
      $(el, 'hang-up-button')!.click();
      expect((await ended).detail.reason).to.equal('hungUp');
      await el.updateComplete;
      expect(text(el, 'ended')).to.contain('La llamada ha terminado');
      expect(text(el, 'ended')).to.contain('Gracias por tu cita por videollamada.');
    });
  });
});

describe('<fin-device-check>', () => {
  const original = navigator.mediaDevices.getUserMedia;
  afterEach(() => {
    navigator.mediaDevices.getUserMedia = original;
  });

  function answer(result: () => Promise<MediaStream>) {
    navigator.mediaDevices.getUserMedia = result;
  }

  it('passes an accessibility check with a camera', async () => {
    answer(async () => new MediaStream([videoTrack()]));
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'preview'));
    await expect(el).to.be.accessible();
  });

  it('previews the camera and hands the stream over on "Continue"', async () => {
    const stream = new MediaStream([videoTrack()]);
    answer(async () => stream);
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'continue-button'));
    expect(($(el, 'preview') as HTMLVideoElement).srcObject).to.equal(stream);
    expect($(el, 'meter')).to.not.equal(null);
    const ready = oneEvent(el, 'fin-device-ready') as Promise<FinDeviceReadyEvent>;
    $(el, 'continue-button')!.click();
    expect((await ready).detail.stream).to.equal(stream);
  });

  it('explains how to allow the camera when the browser refuses it', async () => {
    answer(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'device-error'));
    expect(text(el, 'device-error')).to.contain('not allowed to use your camera or microphone');
    expect($(el, 'device-error')!.getAttribute('role')).to.equal('alert');
    expect(text(el, 'retry-button')).to.equal('Try again');
  });

  it('says when there is no camera or microphone, and tries again on request', async () => {
    answer(() => Promise.reject(new DOMException('none', 'NotFoundError')));
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="ca"></fin-device-check>`);
    await waitUntil(() => $(el, 'device-error'));
    expect(text(el, 'device-error')).to.contain('No s’ha trobat cap càmera ni micròfon');
    answer(async () => new MediaStream([videoTrack()]));
    $(el, 'retry-button')!.click();
    await waitUntil(() => $(el, 'preview'));
    expect($(el, 'device-error')).to.equal(null);
  });

  it('does not report a refusal as a failure of the widget', async () => {
    answer(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    let errors = 0;
    const onError = () => errors++;
    document.addEventListener('fin-error', onError);
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'device-error'));
    document.removeEventListener('fin-error', onError);
    expect(errors).to.equal(0);
  });
});
