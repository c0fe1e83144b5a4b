import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { ApiError } from '../shared/errors.js';
import type { MessageKey } from '../shared/i18n.js';
import { saveFile } from '../shared/save-file.js';
import { baseStyles } from '../shared/theme.js';
import { cardListStyles } from './card-list.styles.js';
import { styles } from './data-protection.styles.js';
import './translations/index.js';

/** One case of the person, as `/api/desk/subjects/search` lists it. */
export interface SubjectCase {
  id: string;
  reference: string;
  kind: 'callback' | 'appointment';
  state: string;
  createdAt: string;
  updatedAt: string;
  hold: { at: string; by: string; reason: string } | null;
}

type By = 'phone' | 'email' | 'idDocument';
const BY: Record<By, MessageKey> = { phone: 'deskPrivacyByPhone', email: 'deskPrivacyByEmail', idDocument: 'deskPrivacyByIdDocument' };
/** The server's refusals of an identifier, in the supervisor's words. */
const REFUSALS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_PHONE_INVALID: 'deskPrivacyErrorPhone',
  FIN_ERR_EMAIL_INVALID: 'deskPrivacyErrorEmail',
  FIN_ERR_VALIDATION: 'deskPrivacyErrorIdDocument',
};
/** An export gathers every case's sealed evidence, recordings included. */
const EXPORT_TIMEOUT_MS = 300_000;

/**
 * Data protection, for supervisors and administrators: a person's cases in the council, found by
 * the phone, email or DNI/NIE they gave; everything held about them as one download, for their
 * right of access (GDPR art. 15); and a legal hold on a case, with its reason, that keeps its
 * data past the council's retention periods, or lifting it. The person is searched for in the
 * request body, never in a URL.
 *
 * @summary The desk's right of access and legal holds (supervisors only).
 * @tagname fin-data-protection
 *
 * @fires fin-error - Searching, exporting or changing a hold failed: `{code, message, recoverable}`.
 *
 * @csspart base - The section.
 * @csspart heading - Its heading.
 * @csspart search-form - Whom to look for, and how.
 * @csspart search-button - Looks for their cases.
 * @csspart export-button - Downloads everything held about them.
 * @csspart list - Their cases.
 * @csspart case - One case.
 * @csspart badge - "Legal hold" beside a held case's reference.
 * @csspart facts - Its kind, state, dates and hold.
 * @csspart hold-button - Starts placing a legal hold.
 * @csspart hold-form - The reason of a hold being placed.
 * @csspart confirm-button - Places the hold.
 * @csspart lift-button - Lifts a hold.
 * @csspart empty-state - Shown when the council holds no case of theirs.
 * @csspart announcer - The polite live region that says what was done.
 * @csspart error - What failed.
 */
export class FinDataProtection extends FinElement {
  static override styles = [baseStyles, cardListStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  @state() private by: By = 'phone';
  @state() private value = '';
  /** The identifier the list shows the cases of, as searched. */
  @state() private searched?: Partial<Record<By, string>>;
  @state() private cases?: SubjectCase[];
  @state() private holding = '';
  @state() private reason = '';
  @state() private busy = false;
  @state() private announcement = '';
  @state() private error = '';

  private get client() {
    return new ApiClient(this.apiBase, undefined, { credentials: 'include' });
  }

  private async act(work: () => Promise<void>, failed: (error: unknown) => MessageKey) {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await work();
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t(failed(error));
    } finally {
      this.busy = false;
    }
  }

  private search(event: SubmitEvent) {
    event.preventDefault();
    const who = { [this.by]: this.value.trim() };
    return this.act(
      async () => {
        this.cases = (await this.client.post<{ cases: SubjectCase[] }>('/api/desk/subjects/search', who)).cases;
        this.searched = who;
        this.announcement = this.i18n.t('deskPrivacyFound', { count: this.cases.length });
      },
      (error) => (error instanceof ApiError ? REFUSALS[error.code] : undefined) ?? 'deskPrivacyErrorSearch',
    );
  }

  private reload() {
    return this.client.post<{ cases: SubjectCase[] }>('/api/desk/subjects/search', this.searched).then(({ cases }) => (this.cases = cases));
  }

  private download() {
    return this.act(
      async () => {
        const bytes = await this.client.post<ArrayBuffer>('/api/desk/subjects/export', this.searched, { accept: 'bytes', timeout: EXPORT_TIMEOUT_MS });
        saveFile(bytes, 'access-export.zip', 'application/zip');
        this.announcement = this.i18n.t('deskPrivacyExported');
      },
      () => 'deskPrivacyErrorExport',
    );
  }

  private placeHold(found: SubjectCase, event: SubmitEvent) {
    event.preventDefault();
    return this.act(
      async () => {
        await this.client.put(`/api/desk/cases/${encodeURIComponent(found.id)}/hold`, { reason: this.reason.trim() });
        this.holding = '';
        this.reason = '';
        await this.reload();
        this.announcement = this.i18n.t('deskPrivacyHeld', { reference: found.reference });
      },
      () => 'deskPrivacyErrorHold',
    );
  }

  private liftHold(found: SubjectCase) {
    return this.act(
      async () => {
        await this.client.delete(`/api/desk/cases/${encodeURIComponent(found.id)}/hold`);
        await this.reload();
        this.announcement = this.i18n.t('deskPrivacyLifted', { reference: found.reference });
      },
      () => 'deskPrivacyErrorHold',
    );
  }

  private date(iso: string): string {
    return this.i18n.format({ dateStyle: 'medium' }).format(new Date(iso));
  }

  private renderCase(found: SubjectCase) {
    const heading = `case-${found.id}`;
    return html`<li part="case">
      <h3 id=${heading}>${found.reference}${found.hold ? html` · <span part="badge">${this.i18n.t('deskPrivacyHoldBadge')}</span>` : nothing}</h3>
      <dl part="facts">
        <dt>${this.i18n.t('deskPrivacyKind')}</dt>
        <dd>${this.i18n.t(found.kind === 'callback' ? 'deskPrivacyKindCallback' : 'deskPrivacyKindAppointment')} · <code>${found.state}</code></dd>
        <dt>${this.i18n.t('deskPrivacyDates')}</dt>
        <dd>${this.date(found.createdAt)} – ${this.date(found.updatedAt)}</dd>
        ${found.hold
          ? html`<dt>${this.i18n.t('deskPrivacyHoldSince', { date: this.date(found.hold.at) })}</dt>
              <dd>${found.hold.reason}</dd>`
          : nothing}
      </dl>
      ${found.hold
        ? html`<button part="lift-button" type="button" aria-describedby=${heading} @click=${() => this.guard(this.liftHold(found))}>${this.i18n.t('deskPrivacyLift')}</button>`
        : this.holding === found.id
          ? html`<form part="hold-form" @submit=${(event: SubmitEvent) => this.guard(this.placeHold(found, event))}>
              <label for="reason-${found.id}">${this.i18n.t('deskPrivacyReason')}</label>
              <textarea id="reason-${found.id}" required minlength="3" maxlength="500" .value=${this.reason} @input=${(event: Event) => (this.reason = (event.target as HTMLTextAreaElement).value)}></textarea>
              <button part="confirm-button" type="submit" aria-describedby=${heading}>${this.i18n.t('deskPrivacyPlace')}</button>
            </form>`
          : html`<button part="hold-button" type="button" aria-describedby=${heading} @click=${() => (this.holding = found.id)}>${this.i18n.t('deskPrivacyHold')}</button>`}
    </li>`;
  }

  protected renderContent() {
    return html`<section part="base" aria-labelledby="privacy-heading">
        <h2 part="heading" id="privacy-heading">${this.i18n.t('deskPrivacyTitle')}</h2>
        <p>${this.i18n.t('deskPrivacyIntro')}</p>
        <form part="search-form" @submit=${(event: SubmitEvent) => this.guard(this.search(event))}>
          <div>
            <label for="privacy-by">${this.i18n.t('deskPrivacyBy')}</label>
            <select id="privacy-by" @change=${(event: Event) => (this.by = (event.target as HTMLSelectElement).value as By)}>
              ${(Object.keys(BY) as By[]).map((by) => html`<option value=${by} ?selected=${by === this.by}>${this.i18n.t(BY[by])}</option>`)}
            </select>
          </div>
          <div>
            <label for="privacy-value">${this.i18n.t(BY[this.by])}</label>
            <input id="privacy-value" required autocomplete="off" .value=${this.value} @input=${(event: Event) => (this.value = (event.target as HTMLInputElement).value)} />
          </div>
          <button part="search-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.i18n.t('deskPrivacySearch')}</button>
        </form>
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
        ${this.cases
          ? html`${this.cases.length
                ? html`<ul part="list">
                    ${this.cases.map((found) => this.renderCase(found))}
                  </ul>`
                : html`<p part="empty-state">${this.i18n.t('deskPrivacyEmpty')}</p>`}
              <button part="export-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.guard(this.download())}>${this.i18n.t('deskPrivacyExport')}</button>`
          : nothing}
      </section>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-data-protection': FinDataProtection;
  }
}
