import type { CitizenProcedure } from '@finestreta/server/contract';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeCall, fakeVideoTrack } from '../../call/testing.js';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import type { FinCitizenProcedure } from './citizen-procedure.js';
import './index.js';
import { applicationDocument, CONSENT_SHA256, CONSENT_TEXT, presentedBytes, procedure } from './testing.js';

const VIEW_PATH = '/api/councils/demo/appointments/mine/procedure';

type Answer = (call: RecordedCall) => Response | Promise<Response>;

/** The server: the procedure for every GET of the view, `post` for answers, `document` for the bytes presented. */
function server(view: () => CitizenProcedure, { post, document }: { post?: Answer; document?: Answer } = {}): Answer {
  return (call) => {
    const url = new URL(call.url);
    if (call.method === 'POST') return post ? post(call) : json(view());
    if (url.pathname === `${VIEW_PATH}/document`) return document ? document(call) : new Response(presentedBytes(), { headers: { 'Content-Type': 'application/json' } });
    return json(view());
  };
}

const part = (el: FinCitizenProcedure, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: FinCitizenProcedure, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const views = (fetch: FetchStub) => fetch.calls.filter((call) => call.method === 'GET' && new URL(call.url).pathname === VIEW_PATH);

describe('<fin-citizen-procedure>', function () {
  // Encoding full-resolution pictures takes a while on a busy machine.
  this.timeout(10_000);
  let fetch: FetchStub;
  let call: FakeCall;

  afterEach(() => fetch?.restore());

  async function mount(view: () => CitizenProcedure, options: Parameters<typeof server>[1] = {}, lang = 'en') {
    fetch = stubFetch(server(view, options));
    call = new FakeCall({ state: 'in-call', role: 'citizen', localStream: new MediaStream([fakeVideoTrack('me', { width: 640, height: 360 })]) });
    const el = await fixture<FinCitizenProcedure>(html`<fin-citizen-procedure api="https://oac.example" council="demo" lang=${lang} token="t0k3n" .client=${call}></fin-citizen-procedure>`);
    await waitUntil(() => part(el, 'where'), 'the procedure did not show');
    return el;
  }

  it('says where the citizen is, in plain words, with each step’s state', async () => {
    const el = await mount(() => procedure('documents'));
    await expect(el).to.be.accessible();
    expect(text(el, 'where')).to.equal('Step 2 of 5: your documents');
    const steps = [...el.shadowRoot!.querySelectorAll('[part~="step"]')].map((step) => step.textContent!.replace(/\s+/g, ' ').trim());
    expect(steps).to.deep.equal(['your identity: done', 'your documents: now', 'your application: to come', 'your agreement: to come', 'your receipt: to come']);
    expect(part(el, 'step-current')!.getAttribute('aria-current')).to.equal('step');
    expect(new URL(views(fetch)[0]!.url).search).to.equal('?token=t0k3n&lang=en');
    expect(part(el, 'asked')).to.equal(null);
  });

  it('speaks Catalan and Spanish too', async () => {
    const el = await mount(() => procedure('application'), {}, 'ca');
    expect(text(el, 'where')).to.equal('Pas 3 de 5: la vostra sol·licitud');
    el.lang = 'es';
    await el.updateComplete;
    expect(text(el, 'where')).to.equal('Paso 3 de 5: su solicitud');
  });

  it('reads the procedure again when the call announces a change, announces what is asked and moves focus to it', async () => {
    let current = procedure('identity');
    const el = await mount(() => current);
    expect(views(fetch)).to.have.length(1);
    current = procedure('identity', { revision: 2, asked: { kind: 'consent', text: CONSENT_TEXT, textSha256: CONSENT_SHA256 } });
    call.set({ procedureRevision: 2 }, 'procedure');
    await waitUntil(() => part(el, 'asked'), 'the consent was not asked');
    expect(views(fetch)).to.have.length(2);
    expect(text(el, 'announcer')).to.equal('The agent asks for your consent to check your identity.');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'asked-heading', 'focus did not move to what is asked');
    // Another change of the call (the microphone) reads nothing again.
    call.set({ micOn: false }, 'local');
    await el.updateComplete;
    expect(views(fetch)).to.have.length(2);
  });

  describe('when consent is asked', () => {
    const asked = () => procedure('identity', { asked: { kind: 'consent', text: CONSENT_TEXT, textSha256: CONSENT_SHA256 } });

    it('shows the text and sends the answer with the hash of the text shown', async () => {
      const el = await mount(asked, { post: () => json(procedure('identity')) });
      await expect(el).to.be.accessible();
      expect(text(el, 'consent-text')).to.equal(CONSENT_TEXT);
      part(el, 'consent-accept-button')!.click();
      await waitUntil(() => !part(el, 'asked'), 'the consent stayed asked');
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      expect(new URL(post.url).pathname).to.equal(`${VIEW_PATH}/consent`);
      expect(post.body).to.deep.equal({ token: 't0k3n', accept: true, textSha256: CONSENT_SHA256 });
      expect(part(el, 'news')).to.equal(null);
    });

    it('says plainly what refusing means', async () => {
      const el = await mount(asked, { post: () => json(procedure('identity')) });
      part(el, 'consent-refuse-button')!.click();
      await waitUntil(() => part(el, 'news'), 'no word on the refusal');
      expect(fetch.calls.find((c) => c.method === 'POST')!.body).to.deep.include({ accept: false });
      expect(text(el, 'news')).to.contain('You did not consent');
    });
  });

  describe('when a still is asked', () => {
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    const ImageCapture = (window as { ImageCapture?: unknown }).ImageCapture;
    let opened: MediaStream[];

    beforeEach(() => {
      opened = [];
      // The camera as a second stream sees it: 1920×1080, where the call sends 640×360.
      navigator.mediaDevices.getUserMedia = async () => {
        const stream = new MediaStream([fakeVideoTrack('document', { width: 1920, height: 1080 })]);
        opened.push(stream);
        return stream;
      };
      // This browser's ImageCapture cannot photograph a canvas: the test takes the path every browser has.
      delete (window as { ImageCapture?: unknown }).ImageCapture;
    });
    afterEach(() => {
      navigator.mediaDevices.getUserMedia = getUserMedia;
      (window as { ImageCapture?: unknown }).ImageCapture = ImageCapture;
    });

    it('takes a picture at the camera’s resolution, not the call’s, offers to retake it, and sends its bytes', async () => {
      const el = await mount(() => procedure('identity', { asked: { kind: 'still', still: 'front' } }), {
        post: () => json(procedure('identity')),
      });
      await expect(el).to.be.accessible();
      expect(text(el, 'asked-heading')).to.equal('A picture of the front of your DNI or NIE');
      part(el, 'still-take-button')!.click();
      await waitUntil(() => part(el, 'still-image'), 'no preview', { timeout: 3000 });
      await expect(el).to.be.accessible();
      expect(el.shadowRoot!.activeElement, 'focus on sending it').to.equal(part(el, 'still-send-button'));
      const first = (part(el, 'still-image') as HTMLImageElement).src;
      part(el, 'still-retake-button')!.click();
      await waitUntil(() => (part(el, 'still-image') as HTMLImageElement | null)?.src.replace(first, ''), 'the picture was not taken again', { timeout: 3000 });
      expect(opened).to.have.length(2);
      expect(opened.flatMap((stream) => stream.getTracks().map((track) => track.readyState)), 'the extra camera streams stopped').to.deep.equal(['ended', 'ended']);
      part(el, 'still-send-button')!.click();
      await waitUntil(() => !part(el, 'asked'), 'the still stayed asked');
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      const url = new URL(post.url);
      expect(url.pathname).to.equal(`${VIEW_PATH}/stills`);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({ token: 't0k3n', kind: 'front' });
      expect(post.headers.get('Content-Type')).to.equal('image/jpeg');
      const bitmap = await createImageBitmap(post.raw as Blob);
      expect([bitmap.width, bitmap.height]).to.deep.equal([1920, 1080]);
      expect(text(el, 'news')).to.equal('Picture sent. The agent is looking at it.');
    });

    /** A browser's ImageCapture whose photos of the call's track are `width`×`height`, at most. */
    function photoCamera(width: number, height: number) {
      const taken: Array<{ track: MediaStreamTrack; settings: unknown }> = [];
      (window as { ImageCapture?: unknown }).ImageCapture = class {
        constructor(private readonly track: MediaStreamTrack) {}
        async getPhotoCapabilities() {
          return { imageWidth: { min: 160, max: width }, imageHeight: { min: 120, max: height } };
        }
        async takePhoto(settings?: { imageWidth?: number; imageHeight?: number }) {
          taken.push({ track: this.track, settings });
          const canvas = new OffscreenCanvas(settings?.imageWidth ?? 640, settings?.imageHeight ?? 360);
          canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
          return canvas.convertToBlob({ type: 'image/jpeg' });
        }
      };
      return taken;
    }

    it('takes the photo from the call’s own camera track, at the largest size it has, where the browser can', async () => {
      const taken = photoCamera(2592, 1944);
      const el = await mount(() => procedure('identity', { asked: { kind: 'still', still: 'face' } }));
      part(el, 'still-take-button')!.click();
      await waitUntil(() => part(el, 'still-image'), 'no preview', { timeout: 3000 });
      expect(taken).to.deep.equal([{ track: call.localStream!.getVideoTracks()[0], settings: { imageWidth: 2592, imageHeight: 1944 } }]);
      expect(opened, 'no second stream').to.have.length(0);
      const image = part(el, 'still-image') as HTMLImageElement;
      expect([image.getAttribute('width'), image.getAttribute('height')]).to.deep.equal(['2592', '1944']);
    });

    it('opens a second stream when the photo would be no larger than the call’s frames', async () => {
      photoCamera(640, 360);
      const el = await mount(() => procedure('identity', { asked: { kind: 'still', still: 'back' } }));
      part(el, 'still-take-button')!.click();
      await waitUntil(() => part(el, 'still-image'), 'no preview', { timeout: 3000 });
      expect(opened).to.have.length(1);
      expect(part(el, 'still-image')!.getAttribute('width')).to.equal('1920');
    });

    it('falls back to a second stream when the track cannot take photos', async () => {
      (window as { ImageCapture?: unknown }).ImageCapture = ImageCapture;
      const el = await mount(() => procedure('identity', { asked: { kind: 'still', still: 'face' } }));
      part(el, 'still-take-button')!.click();
      await waitUntil(() => part(el, 'still-image'), 'no preview', { timeout: 3000 });
      expect(opened).to.have.length(1);
    });

    it('says when the picture could not be sent, and keeps it to send again', async () => {
      const el = await mount(() => procedure('identity', { asked: { kind: 'still', still: 'back' } }), {
        post: () => json({ statusCode: 409, code: 'FIN_ERR_STILL_NOT_REQUESTED', message: 'The agent has not asked for this picture' }, 409),
      });
      part(el, 'still-take-button')!.click();
      await waitUntil(() => part(el, 'still-send-button'), 'no preview', { timeout: 3000 });
      part(el, 'still-send-button')!.click();
      await waitUntil(() => part(el, 'still-error'), 'no error shown');
      expect(text(el, 'still-error')).to.equal('The agent no longer asks for this picture.');
      expect(part(el, 'still-image')).to.not.equal(null);
    });
  });

  it('shows the spoken code large, digit by digit', async () => {
    const el = await mount(() => procedure('identity', { asked: { kind: 'liveness', code: '4719' } }));
    await expect(el).to.be.accessible();
    expect([...el.shadowRoot!.querySelectorAll('[part~="digit"]')].map((digit) => digit.textContent)).to.deep.equal(['4', '7', '1', '9']);
    expect(part(el, 'code')!.getAttribute('aria-label')).to.equal('Code: 4, 7, 1, 9');
  });

  it('shows the live application as a document to read, not as form fields', async () => {
    const el = await mount(() => procedure('application'));
    await expect(el).to.be.accessible();
    const application = part(el, 'application') as HTMLDetailsElement;
    expect(application.open).to.equal(true);
    expect(text(el, 'document-title')).to.equal('Generic application');
    const terms = [...el.shadowRoot!.querySelectorAll('dt')].map((term) => term.textContent);
    expect(terms).to.include.members(['Name', 'I request']);
    expect(text(el, 'document-attachment')).to.equal('Rental contract.pdf (fingerprint 9F86 D081 884C 7D65)');
    expect(el.shadowRoot!.querySelectorAll('input, textarea, select')).to.have.length(0);
  });

  describe('when agreement is asked', () => {
    const asked = () => procedure('agreement', { asked: { kind: 'agreement', documentId: 'doc-1' }, agreement: { state: 'presented', documentId: 'doc-1' } });
    const hashOf = async (bytes: ArrayBuffer) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');

    it('renders the document from the bytes received and agrees with their fingerprint', async () => {
      // Bytes as the server stored them, spacing included: the hash is of these, not of a re-serialisation.
      const bytes = presentedBytes({ ...applicationDocument, title: 'Generic application (as presented)' });
      const sha256 = await hashOf(bytes);
      const el = await mount(asked, {
        document: () => new Response(bytes, { headers: { 'Content-Type': 'application/json' } }),
        post: () => json(procedure('agreement', { agreement: { state: 'agreed', documentId: 'doc-1' } })),
      });
      await waitUntil(() => part(el, 'agree-button'), 'the document did not show');
      await expect(el).to.be.accessible();
      const get = fetch.calls.find((c) => new URL(c.url).pathname.endsWith('/document'))!;
      expect(Object.fromEntries(new URL(get.url).searchParams)).to.deep.equal({ token: 't0k3n', id: 'doc-1' });
      expect(text(el, 'document-title')).to.equal('Generic application (as presented)');
      expect(text(el, 'fingerprint-short')).to.equal(`Fingerprint of this document: ${sha256.slice(0, 16).toUpperCase().match(/.{4}/g)!.join(' ')} …`);
      expect(el.shadowRoot!.querySelector('[part~="fingerprint-full"] code')!.textContent!.replace(/ /g, '')).to.equal(sha256.toUpperCase());
      part(el, 'agree-button')!.click();
      await waitUntil(() => part(el, 'news'), 'no word on the agreement');
      const post = fetch.calls.find((c) => c.method === 'POST')!;
      expect(new URL(post.url).pathname).to.equal(`${VIEW_PATH}/agreement`);
      expect(post.body).to.deep.equal({ token: 't0k3n', agree: true, sha256 });
      expect(text(el, 'news')).to.equal('You agreed to your application. The agent now signs it on your behalf.');
    });

    it('sends a refusal with its reason', async () => {
      const el = await mount(asked, { post: () => json(procedure('agreement', { agreement: { state: 'refused', documentId: 'doc-1' } })) });
      await waitUntil(() => part(el, 'disagree-button'), 'the document did not show');
      part(el, 'disagree-button')!.click();
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'disagree-reason', 'focus did not go to the reason');
      await expect(el).to.be.accessible();
      const reason = part(el, 'reason-input') as HTMLTextAreaElement;
      reason.value = '  The address is wrong.  ';
      reason.dispatchEvent(new Event('input'));
      part(el, 'disagree-send-button')!.click();
      await waitUntil(() => part(el, 'news'), 'no word on the refusal');
      expect(fetch.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ token: 't0k3n', agree: false, reason: 'The address is wrong.' });
      expect(text(el, 'news')).to.contain('You did not agree');
    });

    it('says in the citizen’s language that agreeing needs the recording', async () => {
      const el = await mount(
        asked,
        { post: () => json({ statusCode: 409, code: 'FIN_ERR_AGREEMENT_RECORDING_REQUIRED', message: 'The council requires the call to be recorded while the citizen agrees' }, 409) },
        'es',
      );
      await waitUntil(() => part(el, 'agree-button'), 'the document did not show');
      part(el, 'agree-button')!.click();
      await waitUntil(() => part(el, 'agreement-error'), 'no error shown');
      expect(text(el, 'agreement-error')).to.equal('Solo puede dar su conformidad mientras se graba la llamada. Pida al agente que active la grabación.');
    });

    it('reads the document again when the fingerprint no longer matches what is presented', async () => {
      const el = await mount(asked, { post: () => json({ statusCode: 409, code: 'FIN_ERR_AGREEMENT_MISMATCH', message: 'The fingerprint is not that of the application presented' }, 409) });
      await waitUntil(() => part(el, 'agree-button'), 'the document did not show');
      part(el, 'agree-button')!.click();
      await waitUntil(() => part(el, 'agreement-error'), 'no error shown');
      expect(text(el, 'agreement-error')).to.equal('The application changed while you were reading it. Read it again below.');
      expect(fetch.calls.filter((c) => new URL(c.url).pathname.endsWith('/document'))).to.have.length(2);
    });
  });

  it('says plainly that a changed application voids the agreement', async () => {
    let current = procedure('agreement', { agreement: { state: 'agreed', documentId: 'doc-1' } });
    const el = await mount(() => current);
    current = procedure('application', { revision: 3, agreement: { state: 'void', documentId: null } });
    call.set({ procedureRevision: 3 }, 'procedure');
    await waitUntil(() => text(el, 'news').includes('no longer counts'), 'the void agreement was not said');
    expect(text(el, 'announcer')).to.equal('The application changed after you agreed, so your agreement no longer counts. You will be asked again.');
  });

  it('says when the identity could not be verified', async () => {
    const failed = procedure('identity');
    failed.steps[0]!.state = 'failed';
    const el = await mount(() => failed);
    await expect(el).to.be.accessible();
    expect(text(el, 'news')).to.contain('Your identity could not be verified');
    expect(text(el, 'step-failed')).to.equal('your identity: not completed');
  });

  it('shows the receipt beside the call once signed, and ready as soon as the call says it is made', async () => {
    let current = procedure('agreement', { agreement: { state: 'agreed', documentId: 'doc-1' } });
    const el = await mount(() => current);
    current = procedure('receipt', { revision: 2, agreement: { state: 'agreed', documentId: 'doc-1' } });
    call.set({ procedureRevision: 2 }, 'procedure');
    const receipt = () => el.shadowRoot!.querySelector('fin-citizen-receipt')!.shadowRoot!;
    await waitUntil(() => receipt().querySelector('[part~="status"]'), 'the receipt being prepared did not show');
    // The signature is done: no "the agent now signs" left on screen.
    expect(part(el, 'news')).to.equal(null);
    current = procedure('receipt', { revision: 3, agreement: { state: 'agreed', documentId: 'doc-1' }, receipt: { entryNumber: '2026/000123' } });
    call.set({ procedureRevision: 3 }, 'procedure');
    await waitUntil(() => receipt().querySelector('[part~="download-button"]'), 'the receipt made did not show');
    expect(receipt().querySelector('[part~="entry-number"]')!.textContent).to.equal('2026/000123');
    await expect(el).to.be.accessible();
  });
});
