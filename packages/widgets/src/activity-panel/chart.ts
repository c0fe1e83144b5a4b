import { html, svg, type TemplateResult } from 'lit';

/** One bar: a month's value, `null` when it is not published or there is none. */
export interface Bar {
  /** Under the bar, e.g. "nov." */
  label: string;
  value: number | null;
  /** The month the panel shows, drawn apart. */
  current: boolean;
}

export interface BarChartOptions {
  /** Prefix of the ids inside the chart, unique in the element. */
  id: string;
  /** The chart's accessible name. */
  title: string;
  /** The chart's accessible description: what the bars show, in words. */
  description: string;
  bars: Bar[];
  /** The top of the scale; the data's maximum is rounded up to a round number when none is given. */
  max?: number;
  /** How an axis value reads, e.g. "50 %". */
  format: (value: number) => string;
}

const WIDTH = 360;
const HEIGHT = 150;
const LEFT = 44;
const RIGHT = 4;
const TOP = 10;
const BOTTOM = 22;

/** The smallest of 1, 2 or 5 × 10ⁿ at or above `value`, so the axis reads in round numbers. */
export function roundUp(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

/**
 * A bar chart drawn as SVG. It is one image to assistive technology (`role="img"`, named by its
 * title and described by its description), because the numbers it draws are given in full by
 * the data table beside it; the axis and month labels are decoration for sighted readers.
 * Parts: `chart-svg`, `bar` (+ `current`), `axis`, `axis-label`, `bar-label`, `missing`.
 */
export function renderBarChart(options: BarChartOptions): TemplateResult {
  const { id, bars } = options;
  const values = bars.map((bar) => bar.value).filter((value): value is number => value !== null);
  const max = options.max ?? roundUp(Math.max(0, ...values));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / Math.max(1, bars.length);
  const barWidth = step * 0.7;
  const base = TOP + plotHeight;
  const y = (value: number) => base - (Math.min(value, max) / max) * plotHeight;
  return html`<svg
    part="chart-svg"
    role="img"
    aria-labelledby="${id}-title ${id}-desc"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    preserveAspectRatio="xMinYMin meet"
  >
    <title id="${id}-title">${options.title}</title>
    <desc id="${id}-desc">${options.description}</desc>
    ${svg`<line part="axis" x1=${LEFT} y1=${TOP} x2=${WIDTH - RIGHT} y2=${TOP}></line>
      <line part="axis" x1=${LEFT} y1=${base} x2=${WIDTH - RIGHT} y2=${base}></line>
      <text part="axis-label" x=${LEFT - 4} y=${TOP + 4} text-anchor="end">${options.format(max)}</text>
      <text part="axis-label" x=${LEFT - 4} y=${base} text-anchor="end">${options.format(0)}</text>
      ${bars.map((bar, i) => {
        const x = LEFT + i * step + (step - barWidth) / 2;
        const middle = x + barWidth / 2;
        const label = svg`<text part=${bar.current ? 'bar-label current' : 'bar-label'} x=${middle} y=${HEIGHT - 6} text-anchor="middle">${bar.label}</text>`;
        if (bar.value === null) {
          return svg`<text part="missing" x=${middle} y=${base - 3} text-anchor="middle">—</text>${label}`;
        }
        const top = y(bar.value);
        return svg`<rect part=${bar.current ? 'bar current' : 'bar'} x=${x} y=${top} width=${barWidth} height=${Math.max(0, base - top)}></rect>${label}`;
      })}`}
  </svg>`;
}
