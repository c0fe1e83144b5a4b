import type { DeskProcedure } from '@finestreta/server/contract';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeCall } from '../../call/testing.js';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import '../index.js';
import type { FinProcedurePanel } from './procedure-panel.js';
import { accepted, complete, deskProcedure, stepsAt } from './testing.js';

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: FinProcedurePanel, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: FinProcedurePanel, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const button = (el: FinProcedurePanel, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === label);
const path = (call: RecordedCall) => new URL(call.url).pathname;
const BASE = '/api/desk/appointments/case-1/procedure';

const verified = { ...complete, decision: { verified: true, reason: null, at: '2026-11-23T09:10:00.000Z', agentId: 'a1' } };
const atDocuments = deskProcedure(verified, { revision: 9, current: 'documents', steps: stepsAt('documents') });
const atApplication = deskProcedure(verified, { revision: 10, current: 'application', steps: stepsAt('application') });
const agreed = deskProcedure(verified, {
  revision: 12,
  current: 'agreement',
  steps: stepsAt('agreement'),
  agreement: { state: 'agreed', documentId: 'doc-1', sha256: 'ef'.repeat(32), presentedAt: '2026-11-23T09:20:00.000Z', answeredAt: '2026-11-23T09:21:00.000Z', reason: null, signature: null },
});

let fetch: FetchStub;
let reads: DeskProcedure[];

/** The server: GET answers the next of `reads` (the last one again once they run out), POST answers `changed`. */
function server(changed: () => Response = () => json({}, 500)) {
  return (call: RecordedCall) => {
    if (call.method === 'GET' && path(call) === BASE) return json(reads.length > 1 ? reads.shift() : reads[0]);
    if (call.method === 'GET' && path(call) === '/api/desk/cases/case-1/documents') return json({ expected: [], documents: [] });
    return changed();
  };
}

async function mount(first: DeskProcedure, options: { client?: FakeCall; changed?: () => Response } = {}) {
  reads = [first];
  fetch = stubFetch(server(options.changed));
  const el = await fixture<FinProcedurePanel>(
    html`<fin-procedure-panel api="https://oac.example" lang="en" case-id="case-1" .client=${options.client}></fin-procedure-panel>`,
  );
  await waitUntil(() => $(el, '[part~="steps"]'), 'the procedure did not load');
  return el;
}

const steps = (el: FinProcedurePanel) => $$(el, '[part~="step"]').map((step) => [text(step.querySelector('[part~="step-name"]')), text(step.querySelector('[part~="step-state"]'))]);
const changes = () => fetch.calls.filter((call) => call.method !== 'GET').map((call) => [path(call).replace(BASE, ''), call.body]);

afterEach(() => fetch?.restore());

describe('<fin-procedure-panel>', () => {
  it('passes an accessibility check, going back past an agreement', async () => {
    const el = await mount(agreed);
    button(el, 'Redo: Application')!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('reads the procedure with the session in the agent’s language and lists the steps with their states in words', async () => {
    const el = await mount(atApplication);
    expect(path(fetch.calls[0]!)).to.equal(BASE);
    expect(new URL(fetch.calls[0]!.url).searchParams.get('lang')).to.equal('en');
    expect(fetch.calls[0]!.credentials).to.equal('include');
    expect(steps(el)).to.deep.equal([
      ['Identity', 'done'],
      ['Documents', 'done'],
      ['Application', 'in progress'],
      ['Agreement', 'not started'],
      ['Receipt', 'not started'],
    ]);
    expect($$(el, '[aria-current="step"]').map((step) => text(step.querySelector('[part~="step-name"]')))).to.deep.equal(['Application']);
    const form = $<HTMLElement & { procedure?: DeskProcedure }>(el, 'fin-application-form')!;
    expect(form.getAttribute('case-id')).to.equal('case-1');
    expect(form.procedure?.revision).to.equal(10);
  });

  it('shows the identity check first, with the procedure it changes', async () => {
    const el = await mount(deskProcedure(accepted));
    const identity = $<HTMLElement & { procedure?: DeskProcedure }>(el, 'fin-identity-panel')!;
    expect(identity.procedure?.identity.consent?.state).to.equal('accepted');
    const next = button(el, 'Go on to: Documents')!;
    expect(next.disabled).to.equal(true);
    expect(text($(el, `#${next.getAttribute('aria-describedby')}`))).to.equal('Verify the identity first.');
  });

  it('says that a failed identity check stops the procedure', async () => {
    const el = await mount(deskProcedure(accepted, { steps: stepsAt('identity', ['identity']) }));
    expect(steps(el)[0]).to.deep.equal(['Identity', 'failed']);
    expect(text($(el, '[part~="why"]'))).to.contain('The identity was not verified: the procedure cannot go on.');
  });

  it('reads the procedure again when the call announces a newer revision, and only then', async () => {
    const client = new FakeCall({ state: 'in-call', role: 'agent' });
    const el = await mount(deskProcedure(accepted, { revision: 3 }), { client });
    const gets = () => fetch.calls.filter((call) => call.method === 'GET' && path(call) === BASE).length;
    reads = [atDocuments];
    client.set({ procedureRevision: 3 }, 'procedure');
    client.set({ procedureRevision: 9 }, 'tracks');
    await el.updateComplete;
    expect(gets(), 'neither an old revision nor another change').to.equal(1);
    client.set({ procedureRevision: 9 }, 'procedure');
    await waitUntil(() => $(el, 'fin-case-documents'), 'the documents step did not show');
    expect(gets()).to.equal(2);
    expect(text($(el, '[part~="announcer"]'))).to.equal('');
  });

  it('takes the procedure a step view answered with, and says the step reached', async () => {
    const el = await mount(deskProcedure(accepted, { revision: 8 }));
    $(el, 'fin-identity-panel')!.dispatchEvent(new CustomEvent('fin-procedure-change', { bubbles: true, composed: true, detail: { procedure: atDocuments } }));
    await el.updateComplete;
    expect($(el, 'fin-case-documents')).to.not.equal(null);
    expect(text($(el, '[part~="announcer"]'))).to.equal('Now at the step: Documents.');
  });

  it('goes on from the documents once the agent says they checked them', async () => {
    const el = await mount(atDocuments, { changed: () => json(atApplication) });
    expect($(el, 'fin-case-documents')!.getAttribute('heading-level')).to.equal('4');
    button(el, 'Documents checked, go on to the application')!.click();
    await waitUntil(() => $(el, 'fin-application-form'), 'the application did not show');
    expect(changes()).to.deep.equal([['/step', { step: 'application' }]]);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'the step reached takes focus').to.equal($(el, '[aria-current="step"]'));
  });

  it('shows the agreement, then the receipt once signed, as soon as it is made', async () => {
    const el = await mount(agreed);
    expect($(el, 'fin-agreement-panel')).to.not.equal(null);
    const next = button(el, 'Go on to: Receipt')!;
    expect(next.disabled).to.equal(true);
    expect(text($(el, '[part~="why"]'))).to.equal('The citizen must agree and you must sign first.');
    const signed = deskProcedure(verified, {
      current: 'receipt',
      steps: stepsAt('receipt'),
      agreement: {
        ...agreed.agreement,
        signature: { agentId: 'a1', agentName: 'Laia Puig', habilitation: 'HAB-1', algorithm: 'Ed25519', publicKeySha256: '12'.repeat(32), signedAt: '2026-11-23T09:22:00.000Z' },
      },
    });
    const call = new FakeCall({ state: 'in-call', role: 'agent' });
    const after = await mount(signed, { client: call });
    expect($$(after, '[part~="redo-button"]'), 'nothing can be redone once signed').to.have.length(0);
    // The receipt follows the signature: not made yet, then made, once the call says so.
    const receipt = () => $(after, 'fin-case-receipt')!.shadowRoot!;
    await waitUntil(() => receipt().querySelector('[part~="remake-button"]'), 'the receipt step did not show');
    reads = [{ ...signed, revision: signed.revision + 1, receipt: { entryNumber: '2026/000123', registeredAt: '2026-11-23T09:22:02.000Z', sha256: 'ab'.repeat(32) } }];
    call.set({ procedureRevision: signed.revision + 1 }, 'procedure');
    await waitUntil(() => receipt().querySelector('[part~="download-link"]'), 'the receipt made did not show');
    expect(text(receipt().querySelector('[part~="announcer"]'))).to.equal('The receipt is made: registry entry 2026/000123.');
    await expect(after).to.be.accessible();
  });

  describe('going back', () => {
    it('asks first when it voids the citizen’s agreement, and gives focus back when the agent stays', async () => {
      const el = await mount(agreed, { changed: () => json({ ...atApplication, revision: 13 }) });
      const redo = button(el, 'Redo: Application')!;
      redo.click();
      await el.updateComplete;
      expect(text($(el, '[part~="confirm"] p'))).to.equal('Going back to “Application” voids the citizen’s agreement: they will be asked to agree again. Go back?');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="confirm-button"]'));
      button(el, 'No, stay')!.click();
      await el.updateComplete;
      expect($(el, '[part~="confirm"]')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(redo);
      expect(changes()).to.deep.equal([]);
      redo.click();
      await el.updateComplete;
      button(el, 'Yes, go back')!.click();
      await waitUntil(() => $(el, 'fin-application-form'), 'the application did not show');
      expect(changes()).to.deep.equal([['/step', { step: 'application' }]]);
    });

    it('goes straight back when there is no agreement to void', async () => {
      const el = await mount(atApplication, { changed: () => json({ ...deskProcedure(verified), revision: 11 }) });
      button(el, 'Redo: Identity')!.click();
      await waitUntil(() => changes().length === 1, 'no request');
      expect(changes()).to.deep.equal([['/step', { step: 'identity' }]]);
    });
  });

  it('says why a move was refused, without throwing', async () => {
    const el = await mount(atDocuments, { changed: () => json({ statusCode: 409, code: 'FIN_ERR_PROCEDURE_STEP_ORDER', message: 'Finish the step "documents" first' }, 409) });
    button(el, 'Documents checked, go on to the application')!.click();
    await waitUntil(() => $(el, '[role="alert"]'), 'no error');
    expect(text($(el, '[role="alert"]'))).to.equal('Finish the steps before this one first.');
    expect($(el, 'fin-case-documents')).to.not.equal(null);
  });

  it('offers to try again when the procedure cannot be loaded', async () => {
    fetch = stubFetch(() => json({ statusCode: 404, code: 'FIN_ERR_APPOINTMENT_NOT_FOUND', message: 'Not found' }, 404));
    const el = await fixture<FinProcedurePanel>(html`<fin-procedure-panel api="https://oac.example" lang="ca" case-id="case-1"></fin-procedure-panel>`);
    await waitUntil(() => $(el, '[role="alert"]'), 'no error');
    expect(text($(el, '[role="alert"]'))).to.equal('Ara no es pot carregar el tràmit.');
    fetch.respond(() => json(atDocuments));
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitUntil(() => $(el, '[part~="steps"]'), 'did not load again');
  });
});
