import { css } from 'lit';
import { token } from '../../shared/theme.js';

/** A box set apart by the success colour, its download a full-width target on a phone (at least 44 CSS pixels high). */
export const styles = css`
  [part~='base'] {
    margin-block: calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-success')};
    background: ${token('color-surface')};
  }

  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.25);
    font-size: 1.0625em;
    line-height: 1.25;
  }

  [part~='status'],
  [part~='entry'],
  [part~='hint'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='hint'] {
    color: ${token('color-text-muted')};
  }

  [part~='entry-number'] {
    font-variant-numeric: tabular-nums;
  }

  [part~='error'] {
    margin-block-end: calc(${token('spacing')} * 0.5);
  }

  button {
    min-height: 44px;
    max-width: 100%;
  }

  [part~='check-button'] {
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
`;
