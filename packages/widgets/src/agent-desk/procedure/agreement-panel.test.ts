import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { DeskProcedure } from '@finestreta/server/contract';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import { shortFingerprint, type FinAgreementPanel } from './agreement-panel.js';
import { agreementOf, complete, procedureOf, signature } from './form-fixtures.js';
import '../index.js';

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const path = (call: RecordedCall) => `${call.method} ${new URL(call.url).pathname}`;

let fetch: FetchStub;

const at = (agreement: DeskProcedure['agreement'], recording?: DeskProcedure['recording']) => procedureOf({ data: complete, current: 'agreement', agreement, recording });

async function mount(procedure: DeskProcedure, handler: (call: RecordedCall) => Response | Promise<Response> = () => json({}, 500), lang = 'en') {
  fetch = stubFetch(handler);
  const el = await fixture<FinAgreementPanel>(html`<fin-agreement-panel api="https://oac.example" case-id="case-1" lang=${lang} .procedure=${procedure}></fin-agreement-panel>`);
  el.addEventListener('fin-procedure-change', (event) => (el.procedure = event.detail.procedure));
  return el;
}

async function sign(el: FinAgreementPanel, password: string) {
  const input = $<HTMLInputElement>(el, '#password')!;
  input.value = password;
  input.dispatchEvent(new InputEvent('input'));
  $<HTMLButtonElement>(el, '[part~="sign-button"]')!.click();
  await el.updateComplete;
}

afterEach(() => fetch?.restore());

describe('<fin-agreement-panel>', () => {
  it('passes an accessibility check, agreed with the signature form showing an error', async () => {
    const el = await mount(at(agreementOf('agreed')));
    await sign(el, '');
    await expect(el).to.be.accessible();
  });

  it('passes an accessibility check, signed', async () => {
    const el = await mount(at(agreementOf('agreed', { signature })));
    await expect(el).to.be.accessible();
  });

  it('groups the fingerprint’s first sixteen digits in fours, to read aloud', () => {
    expect(shortFingerprint('3f2a9c017be4d2108e65c4a1b7f0d3e2')).to.equal('3F2A 9C01 7BE4 D210');
  });

  describe('before the application is presented', () => {
    it('presents it, says so politely and reports the new procedure', async () => {
      const el = await mount(at(agreementOf('none')), () => json(at(agreementOf('presented'))));
      expect(text($(el, '[part~="badge"]'))).to.equal('Not presented');
      const changed = oneEvent(el, 'fin-procedure-change');
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      expect((await changed).detail.procedure.agreement.state).to.equal('presented');
      expect(path(fetch.calls[0])).to.equal('POST /api/desk/appointments/case-1/procedure/agreement/present');
      expect(fetch.calls[0].credentials).to.equal('include');
      await el.updateComplete;
      expect(text($(el, '[part~="announcer"]'))).to.equal('The application was presented to the citizen.');
      expect(text($(el, '[part~="badge"]'))).to.equal('Waiting for the citizen');
    });

    it('shows why the server would not present it', async () => {
      const el = await mount(at(agreementOf('none')), () => json({ statusCode: 409, code: 'FIN_ERR_IDENTITY_NOT_VERIFIED', message: 'no' }, 409));
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      await waitUntil(() => $(el, '[part~="error"]'));
      expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
      expect(text($(el, '[part~="error"]'))).to.equal('The citizen’s identity has not been verified: without it there can be no agreement.');
    });
  });

  describe('as the citizen answers', () => {
    it('waits, with the fingerprint to read aloud and whether their device opened the document', async () => {
      const el = await mount(at({ ...agreementOf('presented'), shownAt: null } as DeskProcedure['agreement']));
      expect(text($(el, '[part~="fingerprint"]'))).to.equal('3F2A 9C01 7BE4 D210');
      expect(text($(el, '[part~="fingerprint-full"]'))).to.equal(agreementOf('presented').sha256);
      expect($$(el, '[part~="state-text"]').map(text)[1]).to.equal('The citizen’s device has not opened the document yet.');
      el.procedure = at({ ...agreementOf('presented'), shownAt: '2026-12-06T10:15:00.000Z' } as DeskProcedure['agreement']);
      await el.updateComplete;
      expect($$(el, '[part~="state-text"]').map(text)[1]).to.match(/^The citizen’s device opened the document at \d\d:\d\d:\d\d\.$/);
    });

    it('says when they agreed', async () => {
      const el = await mount(at(agreementOf('agreed')));
      expect(text($(el, '[part~="badge"]'))).to.equal('Agreed');
      expect(text($(el, '[part~="state-text"]'))).to.match(/^The citizen agreed at \d\d:\d\d:\d\d\.$/);
      expect($(el, '[part~="present-button"]')).to.equal(null);
    });

    it('gives their reason for not agreeing, and offers to present it again', async () => {
      const el = await mount(at(agreementOf('refused', { reason: 'My second surname is missing' })));
      expect(text($(el, '[part~="badge"]'))).to.equal('Not agreed');
      expect(text($(el, '[part~="reason"]'))).to.equal('Their reason: “My second surname is missing”');
      expect(text($(el, '[part~="present-button"]'))).to.equal('Present it again');
    });

    it('says a void agreement no longer counts, and why', async () => {
      const el = await mount(at({ ...agreementOf('void'), voidCause: 'step identity redone' } as DeskProcedure['agreement']));
      expect(text($(el, '[part~="badge"]'))).to.equal('Void');
      expect(text($(el, '[part~="state-text"]'))).to.contain('no longer counts');
      expect(text($(el, '[part~="reason"]'))).to.equal('Cause recorded: step identity redone');
      expect(text($(el, '[part~="present-button"]'))).to.equal('Present it again');
    });

    it('warns that the citizen cannot agree while the required recording is off', async () => {
      const el = await mount(at(agreementOf('presented'), { required: true, running: false }));
      expect(text($(el, '[part~="recording-warning"]'))).to.contain('the citizen cannot agree until the recording runs');
      el.procedure = at(agreementOf('presented'), { required: true, running: true });
      await el.updateComplete;
      expect($(el, '[part~="recording-warning"]')).to.equal(null);
      el.procedure = at(agreementOf('presented'), { required: false, running: false });
      await el.updateComplete;
      expect($(el, '[part~="recording-warning"]')).to.equal(null);
    });
  });

  describe('signing on the citizen’s behalf', () => {
    it('asks for the password again, then shows the signature', async () => {
      const el = await mount(at(agreementOf('agreed')), () => json(at(agreementOf('agreed', { signature }))));
      const input = $<HTMLInputElement>(el, '#password')!;
      expect(input.type).to.equal('password');
      expect(input.autocomplete).to.equal('current-password');
      await sign(el, 'correct horse');
      await waitUntil(() => $(el, '[part~="signature"]'));
      expect(path(fetch.calls[0])).to.equal('POST /api/desk/appointments/case-1/procedure/agreement/sign');
      expect(fetch.calls[0].body).to.deep.equal({ password: 'correct horse' });
      expect($$(el, '[part~="signature"] dt').map(text)).to.deep.equal(['Signed by', 'Habilitation', 'Signed on', 'Key fingerprint']);
      const values = $$(el, '[part~="signature"] dd').map(text);
      expect(values[0]).to.equal('Jordi Vidal');
      expect(values[1]).to.equal('HAB-2026-0042');
      expect(values[2]).to.contain('2026');
      expect(values[3]).to.equal('9B1C 4E7A 2D5F 8036');
      expect($(el, '[part~="sign-form"]')).to.equal(null);
      expect(el.shadowRoot!.activeElement?.id).to.equal('signature-heading');
      expect(text($(el, '[part~="announcer"]'))).to.equal('The application is signed.');
    });

    it('asks for the password when it is missing, without a request', async () => {
      const el = await mount(at(agreementOf('agreed')));
      await sign(el, '');
      expect(text($(el, '#password-error'))).to.equal('Enter your password.');
      expect($(el, '#password')!.getAttribute('aria-invalid')).to.equal('true');
      expect(fetch.calls).to.have.length(0);
    });

    it('says a wrong password is wrong, next to the field', async () => {
      const el = await mount(at(agreementOf('agreed')), () => json({ statusCode: 401, code: 'FIN_ERR_CREDENTIALS_INVALID', message: 'The email or the password is not correct' }, 401));
      await sign(el, 'wrong');
      await waitUntil(() => $(el, '#password-error'));
      expect(text($(el, '#password-error'))).to.equal('The password is not correct.');
      expect($<HTMLInputElement>(el, '#password')!.value).to.equal('');
      expect(el.shadowRoot!.activeElement?.id).to.equal('password');
    });

    it('says plainly that an agent without habilitation cannot sign', async () => {
      const el = await mount(at(agreementOf('agreed')), () => json({ statusCode: 403, code: 'FIN_ERR_HABILITATION_REQUIRED', message: 'Only a habilitated employee…' }, 403));
      await sign(el, 'correct horse');
      await waitUntil(() => $(el, '[part~="error"]'));
      expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
      expect(text($(el, '[part~="error"]'))).to.match(/^You cannot sign: only a habilitated employee can sign on a citizen’s behalf/);
    });
  });

  it('speaks Catalan and Spanish', async () => {
    const ca = await mount(at(agreementOf('agreed')), undefined, 'ca');
    expect(text($(ca, '[part~="heading"]'))).to.equal('Conformitat');
    expect(text($(ca, '[part~="sign-button"]'))).to.equal('Signa');
    fetch.restore();
    const es = await mount(at(agreementOf('refused')), undefined, 'es');
    expect(text($(es, '[part~="reason"]'))).to.equal('No ha dado ningún motivo.');
  });
});
