import { css } from 'lit';
import { token } from '../shared/theme.js';

/** The call and, once it has begun, the side panel: side by side where there is room, one under the other where not. */
export const styles = css`
  :host {
    display: block;
  }
  [part~='base'] {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('spacing')};
  }
  [part~='stage'] {
    flex: 3 1 20rem;
    min-width: 0;
  }
  [part~='side'] {
    flex: 1 1 16rem;
    min-width: 0;
  }
  [part~='side'][hidden] {
    display: none;
  }
  /* Under the call on a phone held upright, the side panel (what the citizen is asked) shows with the video: the video gives up height. */
  @container fin-call (max-width: 40rem) {
    [part~='base']:has(> [part~='side']:not([hidden])) fin-call-view::part(stage) {
      max-height: 35vh;
    }
  }
`;
