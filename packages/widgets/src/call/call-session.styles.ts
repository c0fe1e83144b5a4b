import { css } from 'lit';
import { token } from '../shared/theme.js';

/**
 * The call and, once it has begun, the side panel: side by side where there is room (a desk's
 * screen: the video and the procedure's current step both in view, the side column scrolling
 * within itself), one under the other where not (a phone held upright). The layout follows the
 * session's own width, as the call's does, not the window's.
 */
export const styles = css`
  :host {
    display: block;
    container: fin-call-session / inline-size;
  }
  [part~='base'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: ${token('spacing')};
  }
  [part~='stage'],
  [part~='side'] {
    min-width: 0;
  }
  [part~='side'][hidden] {
    display: none;
  }
  @container fin-call-session (min-width: 52rem) {
    [part~='base']:has(> [part~='side']:not([hidden])) {
      grid-template-columns: minmax(0, 1fr) minmax(420px, 38%);
      align-items: start;
    }
    [part~='side'] {
      position: sticky;
      top: 0;
      max-height: 100vh;
      max-height: 100dvh;
      overflow-y: auto;
      overscroll-behavior: contain;
    }
  }
  /* Under the call on a phone held upright, the side panel (what the citizen is asked) shows with the video: the video gives up height. */
  @container fin-call-session (max-width: 40rem) {
    [part~='base']:has(> [part~='side']:not([hidden])) fin-call-view::part(stage) {
      max-height: 35vh;
    }
  }
`;
