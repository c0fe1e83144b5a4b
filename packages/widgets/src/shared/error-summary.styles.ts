import { css } from 'lit';
import { token } from './theme.js';

/** The error summary's box, for every element that renders one (`renderErrorSummary` or its own). */
export const errorSummaryStyles = css`
  [part~='error-summary'] {
    margin-block-end: ${token('spacing')};
    padding: ${token('spacing')};
    border: 4px solid ${token('color-error')};
    border-radius: ${token('radius')};
  }

  [part~='error-summary']:focus {
    outline: ${token('focus-width')} solid ${token('color-focus')};
  }

  [part~='error-summary-title'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    font-size: 1.125em;
  }

  [part~='error-summary'] ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  [part~='error-summary'] a {
    color: ${token('color-error')};
    font-weight: 700;
  }
`;
