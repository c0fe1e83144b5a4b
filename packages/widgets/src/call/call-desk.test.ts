import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './call.js';
import type { AskableDocument, FinCallView } from './call-view.js';
import type { ConsentState, WaitingPeer } from './protocol.js';
import { FakeCall, fakeVideoTrack, type FakeCallInit } from './testing.js';

const $ = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

const marta: WaitingPeer = { peerId: 'c-1', role: 'citizen', displayName: 'Marta Soler', since: '2026-11-23T09:00:00.000Z' };
const agreed: ConsentState = { citizen: true, agent: true, required: false, recording: 'pending' };
const documents: AskableDocument[] = [
  { id: 'dni', name: 'DNI o NIE', status: 'received' },
  { id: 'padro', name: 'Volant de padró', status: 'accepted' },
  { id: 'habitatge', name: 'Contracte de lloguer', status: 'missing' },
];

function agentCall(init: FakeCallInit = {}) {
  return new FakeCall({ state: 'in-call', role: 'agent', consent: agreed, localStream: new MediaStream([fakeVideoTrack()]), ...init });
}

async function view(call: FakeCall, asked: readonly AskableDocument[] = documents, lang = 'ca') {
  return fixture<FinCallView>(html`<fin-call-view lang=${lang} .client=${call} .documents=${asked}></fin-call-view>`);
}

describe('<fin-call-view> on the desk', () => {
  describe('when someone waits', () => {
    it('shows them, with "Admit", above the video', async () => {
      const el = await view(agentCall({ waiting: [marta] }));
      const parts = [...el.shadowRoot!.querySelectorAll('[part~="waiting-list"], [part~="stage"]')].map((node) => node.getAttribute('part'));
      expect(parts).to.deep.equal(['waiting-list', 'stage']);
      await expect(el).to.be.accessible();
    });

    it('keeps "Admit" in view on a desk laptop (1366 × 768, a page of 1366 × 657)', async () => {
      await setViewport({ width: 1366, height: 657 });
      try {
        // The desk's header and the call's heading sit above the view.
        const el = await fixture<FinCallView>(
          html`<div style="padding-top: 12rem; max-width: 52rem"><fin-call-view lang="ca" .client=${agentCall({ waiting: [marta] })} .documents=${documents}></fin-call-view></div>`,
        ).then((wrapper) => wrapper.querySelector('fin-call-view')!);
        const admit = $(el, 'admit-button')!.getBoundingClientRect();
        expect(admit.top).to.be.at.least(0);
        expect(admit.bottom).to.be.at.most(657);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });

    it('keeps the list where it was once they are in, so the page does not jump, and focus stays in it', async () => {
      const call = agentCall({ waiting: [marta] });
      const el = await view(call);
      $(el, 'admit-button')!.click();
      await waitUntil(() => !$(el, 'admit-button'));
      const parts = [...el.shadowRoot!.querySelectorAll('[part~="waiting-list"], [part~="stage"]')].map((node) => node.getAttribute('part'));
      expect(parts).to.deep.equal(['waiting-list', 'stage']);
      expect(text($(el, 'waiting-list'))).to.contain('No hi ha ningú esperant.');
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'waiting-title');
    });
  });

  describe('asking for a document', () => {
    it('proposes one that has not arrived, and lists those that arrived last, saying so', async () => {
      const call = agentCall();
      const el = await view(call);
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#ask-document')!;
      expect(select.value).to.equal('habitatge');
      expect([...select.options].map((option) => text(option))).to.deep.equal(['Contracte de lloguer', 'DNI o NIE (rebut)', 'Volant de padró (acceptat)']);
      $(el, 'ask-document-button')!.click();
      await waitUntil(() => call.calls.length === 1);
      expect(call.calls).to.deep.equal(['requestDocument:habitatge']);
    });

    it('speaks Spanish and English too', async () => {
      const es = await view(agentCall(), documents, 'es');
      expect([...es.shadowRoot!.querySelectorAll('#ask-document option')].map((option) => text(option))).to.deep.equal([
        'Contracte de lloguer',
        'DNI o NIE (recibido)',
        'Volant de padró (aceptado)',
      ]);
      const en = await view(agentCall(), documents, 'en');
      expect(text(en.shadowRoot!.querySelector('#ask-document option:last-child'))).to.equal('Volant de padró (accepted)');
    });

    it('keeps the agent’s choice when a document arrives meanwhile', async () => {
      const el = await view(agentCall());
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#ask-document')!;
      select.value = 'dni';
      select.dispatchEvent(new Event('change'));
      el.documents = documents.map((d) => (d.id === 'habitatge' ? { ...d, status: 'received' } : d));
      await el.updateComplete;
      expect(select.value).to.equal('dni');
    });

    it('styles its choices as the desk does: its text size, a 44 px target and a visible focus ring', async () => {
      const el = await view(agentCall());
      for (const id of ['ask-document', 'invite-role']) {
        const select = el.shadowRoot!.querySelector<HTMLSelectElement>(`#${id}`)!;
        const style = getComputedStyle(select);
        expect(parseFloat(style.fontSize), id).to.be.at.least(16);
        expect(select.getBoundingClientRect().height, id).to.be.at.least(44);
        expect(style.borderTopStyle, id).to.equal('solid');
      }
      el.shadowRoot!.querySelector<HTMLElement>('[part~="hang-up-button"]')!.focus();
      // From the hang-up button, the keyboard reaches the document's choice.
      await sendKeys({ press: 'Tab' });
      const focused = el.shadowRoot!.activeElement as HTMLElement;
      expect(focused.id).to.equal('ask-document');
      const ring = getComputedStyle(focused);
      expect(ring.outlineStyle).to.equal('solid');
      expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    });
  });

  describe('where the browser cannot share a screen (a phone)', () => {
    const shared = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia')!;
    afterEach(() => Object.defineProperty(MediaDevices.prototype, 'getDisplayMedia', shared));

    it('offers no screen sharing, only what works', async () => {
      delete (MediaDevices.prototype as Partial<MediaDevices>).getDisplayMedia;
      const el = await view(new FakeCall({ state: 'in-call', role: 'citizen', consent: agreed, localStream: new MediaStream([fakeVideoTrack()]) }), [], 'en');
      expect($(el, 'share-button')).to.equal(null);
      expect([...el.shadowRoot!.querySelectorAll('[part~="controls"] button')].map((button) => text(button))).to.deep.equal(['Mute microphone', 'Turn camera off', 'Hang up']);
    });

    it('offers none on a touch screen whose browser has the function but refuses every call', async () => {
      const original = window.matchMedia;
      window.matchMedia = ((query: string) => ({ ...original.call(window, query), matches: query === '(any-pointer: coarse)' })) as typeof window.matchMedia;
      try {
        const el = await view(new FakeCall({ state: 'in-call', role: 'citizen', consent: agreed }), [], 'en');
        expect($(el, 'share-button')).to.equal(null);
      } finally {
        window.matchMedia = original;
      }
    });

    it('offers it where the browser can', async () => {
      const el = await view(new FakeCall({ state: 'in-call', role: 'citizen', consent: agreed }), [], 'en');
      expect(text($(el, 'share-button'))).to.equal('Share screen');
    });
  });
});
