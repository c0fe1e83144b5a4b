import { css } from 'lit';
import { formStyles } from '../../shared/form.styles.js';
import { badgeStyles } from '../../shared/state-badge.js';
import { token } from '../../shared/theme.js';

/** The citizen forms' label, input and error for the password; the desk's side column frames the panel, so it has no card of its own. */
export const styles = [
  formStyles,
  css`
    ${badgeStyles}

    [part~='base'] {
      padding: 0;
      border: 0;
    }

    [part~='title'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(${token('spacing')} * 0.5);
    }

    [part~='heading'] {
      margin: 0;
      font-size: 1.0625em;
    }

    [part~='subheading'] {
      margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.25);
      font-size: 1em;
    }

    [part~='heading']:focus,
    [part~='subheading']:focus {
      outline: none;
    }

    p {
      margin: calc(${token('spacing')} * 0.5) 0;
    }

    [part~='hint'] {
      color: ${token('color-text-muted')};
    }

    [part~='state-agreed'],
    [part~='state-signed'] {
      color: ${token('color-success')};
    }

    [part~='state-refused'],
    [part~='state-void'],
    [part~='error'],
    [part~='field-error'] {
      color: ${token('color-error')};
    }

    [part~='recording-warning'] {
      padding: calc(${token('spacing')} * 0.5);
      border-inline-start: 4px solid ${token('color-error')};
      background: ${token('color-surface')};
      font-weight: 700;
    }

    [part~='fingerprint'] {
      font-size: 1.25em;
      letter-spacing: 0.05em;
      white-space: nowrap;
    }

    [part~='fingerprint-full'] {
      font-size: 0.8125em;
      word-break: break-all;
    }

    summary {
      min-height: 44px;
      display: flex;
      align-items: center;
      cursor: pointer;
      color: ${token('color-primary')};
    }

    [part~='sign-form'] {
      display: grid;
      gap: calc(${token('spacing')} * 0.25);
      margin-block-start: ${token('spacing')};
      padding: calc(${token('spacing')} * 0.75);
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius')};
    }

    [part~='sign-form'] [part~='subheading'] {
      margin-block-start: 0;
    }

    [part~='present-button'],
    [part~='sign-button'] {
      justify-self: start;
      min-height: 44px;
      margin-block-start: calc(${token('spacing')} * 0.5);
    }

    [part~='signature'] dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: calc(${token('spacing')} * 0.25) ${token('spacing')};
      margin: 0;
    }

    [part~='signature'] dt {
      font-weight: 700;
    }

    [part~='signature'] dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
];
