import { css } from 'lit';

/** What the agents' panel adds to the desk's card lists: the fields of its forms. */
export const styles = css`
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
    margin-block-start: 0.5rem;
    margin-inline-end: 0.5rem;
  }

  [part~='link'] {
    overflow-wrap: anywhere;
  }
`;
