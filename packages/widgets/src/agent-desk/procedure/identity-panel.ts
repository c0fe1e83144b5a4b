import type { ChecklistItem, DeskIdentity, DeskProcedure, IdentityStill, StillKind } from '@finestreta/server/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../shared/errors.js';
import { FinElement } from '../../shared/base-element.js';
import type { MessageKey } from '../../shared/i18n.js';
import { baseStyles } from '../../shared/theme.js';
import '../translations/index.js';
import { ProcedureApi } from './desk-api.js';
import { styles } from './identity-panel.styles.js';
import { MRZ_LINE, renderMrzForm, renderMrzReading } from './identity-mrz.js';
import { renderStills, renderZoom, STILL_LABELS } from './identity-stills.js';
import { errorText } from './steps.js';
import { StillImages } from './still-images.js';
import { FinProcedureChangeEvent } from './procedure-events.js';

/** The visible security features, of which the agent must see at least three kinds, then the photo and the document. */
const SECURITY_FEATURES: readonly ChecklistItem[] = ['hologram', 'laserImage', 'ghostPhoto', 'tactileRelief', 'microtext'];
const CHECKLIST: readonly ChecklistItem[] = [...SECURITY_FEATURES, 'photoMatchesFace', 'documentIntact'];
const CHECK_LABELS: Record<ChecklistItem, MessageKey> = {
  hologram: 'deskIdentityCheckHologram',
  laserImage: 'deskIdentityCheckLaserImage',
  ghostPhoto: 'deskIdentityCheckGhostPhoto',
  tactileRelief: 'deskIdentityCheckTactileRelief',
  microtext: 'deskIdentityCheckMicrotext',
  photoMatchesFace: 'deskIdentityCheckPhotoMatchesFace',
  documentIntact: 'deskIdentityCheckDocumentIntact',
};

/** The parts of the check, each of which shows its own failure next to its button. */
type Section = 'consent' | 'stills' | 'mrz' | 'liveness' | 'checklist' | 'decision';

/**
 * The identity check in the agent's desk, beside the citizen's live video: what the booking said,
 * the citizen's consent, the pictures their own camera took (side by side, each enlargeable), the
 * MRZ typed from the back and what the server read in it, the spoken code, what the agent saw on
 * camera, and the decision. Every action is a request to the server, which answers the whole
 * procedure; the element then fires `fin-procedure-change` with it.
 *
 * @summary The identity check of a procedure, for the agent.
 * @tagname fin-identity-panel
 *
 * @fires fin-procedure-change - A request changed the procedure: `{procedure}`, the server's new DeskProcedure.
 * @fires fin-error - A request failed: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - Its heading.
 * @csspart section - One part of the check; `subheading` is its heading.
 * @csspart announcer - The polite live region.
 * @csspart fields - The booking's details, and what the MRZ says.
 * @csspart id-valid - Whether the booked DNI/NIE's check letter is right.
 * @csspart action-button - A button that asks the server for something.
 * @csspart waiting - What the citizen is being asked for.
 * @csspart hint - Why a button is disabled, or how to fill a field.
 * @csspart error - A request failed; said next to its button.
 * @csspart stills - The front, the back and the face side by side; `still` is one.
 * @csspart zoom-button - A thumbnail, which opens the enlarged picture.
 * @csspart thumbnail - The picture, small.
 * @csspart still-meta - Its size and time.
 * @csspart zoom - The dialog with the picture at full resolution.
 * @csspart mrz-form - The three typed lines; `mrz-line` is one.
 * @csspart verdict - Whether the MRZ's check digits are right (`verdict-good`, `verdict-bad`).
 * @csspart warning - The document expired.
 * @csspart checks - Each check digit; `check-bad` marks a wrong one.
 * @csspart comparisons - The MRZ against the booking; `comparison-bad` marks a mismatch.
 * @csspart checklist - The checkboxes of what the agent saw.
 * @csspart decision-form - Verified or not, with the reason.
 * @csspart outcome - The result of the spoken code or the decision.
 */
export class FinIdentityPanel extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The appointment whose procedure this is. */
  @property({ attribute: 'case-id' }) caseId = '';

  /** The procedure as the server last answered it. */
  @property({ attribute: false }) procedure?: DeskProcedure;

  @state() private busy?: Section;
  @state() private errors: Partial<Record<Section, string>> = {};
  @state() private announcement = '';
  @state() private mrzLines = ['', '', ''];
  @state() private mrzInvalid = false;
  @state() private heard = '';
  @state() private verdict?: boolean;
  @state() private reason = '';
  @state() private reasonMissing = false;
  @state() private zoomed?: IdentityStill;
  /** Ticks not yet saved: shown as ticked, and sent once the save under way has its answer. */
  @state() private checklistDraft?: DeskIdentity['checklist'];
  private zoomOpener?: HTMLElement;

  private readonly images = new StillImages(this);

  private get server() {
    return new ProcedureApi(this.apiBase, this.caseId);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const before = changed.get('procedure');
    if (before && this.procedure) this.announceCitizen(before.identity, this.procedure.identity);
    // A new decision of the server is the form's starting point.
    const decision = this.procedure?.identity.decision;
    if (changed.has('procedure') && decision && this.verdict === undefined) {
      this.verdict = decision.verified;
      this.reason = decision.reason ?? '';
    }
  }

  /** What the citizen did on their side, said politely: the agent is watching the video, not this panel. */
  private announceCitizen(was: DeskIdentity, now: DeskIdentity) {
    const consent = now.consent;
    if (consent && consent.state !== 'asked' && consent.state !== was.consent?.state) {
      this.announcement = this.i18n.t(consent.state === 'accepted' ? 'deskIdentityConsentAccepted' : 'deskIdentityConsentRefused', { time: this.time(consent.at) });
    } else if (now.stills.length > was.stills.length && now.stills[0]) {
      this.announcement = this.i18n.t('deskIdentityStillArrived', { kind: this.i18n.t(STILL_LABELS[now.stills[0].kind]) });
    }
  }

  private time(iso: string): string {
    return this.i18n.format({ hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
  }

  /** Sends one request; its answer becomes the procedure, its failure is said in its section. */
  private async act(section: Section, work: (api: ProcedureApi) => Promise<DeskProcedure>, done?: MessageKey): Promise<boolean> {
    if (this.busy) return false;
    this.busy = section;
    this.errors = { ...this.errors, [section]: undefined };
    try {
      const procedure = await work(this.server);
      this.procedure = procedure;
      if (done) this.announcement = this.i18n.t(done);
      this.emit(new FinProcedureChangeEvent(procedure));
      return true;
    } catch (error) {
      this.reportError(error);
      const incomplete = error instanceof ApiError && error.code === 'FIN_ERR_IDENTITY_INCOMPLETE';
      this.errors = {
        ...this.errors,
        [section]: incomplete ? this.i18n.t('deskIdentityIncomplete', { message: error.message }) : errorText(error, (key, params) => this.i18n.t(key, params)),
      };
      return false;
    } finally {
      this.busy = undefined;
    }
  }

  private requestStill(kind: StillKind) {
    this.guard(this.act('stills', (api) => api.post('/identity/stills/request', { kind })));
  }

  private async zoom(still: IdentityStill, opener: HTMLElement) {
    this.zoomed = still;
    this.zoomOpener = opener;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[part~="zoom"]')?.showModal();
  }

  /** Closed by its button or Escape: focus goes back to the thumbnail that opened it. */
  private zoomClosed() {
    this.zoomed = undefined;
    this.zoomOpener?.focus();
  }

  private async readMrz() {
    this.mrzInvalid = !this.mrzLines.every((line) => MRZ_LINE.test(line));
    if (this.mrzInvalid) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    await this.act('mrz', (api) => api.post('/identity/mrz', { text: this.mrzLines.join('\n') }));
  }

  private async answerLiveness() {
    const heard = this.heard.trim();
    if (!heard) return;
    if (await this.act('liveness', (api) => api.post('/identity/liveness/answer', { heard }))) this.heard = '';
  }

  private toggle(item: ChecklistItem, checked: boolean) {
    this.checklistDraft = { ...(this.checklistDraft ?? this.procedure?.identity.checklist), [item]: checked };
    if (this.busy !== 'checklist') this.guard(this.saveChecklist());
  }

  /**
   * Saves the ticks, one save at a time: a box ticked while a save is under way is sent once it has
   * its answer, so quick ticks are neither lost nor overtaken by an older answer.
   */
  private async saveChecklist() {
    while (this.checklistDraft) {
      const checklist = this.checklistDraft;
      if (!(await this.act('checklist', (api) => api.put('/identity/checklist', { checklist }), 'deskIdentityChecklistSaved'))) return;
      if (this.checklistDraft === checklist) this.checklistDraft = undefined;
    }
  }

  /** A reason is needed to refuse, and to accept despite an expired document or a mismatch. */
  private get reasonNeeded(): boolean {
    const mrz = this.procedure?.identity.mrz;
    return this.verdict === false || Boolean(mrz && (mrz.expired || mrz.comparisons.some((comparison) => !comparison.match)));
  }

  private async decide() {
    if (this.verdict === undefined) return;
    const reason = this.reason.trim();
    this.reasonMissing = this.reasonNeeded && !reason;
    if (this.reasonMissing) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#decision-reason')?.focus();
      return;
    }
    await this.act('decision', (api) => api.post('/identity/decision', reason ? { verified: this.verdict, reason } : { verified: this.verdict }));
  }

  protected renderContent() {
    const procedure = this.procedure;
    if (!procedure) return html`<p part="status">${this.i18n.t('deskProcedureLoading')}</p>`;
    const { identity } = procedure;
    const accepted = identity.consent?.state === 'accepted';
    const blocked = accepted ? undefined : this.i18n.t('deskIdentityNeedsConsent');
    return html`<section part="base" aria-labelledby="identity-heading">
      <h4 part="heading" id="identity-heading">${this.i18n.t('deskIdentityTitle')}</h4>
      <p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>
      ${this.renderBooked(procedure)} ${this.renderConsent(procedure)}
      ${this.section(
        'stills',
        'deskIdentityStillsTitle',
        renderStills({
          i18n: this.i18n,
          stills: identity.stills,
          requested: identity.requestedStill,
          blocked,
          busy: Boolean(this.busy),
          image: (still) => this.images.get(still.id, this.server.stillUrl(still.id)),
          time: (iso) => this.time(iso),
          onRequest: (kind) => this.requestStill(kind),
          onZoom: (still, opener) => this.guard(this.zoom(still, opener)),
        }),
      )}
      ${this.section(
        'mrz',
        'deskIdentityMrzTitle',
        html`${renderMrzForm({
          i18n: this.i18n,
          lines: this.mrzLines,
          invalid: this.mrzInvalid,
          busy: Boolean(this.busy),
          onInput: (index, value) => (this.mrzLines = this.mrzLines.map((line, i) => (i === index ? value : line))),
          onSubmit: () => this.guard(this.readMrz()),
        })}
        ${identity.mrz ? renderMrzReading(this.i18n, identity.mrz) : nothing}`,
      )}
      ${this.section('liveness', 'deskIdentityLivenessTitle', this.renderLiveness(procedure, blocked))}
      ${this.section('checklist', 'deskIdentityChecklistTitle', this.renderChecklist(procedure))}
      ${this.section('decision', 'deskIdentityDecisionTitle', this.renderDecision(procedure))}
      ${renderZoom(this.i18n, this.zoomed, this.zoomed && this.images.get(this.zoomed.id, this.server.stillUrl(this.zoomed.id)), (iso) => this.time(iso), () => this.zoomClosed())}
    </section>`;
  }

  private section(name: Section, title: MessageKey, body: unknown) {
    const error = this.errors[name];
    return html`<section part="section" aria-labelledby="identity-${name}">
      <h5 part="subheading" id="identity-${name}">${this.i18n.t(title)}</h5>
      ${body} ${error ? html`<p part="error" role="alert">${error}</p>` : nothing}
    </section>`;
  }

  private renderBooked({ identity: { booked } }: DeskProcedure) {
    return html`<dl part="fields" aria-label=${this.i18n.t('deskIdentityBooked')}>
      <div part="field"><dt part="term">${this.i18n.t('deskIdentityName')}</dt><dd part="value">${booked.name}</dd></div>
      <div part="field">
        <dt part="term">${this.i18n.t('deskIdentityIdNumber')}</dt>
        <dd part="value">
          ${booked.idNumber ?? this.i18n.t('deskIdentityNotGiven')}
          ${booked.idValid === null
            ? nothing
            : html`<span part=${booked.idValid ? 'id-valid' : 'id-valid id-invalid'}>(${this.i18n.t(booked.idValid ? 'deskIdentityIdValid' : 'deskIdentityIdInvalid')})</span>`}
        </dd>
      </div>
    </dl>`;
  }

  private renderConsent({ identity: { consent } }: DeskProcedure) {
    const texts: Record<string, MessageKey> = { asked: 'deskIdentityConsentAsked', accepted: 'deskIdentityConsentAccepted', refused: 'deskIdentityConsentRefused' };
    const askable = !consent || consent.state === 'refused';
    return this.section(
      'consent',
      'deskIdentityConsentTitle',
      html`<p part=${consent?.state === 'refused' ? 'outcome outcome-bad' : 'outcome'}>
          ${consent ? this.i18n.t(texts[consent.state]!, { time: this.time(consent.at) }) : this.i18n.t('deskIdentityConsentNone')}
        </p>
        ${askable
          ? html`<button part="action-button" type="button" ?disabled=${Boolean(this.busy)} @click=${() => this.guard(this.act('consent', (api) => api.post('/identity/consent')))}>
              ${this.i18n.t(consent ? 'deskIdentityConsentAskAgain' : 'deskIdentityConsentAsk')}
            </button>`
          : nothing}`,
    );
  }

  private renderLiveness({ identity: { liveness } }: DeskProcedure, blocked?: string) {
    const waiting = liveness && liveness.matched === null;
    const show = html`<button
      part="action-button"
      type="button"
      ?disabled=${Boolean(blocked) || Boolean(this.busy)}
      aria-describedby=${blocked ? 'liveness-blocked' : nothing}
      @click=${() => this.guard(this.act('liveness', (api) => api.post('/identity/liveness')))}
    >
      ${this.i18n.t(liveness ? 'deskIdentityLivenessNew' : 'deskIdentityLivenessShow')}
    </button>`;
    return html`${blocked ? html`<p part="hint" id="liveness-blocked">${blocked}</p>` : nothing}
      ${liveness?.matched === true ? html`<p part="outcome">${this.i18n.t('deskIdentityLivenessMatched', { time: this.time(liveness.answeredAt ?? liveness.issuedAt) })}</p>` : nothing}
      ${liveness?.matched === false ? html`<p part="outcome outcome-bad">${this.i18n.t('deskIdentityLivenessMismatched')}</p>` : nothing}
      ${waiting
        ? html`<form part="liveness-form" @submit=${(event: Event) => (event.preventDefault(), this.guard(this.answerLiveness()))}>
            <p part="hint" id="liveness-ask">${this.i18n.t('deskIdentityLivenessAsk')}</p>
            <label part="label" for="liveness-heard">${this.i18n.t('deskIdentityLivenessHeard')}</label>
            <input
              part="input"
              id="liveness-heard"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              required
              aria-describedby="liveness-ask"
              .value=${live(this.heard)}
              @input=${(event: Event) => (this.heard = (event.target as HTMLInputElement).value)}
            />
            <button part="action-button" type="submit" ?disabled=${Boolean(this.busy)}>${this.i18n.t('deskIdentityLivenessConfirm')}</button>
          </form>`
        : nothing}
      ${liveness?.matched === true ? nothing : show}`;
  }

  private renderChecklist({ identity }: DeskProcedure) {
    const checklist = this.checklistDraft ?? identity.checklist;
    const seen = SECURITY_FEATURES.filter((item) => checklist[item]).length;
    return html`<fieldset part="checklist" aria-describedby="checklist-hint checklist-count">
      <legend part="legend">${this.i18n.t('deskIdentityChecklistTitle')}</legend>
      <p part="hint" id="checklist-hint">${this.i18n.t('deskIdentityChecklistHint')}</p>
      ${CHECKLIST.map(
        (item) => html`<div part="checkbox-field">
          <input
            part="checkbox"
            id="check-${item}"
            type="checkbox"
            .checked=${live(Boolean(checklist[item]))}
            @change=${(event: Event) => this.toggle(item, (event.target as HTMLInputElement).checked)}
          />
          <label part="label" for="check-${item}">${this.i18n.t(CHECK_LABELS[item])}</label>
        </div>`,
      )}
      <p part="hint" id="checklist-count">${this.i18n.t('deskIdentityChecklistCount', { count: seen })}</p>
    </fieldset>`;
  }

  private renderDecision({ identity: { decision } }: DeskProcedure) {
    const needed = this.reasonNeeded;
    const describedBy = [needed && this.verdict !== false ? 'reason-needed' : '', this.reasonMissing ? 'reason-missing' : ''].filter(Boolean).join(' ');
    return html`${decision
        ? html`<p part=${decision.verified ? 'outcome' : 'outcome outcome-bad'}>
            ${decision.verified
              ? this.i18n.t('deskIdentityDecidedVerified', { time: this.time(decision.at) })
              : this.i18n.t('deskIdentityDecidedNotVerified', { time: this.time(decision.at), reason: decision.reason ?? '' })}
          </p>`
        : nothing}
      <form part="decision-form" novalidate @submit=${(event: Event) => (event.preventDefault(), this.guard(this.decide()))}>
        <fieldset part="radios">
          <legend part="legend">${this.i18n.t('deskIdentityDecisionTitle')}</legend>
          ${([true, false] as const).map(
            (verified) => html`<div part="radio-field">
              <input
                part="radio"
                id="decision-${verified}"
                type="radio"
                name="verdict"
                .checked=${live(this.verdict === verified)}
                @change=${() => (this.verdict = verified)}
              />
              <label part="label" for="decision-${verified}">${this.i18n.t(verified ? 'deskIdentityVerified' : 'deskIdentityNotVerified')}</label>
            </div>`,
          )}
        </fieldset>
        <label part="label" for="decision-reason">${this.i18n.t('deskIdentityReason')}</label>
        ${needed && this.verdict !== false ? html`<p part="hint" id="reason-needed">${this.i18n.t('deskIdentityReasonNeeded')}</p>` : nothing}
        ${this.reasonMissing ? html`<p part="field-error" id="reason-missing">${this.i18n.t('deskIdentityReasonRequired')}</p>` : nothing}
        <textarea
          part="textarea"
          id="decision-reason"
          rows="2"
          maxlength="500"
          ?required=${needed}
          aria-invalid=${this.reasonMissing ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .value=${live(this.reason)}
          @input=${(event: Event) => {
            this.reason = (event.target as HTMLTextAreaElement).value;
            if (this.reason.trim()) this.reasonMissing = false;
          }}
        ></textarea>
        <button part="action-button" type="submit" ?disabled=${this.verdict === undefined || Boolean(this.busy)}>${this.i18n.t('deskIdentityDecide')}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-identity-panel': FinIdentityPanel;
  }
}
