import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { ApiClient } from '../shared/api.js';
import { FinElement } from '../shared/base-element.js';
import type { FinError } from '../shared/errors.js';
import type { MessageKey } from '../shared/i18n.js';
import { FetchTask } from '../shared/task.js';
import { baseStyles } from '../shared/theme.js';
import { styles } from './activity-panel.styles.js';
import { renderBarChart, type Bar } from './chart.js';
import { FinMonthChangeEvent } from './events.js';
import { formatFigure, waitScale, waitUnit, type Kind } from './format.js';
import { OverflowController } from './overflow.js';
import type { IndicatorChannel, IndicatorField, IndicatorIndex, IndicatorRow, IndicatorSeries, MonthIndicators } from './types.js';
import './translations/index.js';

/** How many months the charts cover, ending with the month shown. */
const SERIES_MONTHS = 12;

interface MonthData {
  month: MonthIndicators;
  series: IndicatorSeries;
}

interface Indicator {
  field: IndicatorField;
  label: MessageKey;
  kind: Kind;
}

/** The headline figures and the charts, in reading order. */
const INDICATORS: Indicator[] = [
  { field: 'requests', label: 'activityRequests', kind: 'count' },
  { field: 'completed', label: 'activityCompleted', kind: 'count' },
  { field: 'noShows', label: 'activityNoShows', kind: 'count' },
  { field: 'ratingAverage', label: 'activityRating', kind: 'rating' },
  { field: 'repeatPercent', label: 'activityRepeat', kind: 'percent' },
  { field: 'waitMedianMinutes', label: 'activityWaitMedian', kind: 'minutes' },
];

/** The columns of the per-channel table; the per-procedure table uses those a procedure has. */
const COLUMNS: Indicator[] = [
  { field: 'requests', label: 'activityRequests', kind: 'count' },
  { field: 'completed', label: 'activityCompleted', kind: 'count' },
  { field: 'noShows', label: 'activityNoShows', kind: 'count' },
  { field: 'cancellations', label: 'activityCancellations', kind: 'count' },
  { field: 'waitMedianMinutes', label: 'activityWaitMedian', kind: 'minutes' },
  { field: 'waitP90Minutes', label: 'activityWaitP90', kind: 'minutes' },
  { field: 'firstContactResolvedPercent', label: 'activityFirstContact', kind: 'percent' },
  { field: 'ratingAverage', label: 'activityRating', kind: 'rating' },
  { field: 'ratingCount', label: 'activityAnswers', kind: 'count' },
  { field: 'repeatPercent', label: 'activityRepeat', kind: 'percent' },
];

const PROCEDURE_FIELDS: IndicatorField[] = ['requests', 'completed', 'noShows', 'cancellations', 'ratingAverage', 'ratingCount', 'repeatPercent'];

const CHANNEL_LABELS: Record<IndicatorChannel, MessageKey> = {
  all: 'activityChannelAll',
  callback: 'activityChannelCallback',
  video: 'activityChannelVideo',
};

/** `YYYY-MM` as the first instant of that month in UTC, for formatting with Intl. */
function monthDate(month: string): Date {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year, monthNumber - 1, 1));
}

/**
 * The council's monthly activity for its transparency portal: the headline figures of a month
 * (requests, completed, no-shows, average rating, would use it again, callback waiting time), a
 * chart per indicator over the last twelve months with its data table, the figures by channel
 * and by procedure, and the month's open data to download (JSON, CSV). Figures resting on fewer
 * than ten answers or cases are not published by the server; the panel shows "—" and says why.
 * It opens on the last month that has ended; the month under way can be picked, marked provisional.
 * Waits read in minutes, hours or days, whichever suits them; the data keep minutes.
 *
 * @summary The monthly activity figures of a council's remote citizen service.
 * @tagname activity-panel
 *
 * @attr api - Base URL of the Finestreta server; defaults to the enclosing `<finestreta-config>`, then this page's origin.
 * @attr council - The council's identifier; defaults to the enclosing `<finestreta-config>`.
 * @attr lang - `ca`, `es` or `en`; defaults to the configuration, the nearest `[lang]`, the page, the browser.
 * @attr month - The month to show first, `YYYY-MM`; defaults to the latest complete month with activity.
 * @attr heading-level - Level (1–6) of the element's heading, to fit the page's outline. Default 2.
 * @attr strings - JSON object of texts to use instead of the built-in ones.
 *
 * @fires fin-month-change - The reader chose another month: `{month}`.
 * @fires fin-error - The figures could not be loaded, or the configuration is incomplete: `{code, message, recoverable}`.
 *
 * @csspart base - The outer box.
 * @csspart heading - The main heading.
 * @csspart subheading - A section's heading.
 * @csspart intro - What the figures are, from the open data's description.
 * @csspart status - The polite live region (loading).
 * @csspart error - The message shown when the figures cannot be loaded.
 * @csspart retry-button - The button that tries loading again.
 * @csspart empty - Shown when the council has published no activity yet.
 * @csspart month-picker - The month selector with its label.
 * @csspart label - The month selector's label.
 * @csspart select - The month selector.
 * @csspart provisional - The note that the month shown has not ended, so its figures will change.
 * @csspart figures - The headline figures of the month.
 * @csspart figure - One headline figure with its name.
 * @csspart figure-name - Its name.
 * @csspart figure-value - Its value.
 * @csspart interval - A rating's 95% confidence interval.
 * @csspart figure-detail - What qualifies it (how many answers a rating rests on).
 * @csspart suppression-note - What "—" means.
 * @csspart charts - The charts over the last twelve months.
 * @csspart chart - One chart with its title and data table.
 * @csspart chart-title - A chart's title.
 * @csspart chart-svg - The chart itself.
 * @csspart bar - A month's bar; the month shown also has the part `current`.
 * @csspart bar-label - A bar's month; the month shown also has the part `current`.
 * @csspart axis - An axis line.
 * @csspart axis-label - An axis value.
 * @csspart missing - The mark where a month has no published value.
 * @csspart data - The disclosure holding a chart's data table.
 * @csspart data-toggle - Its summary, which shows and hides the table.
 * @csspart table-region - A scrollable box around a wide table; it takes focus so keyboards can scroll it, and shades the edge it can scroll towards.
 * @csspart scroll-hint - The note, shown while a table is wider than its box, that it scrolls sideways.
 * @csspart table - A data table.
 * @csspart caption - A table's caption; a wide table's stands above its scroll box, so that it never scrolls out of sight.
 * @csspart column-header - A table's column heading.
 * @csspart row-header - A table's row heading.
 * @csspart cell - A table's value cell.
 * @csspart exact - A long wait's exact minutes, in a chart's data table.
 * @csspart downloads - The download links.
 * @csspart download-link - A link to the month's data in one format.
 * @csspart licence - The publisher and licence of the data.
 * @csspart licence-link - The link to the licence.
 * @csspart section - A section of the panel (the month's figures, by channel, by procedure, open data).
 * @csspart row - A table row.
 * @csspart download - One item of the download list.
 *
 * @cssprop --fin-color-text - Body text and the bar of the month shown.
 * @cssprop --fin-color-text-muted - Secondary text and axis labels.
 * @cssprop --fin-color-background - Background.
 * @cssprop --fin-color-surface - Panels and table headers.
 * @cssprop --fin-color-border - Borders, table rules and axes.
 * @cssprop --fin-color-error - Error messages.
 * @cssprop --fin-color-primary - Bars and links.
 * @cssprop --fin-color-focus - Keyboard focus outline.
 * @cssprop --fin-font-family - Font.
 * @cssprop --fin-font-size - Base text size.
 * @cssprop --fin-radius - Corner radius.
 * @cssprop --fin-spacing - Base spacing.
 */
export class ActivityPanel extends FinElement {
  static override styles = [baseStyles, styles];

  /** The month to show first (`YYYY-MM`); the latest complete month with activity when unset or without activity. */
  @property() month?: string;

  /** Level (1–6) of the element's heading; its sections are one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** The month the reader picked; it wins over the attribute until the attribute changes. */
  @state() private picked?: string;

  private readonly overflow = new OverflowController(this, '[part~="table-region"]');

  private readonly index = new FetchTask(this, {
    args: () => (this.councilId ? ([this.apiBase, this.councilId] as const) : undefined),
    task: ([api, council], signal) => {
      const client = new ApiClient(api, council);
      return client.get<IndicatorIndex>(client.councilPath('/indicators'), { signal });
    },
    onError: (error) => this.reportError(error),
  });

  private readonly data = new FetchTask(this, {
    args: () => {
      const month = this.shownMonth;
      return this.councilId && month ? ([this.apiBase, this.councilId, month, this.i18n.lang] as const) : undefined;
    },
    task: async ([api, council, month, lang], signal): Promise<MonthData> => {
      const client = new ApiClient(api, council);
      const [figures, series] = await Promise.all([
        client.get<MonthIndicators>(client.councilPath(`/indicators/${month}.json`), { query: { lang }, signal }),
        client.get<IndicatorSeries>(client.councilPath('/indicators/series'), { query: { to: month, months: String(SERIES_MONTHS), lang }, signal }),
      ]);
      return { month: figures, series };
    },
    onError: (error) => this.reportError(error),
  });

  /**
   * The month on screen: the reader's pick, else the attribute's when it has activity, else the
   * latest that has ended (a month a few days old would be read as a collapse), else the current.
   */
  private get shownMonth(): string | undefined {
    const index = this.index.value;
    if (!index) return undefined;
    const wanted = this.picked ?? this.month;
    return wanted && index.months.includes(wanted) ? wanted : (index.latestComplete ?? index.latest ?? undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (changed.has('month')) this.picked = undefined;
  }

  private pick(month: string) {
    this.picked = month;
    this.emit(new FinMonthChangeEvent(month));
  }

  // Formatting, in the element's language.

  /** "novembre del 2026"; `alone` when it stands on its own (a list, a row heading), where it starts with a capital. */
  private monthName(month: string, alone = false): string {
    const name = this.i18n.format({ month: 'long', year: 'numeric', timeZone: 'UTC' }).format(monthDate(month));
    // Catalan and Spanish write month names in lower case, also in the middle of a sentence.
    return alone ? name.charAt(0).toLocaleUpperCase(this.i18n.locale) + name.slice(1) : name;
  }

  /** A month standing alone, said to be provisional when it has not ended. */
  private monthLabel(month: string, provisional: boolean): string {
    const name = this.monthName(month, true);
    return provisional ? this.i18n.t('activityMonthProvisional', { month: name }) : name;
  }

  private shortMonth(month: string): string {
    return this.i18n.format({ month: 'short', timeZone: 'UTC' }).format(monthDate(month));
  }

  private get ratingMax(): number {
    return this.data.value?.month.metadata.ratingScale === 'nps10' ? 10 : 5;
  }

  private number(value: number, kind: Kind): string {
    return formatFigure(this.i18n.locale, value, kind);
  }

  /** A value as text: "—" when not published, "no data" when there is none to publish. */
  private valueText(row: IndicatorRow, field: IndicatorField, kind: Kind): string {
    const value = row[field];
    if (value !== null) return kind === 'rating' ? this.i18n.t('activityRatingValue', { value: this.number(value, kind), max: String(this.ratingMax) }) : this.number(value, kind);
    return row.suppressed.includes(field) ? '—' : this.i18n.t('activityNoData');
  }

  /**
   * A value for a table cell or a headline figure; a suppressed one carries its reason for screen
   * readers, and a long wait its exact minutes when `exact` (a chart's data table).
   */
  private renderValue(row: IndicatorRow, field: IndicatorField, kind: Kind, exact = false): TemplateResult {
    const text = this.valueText(row, field, kind);
    const value = row[field];
    if (value === null && row.suppressed.includes(field)) {
      return html`<span aria-hidden="true">—</span><span class="visually-hidden">${this.i18n.t('activitySuppressedShort')}</span>`;
    }
    if (exact && kind === 'minutes' && value !== null && waitUnit(value) !== 'minute') {
      return html`${text} <span part="exact">(${formatFigure(this.i18n.locale, value, kind, 'minute')})</span>`;
    }
    if (kind === 'rating' && row.ratingCiLow !== null && row.ratingCiHigh !== null && field === 'ratingAverage') {
      return html`${text}
        <span part="interval">${this.i18n.t('activityInterval', { low: this.number(row.ratingCiLow, 'rating'), high: this.number(row.ratingCiHigh, 'rating') })}</span>`;
    }
    return html`${text}`;
  }

  private heading(offset: number, part: string, id: string, text: string): TemplateResult {
    const level = Math.min(6, Math.max(1, (Math.trunc(this.headingLevel) || 2) + offset));
    const tag = unsafeStatic(`h${level}`);
    return staticHtml`<${tag} part=${part} id=${id}>${text}</${tag}>`;
  }

  protected renderContent() {
    const index = this.index;
    const data = this.data;
    const loading = index.status === 'pending' || index.status === 'initial' || data.status === 'pending';
    const failed = index.status === 'error' ? index : data.status === 'error' ? data : undefined;
    // While another month loads, the one on screen stays (marked busy) rather than blinking out.
    const value = data.status === 'error' ? undefined : data.value;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading ? 'true' : 'false'}>
      ${this.heading(0, 'heading', 'heading', this.i18n.t('activityTitle'))}
      ${index.value && !index.value.latest ? html`<p part="empty">${this.i18n.t('activityEmpty')}</p>` : nothing}
      ${index.value?.latest ? this.renderPicker(index.value) : nothing}
      ${failed ? this.renderUnavailable(failed.error, () => failed.retry()) : nothing} ${value ? this.renderMonth(value) : nothing}
      <p part="status" role="status">${loading ? this.i18n.t(index.value ? 'activityLoadingMonth' : 'activityLoading', this.loadingParams()) : nothing}</p>
    </section>`;
  }

  private loadingParams(): Record<string, string> {
    const month = this.shownMonth;
    return month ? { month: this.monthName(month) } : {};
  }

  private renderUnavailable(error: FinError | undefined, retry: () => Promise<void>) {
    return html`<p part="error" role="alert">${this.i18n.t('activityUnavailable')}</p>
      ${error?.recoverable ? html`<button part="retry-button" type="button" @click=${() => this.guard(retry())}>${this.i18n.t('retry')}</button>` : nothing}`;
  }

  private renderPicker(index: IndicatorIndex) {
    const shown = this.shownMonth;
    return html`<div part="month-picker">
      <label part="label" for="month">${this.i18n.t('activityMonth')}</label>
      <select part="select" id="month" @change=${(event: Event) => this.pick((event.target as HTMLSelectElement).value)}>
        ${[...index.months].reverse().map((month) => html`<option value=${month} ?selected=${month === shown}>${this.monthLabel(month, month === index.current)}</option>`)}
      </select>
    </div>`;
  }

  private renderMonth({ month, series }: MonthData) {
    const all = month.rows.find((row) => row.channel === 'all' && row.procedure === null);
    const name = this.monthName(month.month);
    return html`${month.metadata.description ? html`<p part="intro">${month.metadata.description}</p>` : nothing}
      <section part="section" aria-labelledby="figures-heading">
        ${this.heading(1, 'subheading', 'figures-heading', this.i18n.t(month.provisional ? 'activityFiguresOfProvisional' : 'activityFiguresOf', { month: name }))}
        ${month.provisional ? html`<p part="provisional">${this.i18n.t('activityProvisionalNote')}</p>` : nothing}
        ${all ? this.renderFigures(all) : html`<p part="empty">${this.i18n.t('activityNoFigures')}</p>`}
        <p part="suppression-note">${this.i18n.t('activitySuppressionNote', { count: month.metadata.suppressionThreshold })}</p>
      </section>
      ${this.renderCharts(series, month.month)} ${this.renderChannels(month)} ${this.renderProcedures(month)} ${this.renderDownloads(month)}`;
  }

  private renderFigures(row: IndicatorRow) {
    return html`<dl part="figures">
      ${INDICATORS.map(
        ({ field, label, kind }) =>
          html`<div part="figure">
            <dt part="figure-name">${this.i18n.t(label)}</dt>
            <dd part="figure-value">${this.renderValue(row, field, kind)}</dd>
            ${field === 'ratingAverage' ? html`<dd part="figure-detail">${this.i18n.t('activityRatingCount', { count: row.ratingCount })}</dd>` : nothing}
          </div>`,
      )}
    </dl>`;
  }

  private renderCharts(series: IndicatorSeries, current: string) {
    const months = series.months;
    if (!months.length) return nothing;
    const first = this.monthName(months[0].month);
    const last = this.monthName(months.at(-1)!.month);
    return html`<section part="charts" aria-labelledby="charts-heading">
      ${this.heading(1, 'subheading', 'charts-heading', this.i18n.t('activityChartsTitle', { count: months.length }))}
      ${INDICATORS.map((indicator) => {
        const rows = months.map(({ month, provisional, rows }) => ({ month, provisional, row: rows.find((row) => row.channel === 'all' && row.procedure === null) }));
        const bars: Bar[] = rows.map(({ month, row }) => ({ label: this.shortMonth(month), value: row ? row[indicator.field] : null, current: month === current }));
        const id = `chart-${indicator.field}`;
        const title = this.i18n.t('activityChartTitle', { indicator: this.i18n.t(indicator.label), first, last });
        const scale = this.scale(indicator.kind, bars);
        return html`<figure part="chart">
          <figcaption part="chart-title" id="${id}-caption">${this.i18n.t(indicator.label)}</figcaption>
          ${renderBarChart({
            id,
            title,
            description: this.describe(bars, months.map((m) => m.month), indicator.kind),
            bars,
            ...scale,
          })}
          <details part="data">
            <summary part="data-toggle">${this.i18n.t('activityShowTable')}</summary>
            <table part="table">
              <caption part="caption">${title}</caption>
              <thead>
                <tr part="row">
                  <th part="column-header" scope="col">${this.i18n.t('activityMonth')}</th>
                  <th part="column-header" scope="col">${this.i18n.t(indicator.label)}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  ({ month, provisional, row }) =>
                    html`<tr part="row" aria-current=${month === current ? 'true' : nothing}>
                      <th part="row-header" scope="row">${this.monthLabel(month, provisional)}</th>
                      <td part="cell">${row ? this.renderValue(row, indicator.field, indicator.kind, true) : this.i18n.t('activityNoData')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </details>
        </figure>`;
      })}
    </section>`;
  }

  /** A chart's top and axis labels: 100 % for shares, the scale's top for ratings, a round number of one unit for waits. */
  private scale(kind: Kind, bars: Bar[]): { max?: number; format: (value: number) => string } {
    if (kind === 'percent') return { max: 100, format: (value) => this.number(value, kind) };
    if (kind === 'rating') return { max: this.ratingMax, format: (value) => this.number(value, kind) };
    if (kind === 'count') return { format: (value) => this.number(value, kind) };
    const { unit, max } = waitScale(Math.max(0, ...bars.map((bar) => bar.value ?? 0)));
    return { max, format: (value) => formatFigure(this.i18n.locale, value, kind, unit) };
  }

  /** The chart in words: its highest and lowest published months and the month shown. */
  private describe(bars: Bar[], months: string[], kind: Kind): string {
    const published = bars.map((bar, i) => ({ value: bar.value, month: months[i], current: bar.current })).filter((b): b is { value: number; month: string; current: boolean } => b.value !== null);
    if (!published.length) return this.i18n.t('activityChartNoData');
    const high = published.reduce((a, b) => (b.value > a.value ? b : a));
    const low = published.reduce((a, b) => (b.value < a.value ? b : a));
    const current = bars.find((bar) => bar.current);
    const currentMonth = months[bars.findIndex((bar) => bar.current)];
    const format = (value: number) => (kind === 'rating' ? this.i18n.t('activityRatingValue', { value: this.number(value, kind), max: String(this.ratingMax) }) : this.number(value, kind));
    return this.i18n.t('activityChartDesc', {
      high: format(high.value),
      highMonth: this.monthName(high.month),
      low: format(low.value),
      lowMonth: this.monthName(low.month),
      month: currentMonth ? this.monthName(currentMonth) : '',
      value: current && current.value !== null ? format(current.value) : '—',
    });
  }

  private renderTable(id: string, caption: string, headerLabel: MessageKey, rows: { label: string; row: IndicatorRow }[], columns: Indicator[]) {
    // A wide table scrolls inside its own box on a phone; the box takes focus so a keyboard can scroll it.
    // Its caption names it from outside the box: a <caption> is as wide as the table, and was cut at the box's edge.
    const scrolls = this.overflow.overflows(`${id}-region`);
    return html`<p part="caption" id="${id}-caption">${caption}</p>
      ${scrolls ? html`<p part="scroll-hint" id="${id}-hint">${this.i18n.t('activityScrollHint')}</p>` : nothing}
      <div part="table-region" id="${id}-region" role="region" aria-labelledby="${id}-caption" aria-describedby=${scrolls ? `${id}-hint` : nothing} tabindex="0">
      <table part="table" aria-labelledby="${id}-caption">
        <thead>
          <tr part="row">
            <th part="column-header" scope="col">${this.i18n.t(headerLabel)}</th>
            ${columns.map(({ label }) => html`<th part="column-header" scope="col">${this.i18n.t(label)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ({ label, row }) =>
              html`<tr part="row">
                <th part="row-header" scope="row">${label}</th>
                ${columns.map(({ field, kind }) => html`<td part="cell">${this.renderValue(row, field, kind)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderChannels(month: MonthIndicators) {
    const rows = month.rows.filter((row) => row.procedure === null).map((row) => ({ label: this.i18n.t(CHANNEL_LABELS[row.channel]), row }));
    if (!rows.length) return nothing;
    return html`<section part="section" aria-labelledby="channels-heading">
      ${this.heading(1, 'subheading', 'channels-heading', this.i18n.t('activityByChannel'))}
      ${this.renderTable('channels', this.i18n.t('activityByChannelCaption', { month: this.monthName(month.month) }), 'activityChannel', rows, COLUMNS)}
    </section>`;
  }

  private renderProcedures(month: MonthIndicators) {
    const rows = month.rows.filter((row) => row.procedure !== null).map((row) => ({ label: row.procedureName ?? row.procedure ?? '', row }));
    if (!rows.length) return nothing;
    const columns = COLUMNS.filter((column) => PROCEDURE_FIELDS.includes(column.field));
    return html`<section part="section" aria-labelledby="procedures-heading">
      ${this.heading(1, 'subheading', 'procedures-heading', this.i18n.t('activityByProcedure'))}
      ${this.renderTable('procedures', this.i18n.t('activityByProcedureCaption', { month: this.monthName(month.month) }), 'activityProcedure', rows, columns)}
    </section>`;
  }

  private renderDownloads(month: MonthIndicators) {
    const { metadata } = month;
    const name = this.monthName(month.month);
    return html`<section part="section" aria-labelledby="downloads-heading">
      ${this.heading(1, 'subheading', 'downloads-heading', this.i18n.t('activityDownloads'))}
      <ul part="downloads">
        <li part="download"><a part="download-link" href=${metadata.urls.csv} download>${this.i18n.t('activityDownloadCsv', { month: name })}</a></li>
        <li part="download"><a part="download-link" href=${metadata.urls.json} download>${this.i18n.t('activityDownloadJson', { month: name })}</a></li>
        <li part="download"><a part="download-link" href=${metadata.urls.csvMetadata}>${this.i18n.t('activityDownloadMetadata')}</a></li>
      </ul>
      <p part="licence">
        ${this.i18n.t('activityPublisher', { publisher: metadata.publisher })}
        <a part="licence-link" href=${metadata.licenceUrl}>${metadata.licence.replace(/-/g, ' ')}</a>.
      </p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'activity-panel': ActivityPanel;
  }
}
