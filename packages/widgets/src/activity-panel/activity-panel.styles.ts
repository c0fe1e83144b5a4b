import { css } from 'lit';
import { cardStyles, token } from '../shared/theme.js';

/**
 * The panel: headline figures as a grid of cards, charts two to a row on a wide screen and one on
 * a phone, tables that scroll inside their own box rather than the page (WCAG 1.4.10: at 320 CSS
 * pixels only a table may scroll, and only inside itself). Bars and axes meet the
 * 3:1 contrast WCAG asks of graphics; the bar of the month shown differs in colour and in its
 * bold month label, so it is not told by colour alone.
 */
export const styles = css`
  ${cardStyles}

  [part~='heading'],
  [part~='subheading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }

  [part~='subheading'] {
    margin-block-start: calc(${token('spacing')} * 1.5);
    font-size: 1.25em;
  }

  [part~='intro'],
  [part~='suppression-note'],
  [part~='licence'],
  [part~='empty'] {
    margin: 0 0 ${token('spacing')};
    color: ${token('color-text-muted')};
  }

  [part~='status']:empty {
    display: none;
  }

  [part~='retry-button'] {
    min-height: 44px;
    margin-block: calc(${token('spacing')} * 0.5);
    font-weight: 700;
  }

  [part~='month-picker'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-end: ${token('spacing')};
  }

  [part~='label'] {
    font-weight: 700;
  }

  [part~='select'] {
    font: inherit;
    max-width: 100%;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [part~='figures'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 ${token('spacing')};
  }

  [part~='figure'] {
    padding: calc(${token('spacing')} * 0.75);
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='figure-name'] {
    color: ${token('color-text-muted')};
  }

  [part~='figure-value'] {
    margin: 0;
    font-size: 1.75em;
    font-weight: 700;
    line-height: 1.2;
  }

  /* In a card the interval wraps like any text; kept on one line it ran out of a narrow card. */
  [part~='figure-value'] [part~='interval'] {
    display: block;
    font-size: 0.5em;
    font-weight: 400;
    white-space: normal;
  }

  [part~='provisional'] {
    margin: 0 0 ${token('spacing')};
    padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-text')};
    background: ${token('color-surface')};
    font-weight: 700;
  }

  [part~='figure-detail'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='charts'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
    gap: ${token('spacing')};
  }

  [part~='charts'] > [part~='subheading'] {
    grid-column: 1 / -1;
    margin-block-end: 0;
  }

  [part~='chart'] {
    margin: 0;
    min-width: 0;
  }

  [part~='chart-title'] {
    font-weight: 700;
  }

  [part~='chart-svg'] {
    display: block;
    width: 100%;
    height: auto;
    font-size: 10px;
  }

  [part~='bar'] {
    fill: ${token('color-primary')};
  }

  [part~='bar'][part~='current'] {
    fill: ${token('color-text')};
  }

  [part~='axis'] {
    stroke: ${token('color-border')};
    stroke-width: 1;
  }

  [part~='axis-label'],
  [part~='bar-label'],
  [part~='missing'] {
    fill: ${token('color-text-muted')};
  }

  [part~='bar-label'][part~='current'] {
    fill: ${token('color-text')};
    font-weight: 700;
  }

  [part~='data-toggle'] {
    min-height: 44px;
    padding-block: calc(${token('spacing')} * 0.5);
    color: ${token('color-primary')};
    cursor: pointer;
  }

  /*
   * Positioned, so that the visually hidden words in its cells (absolutely positioned) stay inside
   * it and scroll with it; otherwise they sit far to the right of the page and widen it. The
   * shadows at an edge show there is more to scroll to: the shadows stay put ("scroll") while
   * covers of the background's colour move with the content ("local") and hide each shadow when
   * its edge is reached.
   */
  [part~='table-region'] {
    position: relative;
    overflow-x: auto;
    margin-block-end: ${token('spacing')};
    background:
      linear-gradient(to right, ${token('color-background')} 30%, transparent) left / 2.5rem 100% no-repeat local,
      linear-gradient(to left, ${token('color-background')} 30%, transparent) right / 2.5rem 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / 0.3), transparent) left / 0.875rem 100% no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / 0.3), transparent) right / 0.875rem 100% no-repeat scroll;
  }

  [part~='scroll-hint'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    color: ${token('color-text-muted')};
  }

  [part~='table'] {
    width: 100%;
    border-collapse: collapse;
  }

  [part~='caption'] {
    margin: 0;
    text-align: start;
    font-weight: 700;
    padding-block-end: calc(${token('spacing')} * 0.25);
  }

  th,
  td {
    text-align: start;
    padding: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    border-block-end: 1px solid ${token('color-border')};
    vertical-align: top;
  }

  td {
    font-variant-numeric: tabular-nums;
  }

  thead th {
    background: ${token('color-surface')};
  }

  tr[aria-current] {
    font-weight: 700;
  }

  [part~='interval'],
  [part~='exact'] {
    color: ${token('color-text-muted')};
    white-space: nowrap;
  }

  [part~='downloads'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    padding-inline-start: 1.25em;
  }

  [part~='downloads'] li {
    min-height: 44px;
    display: list-item;
    padding-block: calc(${token('spacing')} * 0.25);
  }

  a {
    color: ${token('color-primary')};
  }
`;
