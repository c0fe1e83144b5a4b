import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { addressToken } from '../shared/address-token.js';
import { FinElement } from '../shared/base-element.js';
import { formStyles } from '../shared/form.styles.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './video-appointment.styles.js';
import { BOOKING_PARTS } from './video-booking.js';
import { APPOINTMENT_VIEW_PARTS, CALL_GUEST_PARTS, LAZY_VIEWS } from './views.js';
import './translations/index.js';

/**
 * A video appointment with the council. Without a token it books one: the procedure (with its
 * duration and the documents to prepare), a day and a time in the council's time zone, the
 * citizen's contact details; offline, the booking waits on the device. With the token of the
 * personal link (attribute, or `?token=` in the page's address) it shows that appointment, live:
 * a countdown, "Join the video call" when the call opens, changing the time or cancelling
 * (`<fin-appointment-view>`). With an invitation it lets an interpreter or supervisor into the call
 * (`<fin-call-guest>`). Their parts are this element's.
 *
 * @summary Book a video appointment, or manage one from its personal link.
 * @tagname video-appointment
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 * @attr procedure - The id of the procedure to preselect when booking.
 * @attr token - The personal link's token: shows that appointment. Defaults to `token` in the page's address, which the element takes out of the address bar and keeps for the tab (a reload still works).
 * @attr call - The appointment's id, which names its video call, when the server's answer does not carry it. Defaults to `call` in the page's address.
 * @attr invite - An invitation's token for an interpreter or supervisor: with `call`, the element joins that call as a guest. Defaults to `invite` in the page's address, taken out of the address bar and kept for the tab.
 *
 * @fires fin-submit - The council booked the appointment: `{kind: "appointment", result: {reference, state, procedure, slot, token, appointmentUrl, calendarUrl}}`.
 * @fires fin-queued - There was no connection: the booking was saved on the device, `{kind: "appointment", idempotencyKey}`.
 * @fires fin-appointment-change - The citizen moved or cancelled the appointment: `{change: "rescheduled" | "cancelled", reference, appointment}`.
 * @fires fin-join - The citizen pressed "Join the video call" and was checked in: `{reference}`. The call opens next.
 * @fires fin-call-end - The video call is over for the citizen: `{reason}`.
 * @fires fin-error - Loading or sending failed: `{code, message, recoverable}`.
 *
 * @slot documents - Where the documents to prepare go in appointment mode; by default `<doc-upload>` for this appointment: what is expected, what arrived, and sending files.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading; it receives focus when the whole view changes.
 * @csspart intro - The introduction under the heading.
 * @csspart status - The polite live region (loading, sending, the join window opening).
 * @csspart error - A message shown when the service cannot be reached or an action failed.
 * @csspart retry-button - The button that tries loading again.
 * @csspart progress - "Step 1 of 3".
 * @csspart step-heading - A step's heading; it receives focus when the step changes.
 * @csspart subheading - A heading inside the element (documents, slot taken, confirmation sections).
 * @csspart error-summary - The list of problems shown after a failed step; it takes focus.
 * @csspart error-summary-title - Its title.
 * @csspart error-summary-list - The list of problems.
 * @csspart form-error - A problem with the booking as a whole.
 * @csspart error-link - A link in it that moves focus to the field concerned.
 * @csspart form - The booking form (one step at a time).
 * @csspart field - A label or legend, its hint, its error and its control (the consent's also has the part `consent`).
 * @csspart fieldset - A group of radio buttons (procedures, days, times).
 * @csspart procedures - The procedure picker's group (also has the part `fieldset`).
 * @csspart days - The day picker's group (also has the part `fieldset`).
 * @csspart day-list - Its choices (also has the part `choices`).
 * @csspart times - The time picker's group for the chosen day (also has the part `fieldset`).
 * @csspart time-list - Its choices (also has the part `choices`).
 * @csspart legend - A group's legend.
 * @csspart label - A field's label.
 * @csspart hint - A field's hint.
 * @csspart field-error - A field's error message.
 * @csspart input - A text input.
 * @csspart phone-normalised - The phone number as the council will read it.
 * @csspart choices - A list of radio buttons.
 * @csspart choice - One radio button with its label; the chosen one also has the part `checked`.
 * @csspart radio - A radio button.
 * @csspart choice-label - A radio button's text.
 * @csspart procedure-name - A procedure's name in the picker.
 * @csspart duration - A procedure's duration.
 * @csspart day-name - A day's date in the day picker.
 * @csspart day-count - How many free times the day has.
 * @csspart zone-note - Which clock the times are on.
 * @csspart chosen - The procedure (and time) chosen in the earlier steps.
 * @csspart documents - The documents to prepare: a heading and a list.
 * @csspart documents-section - In appointment mode, the section around the `documents` slot.
 * @csspart doc-upload - In it, by default, the `<doc-upload>` element (its own parts are inside it).
 * @csspart document-list - The list of documents.
 * @csspart document - One document.
 * @csspart checkbox - The consent checkbox.
 * @csspart checkbox-label - Its label; also has the part `label`.
 * @csspart consent-text - Its text.
 * @csspart privacy-link - The link to the council's privacy notice.
 * @csspart actions - A row of buttons.
 * @csspart back-button - Goes back a step (or out of a change) keeping what was entered.
 * @csspart next-button - Goes on to the next step.
 * @csspart submit-button - Books the appointment, or confirms a change.
 * @csspart no-slots - Shown when there are no free times in the coming days.
 * @csspart no-slots-hint - What to do then.
 * @csspart slot-taken - Shown when the chosen time was taken meanwhile, with the next free times.
 * @csspart slot-taken-text - What happened and what to do.
 * @csspart resubmit-button - Books (or moves to) the time chosen among them.
 * @csspart confirmation - The confirmation shown once the appointment is booked.
 * @csspart reference - The appointment's public reference.
 * @csspart when - The appointment's date and time, with the time zone named.
 * @csspart calendar - The paragraph with the calendar link.
 * @csspart view - The paragraph with the personal link.
 * @csspart calendar-link - Downloads the appointment as an .ics file.
 * @csspart confirm-email - Where the council asks for it: confirm from the emailed link in time, or the place is freed.
 * @csspart emailed - "We have sent you an email with your personal link".
 * @csspart view-link - The personal link to see and change the appointment.
 * @csspart queued - The message shown while the booking waits on the device for a connection.
 * @csspart queued-text - Its explanation.
 * @csspart appointment - The appointment shown from the personal link.
 * @csspart details - Its details.
 * @csspart detail - One detail: a term and its value.
 * @csspart term - A detail's name.
 * @csspart value - A detail's value.
 * @csspart badge - The appointment's state, in words; also has the part `state-<state>`.
 * @csspart countdown - The time left before the call opens.
 * @csspart join-hint - When joining becomes possible.
 * @csspart join-button - "Join the video call".
 * @csspart call - The call (`<fin-call-session>`): "Loading the video call…", the device check, then the call; their own parts are inside it.
 * @csspart change-buttons - The reschedule and cancel buttons.
 * @csspart reschedule-button - Opens the choice of a new time.
 * @csspart cancel-button - Opens the cancellation's confirmation.
 * @csspart reschedule - The choice of a new time.
 * @csspart cancel - The cancellation's confirmation.
 * @csspart cancel-text - What cancelling means.
 * @csspart success - What the last change did.
 * @csspart closed-text - What a cancelled, completed or missed appointment means.
 * @csspart receipt - Once a completed appointment's receipt is made, the receipt to download (`<fin-citizen-receipt>`; its own parts are inside it); beside the call, it is inside the procedure's panel.
 * @csspart survey - The satisfaction survey (`<satisfaction-survey>`) shown once the appointment is completed.
 * @csspart invalid - The message for a link that does not work.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Hints and secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Panels.
 * @cssprop --fin-color-border - Borders and field outlines.
 * @cssprop --fin-color-error - Error messages and invalid fields.
 * @cssprop --fin-color-success - The confirmation's accent.
 * @cssprop --fin-color-primary - Buttons, links and the chosen options.
 * @cssprop --fin-color-primary-contrast - Button text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class VideoAppointment extends FinElement {
  static override styles = [baseStyles, formStyles, styles];

  /** The id of the procedure to preselect when booking; an unknown id leaves the choice to the citizen. */
  @property() procedure?: string;

  /** The personal link's token; without it, the element reads `token` from the page's address, and books when there is none. */
  @property() token?: string;

  /** The appointment's id for its video call; without it, `call` in the page's address. */
  @property() call?: string;

  /** A guest's invitation token (interpreter, supervisor); without it, `invite` in the page's address. */
  @property() invite?: string;
  /** The token in effect: the attribute, else the link's `token`, taken out of the page's address and kept for the tab. */
  private get effectiveToken(): string | undefined {
    return this.token || addressToken('token', { purpose: 'appointment', council: this.councilId });
  }

  /** A guest's invitation, with the call it is for. */
  private get guest(): { invite: string; call: string } | undefined {
    const invite = this.invite || addressToken('invite', { purpose: 'call', council: this.councilId });
    const call = this.call || new URLSearchParams(location.search).get('call');
    return !this.effectiveToken && invite && call ? { invite, call } : undefined;
  }


  // ---- Rendering ----

  /** The personal link's view, a guest's call, or booking. */
  protected renderContent() {
    const token = this.effectiveToken;
    if (token) {
      this.loadView('fin-appointment-view');
      return html`<fin-appointment-view
        exportparts=${APPOINTMENT_VIEW_PARTS}
        .api=${this.apiBase}
        .council=${this.councilId}
        lang=${this.i18n.lang}
        .strings=${this.strings}
        token=${token}
        >${this.forwardedDocuments()}</fin-appointment-view
      >`;
    }
    const guest = this.guest;
    if (guest) {
      this.loadView('fin-call-guest');
      return html`<fin-call-guest
        exportparts=${CALL_GUEST_PARTS}
        .api=${this.apiBase}
        .council=${this.councilId}
        lang=${this.i18n.lang}
        .strings=${this.strings}
        invite=${guest.invite}
        call=${guest.call}
      ></fin-call-guest>`;
    }
    return html`<fin-video-booking
      exportparts=${BOOKING_PARTS}
      api=${this.apiBase}
      council=${this.councilId ?? nothing}
      lang=${this.i18n.lang}
      procedure=${this.procedure ?? nothing}
      .strings=${this.strings}
    ></fin-video-booking>`;
  }

  /** Fetches and defines a view the first time it is shown; it renders where it stands once defined. */
  private loadView(tag: keyof typeof LAZY_VIEWS) {
    if (!customElements.get(tag)) this.guard(LAZY_VIEWS[tag]());
  }

  /** The page's own `documents` content, passed on; without it the view shows its `<doc-upload>` (a slot passed on always counts as filled). */
  private forwardedDocuments() {
    return this.querySelector(':scope > [slot="documents"]') ? html`<slot name="documents" slot="documents"></slot>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-appointment': VideoAppointment;
  }
}
