import { css } from 'lit';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='base'] {
    margin-block: ${token('spacing')};
    padding: ${token('spacing')};
    border: 3px dashed ${token('color-primary')};
    border-radius: ${token('radius')};
  }

  [part~='heading'] {
    margin-block-start: 0;
  }

  /* Text, not colour alone, says it is a demonstration; the colour only draws the eye. */
  [part~='badge'] {
    display: inline-block;
    padding-inline: calc(${token('spacing')} * 0.5);
    border-radius: ${token('radius')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }

  .link-row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
  }

  [part~='link-field'] {
    flex: 1 1 20rem;
    min-width: 0;
    min-height: 44px;
    font: inherit;
  }
`;
