import { css } from 'lit';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='base'] {
    margin-block: ${token('spacing')};
  }

  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='agent'],
  [part~='invite-form'] {
    margin-block: calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  [part~='agent'] h3,
  [part~='invite-form'] h3 {
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

  label {
    display: block;
    margin-block-start: 0.5rem;
    font-weight: 600;
  }

  input,
  select {
    box-sizing: border-box;
    min-height: 44px;
    max-width: 100%;
    font: inherit;
  }

  button {
    min-height: 44px;
    margin-block-start: 0.5rem;
    margin-inline-end: 0.5rem;
  }

  [part~='link'] {
    overflow-wrap: anywhere;
  }
`;
