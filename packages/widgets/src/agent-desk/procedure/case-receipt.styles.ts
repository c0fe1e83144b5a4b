import { css } from 'lit';
import { token } from '../../shared/theme.js';

/** Within the desk's column or the case's details, which frame it: no card of its own; the hash wraps anywhere. */
export const styles = css`
  [part~='heading'] {
    margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.25);
    font-size: 1.0625em;
  }

  [part~='heading']:focus {
    outline: none;
  }

  p {
    margin: calc(${token('spacing')} * 0.5) 0;
  }

  [part~='fields'] {
    margin: 0;
  }

  [part~='term'] {
    font-weight: 600;
  }

  [part~='value'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='sha256'] {
    overflow-wrap: anywhere;
    font-size: 0.875em;
  }

  [part~='hint'] {
    color: ${token('color-text-muted')};
  }

  [part~='download-link'] {
    color: ${token('color-primary')};
  }

  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
`;
