import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { DeskProcedure } from '@finestreta/server/contract';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import type { FinCaseReceipt } from './case-receipt.js';
import { agreementOf, procedureOf, signature } from './form-fixtures.js';
import '../index.js';

const SHA256 = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const path = (call: RecordedCall) => `${call.method} ${new URL(call.url).pathname}`;

const signed = (): DeskProcedure => procedureOf({ current: 'receipt', agreement: agreementOf('agreed', { signature }) });
const made = (): DeskProcedure => ({ ...signed(), revision: 14, receipt: { entryNumber: '2026/000123', registeredAt: '2026-12-06T10:18:07.000Z', sha256: SHA256 } });

let fetch: FetchStub | undefined;
afterEach(() => {
  fetch?.restore();
  fetch = undefined;
});

const mount = (procedure: DeskProcedure | undefined, lang = 'en') =>
  fixture<FinCaseReceipt>(html`<fin-case-receipt api="https://oac.example" case-id="case-1" lang=${lang} .procedure=${procedure}></fin-case-receipt>`);

describe('<fin-case-receipt>', () => {
  it('shows nothing before the signature', async () => {
    const el = await mount(procedureOf({ current: 'agreement', agreement: agreementOf('agreed') }));
    await expect(el).to.be.accessible();
    expect($(el, '[part~="base"]')).to.equal(null);
  });

  describe('once made', () => {
    it('shows the entry, when it was registered, the whole hash and a download recorded in the evidence', async () => {
      const el = await mount(made());
      await expect(el).to.be.accessible();
      const fields = [...el.shadowRoot!.querySelectorAll('[part~="field"]')].map((field) => [text(field.querySelector('dt')), text(field.querySelector('dd'))]);
      expect(fields[0]).to.deep.equal(['Registry entry', '2026/000123']);
      expect(fields[1]![0]).to.equal('Registered');
      expect(fields[1]![1]).to.match(/^6 December 2026(,| at) \d{2}:18:07$/);
      expect(text($(el, '[part~="sha256"]'))).to.equal(SHA256);
      const link = $<HTMLAnchorElement>(el, '[part~="download-link"]')!;
      expect(link.href).to.equal('https://oac.example/api/desk/appointments/case-1/procedure/receipt');
      expect(link.hasAttribute('download')).to.equal(true);
      expect(text(link)).to.equal('Download the receipt (PDF)');
      expect(text($(el, `#${link.getAttribute('aria-describedby')}`))).to.equal('Each download is recorded in the case’s evidence.');
    });

    it('speaks Catalan and Spanish', async () => {
      const el = await mount(made(), 'ca');
      expect(text($(el, '[part~="heading"]'))).to.equal('Justificant');
      expect(text($(el, '[part~="download-link"]'))).to.equal('Descarrega el justificant (PDF)');
      el.lang = 'es';
      await el.updateComplete;
      expect(text($(el, '[part~="download-link"]'))).to.equal('Descargar el justificante (PDF)');
    });

    it('announces a receipt made while it is shown', async () => {
      const el = await mount(signed());
      expect(text($(el, '[part~="announcer"]'))).to.equal('');
      el.procedure = made();
      await el.updateComplete;
      expect(text($(el, '[part~="announcer"]'))).to.equal('The receipt is made: registry entry 2026/000123.');
    });
  });

  describe('when the signed case has no receipt', () => {
    it('makes it again, then shows it, reports the procedure and moves focus to it', async () => {
      fetch = stubFetch((call) => (call.method === 'POST' ? json({ entryNumber: '2026/000123', sha256: SHA256, bytes: 41_000 }) : json(made())));
      const el = await mount(signed());
      await expect(el).to.be.accessible();
      expect(text($(el, '[part~="state-text"]'))).to.match(/^The application is signed, but its receipt is not made yet\./);
      const button = $<HTMLButtonElement>(el, '[part~="remake-button"]')!;
      expect(text(button)).to.equal('Make the receipt again');
      button.focus();
      const changed = oneEvent(el, 'fin-procedure-change');
      button.click();
      expect((await changed).detail.procedure.receipt?.entryNumber).to.equal('2026/000123');
      expect(fetch.calls.map(path)).to.deep.equal(['POST /api/desk/appointments/case-1/procedure/receipt', 'GET /api/desk/appointments/case-1/procedure']);
      expect(fetch.calls[0]!.credentials).to.equal('include');
      expect(fetch.calls[0]!.headers.get('Idempotency-Key')).to.be.a('string');
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'receipt-heading', 'focus did not move to the receipt');
      expect(text($(el, '[part~="value"]'))).to.equal('2026/000123');
      expect(text($(el, '[part~="announcer"]'))).to.equal('The receipt is made: registry entry 2026/000123.');
    });

    for (const [code, said] of [
      ['FIN_ERR_TIMESTAMP_UNAVAILABLE', 'The timestamp authority did not answer, so the receipt could not be sealed. Try again in a few minutes.'],
      ['FIN_ERR_SEAL_NOT_CONFIGURED', 'The council has no electronic seal configured, so no receipt can be sealed. Ask the service’s administrator to install it.'],
    ]) {
      it(`says a 503 ${code} in words, and stays ready to try again`, async () => {
        fetch = stubFetch(() => json({ statusCode: 503, code, message: 'The service is temporarily unavailable.' }, 503));
        const el = await mount(signed());
        $<HTMLButtonElement>(el, '[part~="remake-button"]')!.click();
        await waitUntil(() => $(el, '[part~="error"]'), 'the failure was not said', { timeout: 5000 });
        expect(text($(el, '[part~="error"]'))).to.equal(said);
        expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
        expect($(el, '[part~="remake-button"]')!.getAttribute('aria-disabled')).to.equal('false');
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('on its own, in the case’s details', () => {
    it('reads the procedure with the session and shows the receipt', async () => {
      fetch = stubFetch(() => json(made()));
      const el = await mount(undefined);
      await waitUntil(() => $(el, '[part~="download-link"]'), 'the receipt did not show');
      expect(path(fetch.calls[0]!)).to.equal('GET /api/desk/appointments/case-1/procedure');
      expect(fetch.calls[0]!.credentials).to.equal('include');
    });

    it('says when it cannot load, and tries again', async () => {
      fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_APPOINTMENT_NOT_FOUND', message: 'Appointment not found' }, 404));
      const el = await mount(undefined);
      await waitUntil(() => $(el, '[part~="error"]'), 'the failure was not said');
      expect(text($(el, '[part~="error"]'))).to.equal('The receipt cannot be shown right now.');
      fetch.respond(() => json(made()));
      $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
      await waitUntil(() => $(el, '[part~="download-link"]'), 'the receipt did not show');
    });
  });
});
