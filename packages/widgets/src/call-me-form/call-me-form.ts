import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { alternativesOf, parsePhone } from '../shared/contact-fields.js';
import { ApiError, ErrorCode, type FinError } from '../shared/errors.js';
import { focusFirst, renderErrorSummary } from '../shared/error-summary.js';
import { renderConsentField, renderFieldError, renderHoneypot, renderInputField } from '../shared/form-fields.js';
import { FinQueuedEvent, FinSubmitEvent } from '../shared/events.js';
import type { MessageKey } from '../shared/i18n.js';
import { getOutbox, type OutboxEvent, type PendingItem } from '../shared/outbox.js';
import { ProofOfWorkController } from '../shared/proof-of-work.js';
import { SubmissionKey, submitOrQueue } from '../shared/submit.js';
import { dayLabel, pickerDay, renderChoice, renderDayTimePicker, renderSlotTaken } from '../shared/slot-picker.js';
import { FetchTask } from '../shared/task.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { daysBetween, groupByDay } from '../shared/zoned.js';
import type { CallbackCreated, CallbackRequest, CallbackSlots, Council, TimeWindow } from '../shared/types.js';
import { styles } from './call-me-form.styles.js';
import {
  ANNOUNCE_WITHIN,
  DESCRIPTION_MAX,
  FIELDS,
  NAME_MAX,
  chosenSlot,
  serverFieldError,
  validate,
  type Field,
  type FieldErrors,
  type Values,
} from './fields.js';
import './translations/index.js';

const KIND = 'callback';

/** Problems with the request as a whole, not with one field. */
const FORM_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_CALLBACK_ALREADY_OPEN: 'callMeErrorAlreadyOpen',
  FIN_ERR_RATE_LIMITED: 'callMeErrorRateLimited',
  FIN_ERR_SUBMISSION_REJECTED: 'callMeErrorRejected',
  FIN_ERR_OUTBOX_EXPIRED: 'callMeErrorQueueExpired',
};

type View = { name: 'form' } | { name: 'queued'; idempotencyKey: string } | { name: 'confirmed'; result: CallbackCreated; emailed: boolean };

interface SlotTaken {
  alternatives: TimeWindow[];
  choice: string;
}

interface Loaded {
  slots: CallbackSlots;
  council: Council;
}

const emptyValues = (): Values => ({ topic: '', when: '', time: '', name: '', phone: '', email: '', description: '', consent: false, website: '' });

/**
 * A "call me" form: the citizen picks what they need help with and when suits them (as soon as
 * possible, or a free slot of the coming days in the council's time zone), leaves a name and a
 * phone number, and the Citizen Service Office phones them then. Offline, the request is kept on
 * the device and sent when the connection returns, even after a reload.
 *
 * @summary Request a phone callback from the council at an agreed time.
 * @tagname call-me-form
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr topic - The topic to preselect: `online-help` or the id of one of the council's procedures.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 *
 * @fires fin-submit - The council accepted the request: `{kind: "callback", result: {reference, state, slot, cancelUrl}}`.
 * @fires fin-queued - There was no connection: the request was saved on the device, `{kind: "callback", idempotencyKey}`.
 * @fires fin-error - Loading or sending failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading; in the confirmation it receives focus.
 * @csspart intro - The introduction under the heading.
 * @csspart status - The polite live region (loading, sending).
 * @csspart error - The message shown when the service cannot be reached.
 * @csspart retry-button - The button that tries loading again.
 * @csspart no-slots - Shown when there are no free times in the coming days.
 * @csspart no-slots-hint - Where else to get help then.
 * @csspart subheading - A heading inside the element (no free times, slot taken, confirmation sections).
 * @csspart error-summary - The list of problems shown after a failed submission; it takes focus.
 * @csspart error-summary-title - Its title.
 * @csspart error-summary-list - The list of problems.
 * @csspart form-error - A problem with the request as a whole (e.g. one already pending for the number).
 * @csspart error-link - A link in it that moves focus to the field concerned.
 * @csspart form - The form.
 * @csspart field - A label or legend, its hint, its error and its control (the consent's also has the part `consent`).
 * @csspart days - The day picker's group (also has the part `fieldset`).
 * @csspart day-list - Its choices (also has the part `choices`).
 * @csspart times - The time picker's group for the chosen day (also has the part `fieldset`).
 * @csspart time-list - Its choices (also has the part `choices`).
 * @csspart fieldset - A group of radio buttons.
 * @csspart legend - A group's legend.
 * @csspart label - A field's label.
 * @csspart hint - A field's hint.
 * @csspart field-error - A field's error message.
 * @csspart input - A text input.
 * @csspart select - The topic select.
 * @csspart textarea - The description.
 * @csspart counter - The description's character counter; also has the part `over` past the limit.
 * @csspart counter-announcement - Visually hidden: the count read out near the limit.
 * @csspart phone-normalised - The phone number as it will be dialled.
 * @csspart choices - A list of radio buttons.
 * @csspart choice - One radio button with its label; the chosen one also has the part `checked`.
 * @csspart radio - A radio button.
 * @csspart choice-label - A radio button's text.
 * @csspart day-name - A day's date in the day picker.
 * @csspart day-count - How many free times the day has.
 * @csspart checkbox - The consent checkbox.
 * @csspart checkbox-label - Its label; also has the part `label`.
 * @csspart consent-text - Its text.
 * @csspart privacy-link - The link to the council's privacy notice.
 * @csspart submit-button - The button that sends the request.
 * @csspart slot-taken - Shown when the chosen time was taken meanwhile, with the next free times.
 * @csspart slot-taken-text - What happened and what to do.
 * @csspart resubmit-button - Sends the request again at the time chosen among them.
 * @csspart confirmation - The confirmation shown once the request was accepted.
 * @csspart reference - The request's public reference.
 * @csspart window - When the call will be.
 * @csspart confirm-email - Where the council asks for it: confirm from the emailed link in time, or the place is freed.
 * @csspart next - What happens next.
 * @csspart cancel - The paragraph with the cancel link.
 * @csspart cancel-link - The link to cancel the call.
 * @csspart cancel-hint - Where else the link is (the email) or to keep it.
 * @csspart queued - The message shown while the request waits on the device for a connection.
 * @csspart queued-text - Its explanation.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Hints and secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Panels.
 * @cssprop --fin-color-border - Borders and field outlines.
 * @cssprop --fin-color-error - Error messages and invalid fields.
 * @cssprop --fin-color-success - The confirmation's accent.
 * @cssprop --fin-color-primary - Buttons, links and the chosen time.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class CallMeForm extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The topic to preselect (`online-help` or a procedure id); unknown ids fall back to the first topic. */
  @property() topic?: string;

  @state() private view: View = { name: 'form' };
  @state() private values: Values = emptyValues();
  @state() private day = '';
  @state() private touched = new Set<Field>();
  @state() private submitted = false;
  @state() private busy = false;
  @state() private serverErrors: FieldErrors = {};
  /** A problem with the request as a whole, shown in the error summary. */
  @state() private formError?: MessageKey;
  @state() private slotTaken?: SlotTaken;

  /** The key of the last submission, reused only when the same submission is sent again after a failure. */
  private readonly submissionKey = new SubmissionKey();
  /** Whether the outbox was asked for a request a previous page left waiting. */
  private restored = false;
  /** During a flood the server asks for a proof of work, which can take a few seconds. */
  private readonly proofOfWork = new ProofOfWorkController(this);

  private readonly data = new FetchTask(this, {
    args: () => (this.councilId ? ([this.apiBase, this.councilId, this.i18n.lang] as const) : undefined),
    task: async ([api, council, lang], signal): Promise<Loaded> => {
      const client = new ApiClient(api, council);
      const [slots, details] = await Promise.all([
        client.get<CallbackSlots>(client.councilPath('/callbacks/slots'), { query: { lang }, signal }),
        client.get<Council>(client.councilPath(), { query: { lang }, signal }),
      ]);
      return { slots, council: details };
    },
    onError: (error) => this.reportError(error),
  });

  private readonly onSent = (event: Event) => {
    const { item, result } = event as OutboxEvent;
    if (this.view.name !== 'queued' || item.idempotencyKey !== this.view.idempotencyKey) return;
    const body = item.body as Partial<CallbackRequest>;
    this.guard(this.confirm(result as CallbackCreated, Boolean(body.email)));
  };

  private readonly onFailed = (event: Event) => {
    const { item, error } = event as OutboxEvent;
    if (this.view.name !== 'queued' || item.idempotencyKey !== this.view.idempotencyKey || !error) return;
    this.restoreValues(item);
    this.view = { name: 'form' };
    this.submitted = true;
    this.guard(this.showFailure(new ApiError(error.code, error.message, false, error.status)));
  };

  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  /** The page's outbox, started on first use so a request left by an earlier visit goes out. */
  private get outbox() {
    return getOutbox();
  }

  override connectedCallback() {
    super.connectedCallback();
    this.outbox.addEventListener('sent', this.onSent);
    this.outbox.addEventListener('failed', this.onFailed);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.outbox.removeEventListener('sent', this.onSent);
    this.outbox.removeEventListener('failed', this.onFailed);
    this.restored = false;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (!this.restored && this.councilId) {
      this.restored = true;
      this.guard(this.restorePending());
    }
    const loaded = this.data.status === 'complete' ? this.data.value : undefined;
    if (loaded) this.applyDefaults(loaded.slots);
  }

  /**
   * A request saved on this device by an earlier visit is still on its way: say so, and confirm it
   * once sent. One that waited too long was dropped unsent: say so, with the form filled in again.
   */
  private async restorePending() {
    const url = this.client.url(this.client.councilPath('/callbacks'));
    const isMine = (item: PendingItem) => item.kind === KIND && item.url === url;
    const last = (await this.outbox.pending()).filter(isMine).at(-1);
    const expired = last ? undefined : (await this.outbox.takeExpired(isMine)).at(-1);
    if (this.view.name !== 'form') return;
    if (last) {
      this.restoreValues(last);
      this.view = { name: 'queued', idempotencyKey: last.idempotencyKey };
    } else if (expired) {
      this.restoreValues(expired);
      this.submitted = true;
      await this.showFailure(new ApiError(ErrorCode.outboxExpired, 'The request was not sent within 24 hours.', false, 0));
    }
  }

  private restoreValues(item: PendingItem) {
    const body = item.body as Partial<CallbackRequest>;
    const slot = body.slot ?? '';
    this.values = {
      ...this.values,
      topic: body.topic ?? this.values.topic,
      when: slot === 'asap' ? 'asap' : 'pick',
      time: slot === 'asap' ? '' : slot,
      name: body.name ?? '',
      phone: body.phone ?? '',
      email: body.email ?? '',
      description: body.description ?? '',
      consent: Boolean(body.consent),
    };
  }

  /** Preselects the topic and "as soon as possible" (or the first day) once the slots are known. */
  private applyDefaults(slots: CallbackSlots) {
    const topics = slots.topics.map((t) => t.id);
    if (!topics.includes(this.values.topic)) {
      const topic = this.topic && topics.includes(this.topic) ? this.topic : (topics[0] ?? '');
      this.values = { ...this.values, topic };
    }
    if (!this.values.when || (this.values.when === 'asap' && !slots.asap)) this.values = { ...this.values, when: slots.asap ? 'asap' : 'pick' };
    this.day = pickerDay(slots.slots, slots.timeZone, this.day, this.values.time);
  }

  private get timeZone(): string {
    return this.data.value?.slots.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private body(slot: string): CallbackRequest {
    const { values } = this;
    const email = values.email.trim();
    return {
      topic: values.topic,
      slot,
      name: values.name.trim(),
      phone: parsePhone(values.phone)?.e164 ?? values.phone.trim(),
      ...(email ? { email } : {}),
      description: values.description.trim(),
      consent: true,
      language: this.i18n.lang,
      website: values.website,
    };
  }

  private errors(): FieldErrors {
    return { ...validate(this.values), ...this.serverErrors };
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    this.formError = undefined;
    this.slotTaken = undefined;
    if (Object.keys(validate(this.values)).length || Object.keys(this.serverErrors).length) return this.focusPart('[part~="error-summary"]');
    await this.send(chosenSlot(this.values));
  }

  private async send(slot: string) {
    const body = this.body(slot);
    const idempotencyKey = this.submissionKey.for(body);
    this.busy = true;
    try {
      const result = await submitOrQueue<CallbackCreated>(this.client, this.client.councilPath('/callbacks'), body, { kind: KIND, idempotencyKey });
      this.submissionKey.settle();
      if (result.queued) {
        this.view = { name: 'queued', idempotencyKey };
        this.emit(new FinQueuedEvent(KIND, idempotencyKey));
        await this.focusPart('[part~="heading"]');
      } else {
        await this.confirm(result.data, Boolean(body.email));
      }
    } catch (error) {
      const failure = this.reportError(error);
      this.submissionKey.settle(failure);
      await this.showFailure(failure);
    } finally {
      this.busy = false;
    }
  }

  private async showFailure(failure: FinError) {
    const apiError = failure instanceof ApiError ? failure : undefined;
    if (failure.code === 'FIN_ERR_SLOT_TAKEN') {
      const alternatives = alternativesOf(apiError);
      this.slotTaken = { alternatives, choice: alternatives[0]?.start ?? '' };
      // What was free has changed: the picker should offer what is free now.
      void this.data.retry();
      return this.focusPart('[part~="slot-taken"] h3');
    }
    const fieldError = serverFieldError(failure.code, apiError?.field);
    if (fieldError) {
      const [field, key] = fieldError;
      this.serverErrors = { ...this.serverErrors, [field]: key };
      this.touched = new Set(this.touched).add(field);
    } else {
      this.formError = FORM_ERRORS[failure.code] ?? 'callMeErrorSendFailed';
    }
    await this.focusPart('[part~="error-summary"]');
  }

  private async confirm(result: CallbackCreated, emailed: boolean) {
    this.view = { name: 'confirmed', result, emailed };
    this.emit(new FinSubmitEvent(KIND, result));
    await this.focusPart('[part~="heading"]');
  }

  private resubmit() {
    const choice = this.slotTaken?.choice;
    if (!choice || this.busy) return;
    this.values = { ...this.values, when: 'pick', time: choice };
    this.day = '';
    this.slotTaken = undefined;
    this.guard(this.send(choice));
  }

  /** Moves focus after the next render, so it lands on what the view now shows. */
  private async focusPart(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private focusField(event: Event, field: Field) {
    // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
    event.preventDefault();
    // The slot error is about the time when the citizen chose to pick one, else about the choice itself.
    focusFirst(this.renderRoot, field === 'slot' ? ['input[name="time"]:checked', 'input[name="time"]', 'input[name="when"]:checked', '#slot'] : [`#${field}`]);
  }

  private set(field: keyof Values, value: string | boolean) {
    this.values = { ...this.values, [field]: value };
    const related: Partial<Record<keyof Values, Field>> = { when: 'slot', time: 'slot' };
    const key = (related[field] ?? field) as Field;
    // The server's verdict was about the old value; the citizen's own checks take over again.
    if (this.serverErrors[key]) {
      const rest = { ...this.serverErrors };
      delete rest[key];
      this.serverErrors = rest;
    }
  }

  private touch(field: Field) {
    if (!this.touched.has(field)) this.touched = new Set(this.touched).add(field);
  }

  /** A field's error once the citizen has been there or tried to send. */
  private shown(field: Field): MessageKey | undefined {
    if (!this.submitted && !this.touched.has(field)) return undefined;
    return this.errors()[field];
  }

  private message(key: MessageKey): string {
    const count = key === 'callMeErrorNameTooLong' ? NAME_MAX : key === 'callMeErrorDescriptionTooLong' ? DESCRIPTION_MAX : undefined;
    return this.i18n.t(key, count === undefined ? {} : { count });
  }

  private dayLabel(date: Date): string {
    return dayLabel(this.i18n, date, this.timeZone);
  }

  private range(window: TimeWindow): string {
    return this.i18n.t('callMeTimeRange', { start: this.i18n.time(new Date(window.start), this.timeZone), end: this.i18n.time(new Date(window.end), this.timeZone) });
  }

  protected renderContent() {
    const { status, value } = this.data;
    const loading = !value && (status === 'initial' || status === 'pending');
    const sending = this.busy;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || sending ? 'true' : 'false'}>
      ${this.view.name === 'confirmed'
        ? this.renderConfirmation(this.view.result, this.view.emailed)
        : this.view.name === 'queued'
          ? this.renderQueued()
          : html`<h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('callMeTitle')}</h2>
              ${value ? html`<p part="intro">${this.i18n.t('callMeIntro')}</p>` : nothing}
              ${status === 'error' && !value ? this.renderUnavailable() : nothing}
              ${value ? this.renderLoaded(value) : nothing}`}
      <p part="status" role="status">
        ${loading ? this.i18n.t('callMeLoading') : sending ? this.i18n.t(this.proofOfWork.solving ? 'callMeProving' : 'callMeSending') : nothing}
      </p>
    </section>`;
  }

  private renderUnavailable() {
    return html`<p part="error" role="alert">${this.i18n.t('callMeUnavailable')}</p>
      <button part="retry-button" type="button" @click=${() => this.guard(this.data.retry())}>${this.i18n.t('retry')}</button>`;
  }

  private renderLoaded({ slots, council }: Loaded) {
    if (!slots.slots.length && !slots.asap) {
      return html`<div part="no-slots">
        <h3 part="subheading">${this.i18n.t('callMeNoSlotsTitle')}</h3>
        <p part="no-slots-hint">${this.i18n.t('callMeNoSlotsHint')}</p>
      </div>`;
    }
    return this.renderForm(slots, council);
  }

  private renderSummary() {
    if (!this.submitted) return nothing;
    const errors = this.errors();
    return renderErrorSummary({
      title: this.i18n.t('callMeErrorSummaryTitle'),
      formError: this.formError && this.i18n.t(this.formError),
      items: FIELDS.filter((field) => errors[field]).map((field) => ({ field, message: this.message(errors[field]!) })),
      onLink: (event, field) => this.focusField(event, field as Field),
    });
  }

  private renderForm(slots: CallbackSlots, council: Council) {
    return html`${this.renderSummary()} ${this.slotTaken ? this.renderSlotTaken(this.slotTaken) : nothing}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.submit(event))}>
        ${this.renderTopic(slots)} ${this.renderWhen(slots)}
        ${this.renderInput('name', 'text', 'name', 'callMeName')}
        ${this.renderInput('phone', 'tel', 'tel', 'callMePhone', 'callMePhoneHint')}
        ${this.renderInput('email', 'email', 'email', 'callMeEmail', 'callMeEmailHint')}
        ${this.renderDescription()} ${this.renderConsent(council)} ${this.renderHoneypot()}
        <button part="submit-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.i18n.t(this.busy ? 'callMeSending' : 'callMeSubmit')}
        </button>
      </form>`;
  }

  private renderError(field: Field, error: MessageKey | undefined) {
    return renderFieldError(field, error && this.message(error));
  }

  private renderTopic(slots: CallbackSlots) {
    const error = this.shown('topic');
    return html`<div part="field">
      <label part="label" for="topic">${this.i18n.t('callMeTopic')}</label>
      ${this.renderError('topic', error)}
      <select
        part="select"
        id="topic"
        name="topic"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'topic-error' : nothing}
        @change=${(event: Event) => this.set('topic', (event.target as HTMLSelectElement).value)}
        @blur=${() => this.touch('topic')}
      >
        ${slots.topics.map((topic) => html`<option value=${topic.id} ?selected=${topic.id === this.values.topic}>${topic.name}</option>`)}
      </select>
    </div>`;
  }

  private renderWhen(slots: CallbackSlots) {
    const error = this.shown('slot');
    const tz = slots.timeZone;
    const days = groupByDay(slots.slots, tz);
    const asap = slots.asap;
    const asapLabel = () => {
      if (!asap) return '';
      const start = new Date(asap.start);
      const time = this.i18n.time(start, tz);
      const offset = daysBetween(new Date(), start, tz);
      if (offset <= 0) return this.i18n.t('callMeAsap', { time });
      const day = offset === 1 ? new Intl.RelativeTimeFormat(this.i18n.locale, { numeric: 'auto' }).format(1, 'day') : this.dayLabel(start);
      return this.i18n.t('callMeAsapOn', { day, time });
    };
    const pick = this.values.when === 'pick';
    return html`<fieldset part="field fieldset" aria-describedby=${error ? 'slot-error' : nothing}>
      <legend part="legend">${this.i18n.t('callMeWhen')}</legend>
      ${this.renderError('slot', error)}
      <div part="choices">
        ${asap ? renderChoice('when', 'asap', this.values.when === 'asap', asapLabel(), () => this.set('when', 'asap'), 'slot') : nothing}
        ${days.length ? renderChoice('when', 'pick', pick, this.i18n.t('callMeChooseTime'), () => this.set('when', 'pick'), asap ? undefined : 'slot') : nothing}
      </div>
      ${pick && days.length
        ? renderDayTimePicker({
            i18n: this.i18n,
            timeZone: tz,
            slots: slots.slots,
            day: this.day,
            time: this.values.time,
            labels: {
              day: this.i18n.t('callMeDay'),
              dayFree: (count) => this.i18n.t('callMeDayFree', { count }),
              timesOn: (day) => this.i18n.t('callMeTimesOn', { day }),
              range: (window) => this.range(window),
            },
            onDay: (day, daySlots) => {
              this.day = day;
              if (!daySlots.some((s) => s.start === this.values.time)) this.set('time', '');
            },
            onTime: (start) => {
              this.set('time', start);
              this.touch('slot');
            },
          })
        : nothing}
    </fieldset>`;
  }

  private renderInput(field: 'name' | 'phone' | 'email', type: string, autocomplete: string, label: MessageKey, hint?: MessageKey) {
    const error = this.shown(field);
    const normalised = field === 'phone' && this.touched.has('phone') && !error ? parsePhone(this.values.phone) : undefined;
    return renderInputField({
      id: field,
      type,
      autocomplete,
      label: this.i18n.t(label),
      hint: hint && this.i18n.t(hint),
      error: error && this.message(error),
      required: field !== 'email',
      value: this.values[field],
      normalised: normalised && this.i18n.t('callMePhoneNormalised', { phone: normalised.display }),
      onInput: (value) => this.set(field, value),
      onBlur: () => this.touch(field),
    });
  }

  private renderDescription() {
    const error = this.shown('description');
    const remaining = DESCRIPTION_MAX - this.values.description.length;
    const counter = remaining >= 0 ? this.i18n.t('callMeCharactersLeft', { count: remaining }) : this.i18n.t('callMeCharactersOver', { count: -remaining });
    return html`<div part="field">
      <label part="label" for="description">${this.i18n.t('callMeDescription')}</label>
      <p part="hint" id="description-hint">${this.i18n.t('callMeDescriptionHint', { count: DESCRIPTION_MAX })}</p>
      ${this.renderError('description', error)}
      <textarea
        part="textarea"
        id="description"
        name="description"
        rows="4"
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'description-hint description-error' : 'description-hint'}
        .value=${live(this.values.description)}
        @input=${(event: InputEvent) => this.set('description', (event.target as HTMLTextAreaElement).value)}
        @blur=${() => this.touch('description')}
      ></textarea>
      <p part=${remaining < 0 ? 'counter over' : 'counter'} aria-hidden="true">${counter}</p>
      <p part="counter-announcement" class="visually-hidden" aria-live="polite">${remaining <= ANNOUNCE_WITHIN ? counter : ''}</p>
    </div>`;
  }

  private renderConsent(council: Council) {
    const error = this.shown('consent');
    return renderConsentField({
      text: this.i18n.t('callMeConsent', { council: council.name }),
      privacyUrl: council.privacyUrl,
      privacyLabel: this.i18n.t('callMePrivacyLink'),
      error: error && this.message(error),
      checked: this.values.consent,
      onChange: (checked) => {
        this.set('consent', checked);
        this.touch('consent');
      },
    });
  }

  private renderHoneypot() {
    return renderHoneypot(this.i18n.t('callMeHoneypot'), this.values.website, (value) => this.set('website', value));
  }

  private renderSlotTaken(taken: SlotTaken) {
    return renderSlotTaken({
      i18n: this.i18n,
      timeZone: this.timeZone,
      alternatives: taken.alternatives,
      choice: taken.choice,
      busy: this.busy,
      labels: {
        title: this.i18n.t('callMeSlotTakenTitle'),
        text: this.i18n.t('callMeSlotTakenText'),
        none: this.i18n.t('callMeSlotTakenNone'),
        legend: this.i18n.t('callMeAlternatives'),
        resubmit: this.i18n.t('callMeResubmit'),
        range: (window) => this.range(window),
      },
      onChoose: (start) => (this.slotTaken = { ...taken, choice: start }),
      onResubmit: () => this.resubmit(),
    });
  }

  private renderConfirmation(result: CallbackCreated, emailed: boolean) {
    const start = new Date(result.slot.start);
    const window = this.i18n.t('callMeConfirmedWindow', {
      day: this.dayLabel(start),
      start: this.i18n.time(start, this.timeZone),
      end: this.i18n.time(new Date(result.slot.end), this.timeZone),
    });
    return html`<div part="confirmation">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('callMeConfirmedTitle')}</h2>
      <p part="reference">${this.i18n.t('callMeReference', { reference: result.reference })}</p>
      ${result.confirmBy
        ? html`<p part="confirm-email">${this.i18n.t('callMeConfirmByEmail', { time: this.i18n.time(new Date(result.confirmBy), this.timeZone) })}</p>`
        : nothing}
      <p part="window">${window}</p>
      <h3 part="subheading">${this.i18n.t('callMeNextTitle')}</h3>
      <p part="next">${this.i18n.t('callMeNext')}</p>
      <h3 part="subheading">${this.i18n.t('callMeCancelTitle')}</h3>
      <p part="cancel"><a part="cancel-link" href=${result.cancelUrl}>${this.i18n.t('callMeCancelLink')}</a></p>
      <p part="cancel-hint">${this.i18n.t(emailed ? 'callMeCancelEmailed' : 'callMeCancelKeep')}</p>
    </div>`;
  }

  private renderQueued() {
    return html`<div part="queued">
      <h2 part="heading" id="heading" tabindex="-1">${this.i18n.t('callMeQueuedTitle')}</h2>
      <p part="queued-text">${this.i18n.t('callMeQueuedText')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-me-form': CallMeForm;
  }
}
