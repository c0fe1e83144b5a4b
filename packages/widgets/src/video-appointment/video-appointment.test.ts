import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { fakeVideoTrack, unreachableSockets } from '../call/testing.js';
import type { FinAppointmentChangeEvent, FinJoinEvent } from '../shared/events.js';
import { captureDownloads, json, openLink, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { MyAppointment } from '../shared/types.js';
import './index.js';
import { procedure } from './procedure/testing.js';
import { at, created, council, DAY, HOUR, MINUTE, procedures, slots, ZONE } from './testing.js';
import type { VideoAppointment } from './video-appointment.js';

function mine(overrides: Partial<MyAppointment> = {}): MyAppointment {
  const start = Date.now() + 2 * DAY;
  return {
    id: 'appointment-1',
    reference: 'VA-7K3M9Q',
    state: 'booked',
    procedure: procedures[0],
    slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
    name: 'Marta Soler',
    email: 'marta@example.com',
    timeZone: ZONE,
    joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
    canJoin: false,
    canReschedule: true,
    canCancel: true,
    access: 'full',
    ...overrides,
  };
}

type Answer = (call: RecordedCall) => Response | Promise<Response>;

interface ServerOptions {
  post?: Answer;
  appointment?: () => MyAppointment | Response;
}

/** What `<doc-upload>` inside the personal-link view loads. */
const myDocuments = {
  case: { reference: 'VA-7K3M9Q', kind: 'appointment', procedure: { id: 'padro', name: 'Register of residents' } },
  limits: { maxFileBytes: 10_485_760, maxFiles: 10, maxTotalBytes: 52_428_800, types: ['application/pdf', 'image/jpeg', 'image/png'] },
  usage: { files: 0, bytes: 0 },
  expected: procedures[0].documents.map((d) => ({ ...d, status: 'missing' })),
  documents: [],
};

function server({ post = () => json(created(), 201), appointment = () => mine() }: ServerOptions = {}): Answer {
  return (call) => {
    if (call.method === 'POST') return post(call);
    if (call.url.includes('/appointments/mine')) {
      const answer = appointment();
      return answer instanceof Response ? answer : json(answer);
    }
    if (call.url.includes('/documents/mine')) return json(myDocuments);
    if (call.url.includes('/appointments/procedures')) return json({ procedures });
    if (call.url.includes('/appointments/slots')) return json(slots());
    return json(council);
  };
}

/** The views nested in the element (the personal link's, a guest's, the call's): the tests look through them, as a person sees one page. */
const NESTED_VIEWS = 'fin-appointment-view, fin-call-guest, fin-call-session';
const nested = (el: Element): Element[] => [...el.shadowRoot!.querySelectorAll(NESTED_VIEWS)].flatMap((inner) => (inner.shadowRoot ? [inner, ...nested(inner)] : []));
const roots = (el: Element) => [el, ...nested(el)].map((host) => host.shadowRoot!);
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => roots(el).reduce<T | null>((found, root) => found ?? root.querySelector<T>(selector), null);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => roots(el).flatMap((root) => [...root.querySelectorAll<T>(selector)]);
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();
function focused(el: Element) {
  let active = el.shadowRoot!.activeElement;
  while (active?.matches(NESTED_VIEWS) && active.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
/** The element and the views inside it have rendered. */
const settled = async (el: VideoAppointment) => {
  await el.updateComplete;
  await Promise.all(nested(el).map((inner) => (inner as VideoAppointment).updateComplete));
};
const focusOn = (el: Element, selector: string) => waitUntil(() => $(el, selector) && focused(el) === $(el, selector), `${selector} did not take focus`);
const posts = (fetch: FetchStub) => fetch.calls.filter((c) => c.method === 'POST');

async function type(el: VideoAppointment, field: string, value: string) {
  const input = $<HTMLInputElement>(el, `#${field}`)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
  input.dispatchEvent(new FocusEvent('blur'));
  await settled(el);
}

async function click(el: VideoAppointment, selector: string) {
  $<HTMLElement>(el, selector)!.click();
  await settled(el);
}

async function choose(el: VideoAppointment, name: string, index = 0) {
  $$<HTMLInputElement>(el, `input[name="${name}"]`)[index].click();
  await settled(el);
}

describe('<video-appointment>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  describe('appointment mode', () => {
    let events: EventSourceStub;
    beforeEach(() => (events = stubEventSource()));
    afterEach(() => events.restore());

    async function open(answer: ServerOptions = {}, token = 'secret-token', lang = 'en') {
      fetch = stubFetch(server(answer));
      const el = await fixture<VideoAppointment>(html`<video-appointment api="https://oac.example" council="demo" lang=${lang} token=${token}></video-appointment>`);
      await waitUntil(() => $(el, '[part~="appointment"]') || $(el, '[part~="invalid"]') || $(el, '[part~="error"]'), 'the appointment did not load');
      await settled(el);
      return el;
    }

    it('passes an accessibility check, and shows the appointment with a countdown before its time', async () => {
      const start = Date.now() + 2 * DAY + 3 * HOUR + 15 * MINUTE - 30_000;
      const el = await open({
        appointment: () =>
          mine({
            slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
            joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
          }),
      });
      await expect(el).to.be.accessible();
      expect(fetch.calls[0].url).to.equal('https://oac.example/api/councils/demo/appointments/mine?token=secret-token&lang=en');
      expect(text(el, 'h2')).to.equal('Your video appointment');
      expect(text(el, '[part~="reference"]')).to.equal('VA-7K3M9Q');
      expect(text(el, '[part~="badge"]')).to.equal('Booked');
      const countdown = $(el, '[part~="countdown"]')!;
      expect(countdown.getAttribute('role')).to.equal('timer');
      expect(text(el, '[part~="countdown"]')).to.equal('Starts in 2 days, 3 hours and 15 minutes');
      expect($(el, '[part~="join-button"]')).to.equal(null);
      const upload = $(el, 'slot[name="documents"] doc-upload')!;
      expect([upload.getAttribute('council'), upload.getAttribute('token')]).to.deep.equal(['demo', 'secret-token']);
      await waitUntil(() => upload.shadowRoot?.querySelector('[part~="expected-list"]'), 'the documents to send did not load');
      expect([...upload.shadowRoot!.querySelectorAll('[part~="expected-name"]')].map((d) => d.textContent)).to.deep.equal(['DNI or NIE', 'Rental contract']);
    });

    it('shows the page’s own documents content in place of the upload', async () => {
      fetch = stubFetch(server());
      const el = await fixture<VideoAppointment>(
        html`<video-appointment api="https://oac.example" council="demo" lang="en" token="secret-token"><p slot="documents">Bring them to the office</p></video-appointment>`,
      );
      await waitUntil(() => $(el, '[part~="documents-section"]'), 'the appointment did not load');
      expect(el.querySelector('[slot="documents"]')!.checkVisibility()).to.equal(true);
      expect($(el, 'doc-upload')!.checkVisibility()).to.equal(false);
    });

    describe('opened from the personal link, with the token in the page address', () => {
      let restore: () => void;
      beforeEach(() => (restore = openLink('utm_source=mail&token=from-the-link&lang=ca')));
      afterEach(() => restore());
      const mineUrls = () => fetch.calls.filter((c) => c.url.includes('/appointments/mine')).map((c) => new URL(c.url).searchParams.get('token'));

      it('opens the appointment, takes the token out of the address bar and finds it again after a reload', async () => {
        fetch = stubFetch(server());
        const el = await fixture<VideoAppointment>(html`<video-appointment council="demo" lang="en"></video-appointment>`);
        await waitUntil(() => $(el, '[part~="appointment"]'));
        expect(mineUrls()).to.deep.equal(['from-the-link']);
        expect(location.search).to.equal('?utm_source=mail&lang=ca');
        expect(location.hash).to.equal('#main');

        el.remove();
        const reloaded = await fixture<VideoAppointment>(html`<video-appointment council="demo" lang="en"></video-appointment>`);
        await waitUntil(() => $(reloaded, '[part~="appointment"]'));
        expect(mineUrls()).to.deep.equal(['from-the-link', 'from-the-link']);
      });

      it('uses its token attribute instead', async () => {
        fetch = stubFetch(server());
        const el = await fixture<VideoAppointment>(html`<video-appointment council="demo" lang="en" token="from-the-attribute"></video-appointment>`);
        await waitUntil(() => $(el, '[part~="appointment"]'));
        expect(mineUrls()).to.deep.equal(['from-the-attribute']);
      });
    });

    it('offers "Join the video call" within the window: checks in and fires fin-join', async () => {
      const start = Date.now() + 5 * MINUTE;
      const appointment = mine({
        slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
        joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
        canJoin: true,
      });
      const el = await open({ appointment: () => appointment, post: () => json({ ...appointment, state: 'checked_in' }) });
      expect($(el, '[part~="countdown"]')).to.equal(null);
      expect(text(el, '[part~="join-button"]')).to.equal('Join the video call');
      const joined = oneEvent(el, 'fin-join') as Promise<FinJoinEvent>;
      await click(el, '[part~="join-button"]');
      expect((await joined).detail.reference).to.equal('VA-7K3M9Q');
      const [post] = posts(fetch);
      expect(post.url).to.equal('https://oac.example/api/councils/demo/appointments/mine/check-in');
      expect(post.body).to.deep.equal({ token: 'secret-token' });
      await waitUntil(() => text(el, '[part~="badge"]') === 'Waiting for the call', 'the state shows the check-in');
      expect($(el, '[part~="join-button"]')).to.equal(null);
    });

    /** An appointment whose call opens now, which checks in when joined. */
    function openJoinable() {
      const start = Date.now() + 5 * MINUTE;
      const appointment = mine({
        id: 'case-1',
        slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
        joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
        canJoin: true,
      });
      return open({ appointment: () => appointment, post: () => json({ ...appointment, state: 'checked_in' }) });
    }

    it('after joining, loads the call and checks the camera and microphone first', async () => {
      const original = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('none', 'NotFoundError'));
      try {
        const el = await openJoinable();
        await click(el, '[part~="join-button"]');
        await waitUntil(() => $(el, 'fin-device-check')?.shadowRoot?.querySelector('[part~="device-error"]'), 'no device check');
        const check = $(el, 'fin-device-check')!;
        expect(check.shadowRoot!.querySelector('[part~="heading"]')!.textContent).to.equal('Check your camera and microphone');
        expect(check.shadowRoot!.querySelector('[part~="device-error"]')!.textContent).to.contain('No camera or microphone was found');
      } finally {
        navigator.mediaDevices.getUserMedia = original;
      }
    });

    it('once in the call, loads the procedure beside it and follows it', async () => {
      const original = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = async () => new MediaStream([fakeVideoTrack()]);
      const sockets = unreachableSockets();
      try {
        const el = await openJoinable();
        expect(customElements.get('fin-citizen-procedure'), 'the procedure is not loaded before the call').to.equal(undefined);
        await click(el, '[part~="join-button"]');
        const check = () => $(el, 'fin-device-check')?.shadowRoot?.querySelector<HTMLElement>('[part~="continue-button"]');
        await waitUntil(check, 'no device check');
        expect($(el, 'fin-citizen-procedure'), 'nothing beside the device check').to.equal(null);
        check()!.click();
        await waitUntil(() => fetch.calls.some((c) => c.url.includes('/appointments/mine/procedure')), 'the procedure was not read');
        const panel = $(el, 'fin-citizen-procedure')!;
        expect(panel.slot).to.equal('side');
        expect(customElements.get('fin-citizen-procedure')).to.not.equal(undefined);
        expect(fetch.calls.find((c) => c.url.includes('/appointments/mine/procedure'))!.url).to.equal(
          'https://oac.example/api/councils/demo/appointments/mine/procedure?token=secret-token&lang=en',
        );
      } finally {
        navigator.mediaDevices.getUserMedia = original;
        sockets.restore();
      }
    });

    it('moves the appointment to another free time', async () => {
      const next = slots().slots[4];
      const el = await open({ post: () => json(mine({ slot: next })) });
      await click(el, '[part~="reschedule-button"]');
      await focusOn(el, '[part~="step-heading"]');
      expect(text(el, '[part~="step-heading"]')).to.equal('Choose a new day and time');
      await waitUntil(() => $(el, 'input[name="time"]'));
      expect(fetch.calls.some((c) => c.url.includes('/appointments/slots?procedure=padro'))).to.equal(true);
      await click(el, '[part~="submit-button"]');
      expect(text(el, '#reschedule-error')).to.equal('Choose a time for the appointment');
      await choose(el, 'day', 1);
      await choose(el, 'time', 1);
      const changed = oneEvent(el, 'fin-appointment-change') as Promise<FinAppointmentChangeEvent>;
      await click(el, '[part~="submit-button"]');
      expect((await changed).detail).to.deep.include({ change: 'rescheduled', reference: 'VA-7K3M9Q' });
      expect(posts(fetch)[0].body).to.deep.equal({ token: 'secret-token', slot: next.start });
      expect(posts(fetch)[0].url).to.equal('https://oac.example/api/councils/demo/appointments/mine/reschedule');
      await focusOn(el, '[part~="success"]');
      expect(text(el, '[part~="success"]')).to.contain('Done: your appointment is now on');
      expect($(el, '[part~="value"] time')!.getAttribute('datetime')).to.equal(next.start);
    });

    it('offers the next free times when the new one was taken meanwhile, and moves to the one chosen', async () => {
      const [first, second] = [slots().slots[4], slots().slots[5]];
      let tries = 0;
      const el = await open({
        post: () => (tries++ === 0 ? json({ statusCode: 409, code: 'FIN_ERR_SLOT_TAKEN', message: 'Taken.', alternatives: [first, second] }, 409) : json(mine({ slot: second }))),
      });
      await click(el, '[part~="reschedule-button"]');
      await waitUntil(() => $(el, 'input[name="time"]'));
      await choose(el, 'time', 1);
      await click(el, '[part~="submit-button"]');
      await focusOn(el, '[part~="slot-taken"] h3');
      expect(text(el, '[part~="resubmit-button"]')).to.equal('Move it to this time');
      await choose(el, 'alternative', 1);
      const changed = oneEvent(el, 'fin-appointment-change') as Promise<FinAppointmentChangeEvent>;
      await click(el, '[part~="resubmit-button"]');
      await changed;
      expect(posts(fetch)[1].body).to.deep.equal({ token: 'secret-token', slot: second.start });
    });

    it('cancels only after a confirmation step', async () => {
      const el = await open({ post: () => json(mine({ state: 'cancelled', canCancel: false, canReschedule: false })) });
      await click(el, '[part~="cancel-button"]');
      await focusOn(el, '[part~="step-heading"]');
      expect(text(el, '[part~="step-heading"]')).to.equal('Do you want to cancel the appointment?');
      await click(el, '[part~="back-button"]');
      expect(text(el, '[part~="back-button"]')).to.equal(undefined);
      expect(posts(fetch)).to.have.length(0);
      await click(el, '[part~="cancel-button"]');
      const changed = oneEvent(el, 'fin-appointment-change') as Promise<FinAppointmentChangeEvent>;
      await click(el, '[part~="submit-button"]');
      expect((await changed).detail.change).to.equal('cancelled');
      expect(posts(fetch)[0].url).to.equal('https://oac.example/api/councils/demo/appointments/mine/cancel');
      await focusOn(el, '[part~="success"]');
      expect(text(el, '[part~="badge"]')).to.equal('Cancelled');
      expect(text(el, '[part~="closed-text"]')).to.contain('This appointment has been cancelled');
      expect($(el, '[part~="cancel-button"]')).to.equal(null);
    });

    it('says clearly when the link does not work', async () => {
      const el = await open({ appointment: () => json({ statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'Invalid token.' }, 401) });
      expect(text(el, 'h2')).to.equal('This link does not work');
      expect($(el, '[part~="invalid"] [part~="error"]')!.getAttribute('role')).to.equal('alert');
      await expect(el).to.be.accessible();
    });

    it('shows a no-show without the actions', async () => {
      const el = await open({ appointment: () => mine({ state: 'no_show', canCancel: false, canReschedule: false }) });
      expect(text(el, '[part~="badge"]')).to.equal('Missed');
      expect(text(el, '[part~="closed-text"]')).to.contain('Nobody joined this appointment');
      expect($(el, '[part~="change-buttons"]')).to.equal(null);
    });

    it('shows an appointment left unfinished as such, without the actions, accessibly', async () => {
      const el = await open({ appointment: () => mine({ state: 'abandoned', canCancel: false, canReschedule: false }) });
      expect(text(el, '[part~="badge"]')).to.equal('Not finished');
      expect(text(el, '[part~="closed-text"]')).to.contain('This appointment could not be finished');
      expect($(el, '[part~="change-buttons"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    describe("opened with a calendar file's link", () => {
      it('shows the appointment and lets the citizen join, with no documents, changes or survey', async () => {
        const start = Date.now() + 5 * MINUTE;
        const appointment = mine({
          slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
          joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
          canJoin: true,
          canReschedule: false,
          canCancel: false,
          email: undefined,
          access: 'calendar',
        });
        const el = await open({ appointment: () => appointment, post: () => json({ ...appointment, state: 'checked_in' }) }, 'calendar-token');
        expect(text(el, '[part~="reference"]')).to.equal('VA-7K3M9Q');
        expect($(el, '[part~="documents-section"]')).to.equal(null);
        expect($(el, 'doc-upload')).to.equal(null);
        expect($(el, '[part~="change-buttons"]')).to.equal(null);
        const joined = oneEvent(el, 'fin-join') as Promise<FinJoinEvent>;
        await click(el, '[part~="join-button"]');
        await joined;
        expect(posts(fetch).map((post) => [post.url, post.body])).to.deep.equal([['https://oac.example/api/councils/demo/appointments/mine/check-in', { token: 'calendar-token' }]]);
        expect(fetch.calls.some((call) => call.url.includes('/documents/mine'))).to.equal(false);
      });

      it('offers no survey once completed', async () => {
        const el = await open({ appointment: () => mine({ state: 'completed', canCancel: false, canReschedule: false, email: undefined, access: 'calendar' }) }, 'calendar-token');
        expect(text(el, '[part~="closed-text"]')).to.not.equal(undefined);
        expect($(el, 'satisfaction-survey')).to.equal(null);
        expect(fetch.calls.some((call) => call.url.includes('/surveys/mine'))).to.equal(false);
        // Nor the receipt: a calendar's link travels to calendar services.
        expect($(el, 'fin-citizen-receipt')).to.equal(null);
        expect(fetch.calls.some((call) => call.url.includes('/procedure'))).to.equal(false);
      });
    });

    it('offers the receipt after the call, read and downloaded with the personal link’s token', async () => {
      const completed = server({ appointment: () => mine({ state: 'completed', canCancel: false, canReschedule: false }) });
      const view = procedure('receipt', { receipt: { entryNumber: '2026/000123' } });
      fetch = stubFetch((call) => {
        const path = new URL(call.url).pathname;
        if (path.endsWith('/mine/procedure')) return json(view);
        if (path.endsWith('/mine/procedure/receipt')) return new Response('%PDF-1.7', { headers: { 'Content-Type': 'application/pdf' } });
        return completed(call);
      });
      const capture = captureDownloads();
      try {
        const el = await fixture<VideoAppointment>(html`<video-appointment api="https://oac.example" council="demo" lang="en" token="secret-token"></video-appointment>`);
        await waitUntil(() => $(el, 'fin-citizen-receipt')?.shadowRoot?.querySelector('[part~="download-button"]'), 'the receipt did not show');
        const receipt = $(el, 'fin-citizen-receipt')!.shadowRoot!;
        expect(receipt.querySelector('[part~="entry-number"]')!.textContent).to.equal('2026/000123');
        receipt.querySelector<HTMLElement>('[part~="download-button"]')!.click();
        await waitUntil(() => capture.downloads.length === 1, 'nothing was downloaded');
        expect((await capture.downloads[0]!).fileName).to.equal('receipt-2026-000123.pdf');
        expect(fetch.calls.filter((call) => call.url.includes('/procedure')).map((call) => new URL(call.url).searchParams.get('token'))).to.deep.equal(['secret-token', 'secret-token']);
        await expect(el).to.be.accessible();
      } finally {
        capture.restore();
      }
    });

    it('offers the satisfaction survey once completed, opened with the personal link’s token', async () => {
      const completed = server({ appointment: () => mine({ state: 'completed', canCancel: false, canReschedule: false }) });
      const survey = { state: 'open', scale: 'stars5', askRepeat: true, commentMaxLength: 500, channel: 'video', reference: 'VA-4F7K2M', serviceDate: at(0, 0), procedure: null, expiresAt: at(30, 0) };
      fetch = stubFetch((call) => (call.url.includes('/surveys/mine') ? json(survey) : completed(call)));
      const el = await fixture<VideoAppointment>(html`<video-appointment api="https://oac.example" council="demo" lang="en" token="secret-token"></video-appointment>`);
      await waitUntil(() => $(el, 'satisfaction-survey'), 'no survey');
      const inner = $(el, 'satisfaction-survey')!;
      await waitUntil(() => inner.shadowRoot?.querySelector('form'), 'the survey did not open');
      expect(fetch.calls.some((c) => c.url === 'https://oac.example/api/councils/demo/surveys/mine?token=secret-token&lang=en')).to.equal(true);
      expect(inner.shadowRoot!.querySelector('h3[part~="heading"]')!.textContent).to.equal('How was our service?');
      await expect(el).to.be.accessible();
    });

    describe('while it is shown', () => {
      const checkedIn = () => {
        const start = Date.now() - 5 * MINUTE;
        return mine({
          state: 'checked_in',
          slot: { start: new Date(start).toISOString(), end: new Date(start + 30 * MINUTE).toISOString() },
          joinOpensAt: new Date(start - 10 * MINUTE).toISOString(),
          canJoin: true,
          canReschedule: false,
          canCancel: false,
        });
      };

      it('follows the appointment live: in the call, then completed with the survey', async () => {
        const el = await open({ appointment: checkedIn });
        await waitUntil(() => events.latest, 'no live connection');
        expect(events.latest!.url).to.equal('https://oac.example/api/councils/demo/appointments/mine/events?token=secret-token&lang=en');
        expect(text(el, '[part~="badge"]')).to.equal('Waiting for the call');

        events.latest!.send('appointment', { ...checkedIn(), state: 'in_call', canJoin: false });
        await waitUntil(() => text(el, '[part~="badge"]') === 'In the call', 'the state did not change to in the call');
        expect($(el, '[part~="join-button"]')).to.equal(null);

        events.latest!.send('appointment', { ...checkedIn(), state: 'completed', canJoin: false });
        await waitUntil(() => text(el, '[part~="badge"]') === 'Completed', 'the state did not change to completed');
        expect(text(el, '[part~="closed-text"]')).to.equal('This appointment has taken place. Thank you.');
        expect($(el, 'satisfaction-survey')).to.not.equal(null);
        await expect(el).to.be.accessible();
      });

      for (const [lang, inCall, completed] of [
        ['ca', 'En videotrucada', 'Feta'],
        ['es', 'En videollamada', 'Realizada'],
      ]) {
        it(`says it in ${lang === 'ca' ? 'Catalan' : 'Spanish'} too`, async () => {
          const el = await open({ appointment: checkedIn }, 'secret-token', lang);
          await waitUntil(() => events.latest, 'no live connection');
          events.latest!.send('appointment', { ...checkedIn(), state: 'in_call' });
          await waitUntil(() => text(el, '[part~="badge"]') === inCall, 'not in the call');
          events.latest!.send('appointment', { ...checkedIn(), state: 'completed' });
          await waitUntil(() => text(el, '[part~="badge"]') === completed, 'not completed');
        });
      }

      it('stops following when it leaves the page', async () => {
        const el = await open({ appointment: checkedIn });
        await waitUntil(() => events.latest, 'no live connection');
        const source = events.latest!;
        el.remove();
        expect(source.readyState).to.equal(2);
      });

      it('does not follow a link that does not work', async () => {
        const el = await open({ appointment: () => json({ statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'Invalid token.' }, 401) });
        expect($(el, '[part~="invalid"]')).to.not.equal(null);
        expect(events.sources).to.have.length(0);
      });
    });

    it('speaks Catalan', async () => {
      fetch = stubFetch(server());
      const el = await fixture<VideoAppointment>(html`<video-appointment council="demo" lang="ca" token="t"></video-appointment>`);
      await waitUntil(() => $(el, '[part~="appointment"]'));
      expect(text(el, 'h2')).to.equal('La vostra cita per videotrucada');
      expect(text(el, '[part~="reschedule-button"]')).to.equal('Canvia el dia o l’hora');
      expect(text(el, '[part~="cancel-button"]')).to.equal('Anul·la la cita');
    });
  });

  describe('from an invitation to a call (interpreter, supervisor)', () => {
    it('asks the guest’s name, then checks their camera and microphone', async () => {
      const original = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      fetch = stubFetch(server());
      try {
        const el = await fixture<VideoAppointment>(
          html`<video-appointment api="https://oac.example" council="demo" lang="en" call="case-1" invite="guest-token"></video-appointment>`,
        );
        // The guest's view is fetched when an invitation opens it.
        await waitUntil(() => text(el, 'h2'), 'the guest’s view did not open');
        expect(text(el, 'h2')).to.equal('Join a video appointment');
        await expect(el).to.be.accessible();
        await click(el, '[part~="submit-button"]');
        expect(text(el, '[part~="field-error"]')).to.contain('Enter your name');
        await type(el, 'guest-name', 'Pau Interpret');
        await click(el, '[part~="submit-button"]');
        await waitUntil(() => $(el, 'fin-device-check')?.shadowRoot?.querySelector('[part~="device-error"]'), 'no device check');
        expect($(el, 'fin-device-check')!.shadowRoot!.querySelector('[part~="device-error"]')!.textContent).to.contain('not allowed to use your camera');
        expect(fetch.calls).to.deep.equal([]);
      } finally {
        navigator.mediaDevices.getUserMedia = original;
      }
    });
  });
});
