import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FinErrorEvent, FinQueuedEvent, FinSubmitEvent } from '../shared/events.js';
import { clockAhead, hang, isolateOutbox, json, networkDown, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import { loadPhoneRules } from '../shared/contact-fields.js';
import { getOutbox, OUTBOX_MAX_AGE } from '../shared/outbox.js';
import type { CallbackCreated, CallbackSlots, Council, TimeWindow } from '../shared/types.js';
import './index.js';
import type { CallMeForm } from './call-me-form.js';

const ZONE = 'Europe/Madrid';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Noon UTC `days` from now, so a slot's council day is unambiguous whatever the hour of the run. */
function at(days: number, hours: number): string {
  const noon = new Date(Date.now() + days * DAY);
  noon.setUTCHours(8 + hours, 0, 0, 0);
  return noon.toISOString();
}

const window = (days: number, hours: number): TimeWindow => ({ start: at(days, hours), end: at(days, hours + 0.5) });

function slots(overrides: Partial<CallbackSlots> = {}): CallbackSlots {
  const list = [2, 3].flatMap((days) => [0, 1, 2].map((hours) => ({ ...window(days, hours), available: 1 })));
  return {
    timeZone: ZONE,
    slotMinutes: 30,
    topics: [
      { id: 'online-help', name: 'Help with an online procedure' },
      { id: 'padro', name: 'Register of residents' },
    ],
    asap: { start: list[0].start, end: list[0].end },
    slots: list,
    ...overrides,
  };
}

const council: Partial<Council> = { id: 'demo', name: 'Ajuntament de Vilademo', timeZone: ZONE, privacyUrl: 'https://vilademo.example/privacy' };

const created = (slot: TimeWindow): CallbackCreated => ({
  reference: 'CB-7K3M9Q',
  state: 'requested',
  slot,
  cancelUrl: 'https://oac.example/callbacks/cancel?council=demo&token=t0k3n',
});

type Answer = (call: RecordedCall) => Response | Promise<Response>;

/** A server that answers the two GETs with `data` and every POST with `post`. */
function server(post: Answer = () => json(created(window(2, 0)), 201), data: () => CallbackSlots = slots): Answer {
  return (call) => {
    if (call.method === 'POST') return post(call);
    if (call.url.includes('/callbacks/slots')) return json(data());
    return json(council);
  };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();
const focused = (el: Element) => el.shadowRoot!.activeElement;
/** Waits until the element matching `selector` exists and has focus. */
const focusOn = (el: Element, selector: string) => waitUntil(() => $(el, selector) && focused(el) === $(el, selector), `${selector} did not take focus`);

async function ready(el: CallMeForm) {
  await waitUntil(() => $(el, 'form') || $(el, '[part~="no-slots"]') || $(el, '[part~="error"]'), 'the form did not settle', { timeout: 3000 });
  await el.updateComplete;
}

async function mount(attributes = html`<call-me-form api="https://oac.example" council="demo" lang="en"></call-me-form>`) {
  const el = await fixture<CallMeForm>(attributes);
  await ready(el);
  return el;
}

async function type(el: CallMeForm, field: string, value: string, blur = true) {
  // The numbering plans arrive once a number is first read; the checks below are those made with them.
  if (field === 'phone') await loadPhoneRules();
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
  if (blur) input.dispatchEvent(new FocusEvent('blur'));
  await el.updateComplete;
}

async function fillIn(el: CallMeForm, email = '') {
  await type(el, 'name', 'Marta Soler');
  await type(el, 'phone', '612 34 56 78');
  if (email) await type(el, 'email', email);
  await type(el, 'description', 'I cannot sign the residence certificate request.');
  $<HTMLInputElement>(el, '#consent')!.click();
  await el.updateComplete;
}

async function submit(el: CallMeForm) {
  $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
  await el.updateComplete;
}

const posts = (fetch: FetchStub) => fetch.calls.filter((c) => c.method === 'POST');

describe('<call-me-form>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  it('passes an accessibility check', async () => {
    fetch = stubFetch(server());
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  // First, while this page has not fetched the numbering plans yet.
  describe('the numbering plans', () => {
    const fetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('libphonenumber-js'));

    it('are fetched at the first keystroke in the form, and then check the number', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect(fetched(), 'fetched with the form').to.equal(false);
      const name = $<HTMLInputElement>(el, '#name')!;
      name.value = 'M';
      name.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await waitUntil(fetched, 'the plans were not fetched at the first keystroke', { timeout: 10_000 });
      const input = $<HTMLInputElement>(el, '#phone')!;
      input.value = '123';
      input.dispatchEvent(new InputEvent('input'));
      input.dispatchEvent(new FocusEvent('blur'));
      // The test server sends the library as a hundred modules, not one chunk.
      await waitUntil(() => $(el, '#phone-error'), 'the number was not checked once the plans arrived', { timeout: 10_000 });
      expect(text(el, '#phone-error')).to.equal('Enter a phone number in the correct format, like 612 345 678 or +33 6 12 34 56 78');
    });
  });

  describe('while loading', () => {
    it('is busy and says so politely', async () => {
      fetch = stubFetch(hang);
      const el = await fixture<CallMeForm>(html`<call-me-form council="demo" lang="en"></call-me-form>`);
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect($(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
      expect(text(el, '[part~="status"]')).to.equal('Loading the free slots…');
      await expect(el).to.be.accessible();
    });

    it('asks for the slots and the council in parallel, in the widget’s language', async () => {
      fetch = stubFetch(hang);
      await fixture<CallMeForm>(html`<call-me-form api="https://oac.example" council="demo" lang="es"></call-me-form>`);
      await waitUntil(() => fetch.calls.length === 2);
      expect(fetch.calls.map((c) => c.url).sort()).to.deep.equal([
        'https://oac.example/api/councils/demo/callbacks/slots?lang=es',
        'https://oac.example/api/councils/demo?lang=es',
      ]);
    });
  });

  describe('when the service cannot be reached', () => {
    it('shows a neutral message, fires fin-error and loads on retry', async () => {
      let down = true;
      fetch = stubFetch((call) => (down ? json({ statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'x' }, 503) : server()(call)));
      const el = document.createElement('call-me-form');
      Object.assign(el, { council: 'demo', lang: 'en' });
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('FIN_ERR_INTERNAL');
        await ready(el);
        expect(text(el, '[part~="error"]')).to.equal('Calls cannot be requested right now. Try again in a moment.');
        await expect(el).to.be.accessible();
        down = false;
        $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
        await waitUntil(() => $(el, 'form'));
      } finally {
        el.remove();
      }
    });
  });

  describe('when there are no free times', () => {
    it('says so with the office hours hint and shows no form', async () => {
      fetch = stubFetch(server(undefined, () => slots({ asap: null, slots: [] })));
      const el = await mount();
      expect(text(el, '[part~="no-slots"] h3')).to.equal('No free slots in the coming days');
      expect(text(el, '[part~="no-slots"] p')).to.contain('opening hours');
      expect($(el, 'form')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('when ready', () => {
    it('offers the topics with online help first, and preselects the topic attribute', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<call-me-form council="demo" lang="en" topic="padro"></call-me-form>`);
      const select = $<HTMLSelectElement>(el, '#topic')!;
      expect([...select.options].map((o) => o.value)).to.deep.equal(['online-help', 'padro']);
      expect(select.value).to.equal('padro');
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('offers "as soon as possible" with the time of the next free slot, in the council’s time zone', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE }).format(new Date(slots().asap!.start));
      const asap = $<HTMLInputElement>(el, 'input[name="when"][value="asap"]')!;
      expect(asap.checked).to.equal(true);
      expect(asap.closest('label')!.textContent).to.contain(`around ${time}`);
    });

    it('marks up the fields for autofill, phones and the honeypot', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect($(el, '#name')!.getAttribute('autocomplete')).to.equal('name');
      expect($(el, '#phone')!.getAttribute('type')).to.equal('tel');
      expect($(el, '#phone')!.getAttribute('autocomplete')).to.equal('tel');
      const honeypot = $(el, '#website')!;
      expect(honeypot.getAttribute('tabindex')).to.equal('-1');
      expect(honeypot.getAttribute('autocomplete')).to.equal('off');
      expect(honeypot.closest('[aria-hidden="true"]')).to.not.equal(null);
      expect(honeypot.getBoundingClientRect().right).to.be.below(0);
      const privacy = $<HTMLAnchorElement>(el, '[part~="privacy-link"]')!;
      expect(privacy.href).to.equal('https://vilademo.example/privacy');
      expect(privacy.target).to.equal('_blank');
      expect(privacy.textContent).to.contain('opens in a new tab');
    });
  });

  describe('the day and time picker', () => {
    it('groups the free times by day and moves with the arrow keys', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      $<HTMLInputElement>(el, 'input[name="when"][value="pick"]')!.click();
      await el.updateComplete;
      const days = $$<HTMLInputElement>(el, 'input[name="day"]');
      expect(days.length).to.equal(2);
      expect(days[0].checked).to.equal(true);
      expect(days[0].closest('label')!.textContent).to.contain('3 free slots');
      expect($$(el, 'input[name="time"]').map((r) => (r as HTMLInputElement).value)).to.deep.equal(slots().slots.slice(0, 3).map((s) => s.start));

      days[0].focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(focused(el)).to.equal(days[1]);
      expect(days[1].checked).to.equal(true);
      const times = $$<HTMLInputElement>(el, 'input[name="time"]');
      expect(times.map((r) => r.value)).to.deep.equal(slots().slots.slice(3).map((s) => s.start));

      times[0].focus();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(focused(el)).to.equal(times[1]);
      expect(times[1].checked).to.equal(true);
      expect(times[1].closest('label')!.getAttribute('part')).to.contain('checked');
      expect(times[1].closest('label')!.getBoundingClientRect().height).to.be.at.least(44);
      await expect(el).to.be.accessible();
    });
  });

  describe('validation', () => {
    it('shows a field’s error only once it was touched', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect($(el, '[part~="field-error"]')).to.equal(null);
      await type(el, 'phone', '123');
      expect($$(el, '[part~="field-error"]').map((e) => e.id)).to.deep.equal(['phone-error']);
      expect(text(el, '#phone-error')).to.equal('Enter a phone number in the correct format, like 612 345 678 or +33 6 12 34 56 78');
      expect($(el, '#phone')!.getAttribute('aria-invalid')).to.equal('true');
    });

    it('paints nothing red when the citizen tabs through the empty fields', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      for (const field of ['name', 'phone', 'email', 'description']) {
        $(el, `#${field}`)!.focus();
        $(el, `#${field}`)!.blur();
      }
      await el.updateComplete;
      expect($$(el, '[part~="field-error"]')).to.deep.equal([]);
      expect($$(el, '[aria-invalid="true"]')).to.deep.equal([]);
    });

    it('moves nothing below a field while the pointer that left it is pressed, so the click lands where aimed', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const consent = $(el, '#consent')!;
      const before = consent.getBoundingClientRect().top;
      globalThis.dispatchEvent(new PointerEvent('pointerdown'));
      await type(el, 'phone', '123');
      expect(consent.getBoundingClientRect().top).to.equal(before);
      expect($(el, '#phone-error')).to.equal(null);
      globalThis.dispatchEvent(new PointerEvent('pointerup'));
      await waitUntil(() => $(el, '#phone-error'), 'the error did not show once the press was over');
      expect(text(el, '#phone-error')).to.equal('Enter a phone number in the correct format, like 612 345 678 or +33 6 12 34 56 78');
    });

    it('on submit shows an error summary that takes focus and links to each field', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      $<HTMLInputElement>(el, 'input[name="when"][value="pick"]')!.click();
      await submit(el);
      const summary = $(el, '[part~="error-summary"]')!;
      await waitUntil(() => focused(el) === summary);
      const links = $$<HTMLAnchorElement>(el, '[part~="error-link"]');
      expect(links.map((a) => a.textContent)).to.deep.equal([
        'Choose a time for the call',
        'Enter your name',
        'Enter a phone number',
        'Tell us briefly what you need',
        'To request the call, agree to the use of your details',
      ]);
      links[2].click();
      expect(focused(el)).to.equal($(el, '#phone'));
      links[0].click();
      expect(focused(el)).to.equal($(el, 'input[name="time"]'));
      expect(posts(fetch)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('counts the description’s characters and announces them only near the limit', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await type(el, 'description', 'Hello', false);
      expect(text(el, '[part~="counter"]')).to.equal('You have 495 characters left');
      expect(text(el, '[aria-live="polite"]')).to.equal('');
      await type(el, 'description', 'x'.repeat(499), false);
      expect(text(el, '[aria-live="polite"]')).to.equal('You have 1 character left');
      await type(el, 'description', 'x'.repeat(502));
      expect(text(el, '[part~="counter"]')).to.equal('You have 2 characters too many');
      expect(text(el, '#description-error')).to.equal('The description must be 500 characters or fewer');
    });
  });

  describe('the phone number', () => {
    it('is normalised, shown back and sent in international format', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await type(el, 'phone', '612 34 56 78');
      expect(text(el, '[part~="phone-normalised"]')).to.equal('We will call +34 612 34 56 78');
      expect($(el, '#phone')!.getAttribute('aria-describedby')).to.contain('phone-normalised');
      await type(el, 'phone', '0033 6 12 34 56 78');
      expect(text(el, '[part~="phone-normalised"]')).to.equal('We will call +33 6 12 34 56 78');
      await fillIn(el);
      await type(el, 'phone', '+44 7911 123456');
      await submit(el);
      await waitUntil(() => posts(fetch).length === 1);
      expect((posts(fetch)[0].body as { phone: string }).phone).to.equal('+447911123456');
    });
  });

  describe('when the request is accepted', () => {
    it('fires fin-submit and shows the reference, the window and how to cancel, focusing the heading', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await fillIn(el, 'marta@example.com');
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<CallbackCreated>>;
      await submit(el);
      const { detail } = await submitted;
      expect(detail.kind).to.equal('callback');
      expect(detail.result.reference).to.equal('CB-7K3M9Q');
      await focusOn(el, '[part~="heading"]');
      expect(text(el, '[part~="heading"]')).to.equal('Call requested');
      expect(text(el, '[part~="reference"]')).to.equal('Your reference is CB-7K3M9Q');
      const start = new Date(window(2, 0).start);
      const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: ZONE }).format(start);
      expect(text(el, '[part~="window"]')).to.contain(`We will call you on ${day} between`);
      expect($<HTMLAnchorElement>(el, '[part~="cancel-link"]')!.href).to.equal(created(window(2, 0)).cancelUrl);
      expect(text(el, '[part~="confirmation"]')).to.contain('We have also sent this link to your email address.');

      const [post] = posts(fetch);
      expect(post.url).to.equal('https://oac.example/api/councils/demo/callbacks');
      expect(post.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
      expect(post.body).to.deep.equal({
        topic: 'online-help',
        slot: 'asap',
        name: 'Marta Soler',
        phone: '+34612345678',
        email: 'marta@example.com',
        description: 'I cannot sign the residence certificate request.',
        consent: true,
        language: 'en',
        website: '',
      });
      await expect(el).to.be.accessible();
    });

    it('sends the chosen time', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      $<HTMLInputElement>(el, 'input[name="when"][value="pick"]')!.click();
      await el.updateComplete;
      $$<HTMLInputElement>(el, 'input[name="time"]')[2].click();
      await fillIn(el);
      await submit(el);
      await waitUntil(() => $(el, '[part~="confirmation"]'));
      expect((posts(fetch)[0].body as { slot: string }).slot).to.equal(slots().slots[2].start);
      expect(text(el, '[part~="confirmation"]')).to.contain('Keep this link');
    });
  });

  describe('when the server asks for a proof of work (a flood of bookings)', () => {
    it('says politely that it may take a few seconds, solves it and books', async () => {
      const challenge = { token: 'demo.1798000000000.14.bm9uY2U.c2lnbmF0dXJl', difficulty: 14, expiresAt: '2026-12-31T00:00:00.000Z' };
      fetch = stubFetch(
        server((call) =>
          call.headers.has('Fin-Proof')
            ? json(created(window(2, 0)), 201)
            : json({ statusCode: 428, code: 'FIN_ERR_CHALLENGE_REQUIRED', message: 'Solve it.', challenge }, 428),
        ),
      );
      const el = await mount();
      await fillIn(el);
      await submit(el);
      await waitUntil(() => text(el, '[part~="status"]')?.includes('This may take a few seconds'), 'the status did not mention the wait');
      expect($(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
      await waitUntil(() => $(el, '[part~="confirmation"]'), 'the booking was not confirmed', { timeout: 10_000 });
      const [first, second] = posts(fetch);
      expect(second.headers.get('Fin-Proof')).to.match(/^demo\.[\w.-]+:\d+$/);
      expect(second.headers.get('Idempotency-Key')).to.equal(first.headers.get('Idempotency-Key'));
      expect(text(el, '[part~="status"]')).to.equal('');
    });
  });

  describe('when the council wants bookings confirmed by email', () => {
    it('asks the citizen to check their email and confirm before the time', async () => {
      const confirmBy = new Date(Date.UTC(2026, 11, 7, 9, 30));
      fetch = stubFetch(server(() => json({ ...created(window(2, 0)), confirmBy: confirmBy.toISOString() }, 201)));
      const el = await mount();
      await fillIn(el, 'marta@example.com');
      await submit(el);
      await focusOn(el, '[part~="heading"]');
      const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(confirmBy);
      expect(text(el, '[part~="confirm-email"]')).to.equal(`Check your email: confirm your request from the link we have sent you before ${time}, or we will release the slot.`);
      await expect(el).to.be.accessible();
    });

    it('says nothing of it otherwise', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await fillIn(el, 'marta@example.com');
      await submit(el);
      await focusOn(el, '[part~="heading"]');
      expect($(el, '[part~="confirm-email"]')).to.equal(null);
    });
  });

  describe('when the slot was taken', () => {
    it('says so, offers the next free times and resubmits with the chosen one under a new key', async () => {
      const alternatives = [window(3, 1), window(3, 2)];
      fetch = stubFetch(
        server((call) =>
          (call.body as { slot: string }).slot === 'asap'
            ? json({ statusCode: 409, code: 'FIN_ERR_SLOT_TAKEN', message: 'Taken.', alternatives }, 409)
            : json(created(alternatives[1]), 201),
        ),
      );
      const el = await mount();
      await fillIn(el);
      await submit(el);
      await focusOn(el, '[part~="slot-taken"] h3');
      expect(text(el, '[part~="slot-taken"] h3')).to.equal('That time has just been taken');
      const choices = $$<HTMLInputElement>(el, 'input[name="alternative"]');
      expect(choices.map((c) => c.value)).to.deep.equal(alternatives.map((a) => a.start));
      expect(choices[0].checked).to.equal(true);
      await expect(el).to.be.accessible();

      choices[1].click();
      await el.updateComplete;
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<CallbackCreated>>;
      $<HTMLButtonElement>(el, '[part~="resubmit-button"]')!.click();
      expect((await submitted).detail.result.reference).to.equal('CB-7K3M9Q');
      const [first, second] = posts(fetch);
      expect((second.body as { slot: string }).slot).to.equal(alternatives[1].start);
      expect(second.headers.get('Idempotency-Key')).to.not.equal(first.headers.get('Idempotency-Key'));
    });
  });

  describe('when the server rejects a field', () => {
    it('shows its error on that field and in the summary', async () => {
      fetch = stubFetch(server(() => json({ statusCode: 400, code: 'FIN_ERR_PHONE_INVALID', message: 'Bad phone.', field: 'phone' }, 400)));
      const el = await mount();
      await fillIn(el);
      await submit(el);
      await focusOn(el, '[part~="error-summary"]');
      expect(text(el, '#phone-error')).to.equal('Enter a phone number in the correct format, like 612 345 678 or +33 6 12 34 56 78');
      expect(text(el, '[part~="error-link"]')).to.equal(text(el, '#phone-error'));
      await type(el, 'phone', '699 11 22 33');
      expect($(el, '#phone-error')).to.equal(null);
    });

    it('explains a request already open for the number, next to the number', async () => {
      // As the server answers it: with the field it is about.
      fetch = stubFetch(server(() => json({ statusCode: 409, code: 'FIN_ERR_CALLBACK_ALREADY_OPEN', message: 'Open.', field: 'phone' }, 409)));
      const el = await mount();
      await fillIn(el);
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      await submit(el);
      expect((await failed).detail.code).to.equal('FIN_ERR_CALLBACK_ALREADY_OPEN');
      await focusOn(el, '[part~="error-summary"]');
      expect(text(el, '[part~="error-summary"] li')).to.contain('There is already a call pending for this phone number');
      expect(text(el, '#phone-error')).to.contain('There is already a call pending for this phone number');
    });

    it('keeps the Idempotency-Key when the same submission is retried after a server error', async () => {
      let status = 500;
      fetch = stubFetch(server(() => (status === 500 ? json({ code: 'FIN_ERR_INTERNAL', message: 'x' }, 500) : json(created(window(2, 0)), 201))));
      const el = await mount();
      await fillIn(el);
      await submit(el);
      await waitUntil(() => $(el, '[part~="error-summary"]'), 'no summary', { timeout: 4000 });
      expect(text(el, '[part~="error-summary"] li')).to.equal('Your request could not be sent. Try again in a moment.');
      status = 201;
      await submit(el);
      await waitUntil(() => $(el, '[part~="confirmation"]'));
      const keys = new Set(posts(fetch).map((p) => p.headers.get('Idempotency-Key')));
      expect(keys.size).to.equal(1);
    });
  });

  describe('when offline', () => {
    isolateOutbox();

    it('saves the request on the device, says so, and confirms it once sent, after a reload too', async () => {
      fetch = stubFetch(server((call) => (call.url.includes('/callbacks') ? networkDown() : json({}))));
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      let el = await mount();
      await fillIn(el);
      const queued = oneEvent(el, 'fin-queued') as Promise<FinQueuedEvent>;
      await submit(el);
      const { idempotencyKey } = (await queued).detail;
      await focusOn(el, '[part~="heading"]');
      expect(text(el, '[part~="heading"]')).to.equal('Saved on this device');
      expect(text(el, '[part~="queued"] p')).to.contain('will be sent when the connection returns');

      // A reload: a new element finds the request waiting in the outbox.
      el.remove();
      el = await fixture<CallMeForm>(html`<call-me-form api="https://oac.example" council="demo" lang="en"></call-me-form>`);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Saved on this device');

      fetch.respond(server(() => json(created(window(2, 0)), 201)));
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<CallbackCreated>>;
      delete (navigator as { onLine?: boolean }).onLine;
      dispatchEvent(new Event('online'));
      expect((await submitted).detail.result.reference).to.equal('CB-7K3M9Q');
      await el.updateComplete;
      expect(text(el, '[part~="heading"]')).to.equal('Call requested');
      expect(posts(fetch).at(-1)!.headers.get('Idempotency-Key')).to.equal(idempotencyKey);
    });

    describe('for 24 hours', () => {
      const EXPIRED = 'Your request waited on this device for 24 hours without a connection and was not sent. It has been deleted from the device: please make it again.';
      let restore: (() => void) | undefined;
      afterEach(() => restore?.());

      it('tells the citizen on the open page that it was not sent, with the form filled in again, and deletes it', async () => {
        fetch = stubFetch(server((call) => (call.url.includes('/callbacks') ? networkDown() : json({}))));
        Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
        const el = await mount();
        await fillIn(el);
        await submit(el);
        await focusOn(el, '[part~="heading"]');
        restore = clockAhead(OUTBOX_MAX_AGE);
        // What the outbox's own timer does when the day is up.
        await getOutbox().flush();
        await focusOn(el, '[part~="error-summary"]');
        expect(text(el, '[part~="form-error"]')).to.equal(EXPIRED);
        expect($(el, '[part~="error-summary"] [role="alert"]')).to.not.equal(null);
        expect($<HTMLInputElement>(el, '#name')!.value).to.equal('Marta Soler');
        expect(await getOutbox().pending()).to.deep.equal([]);
        expect(posts(fetch)).to.have.length(0);
      });

      it('tells the citizen on their next visit, in their language', async () => {
        fetch = stubFetch(server((call) => (call.url.includes('/callbacks') ? networkDown() : json({}))));
        Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
        const before = await mount();
        await fillIn(before);
        await submit(before);
        await focusOn(before, '[part~="heading"]');
        before.remove();

        restore = clockAhead(OUTBOX_MAX_AGE + 60_000);
        const el = await fixture<CallMeForm>(html`<call-me-form api="https://oac.example" council="demo" lang="ca"></call-me-form>`);
        await focusOn(el, '[part~="error-summary"]');
        expect(text(el, '[part~="form-error"]')).to.equal(
          'La vostra sol·licitud ha esperat 24 hores en aquest dispositiu sense connexió i no s’ha enviat. S’ha esborrat del dispositiu: torneu-la a fer.',
        );
        expect(await getOutbox().pending()).to.deep.equal([]);
        expect(posts(fetch)).to.have.length(0);
      });
    });
  });

  describe('languages', () => {
    it('speaks Catalan and Spanish, reloading the topics in the new language', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<call-me-form council="demo" lang="ca"></call-me-form>`);
      expect(text(el, 'h2')).to.equal('Demaneu que us truquem');
      expect(text(el, '[part~="submit-button"]')).to.equal('Demana la trucada');
      el.lang = 'es';
      await waitUntil(() => fetch.calls.some((c) => c.url.includes('lang=es')));
      await el.updateComplete;
      expect(text(el, 'h2')).to.equal('Pida que le llamemos');
      expect(text(el, '[part~="submit-button"]')).to.equal('Pedir la llamada');
      expect(text(el, 'legend')).to.equal('¿Cuándo le llamamos?');
    });
  });
});
