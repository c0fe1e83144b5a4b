import { css } from 'lit';
import { token } from '../shared/theme.js';

/**
 * What only the survey has: the rating scale, drawn over native radio buttons (kept in the page,
 * transparent over their box, so taps, arrow keys and screen readers reach them), the counter and
 * the closing messages. Every option is at least 44 × 44 CSS pixels (WCAG 2.5.5).
 */
export const styles = css`
  [part~='deadline'] {
    margin: 0 0 ${token('spacing')};
    color: ${token('color-text-muted')};
  }

  [part~='scale'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.25);
  }

  [part~='option'] {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 44px;
    min-height: 44px;
    border-radius: ${token('radius')};
    cursor: pointer;
  }

  [part~='option'] [part~='radio'] {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }

  [part~='option']:has(:focus-visible) {
    outline: ${token('focus-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }

  [part~='star'] {
    font-size: 2rem;
    line-height: 1;
    color: ${token('color-border')};
  }

  [part~='filled'] [part~='star'] {
    color: ${token('color-primary')};
  }

  [part~='numbers'] [part~='option'] {
    border: 2px solid ${token('color-border')};
    background: ${token('color-background')};
    font-weight: 700;
  }

  [part~='numbers'] [part~='checked'] {
    border-color: ${token('color-primary')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
  }

  [part~='scale-ends'] {
    display: flex;
    justify-content: space-between;
    max-width: calc(11 * (44px + ${token('spacing')} * 0.25));
    margin: calc(${token('spacing')} * 0.25) 0 0;
    color: ${token('color-text-muted')};
    font-size: 0.875em;
  }

  [part~='rating-value'] {
    margin: calc(${token('spacing')} * 0.25) 0 0;
    min-height: 1.5em;
    font-weight: 700;
  }

  [part~='counter'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='counter'][part~='over'] {
    color: ${token('color-error')};
    font-weight: 700;
  }

  [part~='thanks'],
  [part~='queued'],
  [part~='answered'],
  [part~='expired'],
  [part~='not-found'] {
    padding: ${token('spacing')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='thanks'] {
    border-inline-start: 4px solid ${token('color-success')};
  }

  [part~='message'] {
    margin: 0;
  }
`;
