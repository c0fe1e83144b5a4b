import { css } from 'lit';
import { token } from '../shared/theme.js';

/**
 * The desk's lists of cards (accessibility reports, sessions, incidents, agents): a section whose
 * items are bordered cards with a heading, a grid of facts and a full-size action button. A form
 * beside the list takes the card's look with the `card` part.
 */
export const cardListStyles = css`
  [part~='base'] {
    margin-block: ${token('spacing')};
  }

  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  li,
  [part~='card'] {
    margin-block: calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  li h3,
  [part~='card'] h3 {
    margin: 0;
    font-size: 1rem;
  }

  [part~='facts'] {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.25rem 1rem;
    margin: 0.5rem 0;
  }

  [part~='facts'] dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  [part~='badge'] {
    font-weight: 700;
  }

  button {
    min-height: 44px;
  }
`;
