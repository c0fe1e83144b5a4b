import { css } from 'lit';
import { token } from '../shared/theme.js';

/** What only the callback form has; the rest is the shared form styles. */
export const styles = css`
  [part~='counter'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='counter'][part~='over'] {
    color: ${token('color-error')};
    font-weight: 700;
  }
`;
