import type { DeskApplication, DeskProcedure } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { ApiClient } from '../../shared/api.js';
import { FinElement } from '../../shared/base-element.js';
import { renderErrorSummary } from '../../shared/error-summary.js';
import { FormController, focusPart, type FieldErrors } from '../../shared/form-controller.js';
import type { FinError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/i18n.js';
import { FetchTask } from '../../shared/task.js';
import { baseStyles } from '../../shared/theme.js';
import type { CaseDocumentsView } from '../case-documents.js';
import { styles } from './application-form.styles.js';
import { fieldId, renderNode, type FieldContext } from './form-fields.js';
import { fieldErrorsOf, procedureErrorKey, ProcedureRequests } from './form-request.js';
import { buildFields, FormChecker, leavesOf, valueAt, withValues, type GroupField, type LeafField, type Problem } from './form-schema.js';
import { FinProcedureChangeEvent } from './procedure-events.js';
import './form-translations/index.js';

type Values = Record<string, unknown>;

/** How long after the last keystroke the application is saved; leaving a field saves at once. */
export const SAVE_DELAY_MS = 600;

const PROBLEM_KEYS: Record<Problem, MessageKey> = {
  required: 'applicationFormErrorRequired',
  number: 'applicationFormErrorNumber',
  integer: 'applicationFormErrorInteger',
  email: 'applicationFormErrorEmail',
  date: 'applicationFormErrorDate',
  pattern: 'applicationFormErrorPattern',
  tooLong: 'applicationFormErrorTooLong',
  tooShort: 'applicationFormErrorTooShort',
  tooSmall: 'applicationFormErrorTooSmall',
  tooLarge: 'applicationFormErrorTooLarge',
  choice: 'applicationFormErrorChoice',
  invalid: 'applicationFormErrorInvalid',
};

/** What a draft may still have: the server saves it and lists it as left to do. */
const DRAFT_PROBLEMS = new Set<Problem>(['required', 'tooShort']);

/** Where saving stands, said in the polite status line. */
type SaveState = 'idle' | 'saving' | 'saved' | 'invalid' | 'refused' | 'reloaded' | 'failed';

/**
 * The application of a procedure done in a video call, as the agent fills it in with the citizen:
 * the council's form chosen (the generic application first), its fields generated from the form's
 * JSON Schema in the order and with the labels of its presentation hints, checked in the browser
 * with the server's validator, and the case's documents to attach. It saves as the agent types
 * (shortly after the last edit, and on leaving a field) and says so politely; what is still missing
 * is listed. "Present to the citizen" presents the final application for the citizen's agreement,
 * which takes the procedure on to the agreement step.
 *
 * @summary The application form of the procedure, for the agent.
 * @tagname fin-application-form
 *
 * @fires fin-procedure-change - The server accepted a change: `{procedure}` as it now stands.
 * @fires fin-error - A request failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - Its heading.
 * @csspart status - Whether the application is saved (a polite live region).
 * @csspart error - A request failed (an alert).
 * @csspart retry-button - Saves again after a failure.
 * @csspart notice - The application was presented (a change voids the agreement), or is signed.
 * @csspart form-choice - The choice of form.
 * @csspart form - The generated form.
 * @csspart group - An object of the schema, as a fieldset; its `legend`.
 * @csspart field - One field; `label`, `optional`, `hint`, `field-error`, `input`, `textarea`, `select`, `choices`, `choice`, `radio`, `checkbox`.
 * @csspart attachments - The case's documents to attach.
 * @csspart missing - What is still missing; `missing-link` each.
 * @csspart present-button - Presents the application to the citizen, on to the agreement step.
 * @csspart error-summary - The GOV.UK-style summary after "present" with errors left.
 */
export class FinApplicationForm extends FinElement {
  static override styles = [baseStyles, ...styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The procedure as the server last gave it; the panel around this form keeps it current. */
  @property({ attribute: false }) procedure?: DeskProcedure;

  /** The case (appointment) the procedure belongs to. */
  @property({ attribute: 'case-id' }) caseId?: string;

  /** Level (1–6) of the form's heading. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 4;

  @state() private tree?: GroupField;
  @state() private saveState: SaveState = 'idle';
  @state() private savedAt?: Date;
  @state() private saveError?: MessageKey;
  @state() private attachments: string[] = [];
  /** The server's words about values it refused, by pointer; about the request as a whole, in the list. */
  @state() private serverTexts = new Map<string, string>();
  @state() private serverGeneral: string[] = [];
  /** A request is on its way: buttons say so with aria-disabled and ignore a second press; disabling them would drop the keyboard's focus. */
  @state() private busy = false;

  private formId?: string;
  private version?: number;
  /** The data as loaded: keys the form has no field for are kept as they are. */
  private base: Values = {};
  private checker?: FormChecker;
  private leaves: LeafField[] = [];
  private dirty = false;
  private timer?: ReturnType<typeof setTimeout>;
  private saves: Promise<void> = Promise.resolve();
  private checked?: { values: Values; errors: FieldErrors<string>; problems: Map<string, Problem> };

  /** The leaves' pointers in order; the form controller reads this same array, refilled when another form loads. */
  private readonly pointers: string[] = [];

  private readonly form = new FormController<string, Values>(this, {
    fields: this.pointers,
    empty: () => ({}),
    validate: (values) => this.check(values).errors,
  });

  private readonly documents = new FetchTask(this, {
    args: () => (this.caseId && this.tree ? ([this.apiBase, this.caseId] as const) : undefined),
    task: ([api, id], signal) => new ApiClient(api, undefined, { credentials: 'include' }).get<CaseDocumentsView>(this.requests(api, id).documentsPath(), { signal }),
    onError: (error) => this.reportError(error),
  });

  private requests(api = this.apiBase, id = this.caseId ?? ''): ProcedureRequests {
    return new ProcedureRequests(api, id);
  }

  private get closed(): boolean {
    return Boolean(this.procedure?.agreement.signature);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const application = this.procedure?.application;
    if (!changed.has('procedure') || !application) return;
    const otherForm = (application.form?.id ?? undefined) !== this.formId;
    // A newer version than this form's own saves means a change from elsewhere: show it, unless the agent is typing.
    if (otherForm || (application.version !== this.version && !this.dirty && this.saveState !== 'saving')) this.load(application);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    // Whatever was typed in the last moments is saved, not lost with the view.
    if (this.dirty) this.guard(this.flush());
  }

  private load(application: DeskApplication) {
    const { form } = application;
    this.formId = form?.id;
    this.version = application.version;
    this.base = application.data;
    this.attachments = [...application.attachments];
    this.tree = form ? buildFields(form) : undefined;
    this.checker = form && this.tree ? new FormChecker(form, this.tree) : undefined;
    this.leaves = this.tree ? leavesOf(this.tree) : [];
    this.pointers.splice(0, this.pointers.length, ...this.leaves.map((leaf) => leaf.pointer));
    this.checked = undefined;
    this.form.reset();
    this.form.fill(Object.fromEntries(this.leaves.map((leaf) => [leaf.pointer, valueAt(application.data, leaf.pointer)]).filter(([, value]) => value !== undefined)));
    this.serverTexts = new Map();
    this.serverGeneral = [];
  }

  /** The values' problems, computed once per set of values (every field asks on each render). */
  private check(values: Values) {
    if (this.checked?.values !== values) {
      const problems = this.checker?.check(withValues(this.base, values)) ?? new Map<string, Problem>();
      const errors = Object.fromEntries([...problems].map(([pointer, problem]) => [pointer, PROBLEM_KEYS[problem]]));
      this.checked = { values, errors, problems };
    }
    return this.checked;
  }

  private message(pointer: string, key: MessageKey): string {
    const server = this.serverTexts.get(pointer);
    if (server && this.form.serverErrors[pointer]) return server;
    const leaf = this.leaves.find((l) => l.pointer === pointer);
    const { schema } = leaf ?? {};
    const count = key === 'applicationFormErrorTooShort' ? schema?.minLength : schema?.maxLength;
    const limit = key === 'applicationFormErrorTooSmall' ? (schema?.minimum ?? schema?.exclusiveMinimum) : (schema?.maximum ?? schema?.exclusiveMaximum);
    return this.i18n.t(key, { label: leaf?.label ?? pointer, count: count ?? 0, limit: typeof limit === 'number' ? limit : '' });
  }

  private edit(pointer: string, value: unknown) {
    if (this.serverTexts.has(pointer)) {
      this.serverTexts = new Map([...this.serverTexts].filter(([p]) => p !== pointer));
    }
    this.form.set(pointer, value);
    this.changed();
  }

  private changed() {
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.guard(this.flush()), SAVE_DELAY_MS);
  }

  /** Saves what changed, after any save already on its way; resolves once nothing is left to save (or it cannot be). */
  private flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.dirty) this.saves = this.saves.then(() => this.save());
    return this.saves;
  }

  private async save(formId = this.formId, data?: Values) {
    if (!formId || !this.caseId || this.closed) return;
    const problems = this.check(this.form.values).problems;
    // A draft may lack values or have them too short; a wrong one the server would refuse, so it waits for the agent to correct it.
    if (!data && [...problems.values()].some((problem) => !DRAFT_PROBLEMS.has(problem))) {
      this.saveState = 'invalid';
      return;
    }
    this.dirty = false;
    this.saveState = 'saving';
    this.saveError = undefined;
    const body = { formId, data: data ?? withValues(this.base, this.form.values), attachments: this.attachments, version: this.version };
    try {
      const procedure = await this.requests().put('/application', body, this.i18n.lang);
      this.version = procedure.application.version;
      if (procedure.application.form?.id !== this.formId) this.load(procedure.application);
      this.saveState = this.dirty ? 'saving' : 'saved';
      this.savedAt = new Date();
      this.serverGeneral = [];
      this.emit(new FinProcedureChangeEvent(procedure));
    } catch (error) {
      const failure = this.reportError(error);
      if (failure.code === 'FIN_ERR_CHANGED_MEANWHILE') return this.reload();
      if (this.refused(failure)) return;
      this.dirty = true;
      this.saveState = 'failed';
      this.saveError = procedureErrorKey(failure);
    }
  }

  /** Puts the server's verdict on each value next to its field (the rest in the summary); false when it gave none. */
  private refused(failure: FinError): boolean {
    const refused = fieldErrorsOf(failure);
    if (failure.code !== 'FIN_ERR_APPLICATION_INVALID' || !refused.length) return false;
    const texts = new Map<string, string>();
    const general: string[] = [];
    for (const { pointer, message } of refused) {
      if (this.leaves.some((leaf) => leaf.pointer === pointer)) {
        texts.set(pointer, message);
        this.form.setServerError(pointer, 'applicationFormErrorInvalid');
      } else general.push(message);
    }
    this.serverTexts = texts;
    this.serverGeneral = general;
    this.saveState = 'refused';
    return true;
  }

  private async reload() {
    try {
      const procedure = await this.requests().read(this.i18n.lang);
      this.dirty = false;
      this.load(procedure.application);
      this.saveState = 'reloaded';
      this.emit(new FinProcedureChangeEvent(procedure));
    } catch (error) {
      this.saveState = 'failed';
      this.saveError = procedureErrorKey(this.reportError(error));
    }
  }

  private chooseForm(formId: string) {
    if (!formId || formId === this.formId) return;
    clearTimeout(this.timer);
    this.dirty = false;
    // The server keeps what the new form also has and prefills the rest from the case.
    this.saves = this.saves.then(() => this.save(formId, withValues(this.base, this.form.values)));
    this.guard(this.saves);
  }

  private toggleAttachment(id: string, on: boolean) {
    this.attachments = on ? [...this.attachments, id] : this.attachments.filter((a) => a !== id);
    this.changed();
    this.guard(this.flush());
  }

  private async present(event: Event) {
    event.preventDefault();
    if (this.busy) return;
    if (this.form.attempt().length) return focusPart(this, '[part~="error-summary"]');
    this.busy = true;
    try {
      await this.flush();
      if (this.saveState !== 'saved' && this.saveState !== 'idle') return;
      const procedure = await this.requests().post('/agreement/present', {}, this.i18n.lang);
      this.emit(new FinProcedureChangeEvent(procedure));
    } catch (error) {
      const failure = this.reportError(error);
      if (this.refused(failure)) return focusPart(this, '[part~="error-summary"]');
      this.saveError = procedureErrorKey(failure);
      this.saveState = 'failed';
    } finally {
      this.busy = false;
    }
  }

  private heading(part: string, id: string, text: string) {
    const tag = unsafeStatic(`h${Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 4))}`);
    return staticHtml`<${tag} part=${part} id=${id}>${text}</${tag}>`;
  }

  protected renderContent() {
    const application = this.procedure?.application;
    return html`<section part="base" aria-labelledby="application-heading">
      ${this.heading('heading', 'application-heading', this.i18n.t('applicationFormTitle'))}
      <p part="status" role="status">${this.statusText()}</p>
      ${this.saveError
        ? html`<div part="error" role="alert">
            <p>${this.i18n.t('applicationFormSaveFailed')} ${this.i18n.t(this.saveError)}</p>
            ${this.dirty ? html`<button part="retry-button" type="button" @click=${() => this.guard(this.flush())}>${this.i18n.t('applicationFormRetry')}</button>` : nothing}
          </div>`
        : nothing}
      ${this.closed
        ? html`<p part="notice">${this.i18n.t('applicationFormReadOnly')}</p>`
        : this.procedure && ['presented', 'agreed'].includes(this.procedure.agreement.state)
          ? html`<p part="notice">${this.i18n.t('applicationFormVoidsAgreement')}</p>`
          : nothing}
      ${application ? this.renderChoice(application) : nothing} ${this.tree ? this.renderForm(this.tree) : nothing}
    </section>`;
  }

  private statusText(): string {
    switch (this.saveState) {
      case 'saving':
        return this.i18n.t('applicationFormSaving');
      case 'saved':
        return this.i18n.t('applicationFormSaved', { time: this.i18n.format({ hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(this.savedAt) });
      case 'invalid':
        return this.i18n.t('applicationFormUnsaved');
      case 'refused':
        return this.i18n.t('applicationFormRefused');
      case 'reloaded':
        return this.i18n.t('applicationFormReloaded');
      default:
        return '';
    }
  }

  private renderChoice(application: DeskApplication) {
    return html`<div part="form-choice field">
      <label part="label" for="form-choice">${this.i18n.t('applicationFormChoose')}</label>
      <p part="hint" id="form-choice-hint">${this.i18n.t(this.formId ? 'applicationFormChooseHint' : 'applicationFormNoForm')}</p>
      <select
        part="select"
        id="form-choice"
        aria-describedby="form-choice-hint"
        ?disabled=${this.closed}
        @change=${(event: Event) => this.chooseForm((event.target as HTMLSelectElement).value)}
      >
        ${this.formId ? nothing : html`<option value="" selected>${this.i18n.t('applicationFormChoosePlaceholder')}</option>`}
        ${application.forms.map((form) => html`<option value=${form.id} ?selected=${form.id === this.formId}>${form.title}</option>`)}
      </select>
    </div>`;
  }

  private renderForm(tree: GroupField) {
    const context: FieldContext = {
      value: (pointer) => this.form.values[pointer],
      error: (pointer) => {
        const key = this.form.shown(pointer);
        return key && this.message(pointer, key);
      },
      disabled: this.closed,
      texts: { optional: this.i18n.t('applicationFormOptional'), lines: this.i18n.t('applicationFormLinesHint'), none: this.i18n.t('applicationFormChoiceNone') },
      onValue: (pointer, value) => this.edit(pointer, value),
      onLeave: (pointer) => {
        this.form.leave(pointer);
        this.guard(this.flush());
      },
    };
    const summary = this.form.hasAttempted() || this.saveState === 'refused';
    return html`<form part="form" novalidate aria-labelledby="application-heading" @submit=${(event: Event) => this.guard(this.present(event))}>
      ${summary
        ? renderErrorSummary({
            title: this.i18n.t('applicationFormErrorSummary'),
            formError: this.serverGeneral.join(' ') || undefined,
            items: this.form.errorsOf().map(([pointer, key]) => ({ field: fieldId(pointer), message: this.message(pointer, key) })),
            onLink: (event, field) => this.focusField(event, field),
          })
        : nothing}
      ${renderNode(tree, context)} ${this.renderAttachments()} ${this.renderMissing()}
      <p part="hint" id="present-hint">${this.i18n.t('applicationFormPresentHint')}</p>
      <button part="present-button" type="submit" aria-describedby="present-hint" aria-disabled=${this.busy ? 'true' : 'false'} ?disabled=${this.closed}>${this.i18n.t('applicationFormPresent')}</button>
    </form>`;
  }

  private focusField(event: Event, id: string) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  private renderAttachments() {
    const { status, value } = this.documents;
    const documents = value?.documents.filter((doc) => doc.state !== 'rejected') ?? [];
    let body: unknown;
    if (value) {
      body = documents.length
        ? documents.map(
            (doc) => html`<label part="choice">
              <input
                part="checkbox"
                type="checkbox"
                value=${doc.id}
                ?disabled=${this.closed}
                .checked=${live(this.attachments.includes(doc.id))}
                @change=${(event: Event) => this.toggleAttachment(doc.id, (event.target as HTMLInputElement).checked)}
              />
              ${doc.fileName}
            </label>`,
          )
        : html`<p part="hint">${this.i18n.t('applicationFormAttachmentsNone')}</p>`;
    } else body = html`<p part="hint">${this.i18n.t(status === 'error' ? 'applicationFormAttachmentsError' : 'applicationFormAttachmentsLoading')}</p>`;
    return html`<fieldset part="attachments group" aria-describedby="attachments-hint">
      <legend part="legend">${this.i18n.t('applicationFormAttachments')}</legend>
      <p part="hint" id="attachments-hint">${this.i18n.t('applicationFormAttachmentsHint')}</p>
      ${body}
    </fieldset>`;
  }

  private renderMissing() {
    const missing = [...this.check(this.form.values).problems].filter(([, problem]) => problem === 'required').map(([pointer]) => this.leaves.find((l) => l.pointer === pointer)!);
    return html`<div part="missing">
      ${missing.length
        ? html`<p part="missing-title" id="missing-title">${this.i18n.t('applicationFormMissing')}</p>
            <ul aria-labelledby="missing-title">
              ${missing.map(
                (leaf) =>
                  html`<li><a part="missing-link" href="#${fieldId(leaf.pointer)}" @click=${(event: Event) => this.focusField(event, fieldId(leaf.pointer))}>${leaf.label}</a></li>`,
              )}
            </ul>`
        : html`<p part="missing-title">${this.i18n.t('applicationFormComplete')}</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-application-form': FinApplicationForm;
  }
}
