import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { addressToken } from '../shared/address-token.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError, ErrorCode, FinError } from '../shared/errors.js';
import { renderErrorSummary } from '../shared/error-summary.js';
import { focusPart, FormController, type FieldErrors } from '../shared/form-controller.js';
import { renderChoice, renderFieldError } from '../shared/form-fields.js';
import { formStyles } from '../shared/form.styles.js';
import type { MessageKey } from '../shared/i18n.js';
import { SubmissionController } from '../shared/submission-controller.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './satisfaction-survey.styles.js';
import './translations/index.js';

import type { MySurvey, SurveyAnswer, SurveyAnswered, SurveyScale } from '../shared/types.js';

export type { MySurvey, SurveyScale };

/** What `fin-submit` carries: the answer without the comment, which is the citizen's own words and no analytics' business. */
export interface SurveySubmitted {
  rating: number;
  wouldRepeat?: boolean;
  answeredAt: string;
}

const KIND = 'survey';
const ANSWERED = 'FIN_ERR_SURVEY_ANSWERED';
const EXPIRED = 'FIN_ERR_SURVEY_EXPIRED';
const NOT_FOUND = 'FIN_ERR_SURVEY_NOT_FOUND';
/** The counter is announced only this close to the limit, so typing is not drowned in announcements. */
const ANNOUNCE_WITHIN = 50;

/** What the element shows instead of the form; each is a final answer except `queued`. */
type FinalView = 'queued' | 'thanks' | ClosedView;
/** The survey cannot be answered (any more). */
type ClosedView = 'answered' | 'expired' | 'not-found';

const FIELDS = ['rating', 'comment'] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  rating?: number;
  wouldRepeat?: boolean;
  comment: string;
}

const SCALES: Record<SurveyScale, number[]> = {
  stars5: [1, 2, 3, 4, 5],
  nps10: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
};

/** Where a refused or failed request leads, by the server's code. */
const CLOSED_VIEWS: Partial<Record<string, ClosedView>> = { [ANSWERED]: 'answered', [EXPIRED]: 'expired', [NOT_FOUND]: 'not-found' };

/**
 * The satisfaction survey of one service event (a phone callback or a video appointment), opened
 * from the invitation link or shown by another widget at the end of the service. The council
 * chooses the scale (1–5 stars or 0–10), whether to ask "would you use this service again?" and
 * how long a comment may be. One answer per invitation: a second is politely refused. Offline,
 * the answer is kept on the device and sent when the connection returns.
 *
 * @summary The council's satisfaction survey for one callback or video appointment.
 * @tagname satisfaction-survey
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr token - The invitation's token, or the token of the callback's or appointment's own link. Defaults to `token` in the page's address, which the element takes out of the address bar and keeps for the tab (a reload still works).
 * @attr heading-level - Level (1–6) of the element's heading, to fit the page's outline. Default 2.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 *
 * @fires fin-submit - The council received the answer: `{kind: "survey", result: {rating, wouldRepeat, answeredAt}}` (the comment is left out).
 * @fires fin-queued - There was no connection: the answer was saved on the device, `{kind: "survey", idempotencyKey}`.
 * @fires fin-error - Loading or sending failed, or the survey was already answered, closed or not found: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading; it receives focus when the view changes after sending.
 * @csspart intro - Which service the survey is about.
 * @csspart deadline - Until when the survey can be answered.
 * @csspart status - The polite live region (loading, sending).
 * @csspart error - The message shown when the survey cannot be loaded.
 * @csspart retry-button - The button that tries loading again.
 * @csspart error-summary - The list of problems shown after a failed submission; it takes focus.
 * @csspart error-summary-title - Its title.
 * @csspart error-summary-list - The list of problems.
 * @csspart form-error - A problem with the answer as a whole (it could not be sent).
 * @csspart error-link - A link in it that moves focus to the field concerned.
 * @csspart form - The form.
 * @csspart field - A group of the form (rating, repeat question, comment).
 * @csspart fieldset - A group of radio buttons.
 * @csspart legend - A group's legend.
 * @csspart label - The comment's label.
 * @csspart hint - A hint under a legend or label.
 * @csspart field-error - A field's error message.
 * @csspart scale - The rating's radio buttons; also has the part `stars` or `numbers`.
 * @csspart option - One rating with its radio button; the chosen one also has the part `checked`, stars up to the chosen one `filled`.
 * @csspart star - The star shown for an option on the 1–5 scale.
 * @csspart number - The number shown for an option on the 0–10 scale.
 * @csspart scale-ends - What the ends of the 0–10 scale mean.
 * @csspart rating-value - The chosen rating in words.
 * @csspart choices - The yes/no radio buttons.
 * @csspart choice - One of them with its label; the chosen one also has the part `checked`.
 * @csspart radio - A radio button.
 * @csspart choice-label - A radio button's text.
 * @csspart textarea - The comment.
 * @csspart counter - The comment's character counter; also has the part `over` past the limit.
 * @csspart counter-announcement - Visually hidden: the count read out near the limit.
 * @csspart submit-button - The button that sends the answer.
 * @csspart thanks - The thanks once the answer arrived.
 * @csspart queued - The message shown while the answer waits on the device for a connection.
 * @csspart answered - The polite refusal of a second answer.
 * @csspart expired - The message shown when the survey has closed.
 * @csspart not-found - The message shown when the link leads to no survey.
 * @csspart message - The text of any of those messages.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Hints and secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Panels.
 * @cssprop --fin-color-border - Borders, field outlines and empty stars.
 * @cssprop --fin-color-error - Error messages and invalid fields.
 * @cssprop --fin-color-success - The thanks' accent.
 * @cssprop --fin-color-primary - Buttons, links, filled stars and the chosen number.
 * @cssprop --fin-color-primary-contrast - Button text and the chosen number.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class SatisfactionSurvey extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The invitation's token (or the case's own link token); without it, `token` in the page's address. */
  @property() token?: string;

  /** Level (1–6) of the element's heading; another widget that shows the survey inside its own section sets 3. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Where a refused answer or the survey's state leads instead of the form. */
  @state() private closed?: ClosedView;

  private readonly form = new FormController<Field, Values>(this, {
    fields: FIELDS,
    empty: () => ({ rating: undefined, wouldRepeat: undefined, comment: '' }),
    validate: (values) => {
      const errors: FieldErrors<Field> = {};
      const max = this.survey.value?.commentMaxLength ?? 0;
      if (values.rating === undefined) errors.rating = 'surveyErrorRatingRequired';
      if (max > 0 && values.comment.length > max) errors.comment = 'surveyErrorCommentTooLong';
      return errors;
    },
  });

  private readonly submission = new SubmissionController<SurveyAnswer, SurveyAnswered>(this, {
    kind: KIND,
    target: () => (this.councilId && this.effectiveToken ? { client: this.client, path: this.client.councilPath('/surveys/mine/answer') } : undefined),
    owns: (body) => body.token === this.effectiveToken,
    restore: (body) => this.form.fill({ rating: body.rating, wouldRepeat: body.wouldRepeat, comment: body.comment ?? '' }),
    // The comment is the citizen's own words and no analytics' business.
    submitted: (answered, body): SurveySubmitted => ({ rating: body.rating, ...(body.wouldRepeat !== undefined && { wouldRepeat: body.wouldRepeat }), answeredAt: answered.answeredAt }),
    onFailure: (failure) => this.showFailure(failure),
    reportError: (error) => this.reportError(error),
  });

  /** Whether the host page was told that there is no token to open a survey with. */
  private tokenReported = false;

  private readonly survey = new FetchTask(this, {
    args: () => (this.councilId && this.effectiveToken ? ([this.apiBase, this.councilId, this.effectiveToken, this.i18n.lang] as const) : undefined),
    task: ([api, council, token, lang], signal) => {
      const client = new ApiClient(api, council);
      return client.get<MySurvey>(client.councilPath('/surveys/mine'), { query: { token, lang }, signal });
    },
    onError: (error) => this.reportError(error),
  });

  /** The token in effect: the attribute, else the link's `token`, taken out of the page's address and kept for the tab. */
  private get effectiveToken(): string | undefined {
    return this.token || addressToken('token', { purpose: 'survey', council: this.councilId });
  }

  private get client() {
    return new ApiClient(this.apiBase, this.councilId);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    // Another token is another survey: nothing of the previous one carries over.
    if (changed.has('token') && changed.get('token') !== undefined) this.reset();
    if (this.councilId && !this.effectiveToken && !this.tokenReported) {
      this.tokenReported = true;
      this.reportError(new FinError(NOT_FOUND, 'No survey token: set the token attribute or open the invitation link.', false));
    }
  }

  private reset() {
    this.closed = undefined;
    this.form.reset();
    this.submission.reset();
    this.tokenReported = false;
  }

  private body(survey: MySurvey): SurveyAnswer {
    const { rating, wouldRepeat } = this.form.values;
    const comment = this.form.values.comment.trim();
    return {
      token: this.effectiveToken ?? '',
      rating: rating ?? 0,
      ...(survey.askRepeat && wouldRepeat !== undefined ? { wouldRepeat } : {}),
      ...(survey.commentMaxLength > 0 && comment ? { comment } : {}),
    };
  }

  private async submit(event: SubmitEvent, survey: MySurvey) {
    event.preventDefault();
    if (this.submission.pending) return;
    if (this.form.attempt().length) return focusPart(this, '[part~="error-summary"]');
    await this.submission.submit(this.body(survey));
  }

  private async showFailure(failure: FinError) {
    const closed = CLOSED_VIEWS[failure.code];
    if (closed) {
      this.closed = closed;
      return focusPart(this, '[part~="heading"]');
    }
    this.form.attempt();
    const field = failure instanceof ApiError && failure.status === 400 ? failure.field : undefined;
    if (field === 'rating' || field === 'comment') this.form.setServerError(field, field === 'rating' ? 'surveyErrorRatingRequired' : 'surveyErrorCommentTooLong');
    else this.form.setFormError(failure.code === ErrorCode.outboxExpired ? 'surveyErrorQueueExpired' : 'surveyErrorSendFailed');
    await focusPart(this, '[part~="error-summary"]');
  }

  private heading(text: string): TemplateResult {
    const tag = unsafeStatic(`h${Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2))}`);
    return staticHtml`<${tag} part="heading" id="heading" tabindex="-1">${text}</${tag}>`;
  }

  private message(key: MessageKey, survey?: MySurvey): string {
    return this.i18n.t(key, key === 'surveyErrorCommentTooLong' && survey ? { count: survey.commentMaxLength } : {});
  }

  /** The view that replaces the form, if any: what happened after sending wins over what loading said. */
  private finalView(): FinalView | undefined {
    if (!this.effectiveToken) return 'not-found';
    if (this.closed) return this.closed;
    if (this.submission.status !== 'form') return this.submission.status === 'done' ? 'thanks' : 'queued';
    const { status, value, error } = this.survey;
    if (status === 'error' && !value) return CLOSED_VIEWS[error?.code ?? ''];
    return value?.state === 'answered' ? 'answered' : undefined;
  }

  protected renderContent() {
    const { status, value, error } = this.survey;
    const loading = (status === 'initial' || status === 'pending') && !value;
    const final = this.finalView();
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading || this.submission.pending ? 'true' : 'false'}>
      ${final
        ? this.renderFinal(final)
        : html`${this.heading(this.i18n.t('surveyTitle'))} ${status === 'error' && !value ? this.renderUnavailable(error) : nothing}
          ${value ? this.renderOpen(value) : nothing}`}
      <p part="status" role="status">${loading && !final ? this.i18n.t('surveyLoading') : this.submission.pending ? this.i18n.t('surveySending') : nothing}</p>
    </section>`;
  }

  private renderUnavailable(error?: FinError) {
    return html`<p part="error" role="alert">${this.i18n.t('surveyUnavailable')}</p>
      ${error?.recoverable
        ? html`<button part="retry-button" type="button" @click=${() => this.guard(this.survey.retry())}>${this.i18n.t('retry')}</button>`
        : nothing}`;
  }

  private renderFinal(view: FinalView) {
    const texts: Record<typeof view, [MessageKey, MessageKey]> = {
      queued: ['surveyQueuedTitle', 'surveyQueuedText'],
      thanks: ['surveyThanksTitle', 'surveyThanksText'],
      answered: ['surveyAnsweredTitle', 'surveyAnsweredText'],
      expired: ['surveyExpiredTitle', 'surveyExpiredText'],
      'not-found': ['surveyNotFoundTitle', 'surveyNotFoundText'],
    };
    const [title, text] = texts[view];
    return html`<div part=${view}>${this.heading(this.i18n.t(title))}
      <p part="message">${this.i18n.t(text)}</p></div>`;
  }

  private renderOpen(survey: MySurvey) {
    const date = this.i18n.format({ day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(survey.serviceDate));
    const about =
      survey.channel === 'callback'
        ? this.i18n.t('surveyAboutCallback', { date, reference: survey.reference })
        : survey.procedure
          ? this.i18n.t('surveyAboutVideoProcedure', { date, reference: survey.reference, procedure: survey.procedure.name })
          : this.i18n.t('surveyAboutVideo', { date, reference: survey.reference });
    const deadline = this.i18n.format({ day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(survey.expiresAt));
    return html`<p part="intro">${about}</p>
      <p part="deadline">${this.i18n.t('surveyDeadline', { date: deadline })}</p>
      ${this.renderSummary(survey)}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => this.guard(this.submit(event, survey))}>
        ${this.renderRating(survey)} ${survey.askRepeat ? this.renderRepeat() : nothing}
        ${survey.commentMaxLength > 0 ? this.renderComment(survey) : nothing}
        <button part="submit-button" type="submit" aria-disabled=${this.submission.pending ? 'true' : 'false'}>
          ${this.i18n.t(this.submission.pending ? 'surveySending' : 'surveySubmit')}
        </button>
      </form>`;
  }

  private renderSummary(survey: MySurvey) {
    if (!this.form.hasAttempted()) return nothing;
    return renderErrorSummary({
      title: this.i18n.t('surveyErrorSummaryTitle'),
      formError: this.form.formError && this.i18n.t(this.form.formError),
      items: this.form.errorsOf().map(([field, key]) => ({ field, message: this.message(key, survey) })),
      onLink: (event, field) => {
        // In a shadow root a fragment link cannot reach the field, so move focus ourselves.
        event.preventDefault();
        const target = field === 'rating' ? 'input[name="rating"]:checked, input[name="rating"]' : '#comment';
        this.renderRoot.querySelector<HTMLElement>(target)?.focus();
      },
    });
  }

  private renderRating(survey: MySurvey) {
    const error = this.form.shown('rating');
    const stars = survey.scale === 'stars5';
    const values = SCALES[survey.scale];
    const max = values.at(-1)!;
    const describedBy = ['rating-hint', error ? 'rating-error' : ''].filter(Boolean).join(' ');
    return html`<fieldset part="field fieldset" aria-describedby=${describedBy}>
      <legend part="legend">${this.i18n.t('surveyRatingQuestion')}</legend>
      <p part="hint" id="rating-hint">${this.i18n.t(stars ? 'surveyRatingHintStars' : 'surveyRatingHintNumbers')}</p>
      ${renderFieldError('rating', error && this.message(error))}
      <div part=${stars ? 'scale stars' : 'scale numbers'}>${values.map((value) => this.renderOption(value, stars))}</div>
      ${!stars
        ? html`<p part="scale-ends" aria-hidden="true"><span>${this.i18n.t('surveyScaleLow')}</span><span>${this.i18n.t('surveyScaleHigh')}</span></p>`
        : nothing}
      <p part="rating-value">
        ${this.form.values.rating === undefined ? nothing : this.i18n.t(stars ? 'surveyRatingChosenStars' : 'surveyRatingChosenNumbers', { count: this.form.values.rating, max })}
      </p>
    </fieldset>`;
  }

  /** One native radio button per rating: arrow keys, screen readers and touch work as in any radio group. */
  private renderOption(value: number, stars: boolean) {
    const checked = this.form.values.rating === value;
    const filled = stars && this.form.values.rating !== undefined && value <= this.form.values.rating;
    const parts = ['option', checked ? 'checked' : '', filled ? 'filled' : ''].filter(Boolean).join(' ');
    return html`<label part=${parts}>
      <input
        part="radio"
        type="radio"
        name="rating"
        id=${value === (stars ? 1 : 0) ? 'rating' : nothing}
        .value=${String(value)}
        .checked=${live(checked)}
        aria-invalid=${this.form.hasAttempted() && this.form.values.rating === undefined ? 'true' : 'false'}
        @change=${() => {
          this.form.set('rating', value);
        }}
      />
      ${stars
        ? html`<span part="star" aria-hidden="true">${filled ? '★' : '☆'}</span><span class="visually-hidden">${this.i18n.t('surveyStars', { count: value })}</span>`
        : html`<span part="number">${value}</span>`}
    </label>`;
  }

  private renderRepeat() {
    return html`<fieldset part="field fieldset">
      <legend part="legend">${this.i18n.t('surveyRepeatQuestion')}</legend>
      <div part="choices">
        ${renderChoice('repeat', 'yes', this.form.values.wouldRepeat === true, this.i18n.t('surveyYes'), () => this.form.set('wouldRepeat', true))}
        ${renderChoice('repeat', 'no', this.form.values.wouldRepeat === false, this.i18n.t('surveyNo'), () => this.form.set('wouldRepeat', false))}
      </div>
    </fieldset>`;
  }

  private renderComment(survey: MySurvey) {
    const error = this.form.shown('comment');
    const max = survey.commentMaxLength;
    const remaining = max - this.form.values.comment.length;
    const counter = remaining >= 0 ? this.i18n.t('surveyCharactersLeft', { count: remaining }) : this.i18n.t('surveyCharactersOver', { count: -remaining });
    return html`<div part="field">
      <label part="label" for="comment">${this.i18n.t('surveyComment')}</label>
      <p part="hint" id="comment-hint">${this.i18n.t('surveyCommentHint', { count: max })}</p>
      ${renderFieldError('comment', error && this.message(error, survey))}
      <textarea
        part="textarea"
        id="comment"
        name="comment"
        rows="4"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'comment-hint comment-error' : 'comment-hint'}
        .value=${live(this.form.values.comment)}
        @input=${(event: InputEvent) => {
          this.form.set('comment', (event.target as HTMLTextAreaElement).value);
        }}
      ></textarea>
      <p part=${remaining < 0 ? 'counter over' : 'counter'} aria-hidden="true">${counter}</p>
      <p part="counter-announcement" class="visually-hidden" aria-live="polite">${remaining <= ANNOUNCE_WITHIN ? counter : ''}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'satisfaction-survey': SatisfactionSurvey;
  }
}
