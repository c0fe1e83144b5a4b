import type { DeskProcedure, ProcedureStepId } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallChangeEvent, CallModel } from '../../call/call-state.js';
import { FinElement } from '../../shared/base-element.js';
import { FetchTask } from '../../shared/task.js';
import { baseStyles } from '../../shared/theme.js';
import type { DeskEventStream } from '../desk-events.js';
import '../translations/index.js';
import { ProcedureApi } from './desk-api.js';
import './identity-panel.js';
import { styles } from './procedure-panel.styles.js';
import { errorText, moveTo, STATE_LABELS, STEP_LABELS } from './steps.js';
import type { FinProcedureChangeEvent } from './procedure-events.js';

/** The newer of two answers of the server: a request's own answer and a read may arrive in either order. */
const newest = (a?: DeskProcedure, b?: DeskProcedure) => (!a ? b : !b ? a : b.revision > a.revision ? b : a);

/**
 * The procedure done inside the video call, in the call's side column of the agent's desk: the
 * steps (identity, documents, application, agreement, receipt) with the state of each in words,
 * and the current step's view (the last, once signed, is the receipt: `<fin-case-receipt>`). The agent goes on once a step is done (a button says why not
 * before then) or back to redo one, confirming first when that voids the citizen's agreement.
 * It reads the procedure again whenever the call announces a new revision, so what the citizen
 * does shows at once.
 *
 * @summary The procedure of an appointment, step by step, for the agent in the call.
 * @tagname fin-procedure-panel
 *
 * @fires fin-error - Loading or moving between steps failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - Its heading.
 * @csspart announcer - The polite live region (the step reached).
 * @csspart status - "Loading the procedure…".
 * @csspart error - Loading or a move failed.
 * @csspart retry-button - Tries loading again.
 * @csspart steps - The ordered list of steps.
 * @csspart step - One step; also `step-<state>`, and `step-current` for the current one.
 * @csspart step-name - Its name.
 * @csspart step-state - Its state in words.
 * @csspart redo-button - Goes back to redo an earlier step.
 * @csspart confirm - "Going back voids the agreement", with its buttons.
 * @csspart confirm-button - Goes back.
 * @csspart cancel-button - Stays.
 * @csspart step-view - The current step's view.
 * @csspart next - The button to go on, and why it is disabled.
 * @csspart next-button - Goes on to the next step.
 * @csspart why - Why the agent cannot go on yet.
 */
export class FinProcedurePanel extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The appointment whose procedure this is (it names the call and the case). */
  @property({ attribute: 'case-id' }) caseId = '';

  /** The call, whose `procedure` changes say the procedure has a new revision. */
  @property({ attribute: false }) client?: CallModel;

  /** The desk's live event stream, for the documents step's list. */
  @property({ attribute: false }) events?: DeskEventStream;

  /** A request's answer, newer than the last read until the next one. */
  @state() private answered?: DeskProcedure;
  /** Bumped to read again when the call announces a revision not seen yet. */
  @state() private reads = 0;
  @state() private busy = false;
  @state() private error = '';
  @state() private announcement = '';
  /** The earlier step the agent asked to go back to, waiting for them to confirm that it voids the agreement. */
  @state() private confirming?: ProcedureStepId;

  private readonly task = new FetchTask(this, {
    args: () => (this.caseId ? ([this.apiBase, this.caseId, this.i18n.lang, this.reads] as const) : undefined),
    task: ([api, id, lang], signal) => new ProcedureApi(api, id).read(lang, signal),
    onError: (error) => this.reportError(error),
  });

  private readonly onCallChange = (event: Event) => {
    if ((event as CallChangeEvent).change !== 'procedure' || !this.client) return;
    if (this.client.procedureRevision > (this.procedure?.revision ?? -1)) this.reads++;
  };

  get procedure(): DeskProcedure | undefined {
    return newest(this.task.value, this.answered);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (changed.has('client')) {
      changed.get('client')?.removeEventListener('change', this.onCallChange);
      this.client?.addEventListener('change', this.onCallChange);
    }
  }

  override connectedCallback() {
    super.connectedCallback();
    this.client?.addEventListener('change', this.onCallChange);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.client?.removeEventListener('change', this.onCallChange);
  }

  private accept(procedure: DeskProcedure) {
    const before = this.procedure?.current;
    this.answered = newest(this.answered, procedure);
    const now = this.procedure?.current;
    if (now && now !== before) this.announcement = this.i18n.t('deskProcedureMoved', { step: this.i18n.t(STEP_LABELS[now]) });
  }

  private async go(step: ProcedureStepId) {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    this.confirming = undefined;
    try {
      this.accept(await new ProcedureApi(this.apiBase, this.caseId).post('/step', { step }));
      // The button pressed may be gone or disabled now: the step reached takes focus instead.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-current="step"]')?.focus();
    } catch (error) {
      this.reportError(error);
      this.error = errorText(error, (key, params) => this.i18n.t(key, params));
    } finally {
      this.busy = false;
    }
  }

  private async redo(step: ProcedureStepId, voids: boolean) {
    if (!voids) return this.go(step);
    this.confirming = step;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="confirm-button"]')?.focus();
  }

  private async cancelRedo() {
    const step = this.confirming;
    this.confirming = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-redo="${step}"]`)?.focus();
  }

  protected renderContent() {
    const procedure = this.procedure;
    let body: unknown;
    if (procedure) body = this.renderProcedure(procedure);
    else if (this.task.status === 'error') {
      body = html`<p part="error" role="alert">${this.i18n.t('deskProcedureLoadError')}</p>
        <button part="retry-button" type="button" @click=${() => this.guard(this.task.retry())}>${this.i18n.t('retry')}</button>`;
    } else body = html`<p part="status">${this.i18n.t('deskProcedureLoading')}</p>`;
    return html`<section part="base" aria-labelledby="procedure-heading" aria-busy=${this.busy || this.task.status === 'pending' ? 'true' : 'false'}>
      <h3 part="heading" id="procedure-heading">${this.i18n.t('deskProcedureTitle')}</h3>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
      ${body}
    </section>`;
  }

  private renderProcedure(procedure: DeskProcedure) {
    const order = procedure.steps.map((step) => step.id);
    const next = order[order.indexOf(procedure.current) + 1];
    return html`<ol part="steps" aria-label=${this.i18n.t('deskProcedureSteps')}>
        ${procedure.steps.map((step, index) => {
          const current = step.id === procedure.current;
          const back = index < order.indexOf(procedure.current) ? moveTo(procedure, step.id) : undefined;
          const name = this.i18n.t(STEP_LABELS[step.id]);
          return html`<li
            part="step step-${step.state}${current ? ' step-current' : ''}"
            aria-current=${current ? 'step' : nothing}
            tabindex=${current ? '-1' : nothing}
          >
            <span part="step-name">${name}</span> — <span part="step-state">${this.i18n.t(STATE_LABELS[step.state])}</span>
            ${back?.allowed
              ? html`<button part="redo-button" type="button" data-redo=${step.id} ?disabled=${this.busy} @click=${() => this.guard(this.redo(step.id, back.voids))}>
                  ${this.i18n.t('deskProcedureRedo', { step: name })}
                </button>`
              : nothing}
          </li>`;
        })}
      </ol>
      ${this.confirming ? this.renderConfirm(this.confirming) : nothing}
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      <div part="step-view" @fin-procedure-change=${(event: FinProcedureChangeEvent) => this.accept(event.detail.procedure)}>
        ${this.renderStep(procedure)}
      </div>
      ${next ? this.renderNext(procedure, next) : nothing}`;
  }

  private renderConfirm(step: ProcedureStepId) {
    return html`<div part="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">${this.i18n.t('deskProcedureConfirmBack', { step: this.i18n.t(STEP_LABELS[step]) })}</p>
      <button part="confirm-button" type="button" @click=${() => this.guard(this.go(step))}>${this.i18n.t('deskProcedureConfirmBackYes')}</button>
      <button part="cancel-button" type="button" @click=${() => this.guard(this.cancelRedo())}>${this.i18n.t('deskProcedureConfirmBackNo')}</button>
    </div>`;
  }

  private renderStep(procedure: DeskProcedure) {
    const lang = this.i18n.lang;
    switch (procedure.current) {
      case 'identity':
        return html`<fin-identity-panel .api=${this.apiBase} lang=${lang} case-id=${this.caseId} .procedure=${procedure}></fin-identity-panel>`;
      case 'documents':
        return html`<fin-case-documents .api=${this.apiBase} lang=${lang} case-id=${this.caseId} heading-level="4" .events=${this.events}></fin-case-documents>`;
      case 'application':
        return html`<fin-application-form .api=${this.apiBase} lang=${lang} case-id=${this.caseId} .procedure=${procedure}></fin-application-form>`;
      case 'agreement':
        return html`<fin-agreement-panel .api=${this.apiBase} lang=${lang} case-id=${this.caseId} .procedure=${procedure}></fin-agreement-panel>`;
      case 'receipt':
        return html`<fin-case-receipt .api=${this.apiBase} lang=${lang} case-id=${this.caseId} .procedure=${procedure}></fin-case-receipt>`;
    }
  }

  private renderNext(procedure: DeskProcedure, next: ProcedureStepId) {
    const move = moveTo(procedure, next);
    const label = procedure.current === 'documents' ? this.i18n.t('deskProcedureDocumentsChecked') : this.i18n.t('deskProcedureGoOn', { step: this.i18n.t(STEP_LABELS[next]) });
    return html`<p part="next">
      <button
        part="next-button"
        type="button"
        ?disabled=${!move.allowed || this.busy}
        aria-describedby=${move.allowed ? nothing : 'next-why'}
        @click=${() => this.guard(this.go(next))}
      >
        ${label}
      </button>
      ${move.allowed ? nothing : html`<span part="why" id="next-why">${this.i18n.t(move.why)}</span>`}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-procedure-panel': FinProcedurePanel;
  }
}
