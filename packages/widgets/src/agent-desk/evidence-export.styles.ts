import { css } from 'lit';
import { token } from '../shared/theme.js';

/** Within the case's details, which frame it: no card of its own. */
export const styles = css`
  [part~='heading'] {
    margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.25);
    font-size: 1em;
  }

  [part~='heading']:focus {
    outline: none;
  }

  p {
    margin: calc(${token('spacing')} * 0.5) 0;
  }

  [part~='hint'] {
    color: ${token('color-text-muted')};
  }

  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
`;
