import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { DeskSubscription, type DeskEventStream } from './desk-events.js';
import { styles } from './flood-alert.styles.js';
import './translations/index.js';

/** A booking the server found suspicious, as `/api/desk/floods` lists it. */
export interface SuspiciousBooking {
  id: string;
  kind: 'callback' | 'appointment';
  reference: string;
  state: string;
  name: string;
  createdAt: string;
  slot: { start: string; end: string };
}

export interface FloodReport {
  flooding: boolean;
  council: { lastHour: number; threshold: number };
  groups: Array<{ origin: string; count: number; first: string; last: string; bookings: SuspiciousBooking[] }>;
}

export interface BulkCancelled {
  cancelled: Array<{ id: string; reference: string }>;
  skipped: Array<{ id: string; code: string }>;
}

/** The states a flood's bookings can still be cancelled from; the others are listed but not offered. */
const CANCELLABLE = new Set(['requested', 'assigned', 'retry', 'booked']);

/**
 * The desk's alert when bookings flood the council (one address, or the council as a whole, far
 * above normal): the suspicious bookings grouped by address, all the cancellable ones chosen,
 * and one button that cancels the chosen ones after a confirmation step. Renders nothing at a
 * normal rate. It reloads with every booking the desk's event stream announces.
 *
 * @summary The desk's flood alert and bulk cancel.
 * @tagname fin-flood-alert
 *
 * @fires fin-error - Loading the report or cancelling failed: `{code, message, recoverable}`.
 *
 * @csspart base - The alert's box.
 * @csspart heading - Its heading.
 * @csspart alert - The sentence that says a flood is detected (`role="alert"`).
 * @csspart group - The bookings of one address.
 * @csspart group-legend - The address (a shortened hash) and how many it booked, when.
 * @csspart booking - One booking with its checkbox.
 * @csspart checkbox - A booking's checkbox.
 * @csspart cancel-button - Cancels the chosen bookings (after a confirmation step).
 * @csspart confirm - The confirmation step.
 * @csspart confirm-button - Confirms the cancellation.
 * @csspart keep-button - Goes back without cancelling.
 * @csspart announcer - The polite live region that says what was cancelled.
 * @csspart error - What failed.
 */
export class FinFloodAlert extends FinElement {
  static override styles = [baseStyles, styles];

  /** The council comes from the agent's session. */
  protected static override requiresCouncil = false;

  /** The desk's live event stream; the report reloads on its `callback` and `appointment` events. */
  @property({ attribute: false }) events?: DeskEventStream;

  /** Bookings the agent unchose; every other cancellable one is chosen. */
  @state() private unchosen = new Set<string>();
  @state() private confirming = false;
  @state() private busy = false;
  @state() private announcement = '';
  @state() private error = '';

  private readonly report = new FetchTask(this, {
    args: () => [this.apiBase] as const,
    task: ([api], signal) => new ApiClient(api, undefined, { credentials: 'include' }).get<FloodReport>('/api/desk/floods', { signal }),
    onError: (error) => this.reportError(error),
  });

  private readonly refresh = () => this.guard(this.report.retry());
  private readonly callbacks = new DeskSubscription(this, { type: 'callback', onEvent: () => this.callbacks.refreshSoon(), refresh: this.refresh });
  private readonly appointments = new DeskSubscription(this, { type: 'appointment', onEvent: () => this.appointments.refreshSoon(), refresh: this.refresh });

  private chosen(report: FloodReport): SuspiciousBooking[] {
    return report.groups.flatMap((group) => group.bookings).filter((booking) => CANCELLABLE.has(booking.state) && !this.unchosen.has(booking.id));
  }

  private toggle(id: string, checked: boolean) {
    const unchosen = new Set(this.unchosen);
    if (checked) unchosen.delete(id);
    else unchosen.add(id);
    this.unchosen = unchosen;
  }

  private async cancel(ids: string[]) {
    this.busy = true;
    this.error = '';
    try {
      const result = await new ApiClient(this.apiBase, undefined, { credentials: 'include' }).post<BulkCancelled>('/api/desk/floods/cancel', { ids });
      this.announcement = this.i18n.t(result.skipped.length ? 'deskFloodCancelledSome' : 'deskFloodCancelled', {
        count: result.cancelled.length,
        skipped: result.skipped.length,
      });
      this.confirming = false;
      this.unchosen = new Set();
      await this.report.retry();
    } catch (error) {
      this.reportError(error);
      this.error = this.i18n.t('deskFloodCancelError');
    } finally {
      this.busy = false;
    }
  }

  private when(iso: string): string {
    return this.i18n.format({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  }

  protected renderContent() {
    const report = this.report.value;
    const announcer = html`<p part="announcer" class="visually-hidden" role="status">${this.announcement}</p>`;
    if (!report?.flooding) return announcer;
    const chosen = this.chosen(report);
    const { lastHour, threshold } = report.council;
    return html`<section part="base" aria-labelledby="flood-heading">
      <h2 part="heading" id="flood-heading">${this.i18n.t('deskFloodTitle')}</h2>
      <p part="alert" role="alert">${this.i18n.t(lastHour >= threshold ? 'deskFloodCouncil' : 'deskFloodAddress', { count: lastHour, threshold })}</p>
      ${report.groups.map(
        (group) => html`<fieldset part="group">
          <legend part="group-legend">
            ${this.i18n.t('deskFloodGroup', { origin: group.origin, count: group.count, first: this.when(group.first), last: this.when(group.last) })}
          </legend>
          <ul>
            ${group.bookings.map((booking) => {
              const cancellable = CANCELLABLE.has(booking.state);
              return html`<li part="booking">
                <label>
                  <input
                    part="checkbox"
                    type="checkbox"
                    .checked=${cancellable && !this.unchosen.has(booking.id)}
                    ?disabled=${!cancellable}
                    @change=${(event: Event) => this.toggle(booking.id, (event.target as HTMLInputElement).checked)}
                  />
                  ${this.i18n.t(booking.kind === 'callback' ? 'deskFloodCallback' : 'deskFloodAppointment', {
                    reference: booking.reference,
                    name: booking.name,
                    when: this.when(booking.createdAt),
                  })}
                  ${cancellable ? nothing : html`(${this.i18n.t('deskFloodClosed')})`}
                </label>
              </li>`;
            })}
          </ul>
        </fieldset>`,
      )}
      ${this.confirming
        ? html`<div part="confirm" role="group" aria-labelledby="flood-confirm">
            <p id="flood-confirm">${this.i18n.t('deskFloodConfirm', { count: chosen.length })}</p>
            <button part="confirm-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => !this.busy && this.guard(this.cancel(chosen.map((booking) => booking.id)))}>
              ${this.i18n.t('deskFloodConfirmButton', { count: chosen.length })}
            </button>
            <button part="keep-button" type="button" @click=${() => (this.confirming = false)}>${this.i18n.t('deskFloodKeep')}</button>
          </div>`
        : html`<button part="cancel-button" type="button" ?disabled=${chosen.length === 0} @click=${() => (this.confirming = true)}>
            ${this.i18n.t('deskFloodCancel', { count: chosen.length })}
          </button>`}
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
    </section>
    ${announcer}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-flood-alert': FinFloodAlert;
  }
}
