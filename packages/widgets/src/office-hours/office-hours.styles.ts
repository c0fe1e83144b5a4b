import { css } from 'lit';
import { cardStyles, token } from '../shared/theme.js';

export const styles = css`
  ${cardStyles}

  [part~='heading'],
  [part~='holidays-heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }

  [part~='status'] {
    margin: 0 0 ${token('spacing')};
  }

  [part~='status-label'] {
    font-weight: 700;
  }

  [part~='open'] {
    color: ${token('color-success')};
  }

  [part~='closed'] {
    color: ${token('color-error')};
  }

  [part~='table'] {
    width: 100%;
    border-collapse: collapse;
    margin-block-end: ${token('spacing')};
  }

  [part~='caption'] {
    text-align: start;
    font-weight: 700;
    padding-block-end: calc(${token('spacing')} * 0.25);
  }

  th,
  td {
    text-align: start;
    padding: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    border-block-end: 1px solid ${token('color-border')};
  }

  thead th {
    background: ${token('color-surface')};
  }

  /* Intl gives weekday names in lower case in Catalan and Spanish; a table heading starts with a capital. */
  [part~='day']::first-letter {
    text-transform: uppercase;
  }

  [part~='today'] {
    font-weight: 700;
  }

  [part~='holiday-list'] {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  [part~='more-holidays'],
  [part~='no-holidays'] {
    margin: calc(${token('spacing')} * 0.25) 0 0;
    color: ${token('color-text-muted')};
  }

  [part~='retry-button'] {
    margin-block-start: calc(${token('spacing')} * 0.5);
  }
`;
