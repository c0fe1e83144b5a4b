import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinQueuedEvent, FinSubmitEvent } from '../shared/events.js';
import { loadPhoneRules } from '../shared/contact-fields.js';
import { getOutbox, OUTBOX_MAX_AGE } from '../shared/outbox.js';
import { clockAhead, isolateOutbox, json, networkDown, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { AppointmentCreated } from '../shared/types.js';
import { zoneName } from '../shared/zoned.js';
import './index.js';
import { created, council, procedures, slots, window, ZONE } from './testing.js';
import type { VideoAppointment } from './video-appointment.js';
import type { FinVideoBooking } from './video-booking.js';

type Answer = (call: RecordedCall) => Response | Promise<Response>;

interface ServerOptions {
  post?: Answer;
}

function server({ post = () => json(created(), 201) }: ServerOptions = {}): Answer {
  return (call) => {
    if (call.method === 'POST') return post(call);
    if (call.url.includes('/appointments/procedures')) return json({ procedures });
    if (call.url.includes('/appointments/slots')) return json(slots());
    return json(council);
  };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();
const focused = (el: Element) => el.shadowRoot!.activeElement;
const focusOn = (el: Element, selector: string) => waitUntil(() => $(el, selector) && focused(el) === $(el, selector), `${selector} did not take focus`);
const posts = (fetch: FetchStub) => fetch.calls.filter((c) => c.method === 'POST');

async function book(attributes = html`<fin-video-booking api="https://oac.example" council="demo" lang="en"></fin-video-booking>`) {
  const el = await fixture<FinVideoBooking>(attributes);
  await waitUntil(() => $(el, 'form') || $(el, '[part~="error"]'), 'the booking did not load', { timeout: 3000 });
  await el.updateComplete;
  return el;
}

async function type(el: FinVideoBooking, field: string, value: string) {
  // The numbering plans arrive once a number is first read; the checks below are those made with them.
  if (field === 'phone') await loadPhoneRules();
  const input = $<HTMLInputElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
  input.dispatchEvent(new FocusEvent('blur'));
  await el.updateComplete;
}

async function click(el: FinVideoBooking, selector: string) {
  $<HTMLElement>(el, selector)!.click();
  await el.updateComplete;
}

async function choose(el: FinVideoBooking, name: string, index = 0) {
  $$<HTMLInputElement>(el, `input[name="${name}"]`)[index].click();
  await el.updateComplete;
}

/** Through steps 1 and 2 with the first procedure and the second time of the first day. */
async function toDetails(el: FinVideoBooking) {
  await choose(el, 'procedure');
  await click(el, '[part~="next-button"]');
  await waitUntil(() => $(el, 'input[name="time"]'), 'no times');
  await choose(el, 'time', 1);
  await click(el, '[part~="next-button"]');
  await focusOn(el, '[part~="step-heading"]');
}

async function fillIn(el: FinVideoBooking, idDocument = '') {
  await type(el, 'name', 'Marta Soler');
  await type(el, 'email', 'marta@example.com');
  await type(el, 'phone', '612 34 56 78');
  if (idDocument) await type(el, 'idDocument', idDocument);
  await click(el, '#consent');
}

describe('<fin-video-booking>', () => {
let fetch: FetchStub;
afterEach(() => fetch.restore());

  it('passes an accessibility check', async () => {
    fetch = stubFetch(server());
    const el = await book();
    await choose(el, 'procedure');
    await expect(el).to.be.accessible();
  });

  it('shows each procedure with its duration, and the documents to prepare for the chosen one', async () => {
    fetch = stubFetch(server());
    const el = await book();
    expect(text(el, '[part~="progress"]')).to.equal('Step 1 of 3');
    expect(text(el, '[part~="step-heading"]')).to.equal('Choose the procedure');
    expect($$(el, '[part~="duration"]').map((d) => d.textContent)).to.deep.equal(['30 minutes', '60 minutes']);
    expect($(el, '[part~="documents"]')).to.equal(null);
    await choose(el, 'procedure');
    expect($$(el, '[part~="document"]').map((d) => d.textContent)).to.deep.equal(['DNI or NIE', 'Rental contract']);
  });

  it('asks for a procedure before going on, with an error summary that takes focus', async () => {
    fetch = stubFetch(server());
    const el = await book();
    await click(el, '[part~="next-button"]');
    await focusOn(el, '[part~="error-summary"]');
    expect(text(el, '[part~="error-summary-list"]')).to.equal('Choose the procedure');
    $(el, '[part~="error-link"]')!.click();
    expect(focused(el)).to.equal($$(el, 'input[name="procedure"]')[0]);
  });

  it('preselects the procedure of its attribute', async () => {
    fetch = stubFetch(server());
    const el = await book(html`<fin-video-booking council="demo" lang="en" procedure="licence"></fin-video-booking>`);
    expect($$<HTMLInputElement>(el, 'input[name="procedure"]').map((r) => r.checked)).to.deep.equal([false, true]);
    expect(text(el, '[part~="documents"] p')).to.equal('You do not need to prepare any documents.');
  });

  it('goes step by step, moving focus to each heading, and back without losing what was chosen', async () => {
    fetch = stubFetch(server());
    const el = await book();
    await choose(el, 'procedure');
    await click(el, '[part~="next-button"]');
    await focusOn(el, '[part~="step-heading"]');
    expect(text(el, '[part~="step-heading"]')).to.equal('Choose a day and a time');
    await waitUntil(() => $(el, 'input[name="time"]'));
    expect(fetch.calls.some((c) => c.url.includes('/appointments/slots?procedure=padro'))).to.equal(true);
    expect(text(el, '[part~="zone-note"]')).to.equal(`Time zone: ${zoneName(ZONE, 'en-GB')}.`);
    await click(el, '[part~="next-button"]');
    await focusOn(el, '[part~="error-summary"]');
    expect(text(el, '[part~="error-summary-list"]')).to.equal('Choose a time for the appointment');
    await choose(el, 'time', 1);
    await click(el, '[part~="next-button"]');
    await focusOn(el, '[part~="step-heading"]');
    expect(text(el, '[part~="step-heading"]')).to.equal('Your details');
    await type(el, 'name', 'Marta Soler');
    await click(el, '[part~="back-button"]');
    await focusOn(el, '[part~="step-heading"]');
    expect($$<HTMLInputElement>(el, 'input[name="time"]')[1].checked).to.equal(true);
    await click(el, '[part~="next-button"]');
    await waitUntil(() => $(el, '#name'));
    expect($<HTMLInputElement>(el, '#name')!.value).to.equal('Marta Soler');
  });

  it('requires an email and checks the DNI/NIE letter', async () => {
    fetch = stubFetch(server());
    const el = await book();
    await toDetails(el);
    await click(el, '[part~="submit-button"]');
    await focusOn(el, '[part~="error-summary"]');
    const summary = $$(el, '[part~="error-link"]').map((a) => a.textContent);
    expect(summary).to.deep.equal([
      'Enter your name',
      'Enter your email address',
      'Enter a phone number',
      'To book the appointment, you must agree to the use of your data',
    ]);
    await fillIn(el, '12345678A');
    await click(el, '[part~="submit-button"]');
    await focusOn(el, '[part~="error-summary"]');
    expect(text(el, '[part~="error-summary-list"]')).to.equal('Enter a DNI or NIE with its letter, like 12345678Z or X1234567L, and check the letter');
    expect($(el, '#idDocument')!.getAttribute('aria-invalid')).to.equal('true');
    expect(posts(fetch)).to.have.length(0);
  });

  it('sends the booking with an Idempotency-Key and confirms it with the calendar link and what to prepare', async () => {
    fetch = stubFetch(server());
    const el = await book();
    await toDetails(el);
    await fillIn(el, ' 12345678-z ');
    const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<AppointmentCreated>>;
    await click(el, '[part~="submit-button"]');
    expect((await submitted).detail).to.deep.include({ kind: 'appointment' });
    const [post] = posts(fetch);
    expect(post.url).to.equal('https://oac.example/api/councils/demo/appointments');
    expect(post.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
    expect(post.body).to.deep.equal({
      procedure: 'padro',
      slot: slots().slots[1].start,
      name: 'Marta Soler',
      email: 'marta@example.com',
      phone: '+34612345678',
      idDocument: '12345678Z',
      consent: true,
      language: 'en',
      website: '',
    });
    await focusOn(el, '[part~="heading"]');
    expect(text(el, '[part~="heading"]')).to.equal('Appointment booked');
    expect(text(el, '[part~="reference"]')).to.equal('Your reference is VA-7K3M9Q');
    const start = new Date(created().slot.start);
    expect(text(el, '[part~="when"]')).to.contain(`Register of residents: ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: ZONE }).format(start)}`);
    expect(text(el, '[part~="when"]')).to.contain(`(${zoneName(ZONE, 'en-GB', start)})`);
    const calendar = $<HTMLAnchorElement>(el, '[part~="calendar-link"]')!;
    expect(calendar.href).to.equal(created().calendarUrl);
    expect(calendar.hasAttribute('download')).to.equal(true);
    expect(text(el, '[part~="calendar-link"]')).to.equal('Add to calendar (.ics file)');
    expect($$(el, '[part~="document"]').map((d) => d.textContent)).to.deep.equal(['DNI or NIE', 'Rental contract']);
    expect(text(el, '[part~="emailed"]')).to.contain('We have sent you an email with your personal link');
    expect($<HTMLAnchorElement>(el, '[part~="view-link"]')!.href).to.equal(created().appointmentUrl);
    await expect(el).to.be.accessible();
  });

  it('asks the citizen to check their email where the council wants bookings confirmed', async () => {
    const confirmBy = new Date(Date.UTC(2026, 11, 7, 9, 30));
    fetch = stubFetch(server({ post: () => json({ ...created(), confirmBy: confirmBy.toISOString() }, 201) }));
    const el = await book();
    await toDetails(el);
    await fillIn(el);
    await click(el, '[part~="submit-button"]');
    await focusOn(el, '[part~="heading"]');
    const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(confirmBy);
    expect(text(el, '[part~="confirm-email"]')).to.equal(
      `Check your email: confirm your appointment from the link we have sent you before ${time}, or we will release the slot.`,
    );
    await expect(el).to.be.accessible();
  });

  it('offers the next free times when the chosen one was taken, and books the one chosen', async () => {
    const alternatives = [window(4, 0), window(4, 1)];
    fetch = stubFetch(
      server({
        post: (call) =>
          (call.body as { slot: string }).slot === alternatives[1].start
            ? json(created(alternatives[1]), 201)
            : json({ statusCode: 409, code: 'FIN_ERR_SLOT_TAKEN', message: 'Taken.', alternatives }, 409),
      }),
    );
    const el = await book();
    await toDetails(el);
    await fillIn(el);
    await click(el, '[part~="submit-button"]');
    await focusOn(el, '[part~="slot-taken"] h3');
    expect(text(el, '[part~="slot-taken"] h3')).to.equal('That time has just been taken');
    expect($$(el, 'input[name="alternative"]')).to.have.length(2);
    await choose(el, 'alternative', 1);
    await click(el, '[part~="resubmit-button"]');
    await waitUntil(() => $(el, '[part~="confirmation"]'));
    expect((posts(fetch).at(-1)!.body as { slot: string }).slot).to.equal(alternatives[1].start);
  });

  it('sends a server field error back to its step', async () => {
    fetch = stubFetch(server({ post: () => json({ statusCode: 400, code: 'FIN_ERR_PROCEDURE_UNKNOWN', message: 'No.', field: 'procedure' }, 400) }));
    const el = await book();
    await toDetails(el);
    await fillIn(el);
    await click(el, '[part~="submit-button"]');
    await focusOn(el, '[part~="error-summary"]');
    expect(text(el, '[part~="step-heading"]')).to.equal('Choose the procedure');
    expect(text(el, '[part~="error-summary-list"]')).to.equal('That procedure is no longer offered: choose another one');
  });

  describe('when offline', () => {
    isolateOutbox();

    it('saves the booking on the device and says so', async () => {
      fetch = stubFetch(server({ post: () => networkDown() }));
      const el = await book();
      await toDetails(el);
      await fillIn(el);
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      const queued = oneEvent(el, 'fin-queued') as Promise<FinQueuedEvent>;
      await click(el, '[part~="submit-button"]');
      expect((await queued).detail.kind).to.equal('appointment');
      await focusOn(el, '[part~="heading"]');
      expect(text(el, '[part~="heading"]')).to.equal('Saved on this device');
      expect(text(el, '[part~="queued-text"]')).to.contain('will be sent when the connection returns');
      expect(posts(fetch)).to.have.length(0);
    });

    it('shows the booking still waiting after a reload, with its values, and confirms it once the outbox sends it', async () => {
      fetch = stubFetch(server({ post: () => networkDown() }));
      let el = await book();
      await toDetails(el);
      await fillIn(el, '12345678Z');
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      const queued = oneEvent(el, 'fin-queued') as Promise<FinQueuedEvent>;
      await click(el, '[part~="submit-button"]');
      const { idempotencyKey } = (await queued).detail;
      await focusOn(el, '[part~="heading"]');

      // A reload: a new element finds the booking waiting in the outbox, not an empty form.
      el.remove();
      el = await fixture<FinVideoBooking>(html`<fin-video-booking api="https://oac.example" council="demo" lang="en"></fin-video-booking>`);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Saved on this device', 'the queued booking was not shown after the reload');
      expect($(el, 'form')).to.equal(null);
      await waitUntil(() => $$(el, '[part~="chosen"]').length === 2, 'the queued booking does not say what it books');
      expect(text(el, '[part~="chosen"]')).to.contain('Register of residents');
      expect($$(el, '[part~="chosen"]')[1].textContent).to.contain(new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: ZONE }).format(new Date(slots().slots[1].start)));

      fetch.respond(server());
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<AppointmentCreated>>;
      delete (navigator as { onLine?: boolean }).onLine;
      dispatchEvent(new Event('online'));
      expect((await submitted).detail.result.reference).to.equal('VA-7K3M9Q');
      await el.updateComplete;
      expect(text(el, '[part~="heading"]')).to.equal('Appointment booked');
      expect(posts(fetch)).to.have.length(1);
      expect(posts(fetch)[0].headers.get('Idempotency-Key')).to.equal(idempotencyKey);
      expect(posts(fetch)[0].body).to.deep.include({ name: 'Marta Soler', idDocument: '12345678Z', slot: slots().slots[1].start });
    });

    it('after a reload, fills the form in again when the waiting booking is dropped unsent', async () => {
      fetch = stubFetch(server({ post: () => networkDown() }));
      let el = await book();
      await toDetails(el);
      await fillIn(el);
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      await click(el, '[part~="submit-button"]');
      await focusOn(el, '[part~="heading"]');
      el.remove();
      el = await fixture<FinVideoBooking>(html`<fin-video-booking api="https://oac.example" council="demo" lang="en"></fin-video-booking>`);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Saved on this device');
      const restore = clockAhead(OUTBOX_MAX_AGE);
      try {
        await getOutbox().flush();
      } finally {
        restore();
      }
      await focusOn(el, '[part~="error-summary"]');
      expect(text(el, '[part~="step-heading"]')).to.equal('Your details');
      expect($<HTMLInputElement>(el, '#name')!.value).to.equal('Marta Soler');
      expect($<HTMLInputElement>(el, '#consent')!.checked).to.equal(true);
    });

    it('says, after 24 hours unsent, that the booking was deleted from the device and must be made again', async () => {
      fetch = stubFetch(server({ post: () => networkDown() }));
      const el = await book();
      await toDetails(el);
      await fillIn(el);
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      await click(el, '[part~="submit-button"]');
      await focusOn(el, '[part~="heading"]');
      const restore = clockAhead(OUTBOX_MAX_AGE);
      try {
        await getOutbox().flush();
      } finally {
        restore();
      }
      await focusOn(el, '[part~="error-summary"]');
      expect(text(el, '[part~="form-error"]')).to.equal(
        'The booking waited on this device for 24 hours without a connection and was not sent, so no time is held for you. It has been deleted from the device: please book again.',
      );
      expect(await getOutbox().pending()).to.deep.equal([]);
      expect(posts(fetch)).to.have.length(0);
    });
  });

  it('speaks Catalan', async () => {
    fetch = stubFetch(server());
    const el = await book(html`<fin-video-booking council="demo" lang="ca"></fin-video-booking>`);
    expect(text(el, 'h2')).to.equal('Demaneu cita per videotrucada');
    expect(text(el, '[part~="step-heading"]')).to.equal('Trieu el tràmit');
    expect(text(el, '[part~="next-button"]')).to.equal('Continua');
  });

  describe('inside <video-appointment> without a personal link', () => {
    it('books with the procedure of its attribute, and its events reach the page', async () => {
      fetch = stubFetch(server());
      const host = await fixture<VideoAppointment>(html`<video-appointment api="https://oac.example" council="demo" lang="en" procedure="licence"></video-appointment>`);
      const el = host.shadowRoot!.querySelector('fin-video-booking')!;
      await waitUntil(() => $(el, 'form'), 'the booking did not load');
      expect($$<HTMLInputElement>(el, 'input[name="procedure"]').map((r) => r.checked)).to.deep.equal([false, true]);
      expect(el.getAttribute('exportparts')).to.contain('submit-button');
      const error = oneEvent(host, 'fin-error');
      fetch.respond(() => json({ statusCode: 404, code: 'FIN_ERR_PROCEDURE_UNKNOWN', message: 'x' }, 404));
      await click(el, '[part~="next-button"]');
      await waitUntil(() => $(el, 'input[name="day"]') || $(el, '[part~="error"]'));
      expect((await error).detail.code).to.equal('FIN_ERR_PROCEDURE_UNKNOWN');
    });
  });
});
