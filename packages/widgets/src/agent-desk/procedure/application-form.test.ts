import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { DeskProcedure } from '@finestreta/server/contract';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import type { FinApplicationForm } from './application-form.js';
import { caseDocuments, complete, genericForm, halfFilled, permitForm, procedureOf } from './form-fixtures.js';
import '../index.js';

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const path = (call: RecordedCall) => `${call.method} ${new URL(call.url).pathname}`;
const puts = () => fetch.calls.filter((call) => call.method === 'PUT');

let fetch: FetchStub;
let mounted: FinApplicationForm | undefined;

type Handler = (call: RecordedCall) => Response | Promise<Response> | undefined;

/** The server: the case's documents, and whatever `handler` answers; a PUT is accepted with the next version. */
function server(handler: Handler = () => undefined) {
  return (call: RecordedCall) => {
    const answer = handler(call);
    if (answer) return answer;
    if (call.method === 'GET' && new URL(call.url).pathname === '/api/desk/cases/case-1/documents') return json(caseDocuments());
    if (call.method === 'PUT') {
      const body = call.body as { formId: string; data: Record<string, unknown>; attachments: string[]; version: number };
      const form = body.formId === 'generic' ? genericForm() : permitForm();
      return json(procedureOf({ form, data: body.data, attachments: body.attachments, version: body.version + 1 }));
    }
    return json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'not found' }, 404);
  };
}

async function mount(procedure: DeskProcedure = procedureOf({ data: halfFilled }), handler?: Handler, lang = 'en') {
  fetch = stubFetch(server(handler));
  const el = await fixture<FinApplicationForm>(html`<fin-application-form api="https://oac.example" case-id="case-1" lang=${lang} .procedure=${procedure}></fin-application-form>`);
  // The panel around it passes on each procedure the form reports.
  el.addEventListener('fin-procedure-change', (event) => (el.procedure = event.detail.procedure));
  mounted = el;
  await waitUntil(() => $(el, '[part~="attachments"] [part~="checkbox"]'), 'the documents did not load');
  return el;
}

async function type(el: FinApplicationForm, selector: string, value: string, leave = true) {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!;
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  if (leave) input.blur();
  await el.updateComplete;
}

const fieldOf = (el: FinApplicationForm, id: string) => $(el, `#${id}`)!.closest('[part~="field"]')!;

afterEach(async () => {
  // Leaving the page saves what was typed last: that request belongs to this test's server.
  mounted?.remove();
  mounted = undefined;
  await new Promise((resolve) => setTimeout(resolve));
  fetch?.restore();
});

describe('<fin-application-form>', () => {
  it('passes an accessibility check, half filled with an error shown', async () => {
    const el = await mount();
    await type(el, '#field-people', 'many');
    await waitUntil(() => $(el, '[part~="field-error"]'));
    await expect(el).to.be.accessible();
  });

  it('renders the schema’s fields in the order of the form’s hints, with their labels, groups and help', async () => {
    const el = await mount();
    expect($$(el, '[part~="legend"]').map(text)).to.deep.equal([
      'Applicant',
      'Representative (optional)',
      'Notifications',
      'Attachments',
    ]);
    const labels = $$(el, '[part~="form"] [part~="label"]').map(text);
    expect(labels).to.deep.equal([
      'Full name',
      'DNI or NIE',
      'Email address (optional)',
      'Representative’s name',
      'Channel',
      'Postal address (optional)',
      'Facts and reasons',
      'Request',
      'Addressed to (optional)',
      'Number of people (optional)',
    ]);
    expect($<HTMLInputElement>(el, '#field-applicant-name')!.value).to.equal('Marta Puig Soler');
    expect($<HTMLInputElement>(el, '#field-applicant-email')!.type).to.equal('email');
    expect($(el, '#field-facts')!.localName).to.equal('textarea');
    expect($(el, '#field-facts')!.getAttribute('aria-describedby')).to.equal('field-facts-hint');
    expect(text($(el, '#field-facts-hint'))).to.equal('What happened, and why the citizen asks.');
    expect($(el, '#field-body')!.localName, 'five choices make a select').to.equal('select');
    expect($$<HTMLInputElement>(el, 'input[name="field-notification-channel"]').map((radio) => [radio.value, radio.checked])).to.deep.equal([
      ['electronic', true],
      ['post', false],
    ]);
    expect($<HTMLInputElement>(el, '#field-truthful')!.type).to.equal('checkbox');
    expect($<HTMLSelectElement>(el, '#form-choice')!.value).to.equal('generic');
    expect($$(el, '[part~="attachments"] [part~="choice"]').map(text), 'a rejected document cannot be attached').to.deep.equal(['dni-front.pdf', 'rental-contract.pdf']);
  });

  it('words a choice’s values as the form’s hints say', async () => {
    const form = genericForm();
    form.fields = form.fields.map((hint) =>
      hint.pointer === '/notification/channel' ? { ...hint, options: [{ value: 'post', label: 'On paper, by post' }] } : hint,
    );
    const el = await mount(procedureOf({ form, data: halfFilled }));
    expect($$(el, 'input[name="field-notification-channel"]').map((radio) => text(radio.closest('label')))).to.deep.equal(['Electronic notification', 'On paper, by post']);
  });

  it('lists what is still missing, each a link to its field', async () => {
    const el = await mount();
    expect($$(el, '[part~="missing-link"]').map(text)).to.deep.equal(['Facts and reasons', 'Request', 'I declare that the data given is true']);
    $$<HTMLAnchorElement>(el, '[part~="missing-link"]')[1].click();
    expect(el.shadowRoot!.activeElement?.id).to.equal('field-request');
  });

  describe('when a value is not valid', () => {
    it('shows the field’s error once the agent leaves it, and does not save it', async () => {
      const el = await mount();
      await type(el, '#field-people', 'many', false);
      expect(fieldOf(el, 'field-people').querySelector('[part~="field-error"]'), 'not while typing').to.equal(null);
      $<HTMLInputElement>(el, '#field-people')!.blur();
      await el.updateComplete;
      expect(text(fieldOf(el, 'field-people').querySelector('[part~="field-error"]'))).to.equal('“Number of people” must be a whole number.');
      expect($(el, '#field-people')!.getAttribute('aria-invalid')).to.equal('true');
      await waitUntil(() => text($(el, '[part~="status"]')) === 'Not saved yet: correct the fields marked.');
      await type(el, '#field-applicant-idNumber', '1234', true);
      expect(text(fieldOf(el, 'field-applicant-idNumber').querySelector('[part~="field-error"]'))).to.equal('“DNI or NIE” is not in the expected format.');
      expect(puts()).to.have.length(0);
    });

    it('puts the server’s refusal of a value next to its field', async () => {
      const el = await mount(undefined, (call) =>
        call.method === 'PUT'
          ? json(
              {
                statusCode: 400,
                code: 'FIN_ERR_APPLICATION_INVALID',
                message: 'The application has values that are not valid',
                errors: [{ pointer: '/applicant/name', message: 'The name must match the identity document' }],
              },
              400,
            )
          : undefined,
      );
      await type(el, '#field-applicant-name', 'M. Puig');
      await waitUntil(() => fieldOf(el, 'field-applicant-name').querySelector('[part~="field-error"]'), 'the server’s error was not shown');
      expect(text(fieldOf(el, 'field-applicant-name').querySelector('[part~="field-error"]'))).to.equal('The name must match the identity document');
      expect(text($(el, '[part~="status"]'))).to.equal('Not saved: the server refused the values marked.');
      expect(text($(el, '[part~="error-summary"] [part~="error-link"]'))).to.equal('The name must match the identity document');
      await type(el, '#field-applicant-name', 'Marta Puig', false);
      expect(fieldOf(el, 'field-applicant-name').querySelector('[part~="field-error"]'), 'a changed value drops the verdict').to.equal(null);
    });
  });

  describe('saving', () => {
    it('saves once, shortly after the last keystroke, with the form, the whole data, the attachments and the version', async () => {
      const el = await mount();
      await type(el, '#field-facts', 'The lift', false);
      await type(el, '#field-facts', 'The lift is broken', false);
      expect(puts()).to.have.length(0);
      const changed = oneEvent(el, 'fin-procedure-change');
      await waitUntil(() => puts().length === 1, 'no save after the pause', { timeout: 2000 });
      expect(path(puts()[0])).to.equal('PUT /api/desk/appointments/case-1/procedure/application');
      expect(puts()[0].credentials).to.equal('include');
      expect(puts()[0].body).to.deep.equal({ formId: 'generic', data: { ...halfFilled, facts: 'The lift is broken' }, attachments: [], version: 3 });
      expect((await changed).detail.procedure.application.version).to.equal(4);
      await waitUntil(() => /^Saved at /.test(text($(el, '[part~="status"]')) ?? ''));
      expect($(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
      await type(el, '#field-request', 'An inspection');
      await waitUntil(() => puts().length === 2, 'leaving the field did not save');
      expect((puts()[1].body as { version: number }).version, 'the next save carries the new version').to.equal(4);
    });

    it('shows a version saved elsewhere, but not over what the agent is typing', async () => {
      const el = await mount();
      el.procedure = procedureOf({ data: { ...halfFilled, facts: 'Told on the phone' }, version: 5 });
      await el.updateComplete;
      expect($<HTMLTextAreaElement>(el, '#field-facts')!.value).to.equal('Told on the phone');
      await type(el, '#field-request', 'An inspection', false);
      el.procedure = procedureOf({ data: halfFilled, version: 6 });
      await el.updateComplete;
      expect($<HTMLTextAreaElement>(el, '#field-request')!.value).to.equal('An inspection');
    });

    it('attaches a document of the case', async () => {
      const el = await mount();
      $<HTMLInputElement>(el, '[part~="attachments"] input[value="doc-b"]')!.click();
      await waitUntil(() => puts().length === 1);
      expect((puts()[0].body as { attachments: string[] }).attachments).to.deep.equal(['doc-b']);
    });

    it('reloads the application when it changed meanwhile', async () => {
      const fresh = procedureOf({ data: { ...halfFilled, applicant: { ...halfFilled.applicant, name: 'Marta Puig i Soler' } }, version: 9 });
      const el = await mount(undefined, (call) => {
        if (call.method === 'PUT') return json({ statusCode: 409, code: 'FIN_ERR_CHANGED_MEANWHILE', message: 'It changed' }, 409);
        if (path(call) === 'GET /api/desk/appointments/case-1/procedure') return json(fresh);
        return undefined;
      });
      await type(el, '#field-request', 'An inspection');
      await waitUntil(() => text($(el, '[part~="status"]')) === 'The application was changed elsewhere: this is its latest version.');
      expect($<HTMLInputElement>(el, '#field-applicant-name')!.value).to.equal('Marta Puig i Soler');
      expect($<HTMLTextAreaElement>(el, '#field-request')!.value).to.equal('');
      expect(el.procedure?.application.version).to.equal(9);
    });

    it('says so when it cannot save, and saves again on request', async () => {
      let down = true;
      const el = await mount(undefined, (call) => (call.method === 'PUT' && down ? json({ statusCode: 409, code: 'FIN_ERR_PROCEDURE_NOT_OPEN', message: 'closed' }, 409) : undefined));
      await type(el, '#field-request', 'An inspection');
      await waitUntil(() => $(el, '[part~="error"][role="alert"]'));
      expect(text($(el, '[part~="error"] p'))).to.equal('The application could not be saved. The procedure can only change while the video call runs.');
      down = false;
      $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
      await waitUntil(() => /^Saved at /.test(text($(el, '[part~="status"]')) ?? ''));
      expect(puts()).to.have.length(2);
    });

    it('switches to another form, keeping what it also has', async () => {
      const el = await mount();
      const select = $<HTMLSelectElement>(el, '#form-choice')!;
      select.value = 'parking-permit';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => $(el, '#field-plate'), 'the permit form did not show');
      expect(puts()[0].body).to.deep.equal({ formId: 'parking-permit', data: halfFilled, attachments: [], version: 3 });
      expect($$(el, '[part~="form"] [part~="label"]').map(text)).to.deep.equal(['Number plate', 'Street of residence']);
    });
  });

  describe('presenting to the citizen', () => {
    it('lists what is wrong first, in a summary that takes focus', async () => {
      const el = await mount();
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      await waitUntil(() => el.shadowRoot!.activeElement?.matches('[part~="error-summary"]'), 'the summary did not take focus');
      expect($$(el, '[part~="error-link"]').map(text)).to.deep.equal([
        'Fill in “Facts and reasons”.',
        'Fill in “Request”.',
        'Fill in “I declare that the data given is true”.',
      ]);
      expect(fetch.calls.some((call) => call.method === 'POST')).to.equal(false);
    });

    it('saves what is left, then presents it, which goes on to the agreement step', async () => {
      const withoutRequest: Record<string, unknown> = { ...complete };
      delete withoutRequest.request;
      const el = await mount(procedureOf({ data: withoutRequest }), (call) =>
        call.method === 'POST' ? json(procedureOf({ data: complete, version: 4, current: 'agreement' })) : undefined,
      );
      await type(el, '#field-request', 'An inspection', false);
      const changed = oneEvent(el, 'fin-procedure-change');
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      await waitUntil(() => fetch.calls.some((call) => call.method === 'POST'));
      expect(fetch.calls.filter((call) => call.method !== 'GET').map(path)).to.deep.equal([
        'PUT /api/desk/appointments/case-1/procedure/application',
        'POST /api/desk/appointments/case-1/procedure/agreement/present',
      ]);
      expect(new URL(fetch.calls.at(-1)!.url).searchParams.get('lang'), 'the answer in the agent’s language').to.equal('en');
      await changed;
      await waitUntil(() => el.procedure?.current === 'agreement');
    });

    it('puts the server’s verdicts next to their fields when it will not present', async () => {
      const el = await mount(procedureOf({ data: complete }), (call) =>
        call.method === 'POST'
          ? json(
              {
                statusCode: 400,
                code: 'FIN_ERR_APPLICATION_INVALID',
                message: 'The application is not complete',
                details: { errors: [{ pointer: '/applicant/idNumber', message: 'The check letter is wrong' }, { pointer: '', message: 'Attach the rental contract' }] },
              },
              400,
            )
          : undefined,
      );
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      await waitUntil(() => el.shadowRoot!.activeElement?.matches('[part~="error-summary"]'), 'the summary did not take focus');
      expect(text($(el, '[part~="form-error"]'))).to.equal('Attach the rental contract');
      expect(text(fieldOf(el, 'field-applicant-idNumber').querySelector('[part~="field-error"]'))).to.equal('The check letter is wrong');
    });

    it('shows why the server would not go on', async () => {
      const el = await mount(procedureOf({ data: complete }), (call) =>
        call.method === 'POST' ? json({ statusCode: 409, code: 'FIN_ERR_IDENTITY_NOT_VERIFIED', message: 'Without a verified identity…' }, 409) : undefined,
      );
      $<HTMLButtonElement>(el, '[part~="present-button"]')!.click();
      await waitUntil(() => $(el, '[part~="error"][role="alert"]'));
      expect(text($(el, '[part~="error"] p'))).to.contain('The citizen’s identity has not been verified');
    });
  });

  it('speaks Catalan and Spanish', async () => {
    const ca = await mount(procedureOf({ lang: 'ca', data: halfFilled }), undefined, 'ca');
    expect(text($(ca, '[part~="heading"]'))).to.equal('Sol·licitud');
    expect(text($(ca, '[part~="present-button"]'))).to.equal('Presenta-la a la persona');
    fetch.restore();
    const es = await mount(procedureOf({ lang: 'es', data: halfFilled }), undefined, 'es');
    expect(text($(es, '[part~="missing-title"]'))).to.equal('Aún falta');
  });

  it('is read-only once the application is signed', async () => {
    const el = await mount(procedureOf({ data: complete, agreement: { ...procedureOf().agreement, state: 'agreed', signature: { agentId: 'a', agentName: 'A', habilitation: 'H', algorithm: 'ECDSA', publicKeySha256: 'ab', signedAt: '2026-12-06T10:00:00Z' } } }));
    expect(text($(el, '[part~="notice"]'))).to.equal('The application is signed and can no longer change.');
    expect($<HTMLInputElement>(el, '#field-applicant-name')!.disabled).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part~="present-button"]')!.disabled).to.equal(true);
  });
});
