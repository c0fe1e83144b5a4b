import { css } from 'lit';
import { formStyles } from '../../shared/form.styles.js';
import { token } from '../../shared/theme.js';

/**
 * The citizen forms' fields, choices and error summary, and what this form adds: the schema's
 * objects as framed groups, the notice, what is missing. The desk's side column (about 420 px)
 * frames the form, so it has no card of its own.
 */
export const styles = [
  formStyles,
  css`
    [part~='base'] {
      padding: 0;
      border: 0;
    }

    [part~='heading'] {
      font-size: 1.0625em;
    }

    [part~='status'] {
      margin: 0 0 calc(${token('spacing')} * 0.5);
      color: ${token('color-text-muted')};
    }

    [part~='notice'] {
      padding: calc(${token('spacing')} * 0.5);
      border-inline-start: 4px solid ${token('color-primary')};
      background: ${token('color-surface')};
    }

    [part~='group'] {
      display: grid;
      margin: 0 0 ${token('spacing')};
      padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75) 0;
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius')};
      min-width: 0;
    }

    [part~='choices'] {
      margin: 0 0 ${token('spacing')};
      padding: 0;
      border: 0;
    }

    [part~='missing'] {
      margin-block-end: ${token('spacing')};
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

    [part~='present-button'] {
      min-height: 44px;
    }
  `,
];
