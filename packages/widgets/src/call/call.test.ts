import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse, setViewport } from '@web/test-runner-commands';
import './call.js';
import type { FinCallView } from './call-view.js';
import type { FinDeviceCheck } from './device-check.js';
import type { FinCallEndEvent, FinDeviceReadyEvent, FinDocumentRequestEvent } from './events.js';
import type { ConsentState, PeerInfo, WaitingPeer } from './protocol.js';
import { FakeCall, fakeVideoTrack, type FakeCallInit } from './testing.js';

const $ = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element, name: string) => $(el, name)?.textContent?.replace(/\s+/g, ' ').trim();

const laia: PeerInfo = { peerId: 'agent-1', role: 'agent', displayName: 'Laia Puig', producers: [] };
const marta: WaitingPeer = { peerId: 'c-1', role: 'citizen', displayName: 'Marta Soler', since: '2026-11-23T09:00:00.000Z' };
const pending: ConsentState = { citizen: null, agent: null, required: false, recording: 'pending' };
const agreed: ConsentState = { citizen: true, agent: true, required: false, recording: 'pending' };
const camera = (peerId = 'agent-1', paused = false) => ({ peerId, source: 'camera' as const, kind: 'video' as const, track: fakeVideoTrack(), paused });

/** The citizen in the call with the agent, both having answered the recording question unless told otherwise. */
function citizenInCall(init: FakeCallInit = {}) {
  return new FakeCall({ state: 'in-call', role: 'citizen', peers: [laia], consent: agreed, localStream: new MediaStream([fakeVideoTrack()]), ...init });
}

async function view(call: FakeCall, lang = 'en') {
  return fixture<FinCallView>(html`<fin-call-view lang=${lang} .client=${call}></fin-call-view>`);
}

describe('<fin-call-view>', () => {
  it('passes an accessibility check in the call', async () => {
    const el = await view(citizenInCall({ remoteTracks: [camera()], quality: 'good' }));
    await expect(el).to.be.accessible();
  });

  it('passes an accessibility check for the agent, with someone waiting and the recording question', async () => {
    const el = await view(new FakeCall({ state: 'in-call', role: 'agent', waiting: [marta], consent: pending, localStream: new MediaStream([fakeVideoTrack()]) }));
    await expect(el).to.be.accessible();
  });

  it('shows the citizen who is in the call and as what, once a supervisor joins', async () => {
    const call = citizenInCall();
    const el = await view(call);
    const names = () => [...el.shadowRoot!.querySelectorAll('[part~="participant"]')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(names(), 'the one person of a two-way call is named on their video').to.deep.equal([]);
    call.set({ peers: [laia, { peerId: 's-1', role: 'supervisor', displayName: 'Sara Serra', producers: [] }] }, 'peers');
    await el.updateComplete;
    expect(names()).to.deep.equal(['Agent: Laia Puig', 'Supervisor: Sara Serra']);
    expect(text(el, 'participants')).to.match(/^In the call/);
    await expect(el).to.be.accessible();
  });

  describe('while connecting', () => {
    it('says it is connecting', async () => {
      const el = await view(new FakeCall({ state: 'connecting' }));
      expect(text(el, 'waiting-text')).to.equal('Connecting to the call…');
      expect(text(el, 'status')).to.equal('Connecting to the call…');
    });
  });

  describe('while the citizen waits', () => {
    it('says the agent will let them in shortly', async () => {
      const el = await view(new FakeCall({ state: 'waiting', role: 'citizen' }));
      expect(text(el, 'heading')).to.equal('Waiting room');
      expect(text(el, 'waiting-text')).to.equal('The agent will let you in shortly.');
      expect(text(el, 'status')).to.equal('The agent will let you in shortly.');
    });

    it('says so when the agent lets them in', async () => {
      const call = new FakeCall({ state: 'waiting', role: 'citizen', localStream: new MediaStream([fakeVideoTrack()]) });
      const el = await view(call);
      call.set({ state: 'in-call', peers: [laia], consent: pending });
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('You have been let in. You are in the call.');
      expect(text(el, 'consent-text')).to.equal('This call will be recorded as evidence of your appointment. Do you agree?');
    });
  });

  describe('in the call', () => {
    it('shows the other person large and oneself small, with labelled controls', async () => {
      const call = citizenInCall();
      const el = await view(call);
      expect(text(el, 'stage-note')).to.equal('Nobody else is in the call yet.');
      call.set({ remoteTracks: [camera()] }, 'tracks');
      await el.updateComplete;
      expect($(el, 'remote-video')!.getAttribute('aria-label')).to.equal('The other participant: Laia Puig');
      expect($(el, 'self-view')!.getAttribute('aria-label')).to.equal('You');
      const buttons = [...el.shadowRoot!.querySelectorAll('[part~="controls"] button')].map((b) => [b.textContent!.trim(), b.getAttribute('aria-pressed')]);
      expect(buttons).to.deep.equal([
        ['Mute microphone', 'false'],
        ['Turn camera off', 'false'],
        ['Share screen', 'false'],
        ['Hang up', null],
      ]);
    });

    it('shows a shared screen large, in place of the camera', async () => {
      const el = await view(citizenInCall({ remoteTracks: [camera(), { ...camera(), source: 'screen' }] }));
      expect($(el, 'remote-video')!.dataset.source).to.equal('screen');
      expect($(el, 'remote-video')!.getAttribute('aria-label')).to.equal('Shared screen: Laia Puig');
    });

    it('mutes and turns the camera off, showing and saying so', async () => {
      const call = citizenInCall();
      const el = await view(call);
      $(el, 'mute-button')!.click();
      await waitUntil(() => $(el, 'mute-button')!.getAttribute('aria-pressed') === 'true');
      expect(text(el, 'muted')).to.equal('Your microphone is off');
      expect(text(el, 'status')).to.equal('Microphone muted');
      $(el, 'camera-button')!.click();
      await waitUntil(() => $(el, 'camera-button')!.getAttribute('aria-pressed') === 'true');
      expect(call.calls).to.deep.equal(['mic:false', 'camera:false']);
      expect($(el, 'self-view')).to.equal(null);
      expect(text(el, 'self-off')).to.equal('Your camera is off');
      expect(text(el, 'status')).to.equal('Camera off');
    });

    it('shares the screen and says so until it stops', async () => {
      const call = citizenInCall();
      const el = await view(call);
      $(el, 'share-button')!.click();
      await waitUntil(() => $(el, 'share-button')!.getAttribute('aria-pressed') === 'true');
      expect(text(el, 'sharing')).to.equal('You are sharing your screen');
      $(el, 'share-button')!.click();
      await waitUntil(() => $(el, 'share-button')!.getAttribute('aria-pressed') === 'false');
      expect($(el, 'sharing')).to.equal(null);
      expect(text(el, 'status')).to.equal('Screen sharing stopped');
      expect(call.calls).to.deep.equal(['share', 'stopShare']);
    });

    it('says when the other person’s camera is off, in words', async () => {
      const el = await view(citizenInCall({ remoteTracks: [camera('agent-1', true)] }));
      expect(text(el, 'stage-note')).to.equal('Camera off');
    });

    it('gives the connection quality in words, and says when it turns poor', async () => {
      const call = citizenInCall({ quality: 'good' });
      const el = await view(call, 'ca');
      expect(text(el, 'quality')).to.equal('Connexió: bona');
      call.set({ quality: 'poor' }, 'quality');
      await el.updateComplete;
      expect($(el, 'quality')!.getAttribute('part')).to.equal('quality quality-poor');
      expect(text(el, 'quality')).to.equal('Connexió: dolenta. Apagar la càmera pot ajudar.');
      expect(text(el, 'status')).to.equal('Connexió: dolenta. Apagar la càmera pot ajudar.');
    });

    it('says the connection was lost while reconnecting, and when it is back', async () => {
      const call = citizenInCall({ remoteTracks: [camera()], quality: 'good' });
      const el = await view(call);
      call.set({ state: 'reconnecting', remoteTracks: [], quality: undefined });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('data-state')).to.equal('reconnecting');
      expect(text(el, 'reconnecting')).to.equal('The connection was lost. Reconnecting…');
      expect(text(el, 'stage-note')).to.equal('The connection was lost. Reconnecting…');
      expect(text(el, 'status')).to.equal('The connection was lost. Reconnecting…');
      expect($(el, 'hang-up-button')).to.not.equal(null);
      call.set({ state: 'in-call', remoteTracks: [camera()] });
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('The connection is back.');
      expect($(el, 'reconnecting')).to.equal(null);
    });

    it('keeps its controls inside a phone held upright (360 × 740)', async () => {
      await setViewport({ width: 360, height: 740 });
      try {
        const el = await view(citizenInCall({ remoteTracks: [camera()], quality: 'fair', micOn: false, consent: { ...agreed, recording: 'recording' } }), 'es');
        const base = $(el, 'base')!.getBoundingClientRect();
        const stage = $(el, 'stage')!.getBoundingClientRect();
        expect(stage.height, 'the stage is upright').to.be.greaterThan(stage.width);
        expect(base.right).to.be.at.most(360);
        for (const button of el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="controls"] button')) {
          const box = button.getBoundingClientRect();
          expect(box.left, button.textContent!).to.be.at.least(base.left);
          expect(box.right, button.textContent!).to.be.at.most(base.right + 0.5);
          expect(button.scrollWidth, `${button.textContent} fits its text`).to.be.at.most(button.clientWidth);
          expect(box.height, 'a touch target').to.be.at.least(44);
        }
        const self = $(el, 'self-view')!.getBoundingClientRect();
        expect(self.right).to.be.at.most(stage.right);
        expect(self.bottom).to.be.at.most(stage.bottom);
        expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(360);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  });

  describe('the recording question', () => {
    it('asks, sends the answer, then shows and says that the recording started', async () => {
      const call = citizenInCall({ consent: pending });
      const el = await view(call, 'ca');
      expect(text(el, 'consent-text')).to.equal('Aquesta trucada s’enregistrarà com a prova de la vostra cita. Hi esteu d’acord?');
      $(el, 'consent-yes')!.click();
      await waitUntil(() => !$(el, 'consent'));
      expect(call.calls).to.deep.equal(['consent:true']);
      call.set({ consent: { citizen: true, agent: true, required: false, recording: 'recording' } }, 'recording');
      await el.updateComplete;
      expect(text(el, 'recording')).to.equal('S’està enregistrant');
      expect(text(el, 'status')).to.equal('La trucada s’està enregistrant.');
    });

    it('goes on unrecorded when someone says no and the council allows it', async () => {
      const call = citizenInCall({ consent: pending });
      const el = await view(call);
      $(el, 'consent-no')!.click();
      await waitUntil(() => $(el, 'consent-refused'));
      expect(call.calls).to.deep.equal(['consent:false']);
      expect(text(el, 'consent-refused')).to.equal('The call will not be recorded.');
      expect(text(el, 'status')).to.equal('The call will not be recorded.');
      expect($(el, 'recording')).to.equal(null);
    });

    it('explains the end when the council requires the recording', async () => {
      const call = citizenInCall({ consent: pending });
      const el = await view(call);
      const ended = oneEvent(el, 'fin-call-end') as Promise<FinCallEndEvent>;
      call.set({ state: 'closed', closeReason: 'recordingRefused', consent: { ...pending, citizen: false, required: true, recording: 'refused' } });
      expect((await ended).detail.reason).to.equal('recordingRefused');
      await el.updateComplete;
      expect(text(el, 'ended-text')).to.equal('The call ended because the recording was refused, and this council requires it.');
    });
  });

  describe('for the agent', () => {
    it('lists who waits and admits them', async () => {
      const call = new FakeCall({ state: 'in-call', role: 'agent', consent: pending, localStream: new MediaStream([fakeVideoTrack()]) });
      const el = await view(call);
      expect(text(el, 'waiting-list')).to.contain('Nobody is waiting.');
      call.set({ waiting: [marta] }, 'waiting');
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('Marta Soler is waiting to be let in.');
      expect(text(el, 'waiting-person')).to.contain('Marta Soler');
      expect($(el, 'admit-button')!.getAttribute('aria-label')).to.equal('Admit: Marta Soler');
      $(el, 'admit-button')!.click();
      await waitUntil(() => text(el, 'status') === 'Marta Soler has been let in.');
      expect(call.calls).to.deep.equal(['admit:c-1']);
      expect($(el, 'remote-video')!.getAttribute('aria-label')).to.equal('The other participant: Marta Soler');
      expect(text(el, 'waiting-list')).to.contain('Nobody is waiting.');
      expect(el.shadowRoot!.activeElement, 'focus is not lost with the button').to.equal(el.shadowRoot!.querySelector('#waiting-title'));
    });

    it('creates an invitation link for a third participant', async () => {
      const call = new FakeCall({ state: 'in-call', role: 'agent', consent: agreed });
      const el = await view(call);
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#invite-role')!;
      select.value = 'supervisor';
      select.dispatchEvent(new Event('change'));
      $(el, 'invite-button')!.click();
      await waitUntil(() => $(el, 'invite-link'));
      expect(($(el, 'invite-link') as HTMLInputElement).value).to.equal('https://oac.example.cat/cita?call=a1&invite=supervisor-invitation');
      expect(call.calls).to.deep.equal(['invite:supervisor']);
    });
  });

  describe('when the agent asks for a document', () => {
    it('lets the agent choose one the procedure expects and ask for it', async () => {
      const call = new FakeCall({ state: 'in-call', role: 'agent', consent: agreed });
      const documents = [
        { id: 'dni', name: 'DNI or NIE' },
        { id: 'habitatge', name: 'Rental contract' },
      ];
      const el = await fixture<FinCallView>(html`<fin-call-view lang="en" .client=${call} .documents=${documents}></fin-call-view>`);
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#ask-document')!;
      expect([...select.options].map((option) => option.text.trim())).to.deep.equal(['DNI or NIE', 'Rental contract']);
      select.value = 'habitatge';
      $(el, 'ask-document-button')!.click();
      await waitUntil(() => text(el, 'status') === 'Asked for: habitatge');
      expect(call.calls).to.deep.equal(['requestDocument:habitatge']);
    });

    it('offers nothing to ask for when the procedure expects no document', async () => {
      const el = await view(new FakeCall({ state: 'in-call', role: 'agent', consent: agreed }));
      expect($(el, 'ask-document')).to.equal(null);
    });

    it('tells the citizen which one, aloud and on screen, and tells the page', async () => {
      const call = citizenInCall();
      const el = await view(call, 'ca');
      const requested = oneEvent(el, 'fin-document-request') as Promise<FinDocumentRequestEvent>;
      call.set({ requestedDocument: { id: 'habitatge', name: 'Contracte de lloguer' } }, 'document');
      expect((await requested).detail.document).to.deep.equal({ id: 'habitatge', name: 'Contracte de lloguer' });
      await el.updateComplete;
      expect(text(el, 'document-request')).to.equal('L’agent us demana: Contracte de lloguer. El podeu enviar aquí sota, amb els documents.');
      expect(text(el, 'status')).to.equal(text(el, 'document-request'));
    });

    it('leaves saying it to a page that offers the upload itself', async () => {
      const call = citizenInCall();
      const el = await view(call);
      el.addEventListener('fin-document-request', (event) => event.preventDefault());
      call.set({ requestedDocument: { id: 'dni', name: 'DNI or NIE' } }, 'document');
      await el.updateComplete;
      expect(text(el, 'document-request')).to.equal('The agent asks you for: DNI or NIE. You can send it below, with the documents.');
      expect(text(el, 'status')).to.not.contain('DNI');
    });
  });

  describe('when the call ends', () => {
    it('thanks the citizen, moves focus to the news and fires fin-call-end', async () => {
      const el = await view(citizenInCall(), 'es');
      const ended = oneEvent(el, 'fin-call-end') as Promise<FinCallEndEvent>;
      $(el, 'hang-up-button')!.click();
      expect((await ended).detail.reason).to.equal('hungUp');
      await waitUntil(() => el.shadowRoot!.activeElement === el.shadowRoot!.querySelector('[part~="ended"] [part~="heading"]'), 'the heading did not take focus');
      expect(text(el, 'ended')).to.contain('La llamada ha terminado');
      expect(text(el, 'ended')).to.contain('Gracias por su cita por videollamada.');
    });
  });
});

describe('<fin-device-check>', () => {
  const original = { getUserMedia: navigator.mediaDevices.getUserMedia, enumerateDevices: navigator.mediaDevices.enumerateDevices };
  afterEach(() => Object.assign(navigator.mediaDevices, original));

  function answer(result: (constraints?: MediaStreamConstraints) => Promise<MediaStream>) {
    navigator.mediaDevices.getUserMedia = result;
  }

  const device = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: deviceId, toJSON: () => ({}) }) as MediaDeviceInfo;

  it('passes an accessibility check with a camera', async () => {
    answer(async () => new MediaStream([fakeVideoTrack()]));
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'preview'));
    await expect(el).to.be.accessible();
  });

  it('previews the camera and hands the stream over on "Continue"', async () => {
    const stream = new MediaStream([fakeVideoTrack()]);
    answer(async () => stream);
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'continue-button'));
    expect(($(el, 'preview') as HTMLVideoElement).srcObject).to.equal(stream);
    expect($(el, 'meter')).to.not.equal(null);
    expect($(el, 'cancel-button'), 'the citizen has no way back here').to.equal(null);
    const ready = oneEvent(el, 'fin-device-ready') as Promise<FinDeviceReadyEvent>;
    $(el, 'continue-button')!.click();
    expect((await ready).detail.stream).to.equal(stream);
  });

  it('shows the microphone level moving with the voice, from the person’s first click or key on', async () => {
    const voice = new AudioContext();
    const tone = voice.createOscillator();
    const out = voice.createMediaStreamDestination();
    tone.connect(out);
    tone.start();
    answer(async () => new MediaStream([fakeVideoTrack(), ...out.stream.getAudioTracks()]));
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => $(el, 'meter'));
    await aTimeout(300);
    expect(($(el, 'meter') as HTMLMeterElement).value, 'no audio runs before the person has clicked or typed').to.equal(0);
    // A real click: what the browser's autoplay rules wait for before audio may run.
    const heading = $(el, 'heading')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(heading.left + 5), Math.round(heading.top + 5)] });
    await resetMouse();
    await voice.resume();
    await waitUntil(() => ($(el, 'meter') as HTMLMeterElement).value > 0, 'the level did not move');
    expect(el.shadowRoot!.querySelector('label[for="meter"]')!.textContent).to.equal('Microphone level');
    await voice.close();
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
    answer(async () => new MediaStream([fakeVideoTrack()]));
    $(el, 'retry-button')!.click();
    await waitUntil(() => $(el, 'preview'));
    expect($(el, 'device-error')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'focus stays in the check').to.equal($(el, 'heading'));
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

  it('opens the camera chosen from the list, keeping the choice in focus', async () => {
    const asked: MediaStreamConstraints[] = [];
    const streams: MediaStream[] = [];
    answer(async (constraints) => {
      asked.push(constraints!);
      streams.push(new MediaStream([fakeVideoTrack()]));
      return streams.at(-1)!;
    });
    navigator.mediaDevices.enumerateDevices = async () => [
      device('videoinput', 'cam-1', 'Integrated camera'),
      device('videoinput', 'cam-2', 'USB camera'),
      device('audioinput', 'mic-1', 'Integrated microphone'),
      device('audioinput', 'mic-2', 'Headset'),
    ];
    const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en"></fin-device-check>`);
    await waitUntil(() => el.shadowRoot!.querySelector('#camera-select'));
    const cameras = el.shadowRoot!.querySelector<HTMLSelectElement>('#camera-select')!;
    expect([...cameras.options].map((option) => option.textContent!.trim())).to.deep.equal(['Integrated camera', 'USB camera']);
    expect(el.shadowRoot!.querySelector('label[for="microphone-select"]')!.textContent).to.equal('Microphone');
    cameras.focus();
    cameras.value = 'cam-2';
    cameras.dispatchEvent(new Event('change'));
    await waitUntil(() => asked.length === 2 && $(el, 'preview'));
    expect((asked[1]!.video as MediaTrackConstraints).deviceId).to.deep.equal({ exact: 'cam-2' });
    expect(streams[0]!.getTracks().every((track) => track.readyState === 'ended'), 'the first camera was let go').to.equal(true);
    expect(($(el, 'preview') as HTMLVideoElement).srcObject).to.equal(streams[1]);
    expect(el.shadowRoot!.activeElement).to.equal(cameras);
    expect(cameras.value).to.equal('cam-2');
  });

  describe('for the agent', () => {
    it('passes an accessibility check when there is no camera', async () => {
      answer(() => Promise.reject(new DOMException('none', 'NotFoundError')));
      const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en" party="agent"></fin-device-check>`);
      await waitUntil(() => $(el, 'device-error'));
      await expect(el).to.be.accessible();
    });

    it('gives help that suits a desk when there is no camera or microphone', async () => {
      answer(() => Promise.reject(new DOMException('none', 'NotFoundError')));
      const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="es" party="agent"></fin-device-check>`);
      await waitUntil(() => $(el, 'device-error'));
      expect(text(el, 'device-error')).to.equal(
        'No se ha encontrado ninguna cámara ni micrófono. Conecte una cámara web y unos auriculares con micrófono, y vuelva a intentarlo.',
      );
      expect(text(el, 'cancel-button')).to.equal('Volver a la cita');
    });

    it('goes back without a call, letting go of the camera', async () => {
      const stream = new MediaStream([fakeVideoTrack()]);
      answer(async () => stream);
      const el = await fixture<FinDeviceCheck>(html`<fin-device-check lang="en" party="agent"></fin-device-check>`);
      await waitUntil(() => $(el, 'continue-button'));
      expect(text(el, 'continue-button')).to.equal('Continue to the call');
      const cancelled = oneEvent(el, 'fin-device-cancel');
      $(el, 'cancel-button')!.click();
      await cancelled;
      expect(stream.getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
      expect($(el, 'preview')).to.equal(null);
    });
  });
});
