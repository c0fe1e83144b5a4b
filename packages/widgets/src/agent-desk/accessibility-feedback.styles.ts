import { css } from 'lit';

/** What the accessibility reports add to the desk's card list: the person's own words. */
export const styles = css`
  [part~='message'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;
