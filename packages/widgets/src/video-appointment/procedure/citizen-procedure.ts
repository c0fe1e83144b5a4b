import type { CitizenProcedure, ProcedureAsked, ProcedureStepId } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallChanges } from '../../call/call-changes.js';
import type { CallModel } from '../../call/call-state.js';
import { FinElement } from '../../shared/base-element.js';
import type { MessageKey } from '../../shared/i18n.js';
import { FetchTask } from '../../shared/task.js';
import { baseStyles } from '../../shared/theme.js';
import { AgreementRequest } from './agreement-request.js';
import { renderApplicationDocument } from './application-document.js';
import { styles } from './citizen-procedure.styles.js';
import { errorMessage } from './errors.js';
import { ProcedureApi } from './procedure-api.js';
import type { ProcedurePartOptions } from './procedure-part.js';
import { STILL_NAMES, StillRequest } from './still-request.js';
import './translations/index.js';

const STEP_NAMES: Record<ProcedureStepId, MessageKey> = {
  identity: 'myProcedureStepIdentity',
  documents: 'myProcedureStepDocuments',
  application: 'myProcedureStepApplication',
  agreement: 'myProcedureStepAgreement',
  receipt: 'myProcedureStepReceipt',
};
const STATE_NAMES: Record<CitizenProcedure['steps'][number]['state'], MessageKey> = {
  pending: 'myProcedureStatePending',
  current: 'myProcedureStateCurrent',
  done: 'myProcedureStateDone',
  failed: 'myProcedureStateFailed',
};
/** What an agreement that is no longer asked says, by its state. */
const AGREEMENT_NEWS: Partial<Record<CitizenProcedure['agreement']['state'], MessageKey>> = {
  agreed: 'myProcedureAgreed',
  refused: 'myProcedureRefused',
  void: 'myProcedureVoid',
};

/** One request from another: a new spoken code or another document is a new request. */
const askedKey = (asked: ProcedureAsked | null | undefined): string => {
  if (!asked) return '';
  if (asked.kind === 'consent') return `consent:${asked.textSha256}`;
  if (asked.kind === 'still') return `still:${asked.still}`;
  if (asked.kind === 'liveness') return `liveness:${asked.code}`;
  return `agreement:${asked.documentId}`;
};

/**
 * The procedure done in the video call, as the citizen follows it beside the agent's video: where
 * they are ("Step 2 of 5: your documents"), what is asked of them now — consent to the identity
 * check, a still of their document or face from their own camera, a code to say aloud, agreement
 * to the application — and the application as a document to read, live as the agent fills it in.
 * It reads the procedure again whenever the call announces a new revision.
 *
 * @summary The citizen's side of the procedure inside the call.
 * @tagname fin-citizen-procedure
 *
 * @fires fin-error - Loading or an answer failed: `{code, message, recoverable}`.
 *
 * @csspart base - The whole panel.
 * @csspart heading - "Your procedure", for screen readers once the procedure shows.
 * @csspart where - "Step 2 of 5: your documents".
 * @csspart steps - The steps, each with its state (`step`, and `step-current`, `step-done`, `step-failed`).
 * @csspart asked - What is asked now, with its actions (`consent-accept-button`, `still-take-button`, `agree-button`…).
 * @csspart code - The spoken code's digits.
 * @csspart news - The agreement's or the identity check's outcome.
 * @csspart application - The application as the agent fills it in (`application-document` inside).
 * @csspart receipt - Once the agent has signed, the receipt (`<fin-citizen-receipt>`): being prepared, then ready to download.
 */
export class FinCitizenProcedure extends FinElement {
  static override styles = [baseStyles, styles];

  /** The personal link's token. */
  @property() token?: string;

  /** The call this panel goes with: its `procedure` changes say when to read the procedure again. */
  @property({ attribute: false }) client?: CallModel;

  /** `calendar` when the page was opened from a calendar's link, which does not download the receipt. */
  @property() access: 'full' | 'calendar' = 'full';

  @state() private announcement = '';
  /** What became of the citizen's last answer, said until something new is asked ("Picture sent"). */
  @state() private answered?: MessageKey;
  @state() private actionError?: MessageKey;
  @state() private busy = false;

  /** What was asked and said when last shown, to tell the citizen only what changed. */
  private shownKey?: string;
  private shownNews?: string;

  private readonly view = new FetchTask(this, {
    args: () =>
      this.councilId && this.token ? ([this.apiBase, this.councilId, this.token, this.i18n.lang, this.client?.procedureRevision ?? 0] as const) : undefined,
    task: ([api, council, token, lang], signal) => new ProcedureApi(api, council, token).view(lang, signal),
    onError: (error) => this.reportError(error),
  });

  private readonly parts: ProcedurePartOptions = {
    i18n: this.i18n,
    api: () => this.procedureApi(),
    showView: (view, answered) => this.show(view, answered),
    report: (error) => this.reportError(error),
  };

  private readonly still = new StillRequest(this, { ...this.parts, cameraTrack: () => this.client?.localStream?.getVideoTracks()[0] });
  private readonly agreement = new AgreementRequest(this, this.parts);

  constructor() {
    super();
    // The call says when the procedure changed; the view's arguments then hold a new revision.
    new CallChanges(this, () => this.client, (change) => {
      if (change === 'procedure') this.requestUpdate();
    });
  }

  private procedureApi(): ProcedureApi | undefined {
    return this.councilId && this.token ? new ProcedureApi(this.apiBase, this.councilId, this.token) : undefined;
  }

  /** An answer's procedure shows at once, without waiting for the call's news of it. */
  private show(view: CitizenProcedure, answered?: MessageKey) {
    this.view.value = view;
    this.answered = answered;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const view = this.view.value;
    if (!view) return;
    const key = askedKey(view.asked);
    const news = view.asked ? this.askedText(view.asked) : this.outcome(view) || this.where(view);
    // The first view is what the citizen finds on joining: nothing to announce yet.
    if (this.shownKey !== undefined) {
      if (news !== this.shownNews) this.announcement = news;
      if (key !== this.shownKey) this.asked(key);
    }
    this.shownKey = key;
    this.shownNews = news;
  }

  /** A new request starts afresh; focus goes to it, and only to a request. */
  private asked(key: string) {
    this.actionError = undefined;
    if (!key) return;
    this.still.reset();
    this.answered = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#asked-heading')?.focus());
  }

  private askedText(asked: ProcedureAsked): string {
    if (asked.kind === 'consent') return this.i18n.t('myProcedureAskedConsent');
    if (asked.kind === 'still') return this.i18n.t('myProcedureAskedStill', { still: this.i18n.t(STILL_NAMES[asked.still]) });
    if (asked.kind === 'liveness') return this.i18n.t('myProcedureAskedLiveness');
    return this.i18n.t('myProcedureAskedAgreement');
  }

  /** What the citizen is told once nothing is asked: the identity check failed, what became of their last answer or of their agreement. */
  private outcome(view: CitizenProcedure): string {
    if (view.steps.some((step) => step.id === 'identity' && step.state === 'failed')) return this.i18n.t('myProcedureIdentityFailed');
    if (this.answered) return this.i18n.t(this.answered);
    // Signed: the receipt says what comes next.
    if (view.current === 'receipt') return '';
    const agreement = AGREEMENT_NEWS[view.agreement.state];
    return agreement ? this.i18n.t(agreement) : '';
  }

  private where(view: CitizenProcedure): string {
    const index = view.steps.findIndex((step) => step.id === view.current);
    return this.i18n.t('myProcedureWhere', { number: index + 1, count: view.steps.length, step: this.i18n.t(STEP_NAMES[view.current]) });
  }

  private async consent(accept: boolean, textSha256: string) {
    const api = this.procedureApi();
    if (this.busy || !api) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      this.show(await api.consent(accept, textSha256), accept ? undefined : 'myProcedureConsentRefused');
    } catch (error) {
      this.actionError = errorMessage(this.reportError(error));
    } finally {
      this.busy = false;
    }
  }

  protected renderContent() {
    const { value, status } = this.view;
    const loading = !value && (status === 'initial' || status === 'pending');
    return html`<section part="base" aria-labelledby="procedure-title" aria-busy=${loading ? 'true' : 'false'}>
      <h2 part="heading" id="procedure-title" class=${value ? 'visually-hidden' : ''}>${this.i18n.t('myProcedureTitle')}</h2>
      ${value ? this.renderProcedure(value) : nothing}
      ${loading ? html`<p part="status">${this.i18n.t('myProcedureLoading')}</p>` : nothing}
      ${!value && status === 'error'
        ? html`<p part="error" role="alert">${this.i18n.t('myProcedureUnavailable')}</p>
            <button part="retry-button" type="button" @click=${() => this.guard(this.view.retry())}>${this.i18n.t('myProcedureRetry')}</button>`
        : nothing}
      <p part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  /** "Step 2 of 5: your documents" stands for the panel's title on screen, which saves a phone a line; the heading stays for screen readers. */
  private renderProcedure(view: CitizenProcedure) {
    const outcome = view.asked ? '' : this.outcome(view);
    return html`<p part="where">${this.where(view)}</p>
      ${view.asked ? html`<div part="asked">${this.renderAsked(view.asked)}</div>` : nothing}
      ${this.actionError ? html`<p part="error" role="alert">${this.i18n.t(this.actionError)}</p>` : nothing}
      ${outcome ? html`<p part="news">${outcome}</p>` : nothing}
      <fin-citizen-receipt part="receipt" api=${this.apiBase} council=${this.councilId ?? nothing} lang=${this.i18n.lang} token=${this.token ?? nothing} access=${this.access} .procedure=${view}></fin-citizen-receipt>
      <ol part="steps" aria-label=${this.i18n.t('myProcedureStepsLabel')}>
        ${view.steps.map(
          (step) =>
            html`<li part="step step-${step.state}" aria-current=${step.id === view.current ? 'step' : nothing}>
              ${this.i18n.t(STEP_NAMES[step.id])}: <span part="step-state">${this.i18n.t(STATE_NAMES[step.state])}</span>
            </li>`,
        )}
      </ol>
      ${view.asked?.kind === 'agreement' ? nothing : this.renderApplication(view)}`;
  }

  private renderAsked(asked: ProcedureAsked) {
    const guard = (work: Promise<unknown>) => this.guard(work);
    if (asked.kind === 'still') return this.still.render(asked.still, guard);
    if (asked.kind === 'agreement') return this.agreement.render(asked.documentId, guard);
    if (asked.kind === 'liveness') {
      const digits = [...asked.code];
      return html`<h3 part="asked-heading" id="asked-heading" tabindex="-1">${this.i18n.t('myProcedureLivenessTitle')}</h3>
        <p part="hint">${this.i18n.t('myProcedureLivenessText')}</p>
        <p part="code" role="img" aria-label=${this.i18n.t('myProcedureLivenessCode', { digits: digits.join(', ') })}>
          ${digits.map((digit) => html`<span part="digit">${digit}</span>`)}
        </p>`;
    }
    const disabled = this.busy ? 'true' : 'false';
    return html`<h3 part="asked-heading" id="asked-heading" tabindex="-1">${this.i18n.t('myProcedureConsentTitle')}</h3>
      <p part="consent-text">${asked.text}</p>
      <div part="actions">
        <button part="consent-accept-button primary-button" type="button" aria-disabled=${disabled} @click=${() => this.guard(this.consent(true, asked.textSha256))}>
          ${this.i18n.t('myProcedureConsentAccept')}
        </button>
        <button part="consent-refuse-button" type="button" aria-disabled=${disabled} @click=${() => this.guard(this.consent(false, asked.textSha256))}>
          ${this.i18n.t('myProcedureConsentRefuse')}
        </button>
      </div>`;
  }

  /** Open while the agent fills it in; a `<details>` elsewhere, so the panel stays short on a phone. */
  private renderApplication(view: CitizenProcedure) {
    const document = view.application;
    return html`<details part="application" ?open=${view.current === 'application'}>
      <summary part="application-summary">${this.i18n.t('myProcedureApplicationTitle')}</summary>
      ${document ? renderApplicationDocument(this.i18n, document, 3) : html`<p part="hint">${this.i18n.t('myProcedureApplicationNone')}</p>`}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-citizen-procedure': FinCitizenProcedure;
  }
}
