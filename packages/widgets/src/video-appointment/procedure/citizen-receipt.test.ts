import type { CitizenProcedure } from '@finestreta/server/contract';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { captureDownloads, json, stubFetch, type FetchStub } from '../../shared/testing.js';
import type { FinCitizenReceipt } from './citizen-receipt.js';
import './receipt.js';
import { procedure } from './testing.js';

const RECEIPT_PATH = '/api/councils/demo/appointments/mine/procedure/receipt';
const PDF = new TextEncoder().encode('%PDF-1.7 the sealed receipt');
const signed = () => procedure('receipt');
const made = () => procedure('receipt', { receipt: { entryNumber: '2026/000123' } });

const part = (el: FinCitizenReceipt, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: FinCitizenReceipt, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<fin-citizen-receipt>', () => {
  let fetch: FetchStub | undefined;
  let capture: ReturnType<typeof captureDownloads> | undefined;

  afterEach(() => {
    fetch?.restore();
    capture?.restore();
    fetch = capture = undefined;
  });

  const mount = (view: CitizenProcedure | undefined, lang = 'en', access = 'full') =>
    fixture<FinCitizenReceipt>(
      html`<fin-citizen-receipt api="https://oac.example" council="demo" lang=${lang} token="t0k3n" access=${access} .procedure=${view}></fin-citizen-receipt>`,
    );

  it('shows nothing before the agent signs', async () => {
    const el = await mount(procedure('agreement'));
    await expect(el).to.be.accessible();
    expect(part(el, 'base')).to.equal(null);
  });

  describe('once the agent has signed', () => {
    it('says the receipt is being prepared, then announces it ready with its entry number', async () => {
      const el = await mount(procedure('agreement'));
      el.procedure = signed();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      expect(text(el, 'status')).to.equal('The agent has signed your application. Your receipt is being prepared…');
      const announcer = part(el, 'announcer')!;
      expect(announcer.getAttribute('aria-live')).to.equal('polite');
      expect(announcer.textContent).to.equal('The agent has signed your application. Your receipt is being prepared…');
      expect(part(el, 'download-button')).to.equal(null);

      el.procedure = made();
      await el.updateComplete;
      expect(text(el, 'heading')).to.equal('Your receipt is ready');
      expect(text(el, 'entry')).to.equal('Registry entry number: 2026/000123');
      expect(announcer.textContent).to.equal('Your receipt is ready: registry entry 2026/000123.');
      await expect(el).to.be.accessible();
    });

    it('does not announce what is already there when it appears', async () => {
      const el = await mount(made());
      expect(text(el, 'heading')).to.equal('Your receipt is ready');
      expect(text(el, 'announcer')).to.equal('');
    });
  });

  describe('when the receipt is ready', () => {
    it('downloads the sealed PDF with the token, from the keyboard, named by its entry', async () => {
      fetch = stubFetch(() => new Response(PDF, { headers: { 'Content-Type': 'application/pdf' } }));
      capture = captureDownloads();
      const el = await mount(made());
      const button = part(el, 'download-button')!;
      expect(button.textContent!.trim()).to.equal('Download the receipt (PDF)');
      button.focus();
      button.click();
      await waitUntil(() => capture!.downloads.length === 1, 'nothing was downloaded');
      const download = await capture.downloads[0]!;
      expect(download.fileName).to.equal('receipt-2026-000123.pdf');
      expect([...download.bytes]).to.deep.equal([...PDF]);
      const url = new URL(fetch.calls[0]!.url);
      expect(url.origin + url.pathname).to.equal(`https://oac.example${RECEIPT_PATH}`);
      expect(url.searchParams.get('token')).to.equal('t0k3n');
      expect(fetch.calls[0]!.credentials).to.equal('omit');
      await waitUntil(() => text(el, 'announcer') === 'The receipt has been downloaded.');
    });

    it('says a failed download in words, and the next try works', async () => {
      fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_RECEIPT_NOT_FOUND', message: 'The receipt of this case is not made yet' }, 404));
      capture = captureDownloads();
      const el = await mount(made(), 'es');
      part(el, 'download-button')!.click();
      await waitUntil(() => part(el, 'error'), 'the failure was not said');
      expect(text(el, 'error')).to.equal('No se ha podido descargar el justificante. Vuelva a intentarlo.');
      expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
      await expect(el).to.be.accessible();
      fetch.respond(() => new Response(PDF));
      part(el, 'download-button')!.click();
      await waitUntil(() => capture!.downloads.length === 1);
      expect((await capture.downloads[0]!).fileName).to.equal('justificante-2026-000123.pdf');
      await waitUntil(() => !part(el, 'error'), 'the error stayed');
    });

    it("sends a calendar's link to the personal link, with nothing to download", async () => {
      const el = await mount(made(), 'ca', 'calendar');
      expect(text(el, 'heading')).to.equal('El vostre justificant ja és a punt');
      expect(el.shadowRoot!.textContent).to.contain('Per descarregar-lo, obriu l’enllaç personal del correu que us hem enviat.');
      expect(part(el, 'download-button')).to.equal(null);
    });
  });

  describe('on its own, after the call', () => {
    it('reads the procedure with the token, and looks again while the receipt is being prepared', async () => {
      let view = signed();
      fetch = stubFetch(() => json(view));
      const el = await fixture<FinCitizenReceipt>(html`<fin-citizen-receipt api="https://oac.example" council="demo" lang="en" token="t0k3n"></fin-citizen-receipt>`);
      await waitUntil(() => part(el, 'check-button'), 'the receipt being prepared did not show');
      await expect(el).to.be.accessible();
      expect(new URL(fetch.calls[0]!.url).searchParams.get('token')).to.equal('t0k3n');
      view = made();
      part(el, 'check-button')!.click();
      await waitUntil(() => part(el, 'download-button'), 'the receipt made did not show');
      expect(fetch.calls).to.have.length(2);
      expect(text(el, 'announcer')).to.equal('Your receipt is ready: registry entry 2026/000123.');
    });
  });
});
