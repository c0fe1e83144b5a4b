import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { parsePhone, PhoneRulesController, readPhoneAs } from '../shared/contact-fields.js';
import { ApiError, type FinError } from '../shared/errors.js';
import { focusFirst, renderErrorSummary } from '../shared/error-summary.js';
import { focusPart, FormController } from '../shared/form-controller.js';
import { renderBoundInput, renderChoice, renderConsentField, renderFieldError, renderHoneypot } from '../shared/form-fields.js';
import type { MessageKey } from '../shared/i18n.js';
import { ProofOfWorkController } from '../shared/proof-of-work-status.js';
import { dayLabel, pickerDay, pickerLabels, renderDayTimePicker } from '../shared/slot-picker.js';
import { SlotTakenController } from '../shared/slot-taken-controller.js';
import { SubmissionController } from '../shared/submission-controller.js';
import { offerTask } from '../shared/task.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { daysBetween, groupByDay } from '../shared/zoned.js';
import type { CallbackCreated, CallbackRequest, CallbackSlots, Council, TimeWindow } from '../shared/types.js';
import { styles } from './call-me-form.styles.js';
import { renderConfirmation, renderQueued } from './confirmation.js';
import { ANNOUNCE_WITHIN, chosenSlot, DESCRIPTION_MAX, emptyValues, FIELDS, NAME_MAX, serverFieldError, validate, type Field, type Values } from './fields.js';
import './translations/index.js';

const KIND = 'callback';

/** Problems with the request as a whole, not with one field. */
const FORM_ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_RATE_LIMITED: 'callMeErrorRateLimited',
  FIN_ERR_SUBMISSION_REJECTED: 'callMeErrorRejected',
  FIN_ERR_OUTBOX_EXPIRED: 'callMeErrorQueueExpired',
};

interface Loaded {
  slots: CallbackSlots;
  council: Council;
}

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

  @state() private day = '';

  private readonly form = new FormController<Field, Values>(this, {
    fields: FIELDS,
    empty: emptyValues,
    validate,
    fieldOf: (key) => (key === 'when' || key === 'time' ? 'slot' : (key as Field)),
  });

  private readonly submission = new SubmissionController<CallbackRequest, CallbackCreated>(this, {
    kind: KIND,
    target: () => (this.councilId ? { client: this.client, path: this.client.councilPath('/callbacks') } : undefined),
    restore: (body) => this.restore(body),
    onFailure: (failure) => this.showFailure(failure),
    reportError: (error) => this.reportError(error),
  });

  private readonly phoneRules = new PhoneRulesController(this);

  /** During a flood the server asks for a proof of work, which can take a few seconds. */
  private readonly proofOfWork = new ProofOfWorkController(this);

  private readonly slotTaken = new SlotTakenController(this, {
    i18n: this.i18n,
    texts: 'callMe',
    timeZone: () => this.timeZone,
    range: (window) => this.range(window),
    busy: () => this.submission.pending,
    refresh: () => this.data.retry(),
    resubmit: (start) => {
      this.form.fill({ when: 'pick', time: start });
      this.day = '';
      this.guard(this.submission.submit(this.body(start)));
    },
  });

  private readonly data = offerTask(this, {
    where: () => [this.apiBase, this.councilId, this.i18n.lang],
    path: '/callbacks/slots',
    shape: (slots: CallbackSlots, council): Loaded => ({ slots, council }),
    onError: (error) => this.reportError(error),
  });


  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const loaded = this.data.status === 'complete' ? this.data.value : undefined;
    if (loaded) this.applyDefaults(loaded.slots);
  }

  /** The form filled in again from a request saved on the device. */
  private restore(body: CallbackRequest) {
    const slot = body.slot ?? '';
    this.form.fill({
      topic: body.topic || this.form.values.topic,
      when: slot === 'asap' ? 'asap' : 'pick',
      time: slot === 'asap' ? '' : slot,
      name: body.name ?? '',
      phone: body.phone ?? '',
      email: body.email ?? '',
      description: body.description ?? '',
      consent: Boolean(body.consent),
    });
  }

  /** Preselects the topic and "as soon as possible" (or the first day) once the slots are known. */
  private applyDefaults(slots: CallbackSlots) {
    const values = this.form.values;
    const topics = slots.topics.map((t) => t.id);
    if (!topics.includes(values.topic)) this.form.fill({ topic: this.topic && topics.includes(this.topic) ? this.topic : (topics[0] ?? '') });
    if (!values.when || (values.when === 'asap' && !slots.asap)) this.form.fill({ when: slots.asap ? 'asap' : 'pick' });
    this.day = pickerDay(slots.slots, slots.timeZone, this.day, this.form.values.time);
  }

  private get timeZone(): string {
    return this.data.value?.slots.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private body(slot: string): CallbackRequest {
    const values = this.form.values;
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

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.submission.pending) return;
    this.slotTaken.clear();
    if (this.form.values.phone.trim() && this.phoneRules.pending) await this.phoneRules.ready();
    if (this.form.attempt().length) return focusPart(this, '[part~="error-summary"]');
    await this.submission.submit(this.body(chosenSlot(this.form.values)));
  }

  private async showFailure(failure: FinError) {
    this.form.attempt();
    if (await this.slotTaken.offer(failure)) return;
    const fieldError = serverFieldError(failure.code, failure instanceof ApiError ? failure.field : undefined);
    if (fieldError) this.form.setServerError(...fieldError);
    else this.form.setFormError(FORM_ERRORS[failure.code] ?? 'callMeErrorSendFailed');
    await focusPart(this, '[part~="error-summary"]');
  }

  private focusField(event: Event, field: Field) {
    // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
    event.preventDefault();
    // The slot error is about the time when the citizen chose to pick one, else about the choice itself.
    focusFirst(this.renderRoot, field === 'slot' ? ['input[name="time"]:checked', 'input[name="time"]', 'input[name="when"]:checked', '#slot'] : [`#${field}`]);
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
    const sending = this.submission.pending;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || sending ? 'true' : 'false'}>
      ${this.submission.status === 'done' && this.submission.result
        ? renderConfirmation(this.i18n, this.timeZone, this.submission.result, Boolean(this.submission.body?.email))
        : this.submission.status === 'queued'
          ? renderQueued(this.i18n)
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
    if (!this.form.hasAttempted()) return nothing;
    return renderErrorSummary({
      title: this.i18n.t('callMeErrorSummaryTitle'),
      formError: this.form.formError && this.i18n.t(this.form.formError),
      items: this.form.errorsOf().map(([field, key]) => ({ field, message: this.message(key) })),
      onLink: (event, field) => this.focusField(event, field as Field),
    });
  }

  private renderForm(slots: CallbackSlots, council: Council) {
    return html`${this.renderSummary()} ${this.slotTaken.render()}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.submit(event))}>
        ${this.renderTopic(slots)} ${this.renderWhen(slots)}
        ${this.renderInput('name', 'text', 'name', 'callMeName')}
        ${this.renderInput('phone', 'tel', 'tel', 'callMePhone', 'callMePhoneHint')}
        ${this.renderInput('email', 'email', 'email', 'callMeEmail', 'callMeEmailHint')}
        ${this.renderDescription()} ${this.renderConsent(council)} ${this.renderHoneypot()}
        <button part="submit-button" type="submit" aria-disabled=${this.submission.pending ? 'true' : 'false'}>
          ${this.i18n.t(this.submission.pending ? 'callMeSending' : 'callMeSubmit')}
        </button>
      </form>`;
  }

  private renderError(field: Field, error: MessageKey | undefined) {
    return renderFieldError(field, error && this.message(error));
  }

  private renderTopic(slots: CallbackSlots) {
    const error = this.form.shown('topic');
    return html`<div part="field">
      <label part="label" for="topic">${this.i18n.t('callMeTopic')}</label>
      ${this.renderError('topic', error)}
      <select
        part="select"
        id="topic"
        name="topic"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'topic-error' : nothing}
        @change=${(event: Event) => this.form.set('topic', (event.target as HTMLSelectElement).value)}
        @blur=${() => this.form.leave('topic')}
      >
        ${slots.topics.map((topic) => html`<option value=${topic.id} ?selected=${topic.id === this.form.values.topic}>${topic.name}</option>`)}
      </select>
    </div>`;
  }

  private renderWhen(slots: CallbackSlots) {
    const error = this.form.shown('slot');
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
    const pick = this.form.values.when === 'pick';
    return html`<fieldset part="field fieldset" aria-describedby=${error ? 'slot-error' : nothing}>
      <legend part="legend">${this.i18n.t('callMeWhen')}</legend>
      ${this.renderError('slot', error)}
      <div part="choices">
        ${asap ? renderChoice('when', 'asap', this.form.values.when === 'asap', asapLabel(), () => this.form.set('when', 'asap'), 'slot') : nothing}
        ${days.length ? renderChoice('when', 'pick', pick, this.i18n.t('callMeChooseTime'), () => this.form.set('when', 'pick'), asap ? undefined : 'slot') : nothing}
      </div>
      ${pick && days.length
        ? renderDayTimePicker({
            i18n: this.i18n,
            timeZone: tz,
            slots: slots.slots,
            day: this.day,
            time: this.form.values.time,
            labels: pickerLabels(this.i18n, 'callMe', (window) => this.range(window)),
            onDay: (day, daySlots) => {
              this.day = day;
              if (!daySlots.some((s) => s.start === this.form.values.time)) this.form.set('time', '');
            },
            onTime: (start) => {
              this.form.set('time', start);
              this.form.reveal('slot');
            },
          })
        : nothing}
    </fieldset>`;
  }

  private renderInput(field: 'name' | 'phone' | 'email', type: string, autocomplete: string, label: MessageKey, hint?: MessageKey) {
    return renderBoundInput(this.form, field, {
      type,
      autocomplete,
      label: this.i18n.t(label),
      hint: hint && this.i18n.t(hint),
      required: field !== 'email',
      message: (key) => this.message(key),
      phone: field === 'phone' ? readPhoneAs((phone) => this.i18n.t('callMePhoneNormalised', { phone })) : undefined,
    });
  }

  private renderDescription() {
    const error = this.form.shown('description');
    const remaining = DESCRIPTION_MAX - this.form.values.description.length;
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
        .value=${live(this.form.values.description)}
        @input=${(event: InputEvent) => this.form.set('description', (event.target as HTMLTextAreaElement).value)}
        @blur=${() => this.form.leave('description')}
      ></textarea>
      <p part=${remaining < 0 ? 'counter over' : 'counter'} aria-hidden="true">${counter}</p>
      <p part="counter-announcement" class="visually-hidden" aria-live="polite">${remaining <= ANNOUNCE_WITHIN ? counter : ''}</p>
    </div>`;
  }

  private renderConsent(council: Council) {
    const error = this.form.shown('consent');
    return renderConsentField({
      text: this.i18n.t('callMeConsent', { council: council.name }),
      privacyUrl: council.privacyUrl,
      privacyLabel: this.i18n.t('callMePrivacyLink'),
      error: error && this.message(error),
      checked: this.form.values.consent,
      onChange: (checked) => {
        this.form.set('consent', checked);
        this.form.reveal('consent');
      },
    });
  }

  private renderHoneypot() {
    return renderHoneypot(this.i18n.t('callMeHoneypot'), this.form.values.website, (value) => this.form.set('website', value));
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'call-me-form': CallMeForm;
  }
}
