import { css } from 'lit';
import { errorSummaryStyles } from '../../shared/error-summary.styles.js';
import { token } from '../../shared/theme.js';

/** The desk's side column is narrow (about 420 px): one column, touch targets of 44 px. */
export const styles = css`
  ${errorSummaryStyles}

  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    font-size: 1.0625em;
  }

  [part~='status'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    color: ${token('color-text-muted')};
  }

  [part~='status']:empty {
    display: none;
  }

  [part~='notice'] {
    padding: calc(${token('spacing')} * 0.5);
    border-inline-start: 4px solid ${token('color-primary')};
    background: ${token('color-surface')};
  }

  [part~='form'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.75);
  }

  [part~='field'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
    margin: 0;
  }

  [part~='group'],
  [part~='choices'] {
    margin: 0;
    padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75) calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
  }

  [part~='choices'] {
    border: 0;
    padding: 0;
    gap: calc(${token('spacing')} * 0.25);
  }

  [part~='legend'],
  [part~='label'] {
    font-weight: 700;
    padding: 0;
  }

  [part~='optional'] {
    font-weight: 400;
    color: ${token('color-text-muted')};
  }

  [part~='hint'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='field-error'] {
    margin: 0;
    color: ${token('color-error')};
    font-weight: 700;
  }

  [part~='input'],
  [part~='textarea'],
  [part~='select'] {
    font: inherit;
    width: 100%;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [aria-invalid='true'] {
    border-color: ${token('color-error')};
  }

  [part~='choice'] {
    display: flex;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    min-height: 44px;
  }

  [part~='checkbox'],
  [part~='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
  }

  [part~='missing'] ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  [part~='missing-title'] {
    margin: 0;
    font-weight: 700;
  }

  [part~='error'] p {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='present-button'],
  [part~='retry-button'] {
    justify-self: start;
    min-height: 44px;
  }
`;
