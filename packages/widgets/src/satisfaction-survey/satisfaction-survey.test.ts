import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FinErrorEvent, FinQueuedEvent, FinSubmitEvent } from '../shared/events.js';
import { clockAhead, hang, isolateOutbox, json, networkDown, openLink, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import { getOutbox, OUTBOX_MAX_AGE } from '../shared/outbox.js';
import './index.js';
import type { MySurvey, SatisfactionSurvey, SurveySubmitted } from './satisfaction-survey.js';

const survey = (overrides: Partial<MySurvey> = {}): MySurvey => ({
  state: 'open',
  scale: 'stars5',
  askRepeat: true,
  commentMaxLength: 500,
  channel: 'callback',
  reference: 'CB-7K3M9Q',
  serviceDate: '2026-11-20T10:30:00.000Z',
  procedure: null,
  expiresAt: '2026-12-20T10:30:00.000Z',
  language: 'en',
  ...overrides,
});

const error = (statusCode: number, code: string, extra: Record<string, unknown> = {}) => json({ statusCode, code, message: code, ...extra }, statusCode);

type Answer = (call: RecordedCall) => Response | Promise<Response>;

/** A server that answers the GET with `data` and the POST with `post`. */
function server(post: Answer = () => json({ state: 'answered', answeredAt: '2026-11-21T09:00:00.000Z' }, 201), data: () => Response = () => json(survey())): Answer {
  return (call) => (call.method === 'POST' ? post(call) : data());
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim();
const focused = (el: Element) => el.shadowRoot!.activeElement;
const posts = (fetch: FetchStub) => fetch.calls.filter((c) => c.method === 'POST');

async function mount(attributes = html`<satisfaction-survey api="https://oac.example" council="demo" token="t0k3n" lang="en"></satisfaction-survey>`) {
  const el = await fixture<SatisfactionSurvey>(attributes);
  await waitUntil(() => !$(el, '[part~="status"]')?.textContent?.trim(), 'the survey did not load', { timeout: 3000 });
  await el.updateComplete;
  return el;
}

async function submit(el: SatisfactionSurvey) {
  $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
  await el.updateComplete;
}

async function rate(el: SatisfactionSurvey, value: number) {
  $<HTMLInputElement>(el, `input[name="rating"][value="${value}"]`)!.click();
  await el.updateComplete;
}

describe('<satisfaction-survey>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  it('passes an accessibility check', async () => {
    fetch = stubFetch(server());
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  describe('opened from the invitation, with the token in the page address', () => {
    let restore: () => void;
    beforeEach(() => (restore = openLink('token=invitation-token')));
    afterEach(() => restore());
    const tokens = () => fetch.calls.map((c) => new URL(c.url).searchParams.get('token'));

    it('loads the survey, takes the token out of the address bar and finds it again after a reload', async () => {
      fetch = stubFetch(server());
      (await mount(html`<satisfaction-survey api="https://oac.example" council="demo" lang="en"></satisfaction-survey>`)).remove();
      expect(location.search).to.equal('');
      expect(location.hash).to.equal('#main');
      const reloaded = await mount(html`<satisfaction-survey api="https://oac.example" council="demo" lang="en"></satisfaction-survey>`);
      expect(tokens()).to.deep.equal(['invitation-token', 'invitation-token']);
      expect($(reloaded, 'input[name="rating"]')).to.not.equal(null);
    });

    it('uses its token attribute instead', async () => {
      fetch = stubFetch(server());
      await mount();
      expect(tokens()).to.deep.equal(['t0k3n']);
    });
  });

  describe('while loading', () => {
    it('is busy, says so politely and asks for the survey of its token in its language', async () => {
      fetch = stubFetch(hang);
      const el = await fixture<SatisfactionSurvey>(html`<satisfaction-survey api="https://oac.example" council="demo" token="t0k3n" lang="es"></satisfaction-survey>`);
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect(text(el, '[part~="status"]')).to.equal('Cargando la encuesta…');
      await waitUntil(() => fetch.calls.length === 1);
      expect(fetch.calls[0].url).to.equal('https://oac.example/api/councils/demo/surveys/mine?token=t0k3n&lang=es');
      await expect(el).to.be.accessible();
    });
  });

  describe('on the 1–5 star scale', () => {
    it('says which service it is about and offers five stars as one radio group', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect(text(el, 'h2')).to.equal('How was our service?');
      expect(text(el, '[part~="intro"]')).to.equal('About the phone call on 20 November 2026 (reference CB-7K3M9Q).');
      expect(text(el, '[part~="deadline"]')).to.contain('You can answer until 20 December 2026');
      const radios = $$<HTMLInputElement>(el, 'input[name="rating"]');
      expect(radios.map((r) => r.value)).to.deep.equal(['1', '2', '3', '4', '5']);
      // The star is decoration; what a screen reader reads is the words beside it.
      expect(radios.map((r) => r.closest('label')!.querySelector('.visually-hidden')!.textContent)).to.deep.equal(['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
      expect($$(el, '[part~="star"]').every((star) => star.getAttribute('aria-hidden') === 'true' && star.textContent === '☆')).to.equal(true);
      expect(text(el, 'fieldset legend')).to.equal('How would you rate the service?');
      expect($(el, 'fieldset')!.getAttribute('aria-describedby')).to.equal('rating-hint');
      for (const radio of radios) expect(radio.closest('label')!.getBoundingClientRect().height).to.be.at.least(44);
    });

    it('is answered with the arrow keys, filling the stars up to the chosen one', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const radios = $$<HTMLInputElement>(el, 'input[name="rating"]');
      radios[0].focus();
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(focused(el)).to.equal(radios[2]);
      expect(radios[2].checked).to.equal(true);
      expect(text(el, '[part~="rating-value"]')).to.equal('Your rating: 3 stars out of 5');
      expect($$(el, '[part~="option"]').map((o) => o.getAttribute('part'))).to.deep.equal([
        'option filled',
        'option filled',
        'option checked filled',
        'option',
        'option',
      ]);
      expect($$(el, '[part~="star"]').map((s) => s.textContent)).to.deep.equal(['★', '★', '★', '☆', '☆']);
      await expect(el).to.be.accessible();
    });
  });

  describe('on the 0–10 scale', () => {
    it('offers eleven numbers with what the ends mean', async () => {
      fetch = stubFetch(server(undefined, () => json(survey({ scale: 'nps10', channel: 'video', procedure: { id: 'padro', name: 'Register of residents' } }))));
      const el = await mount();
      expect(text(el, '[part~="intro"]')).to.equal('About the video appointment for “Register of residents” on 20 November 2026 (reference CB-7K3M9Q).');
      const radios = $$<HTMLInputElement>(el, 'input[name="rating"]');
      expect(radios.map((r) => r.closest('label')!.textContent!.trim())).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(text(el, '#rating-hint')).to.equal('From 0 (very poor) to 10 (excellent).');
      radios[10].focus();
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(radios[9].checked).to.equal(true);
      expect(text(el, '[part~="rating-value"]')).to.equal('Your rating: 9 out of 10');
      await expect(el).to.be.accessible();
    });
  });

  describe('what the council asks', () => {
    it('leaves out the repeat question and the comment when the council does not ask for them', async () => {
      fetch = stubFetch(server(undefined, () => json(survey({ askRepeat: false, commentMaxLength: 0 }))));
      const el = await mount();
      expect($(el, 'input[name="repeat"]')).to.equal(null);
      expect($(el, '#comment')).to.equal(null);
      await rate(el, 5);
      await submit(el);
      await waitUntil(() => posts(fetch).length === 1);
      expect(posts(fetch)[0].body).to.deep.equal({ token: 't0k3n', rating: 5 });
    });

    it('counts the comment’s characters against the council’s limit and refuses one too long', async () => {
      fetch = stubFetch(server(undefined, () => json(survey({ commentMaxLength: 60 }))));
      const el = await mount();
      expect(text(el, '#comment-hint')).to.equal('Please do not include personal details. Up to 60 characters.');
      expect(text(el, '[part~="counter"]')).to.equal('You have 60 characters left');
      const comment = $<HTMLTextAreaElement>(el, '#comment')!;
      comment.value = 'x'.repeat(61);
      comment.dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
      expect(text(el, '[part~="counter"]')).to.equal('You have 1 character too many');
      expect($(el, '[part~="counter"]')!.getAttribute('part')).to.equal('counter over');
      expect(text(el, '[part~="counter-announcement"]')).to.equal('You have 1 character too many');
      await rate(el, 4);
      await submit(el);
      expect(text(el, '[part~="error-summary"] li')).to.equal('The comment must be 60 characters or fewer');
      expect(posts(fetch)).to.have.length(0);
    });
  });

  describe('sent without a rating', () => {
    it('shows an error summary that takes focus and links to the scale', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await submit(el);
      await waitUntil(() => focused(el) === $(el, '[part~="error-summary"]'), 'the summary did not take focus');
      expect(text(el, '[part~="error-summary-title"]')).to.equal('There is a problem');
      expect(text(el, '[part~="error-link"]')).to.equal('Choose a rating');
      expect(text(el, '#rating-error')).to.equal('Choose a rating');
      expect($(el, 'fieldset')!.getAttribute('aria-describedby')).to.equal('rating-hint rating-error');
      $<HTMLAnchorElement>(el, '[part~="error-link"]')!.click();
      expect(focused(el)).to.equal($(el, 'input[name="rating"][value="1"]'));
      expect(posts(fetch)).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the answer is accepted', () => {
    it('sends it, fires fin-submit without the comment and thanks the citizen, focusing the heading', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await rate(el, 4);
      $<HTMLInputElement>(el, 'input[name="repeat"][value="yes"]')!.click();
      const comment = $<HTMLTextAreaElement>(el, '#comment')!;
      comment.value = '  Very kind, thank you.  ';
      comment.dispatchEvent(new InputEvent('input'));
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<SurveySubmitted>>;
      await submit(el);
      expect((await submitted).detail).to.deep.equal({ kind: 'survey', result: { rating: 4, wouldRepeat: true, answeredAt: '2026-11-21T09:00:00.000Z' } });
      const [post] = posts(fetch);
      expect(post.url).to.equal('https://oac.example/api/councils/demo/surveys/mine/answer');
      expect(post.body).to.deep.equal({ token: 't0k3n', rating: 4, wouldRepeat: true, comment: 'Very kind, thank you.' });
      expect(post.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
      await waitUntil(() => focused(el) === $(el, '[part~="heading"]'));
      expect(text(el, '[part~="heading"]')).to.equal('Thank you for your answer');
      expect($(el, 'form')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the survey was already answered', () => {
    it('says so politely instead of the form', async () => {
      fetch = stubFetch(server(undefined, () => json(survey({ state: 'answered' }))));
      const el = await mount();
      expect(text(el, '[part~="answered"] [part~="heading"]')).to.equal('You have already answered');
      expect(text(el, '[part~="answered"] [part~="message"]')).to.contain('we keep only one for each service. Thank you for your time!');
      expect($(el, 'form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('says the same when the server refuses a second answer with 409', async () => {
      fetch = stubFetch(server(() => error(409, 'FIN_ERR_SURVEY_ANSWERED')));
      const el = await mount();
      await rate(el, 2);
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      await submit(el);
      expect((await failed).detail.code).to.equal('FIN_ERR_SURVEY_ANSWERED');
      await waitUntil(() => focused(el) === $(el, '[part~="heading"]'));
      expect(text(el, '[part~="heading"]')).to.equal('You have already answered');
    });
  });

  describe('when the survey has closed or does not exist', () => {
    it('says the survey has closed', async () => {
      fetch = stubFetch(server(undefined, () => error(410, 'FIN_ERR_SURVEY_EXPIRED')));
      const el = await mount();
      expect(text(el, '[part~="expired"] [part~="heading"]')).to.equal('This survey has closed');
      await expect(el).to.be.accessible();
    });

    it('says the link leads to no survey, in Catalan', async () => {
      fetch = stubFetch(server(undefined, () => error(404, 'FIN_ERR_SURVEY_NOT_FOUND')));
      const el = await mount(html`<satisfaction-survey council="demo" token="nope" lang="ca"></satisfaction-survey>`);
      expect(text(el, '[part~="not-found"] [part~="heading"]')).to.equal('No s’ha trobat l’enquesta');
    });

    it('without any token, says so and fires fin-error without asking the server', async () => {
      fetch = stubFetch(server());
      const el = document.createElement('satisfaction-survey');
      Object.assign(el, { council: 'demo', lang: 'en' });
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('FIN_ERR_SURVEY_NOT_FOUND');
        await el.updateComplete;
        expect(text(el, '[part~="heading"]')).to.equal('Survey not found');
        expect(fetch.calls).to.have.length(0);
      } finally {
        el.remove();
      }
    });
  });

  describe('when the service cannot be reached', () => {
    it('shows a neutral message, fires fin-error and loads on retry', async () => {
      let down = true;
      fetch = stubFetch((call) => (down ? error(503, 'FIN_ERR_INTERNAL') : server()(call)));
      const el = document.createElement('satisfaction-survey');
      Object.assign(el, { council: 'demo', token: 't0k3n', lang: 'en' });
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('FIN_ERR_INTERNAL');
        await waitUntil(() => $(el, '[part~="retry-button"]'), 'no retry button', { timeout: 3000 });
        expect(text(el, '[part~="error"]')).to.equal('The survey cannot be shown right now. Try again in a moment.');
        down = false;
        $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
        await waitUntil(() => $(el, 'form'));
      } finally {
        el.remove();
      }
    });

    it('keeps the answer and its Idempotency-Key after a server error on sending', async () => {
      fetch = stubFetch(server(() => error(500, 'FIN_ERR_INTERNAL')));
      const el = await mount();
      await rate(el, 5);
      await submit(el);
      await waitUntil(() => text(el, '[part~="form-error"]') === 'Your answer could not be sent. Try again in a moment.', 'no form error', { timeout: 8000 });
      fetch.respond(server());
      await submit(el);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Thank you for your answer');
      expect(new Set(posts(fetch).map((p) => p.headers.get('Idempotency-Key'))).size).to.equal(1);
    }).timeout(10_000);
  });

  describe('when offline', () => {
    isolateOutbox();

    it('saves the answer on the device, says so, and thanks once it is sent, after a reload too', async () => {
      fetch = stubFetch(server(() => networkDown()));
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      let el = await mount();
      await rate(el, 5);
      const queued = oneEvent(el, 'fin-queued') as Promise<FinQueuedEvent>;
      await submit(el);
      const { idempotencyKey } = (await queued).detail;
      await waitUntil(() => focused(el) === $(el, '[part~="heading"]'));
      expect(text(el, '[part~="heading"]')).to.equal('Saved on this device');
      expect(posts(fetch)).to.have.length(0);

      // A reload: a new element finds the answer waiting in the outbox.
      el.remove();
      el = await fixture<SatisfactionSurvey>(html`<satisfaction-survey api="https://oac.example" council="demo" token="t0k3n" lang="en"></satisfaction-survey>`);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Saved on this device');

      fetch.respond(server());
      const submitted = oneEvent(el, 'fin-submit') as Promise<FinSubmitEvent<SurveySubmitted>>;
      delete (navigator as { onLine?: boolean }).onLine;
      dispatchEvent(new Event('online'));
      expect((await submitted).detail.result.rating).to.equal(5);
      await el.updateComplete;
      expect(text(el, '[part~="heading"]')).to.equal('Thank you for your answer');
      expect(posts(fetch)).to.have.length(1);
      expect(posts(fetch)[0].headers.get('Idempotency-Key')).to.equal(idempotencyKey);
    });

    it('tells the citizen on their next visit, 24 hours later, that the answer was not sent, with it filled in again', async () => {
      fetch = stubFetch(server(() => networkDown()));
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      const before = await mount();
      await rate(before, 4);
      await submit(before);
      await waitUntil(() => text(before, '[part~="heading"]') === 'Saved on this device');
      before.remove();

      const restore = clockAhead(OUTBOX_MAX_AGE);
      try {
        const el = await mount(html`<satisfaction-survey api="https://oac.example" council="demo" token="t0k3n" lang="es"></satisfaction-survey>`);
        await waitUntil(() => focused(el) === $(el, '[part~="error-summary"]'), 'the error summary did not take focus');
        expect(text(el, '[part~="form-error"]')).to.equal('Su respuesta ha esperado 24 horas en este dispositivo sin conexión y no se ha enviado. Se ha borrado del dispositivo: vuelva a enviarla.');
        expect($<HTMLInputElement>(el, 'input[name="rating"][value="4"]')!.checked).to.equal(true);
        expect(await getOutbox().pending()).to.deep.equal([]);
        expect(posts(fetch)).to.have.length(0);
      } finally {
        restore();
      }
    });

    it('says it was already answered when the queued answer is refused once online', async () => {
      fetch = stubFetch(server(() => networkDown()));
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      const el = await mount();
      await rate(el, 3);
      await submit(el);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Saved on this device');
      fetch.respond(server(() => error(409, 'FIN_ERR_SURVEY_ANSWERED')));
      delete (navigator as { onLine?: boolean }).onLine;
      dispatchEvent(new Event('online'));
      await waitUntil(() => text(el, '[part~="heading"]') === 'You have already answered', 'not refused', { timeout: 4000 });
    });
  });

  describe('languages', () => {
    it('speaks Catalan and Spanish', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<satisfaction-survey council="demo" token="t0k3n" lang="ca"></satisfaction-survey>`);
      expect(text(el, 'h2')).to.equal('Com us hem atès?');
      expect(text(el, '[part~="submit-button"]')).to.equal('Envia la resposta');
      expect(text(el, 'fieldset:nth-of-type(2) legend')).to.equal('Tornaríeu a fer servir aquest servei?');
      el.lang = 'es';
      await waitUntil(() => fetch.calls.some((c) => c.url.includes('lang=es')));
      await el.updateComplete;
      expect(text(el, 'h2')).to.equal('¿Cómo le hemos atendido?');
      expect(text(el, '[part~="intro"]')).to.equal('Sobre la llamada del 20 de noviembre de 2026 (referencia CB-7K3M9Q).');
    });

    it('writes Catalan dates with their elisions: “de l’1 d’octubre”, “fins a l’11 d’octubre”', async () => {
      fetch = stubFetch(server(undefined, () => json(survey({ serviceDate: '2026-10-01T08:00:00.000Z', expiresAt: '2026-10-11T08:00:00.000Z' }))));
      const el = await mount(html`<satisfaction-survey council="demo" token="t0k3n" lang="ca"></satisfaction-survey>`);
      expect(text(el, '[part~="intro"]')).to.equal('Sobre la trucada de l’1 d’octubre del 2026 (referència CB-7K3M9Q).');
      expect(text(el, '[part~="deadline"]')).to.match(/^Podeu respondre fins a l’11 d’octubre del 2026\./);
    });

    it('starts afresh for another token', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await rate(el, 5);
      await submit(el);
      await waitUntil(() => text(el, '[part~="heading"]') === 'Thank you for your answer');
      el.token = 'another';
      await waitUntil(() => $(el, 'form'), 'no form for the other survey');
      expect(fetch.calls.at(-1)!.url).to.contain('token=another');
      expect($$<HTMLInputElement>(el, 'input[name="rating"]').some((radio) => radio.checked)).to.equal(false);
    });

    it('takes a heading level to fit the page', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<satisfaction-survey council="demo" token="t0k3n" lang="en" heading-level="3"></satisfaction-survey>`);
      expect($(el, 'h3[part~="heading"]')).to.not.equal(null);
    });
  });
});
