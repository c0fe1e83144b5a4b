import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import { FetchTask } from '../shared/task.js';
import { applyCouncilColor, baseStyles } from '../shared/theme.js';
import type { Council, Holiday, OpeningHours as Hours } from '../shared/types.js';
import { styles } from './office-hours.styles.js';
import { daysBetween, localDate, localWeekday, wallClock, weekdayDate } from '../shared/zoned.js';
import './translations/index.js';

const SHOWN_HOLIDAYS = 3;
/** Longest wait setTimeout handles reliably; the status is re-read at least daily anyway. */
const MAX_TIMER = 24 * 60 * 60 * 1000;

/**
 * The Citizen Service Office's opening hours: whether it is open now and until when (or when it
 * opens next), the weekly timetable and the next holiday closures, in the council's time zone.
 *
 * @summary Opening hours of a council's Citizen Service Office.
 * @tagname office-hours
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr heading-level - Level (1–6) of the element's heading, to fit the page's outline. Default 2.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 *
 * @fires fin-error - The hours could not be loaded or the configuration is incomplete: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The element's heading.
 * @csspart status - The live region with "open now" / "closed now".
 * @csspart status-label - "Open now" or "Closed now"; also has the part `open` or `closed`.
 * @csspart status-detail - "Closes at …" or "Opens … at …".
 * @csspart table - The weekly timetable.
 * @csspart caption - The timetable's caption.
 * @csspart row - A timetable row; today's also has the part `today`.
 * @csspart day - A weekday name cell.
 * @csspart hours - A cell with that day's hours.
 * @csspart holidays - The upcoming closures section.
 * @csspart holidays-heading - Its heading.
 * @csspart holiday-list - The list of closures.
 * @csspart holiday - One closure.
 * @csspart more-holidays - "and N more closures".
 * @csspart no-holidays - Shown when no closure is coming.
 * @csspart error - The message shown when the hours cannot be loaded.
 * @csspart retry-button - The button that tries loading again.
 *
 * @cssprop --fin-color-text - Body text.
 * @cssprop --fin-color-text-muted - Secondary text.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Table header background.
 * @cssprop --fin-color-border - Borders.
 * @cssprop --fin-color-success - "Open now".
 * @cssprop --fin-color-error - "Closed now" and the error message's border.
 * @cssprop --fin-color-primary - The retry button.
 * @cssprop --fin-color-primary-contrast - The retry button's text.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class OfficeHours extends FinElement {
  static override styles = [baseStyles, styles];

  /** Level (1–6) of the element's heading; its subheading is one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  private readonly hours = new FetchTask(this, {
    args: () => (this.councilId ? ([this.apiBase, this.councilId, this.i18n.lang] as const) : undefined),
    task: async ([api, council, lang], signal) => {
      const client = new ApiClient(api, council);
      const details = await client.get<Council>(client.councilPath(), { query: { lang }, signal });
      applyCouncilColor(this, details);
      return details;
    },
    onError: (error) => this.reportError(error),
  });

  private refreshTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.refreshTimer);
  }

  protected override updated() {
    // "Open now" turns false at closing time: ask again then, so a page left open stays right.
    clearTimeout(this.refreshTimer);
    const changesAt = this.hours.status === 'complete' ? this.hours.value?.status.changesAt : null;
    if (!changesAt) return;
    const wait = Math.min(MAX_TIMER, Math.max(0, Date.parse(changesAt) - Date.now()) + 1000);
    this.refreshTimer = setTimeout(() => void this.hours.retry(), wait);
  }

  private heading(level: number, part: string, text: string): TemplateResult {
    const tag = unsafeStatic(`h${Math.min(6, Math.max(1, Math.trunc(level) || 2))}`);
    return staticHtml`<${tag} part=${part} id=${part}>${text}</${tag}>`;
  }

  protected renderContent() {
    const { status, value, error } = this.hours;
    const busy = status === 'initial' || status === 'pending';
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'}>
        ${this.heading(this.headingLevel, 'heading', this.i18n.t('officeHoursTitle'))}
        <p part="status" role="status">${busy ? this.i18n.t('officeHoursLoading') : status === 'complete' && value ? this.renderStatus(value) : nothing}</p>
        ${status === 'complete' && value ? this.renderDetails(value) : nothing}
        ${status === 'error'
          ? html`<p part="error" role="alert">${this.i18n.t('officeHoursError')}</p>
              ${error?.recoverable
                ? html`<button part="retry-button" type="button" @click=${() => this.guard(this.hours.retry())}>${this.i18n.t('retry')}</button>`
                : nothing}`
          : nothing}
      </section>
    `;
  }

  private renderStatus(council: Council) {
    const { open, changesAt } = council.status;
    return html`<span part="status-label ${open ? 'open' : 'closed'}">${this.i18n.t(open ? 'officeHoursOpenNow' : 'officeHoursClosedNow')}</span>
      ${changesAt ? html`<span part="status-detail">${this.statusDetail(open, new Date(changesAt), council.timeZone)}</span>` : nothing}`;
  }

  private statusDetail(open: boolean, at: Date, timeZone: string): string {
    const time = this.i18n.time(at, timeZone);
    if (open) return this.i18n.t('officeHoursClosesAt', { time });
    const days = daysBetween(new Date(), at, timeZone);
    if (days <= 0) return this.i18n.t('officeHoursOpensToday', { time });
    if (days === 1) return this.i18n.t('officeHoursOpensTomorrow', { time });
    // Beyond a week a weekday alone is ambiguous (a long closure): add the date.
    const options: Intl.DateTimeFormatOptions = days < 7 ? { weekday: 'long', timeZone } : { weekday: 'long', day: 'numeric', month: 'long', timeZone };
    return this.i18n.t('officeHoursOpensOn', { weekday: this.i18n.format(options).format(at), time });
  }

  private renderDetails(council: Council) {
    return html`${this.renderTable(council)}${this.renderHolidays(council)}`;
  }

  private renderTable(council: Council) {
    const today = localWeekday(new Date(), council.timeZone);
    const dayName = this.i18n.format({ weekday: 'long', timeZone: 'UTC' });
    const clock = (time: string) => this.i18n.time(wallClock({ time }), 'UTC');
    const range = (h: Hours) => this.i18n.t('officeHoursRange', { opens: clock(h.opens), closes: clock(h.closes) });
    return html`
      <table part="table">
        <caption part="caption">${this.i18n.t('officeHoursWeekCaption')}</caption>
        <thead>
          <tr part="row">
            <th part="column-header" scope="col">${this.i18n.t('officeHoursDay')}</th>
            <th part="column-header" scope="col">${this.i18n.t('officeHoursHours')}</th>
          </tr>
        </thead>
        <tbody>
          ${[1, 2, 3, 4, 5, 6, 7].map((weekday) => {
            const spans = council.openingHours.filter((h) => h.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens));
            const isToday = weekday === today;
            return html`<tr part=${isToday ? 'row today' : 'row'} aria-current=${isToday ? 'date' : nothing}>
              <th part="day" scope="row">${dayName.format(weekdayDate(weekday))}</th>
              <td part="hours">${spans.length ? spans.map(range).join(', ') : this.i18n.t('officeHoursClosedDay')}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }

  private renderHolidays(council: Council) {
    const today = localDate(new Date(), council.timeZone);
    const upcoming = council.holidays.filter((h) => h.date >= today).sort((a, b) => a.date.localeCompare(b.date));
    const more = upcoming.length - SHOWN_HOLIDAYS;
    const dateFormat = this.i18n.format({ weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    const item = (h: Holiday) =>
      html`<li part="holiday"><time datetime=${h.date}>${dateFormat.format(wallClock({ date: h.date }))}</time>: ${h.name}</li>`;
    return html`
      <section part="holidays" aria-labelledby="holidays-heading">
        ${this.heading(this.headingLevel + 1, 'holidays-heading', this.i18n.t('officeHoursHolidaysTitle'))}
        ${upcoming.length
          ? html`<ul part="holiday-list">${upcoming.slice(0, SHOWN_HOLIDAYS).map(item)}</ul>`
          : html`<p part="no-holidays">${this.i18n.t('officeHoursNoHolidays')}</p>`}
        ${more > 0 ? html`<p part="more-holidays">${this.i18n.t('officeHoursMoreHolidays', { count: more })}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'office-hours': OfficeHours;
  }
}
